#include "dmboot/session/dm_auth.h"

#include <gtest/gtest.h>

#include "testing/vector_file.h"

namespace dmboot::session {
namespace {

DmCredential From(testing::Vector& v, DmAuthType type) {
  const std::vector<uint8_t> secret = v.Bytes("Secret");
  return DmCredential{.type = type, .name = v.Text("Name"), .secret = crypto::SecretBytes(secret),
                      .nonce = v.Bytes("Nonce")};
}

TEST(DmAuthTest, PythonComputedVectorsAndTamper) {
  testing::ForEachVector("dmboot/session/testdata/dm_auth_computed.txt", [](testing::Vector& v) {
    const DmCredential basic = From(v, DmAuthType::kBasic);
    DmCredential digest = From(v, DmAuthType::kDigest);
    const DmCredential hmac = From(v, DmAuthType::kHmac);
    const std::vector<uint8_t> body = v.Bytes("Body");
    const std::string want_basic = v.Text("Basic");
    const std::string want_digest = v.Text("Digest");
    const std::string want_hmac = v.Text("Hmac");

    EXPECT_EQ(ComputeCredData(basic), want_basic);
    EXPECT_EQ(ComputeCredData(digest), want_digest);
    EXPECT_TRUE(VerifyCredData(basic, want_basic));
    EXPECT_TRUE(VerifyCredData(digest, want_digest));
    const std::string header = ComputeHmacHeader(hmac, body);
    EXPECT_EQ(header, "algorithm=MD5, username=\"" + hmac.name + "\", mac=" + want_hmac);
    EXPECT_TRUE(VerifyHmacHeader(hmac, header, body));
    EXPECT_TRUE(VerifyHmacHeader(hmac, "username=" + hmac.name + ",mac=" + want_hmac, body))
        << "unquoted, default algorithm";

    EXPECT_FALSE(VerifyCredData(digest, want_basic));
    digest.nonce.push_back(0);
    EXPECT_FALSE(VerifyCredData(digest, want_digest)) << "another nonce";
    std::vector<uint8_t> other_body = body;
    other_body.push_back('x');
    Result<void> r = VerifyHmacHeader(hmac, header, other_body);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "verification failed");
    EXPECT_FALSE(VerifyHmacHeader(hmac, "algorithm=SHA1, username=\"" + hmac.name + "\", mac=" + want_hmac, body));
    EXPECT_FALSE(VerifyHmacHeader(hmac, "algorithm=MD5, username=\"other\", mac=" + want_hmac, body));
    EXPECT_FALSE(VerifyHmacHeader(hmac, "algorithm=MD5, username=\"" + hmac.name, body));
  });
}

TEST(DmAuthTest, AuthTypes) {
  EXPECT_EQ(*AuthTypeFromAAuthType("HTTP-DIGEST"), DmAuthType::kDigest);
  EXPECT_EQ(*AuthTypeFromAAuthType("HMAC"), DmAuthType::kHmac);
  EXPECT_EQ(AuthTypeFromAAuthType("X509").error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(CredTypeName(DmAuthType::kHmac), "syncml:auth-MAC");
}

}  // namespace
}  // namespace dmboot::session

#include "dmboot/session/dm_package.h"

#include <gtest/gtest.h>

namespace dmboot::session {
namespace {

TEST(DmPackageTest, Package1RoundTrip) {
  Package1 p{.session_id = "1A2B", .server_uri = "https://dm.example.test/dm",
             .device_id = "IMEI:490154203237518", .username = "device-0001",
             .cred_type = DmAuthType::kDigest, .cred_data = "HAbZIrNUYUlAiPaVb7CHUA==",
             .dev_info = {.dev_id = "IMEI:490154203237518"}};
  Result<std::vector<uint8_t>> bytes = EncodePackage1(p);
  ASSERT_TRUE(bytes) << bytes.error().message;
  Result<Package1> back = DecodePackage1(*bytes);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->session_id, "1A2B");
  EXPECT_EQ(back->server_uri, p.server_uri);
  EXPECT_EQ(back->device_id, p.device_id);
  EXPECT_EQ(back->username, "device-0001");
  EXPECT_EQ(back->cred_type, DmAuthType::kDigest);
  EXPECT_EQ(back->cred_data, p.cred_data);
  EXPECT_EQ(back->dev_info.dev_id, "IMEI:490154203237518");
  EXPECT_EQ(back->dev_info.dm_v, "1.2");

  p.cred_type = DmAuthType::kHmac;
  Result<Package1> hmac = DecodePackage1(*EncodePackage1(p));
  ASSERT_TRUE(hmac);
  EXPECT_EQ(hmac->cred_type, DmAuthType::kHmac);
  EXPECT_TRUE(hmac->cred_data.empty());
}

// SignPackage1 puts the credential where OMA DM Security 1.2.1 wants it: Cred Data in the
// package for Basic/Digest, the x-syncml-hmac header (over the exact body) for HMAC.
TEST(DmPackageTest, SignPackage1PerCredentialType) {
  Package1 p;
  p.session_id = "1";
  p.server_uri = "https://dm.example.test/dm";
  p.device_id = "IMEI:490154203237518";
  const std::vector<uint8_t> secret = {'s', '3', 'c', 'r', 'e', 't'};
  DmCredential cred{.type = DmAuthType::kDigest, .name = "device-0001",
                    .secret = crypto::SecretBytes(secret), .nonce = {1, 2, 3}};
  Result<SignedPackage1> digest = SignPackage1(p, cred);
  ASSERT_TRUE(digest) << digest.error().message;
  EXPECT_TRUE(digest->hmac_header.empty());
  Result<Package1> back = DecodePackage1(digest->body);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->username, "device-0001");
  EXPECT_EQ(back->cred_type, DmAuthType::kDigest);
  EXPECT_EQ(back->cred_data, ComputeCredData(cred));
  EXPECT_EQ(back->dev_info.dev_id, p.device_id);

  cred.type = DmAuthType::kHmac;
  Result<SignedPackage1> hmac = SignPackage1(p, cred);
  ASSERT_TRUE(hmac) << hmac.error().message;
  EXPECT_EQ(hmac->hmac_header, ComputeHmacHeader(cred, hmac->body));
  back = DecodePackage1(hmac->body);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->cred_type, DmAuthType::kHmac);
  EXPECT_TRUE(back->cred_data.empty());
}

TEST(DmPackageTest, Package2RoundTripAndRefusals) {
  Package2 p{.session_id = "7", .server_uri = "https://dm.example.test/dm", .device_id = "IMEI:1", .header_status = 401};
  Result<Package2> back = DecodePackage2(*EncodePackage2(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->header_status, 401);
  EXPECT_EQ(back->device_id, "IMEI:1");
  // A package 2 is not a package 1 and the reverse.
  EXPECT_EQ(DecodePackage1(*EncodePackage2(p)).error().code, ErrorCode::kMalformed);
  Package1 one;
  one.session_id = "1";
  one.server_uri = "s";
  one.device_id = "d";
  EXPECT_EQ(DecodePackage2(*EncodePackage1(one)).error().code, ErrorCode::kMalformed);
  const std::vector<uint8_t> junk = {0x02, 0x00};
  EXPECT_FALSE(DecodePackage1(junk));
}

}  // namespace
}  // namespace dmboot::session

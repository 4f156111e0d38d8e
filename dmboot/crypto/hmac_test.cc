#include "dmboot/crypto/hmac.h"

#include <gtest/gtest.h>

#include "dmboot/core/hex.h"
#include "testing/vector_file.h"

namespace dmboot::crypto {
namespace {

std::vector<uint8_t> ToVector(const HmacTag& tag) {
  return std::vector<uint8_t>(tag.span().begin(), tag.span().end());
}

// Every vector passes through every API shape: the one-shot function, a keyed object reused for
// two messages, incremental halves, and byte-by-byte feeding (BoringSSL's hmac_test pattern).
void CheckAllShapes(HmacHash hash, const std::string& file) {
  testing::ForEachVector(file, [hash](testing::Vector& v) {
    const std::vector<uint8_t> key = v.Bytes("Key");
    const std::vector<uint8_t> input = v.Bytes("Input");
    const std::vector<uint8_t> output = v.Bytes("Output");

    const HmacTag one_shot = hash == HmacHash::kSha1 ? HmacSha1(key, input) : HmacSha256(key, input);
    EXPECT_EQ(ToVector(one_shot), output);

    Hmac keyed = Hmac::Create(hash, key);
    EXPECT_EQ(keyed.tag_length(), output.size());
    EXPECT_EQ(ToVector(keyed.Compute(input)), output);
    EXPECT_EQ(ToVector(keyed.Compute(input)), output) << "second message with the same key";

    const size_t half = input.size() / 2;
    keyed.Update(std::span<const uint8_t>(input).first(half));
    keyed.Update(std::span<const uint8_t>(input).subspan(half));
    EXPECT_EQ(ToVector(keyed.Finish()), output) << "incremental halves";

    for (uint8_t b : input) {
      keyed.Update(std::span<const uint8_t>(&b, 1));
    }
    EXPECT_EQ(ToVector(keyed.Finish()), output) << "byte by byte";
  });
}

TEST(HmacTest, Sha1Rfc2202) { CheckAllShapes(HmacHash::kSha1, "dmboot/crypto/testdata/hmac_sha1.txt"); }

TEST(HmacTest, Sha256Rfc4231) {
  CheckAllShapes(HmacHash::kSha256, "dmboot/crypto/testdata/hmac_sha256.txt");
}

TEST(HmacTest, EmptyKeyAndEmptyMessage) {
  // Python: hmac.new(b"", b"", hashlib.sha1).hexdigest()
  EXPECT_EQ(HexEncode(HmacSha1({}, {}).span()), "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
  // Python: hmac.new(b"", b"", hashlib.sha256).hexdigest()
  EXPECT_EQ(HexEncode(HmacSha256({}, {}).span()),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HmacTest, FinishWithoutUpdateIsTheEmptyMessageTag) {
  const std::vector<uint8_t> key = {'k'};
  Hmac keyed = Hmac::Create(HmacHash::kSha1, key);
  EXPECT_EQ(ToVector(keyed.Finish()), ToVector(HmacSha1(key, {})));
}

TEST(HmacTest, MovedObjectKeepsItsKey) {
  const std::vector<uint8_t> key = {'J', 'e', 'f', 'e'};
  const std::vector<uint8_t> msg = {'x'};
  Hmac a = Hmac::Create(HmacHash::kSha256, key);
  Hmac b = std::move(a);
  EXPECT_EQ(ToVector(b.Compute(msg)), ToVector(HmacSha256(key, msg)));
}

}  // namespace
}  // namespace dmboot::crypto

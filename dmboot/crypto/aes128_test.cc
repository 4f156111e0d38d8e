#include "dmboot/crypto/aes128.h"

#include <gtest/gtest.h>

#include "testing/vector_file.h"

namespace dmboot::crypto {
namespace {

TEST(Aes128Test, FipsAndSp80038aVectors) {
  testing::ForEachVector("dmboot/crypto/testdata/aes128.txt", [](testing::Vector& v) {
    const std::vector<uint8_t> key = v.Bytes("Key");
    const std::vector<uint8_t> plaintext = v.Bytes("Plaintext");
    const std::vector<uint8_t> ciphertext = v.Bytes("Ciphertext");
    ASSERT_EQ(key.size(), 16u);
    const Aes128 aes = Aes128::Create(std::span<const uint8_t, 16>(key.data(), 16));

    std::vector<uint8_t> out(plaintext.size());
    aes.EncryptBlocks(plaintext, out);
    EXPECT_EQ(out, ciphertext) << "all blocks in one call";

    // Block by block with the same key schedule gives the same blocks.
    for (size_t i = 0; i < plaintext.size(); i += kAesBlockLength) {
      AesBlock block;
      std::copy_n(plaintext.begin() + static_cast<std::ptrdiff_t>(i), kAesBlockLength, block.begin());
      const AesBlock enc = aes.Encrypt(block);
      EXPECT_TRUE(std::equal(enc.begin(), enc.end(), ciphertext.begin() + static_cast<std::ptrdiff_t>(i)));
    }
  });
}

TEST(Aes128DeathTest, PartialBlockIsAProgrammingError) {
  const std::array<uint8_t, 16> key{};
  const Aes128 aes = Aes128::Create(key);
  std::vector<uint8_t> in(15), out(15);
  EXPECT_DEATH(aes.EncryptBlocks(in, out), "check failed");
}

}  // namespace
}  // namespace dmboot::crypto

#include "dmboot/crypto/random.h"

#include <gtest/gtest.h>

#include <array>

#include "dmboot/crypto/constant_time.h"

namespace dmboot::crypto {
namespace {

TEST(RandomTest, FillsAndDiffers) {
  std::array<uint8_t, 32> a{}, b{};
  FillRandom(a);
  FillRandom(b);
  // Two 256-bit draws collide or come out all-zero with probability 2^-256.
  EXPECT_FALSE(ConstantTimeEquals(a, b));
  EXPECT_FALSE(ConstantTimeEquals(a, std::array<uint8_t, 32>{}));
  const SecretBytes s = RandomSecret(16);
  EXPECT_EQ(s.size(), 16u);
  EXPECT_FALSE(ConstantTimeEquals(s.Reveal(), std::array<uint8_t, 16>{}));
}

}  // namespace
}  // namespace dmboot::crypto

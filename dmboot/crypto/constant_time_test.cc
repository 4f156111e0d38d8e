#include "dmboot/crypto/constant_time.h"

#include <gtest/gtest.h>

#include <vector>

namespace dmboot::crypto {
namespace {

TEST(ConstantTimeTest, EqualsComparesLengthAndEveryBit) {
  const std::vector<uint8_t> a = {1, 2, 3, 4};
  EXPECT_TRUE(ConstantTimeEquals(a, a));
  EXPECT_TRUE(ConstantTimeEquals({}, {}));
  EXPECT_FALSE(ConstantTimeEquals(a, std::vector<uint8_t>{1, 2, 3}));
  for (size_t bit = 0; bit < a.size() * 8; ++bit) {
    std::vector<uint8_t> b = a;
    b[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(ConstantTimeEquals(a, b)) << "bit " << bit;
  }
}

TEST(ConstantTimeTest, CleanseZeroes) {
  std::vector<uint8_t> key = {0xde, 0xad, 0xbe, 0xef};
  Cleanse(key);
  EXPECT_EQ(key, (std::vector<uint8_t>{0, 0, 0, 0}));
  Cleanse({});
}

}  // namespace
}  // namespace dmboot::crypto

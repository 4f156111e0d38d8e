#include "dmboot/core/big_endian.h"

#include <gtest/gtest.h>

#include <array>

namespace dmboot {
namespace {

TEST(BigEndianTest, LoadsAndStores48Bits) {
  // A 48-bit SQN (TS 33.102) is the widest field dmboot stores this way.
  std::array<uint8_t, 6> sqn{};
  StoreBigEndian(0xff9bb4d0b607ull, sqn);
  EXPECT_EQ(sqn, (std::array<uint8_t, 6>{0xff, 0x9b, 0xb4, 0xd0, 0xb6, 0x07}));
  EXPECT_EQ(LoadBigEndian(sqn), 0xff9bb4d0b607ull);
}

TEST(BigEndianTest, FixedWidthHelpers) {
  std::array<uint8_t, 2> port{};
  StoreBe16(2948, port);
  EXPECT_EQ(port, (std::array<uint8_t, 2>{0x0b, 0x84}));
  EXPECT_EQ(LoadBe16(port), 2948);
  std::array<uint8_t, 4> word{};
  StoreBe32(0xdeadbeef, word);
  EXPECT_EQ(word, (std::array<uint8_t, 4>{0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(LoadBe32(word), 0xdeadbeefu);
}

}  // namespace
}  // namespace dmboot

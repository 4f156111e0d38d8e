#include "dmboot/core/hex.h"

#include <gtest/gtest.h>

namespace dmboot {
namespace {

TEST(HexTest, EncodesBothCases) {
  const std::vector<uint8_t> bytes = {0x00, 0x1f, 0xab, 0xff};
  EXPECT_EQ(HexEncode(bytes), "001fabff");
  EXPECT_EQ(HexEncode(bytes, HexCase::kUpper), "001FABFF");
  EXPECT_EQ(HexEncode({}), "");
}

TEST(HexTest, DecodesEitherCase) {
  Result<std::vector<uint8_t>> lower = HexDecode("0a1bFf");
  ASSERT_TRUE(lower);
  EXPECT_EQ(*lower, (std::vector<uint8_t>{0x0a, 0x1b, 0xff}));
  Result<std::vector<uint8_t>> empty = HexDecode("");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(HexTest, RejectsOddLengthAndBadDigits) {
  Result<std::vector<uint8_t>> odd = HexDecode("abc");
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(odd.error().message, "odd number of hex digits (3; two per octet)");

  Result<std::vector<uint8_t>> bad = HexDecode("00g1");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "not hex (a non-hex character at position 2 of 4)");
  // The message must not echo the input: hex strings carry keys.
  EXPECT_EQ(bad.error().message.find("00g1"), std::string::npos);

  // A string that is not hex at all is "not hex", even when its length is odd too.
  Result<std::vector<uint8_t>> word = HexDecode("XYZ");
  ASSERT_FALSE(word);
  EXPECT_EQ(word.error().message, "not hex (a non-hex character at position 0 of 3)");
  Result<std::vector<uint8_t>> late = HexDecode("abcdeg1");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().message, "not hex (a non-hex character at position 5 of 7)");

  EXPECT_FALSE(HexDecode("0 "));
  EXPECT_FALSE(HexDecode("0x"));
}

TEST(HexTest, RoundTripsEveryByte) {
  std::vector<uint8_t> all(256);
  for (size_t i = 0; i < all.size(); ++i) {
    all[i] = static_cast<uint8_t>(i);
  }
  Result<std::vector<uint8_t>> back = HexDecode(HexEncode(all, HexCase::kUpper));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, all);
}

}  // namespace
}  // namespace dmboot

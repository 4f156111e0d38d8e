#include "dmboot/bootstrap/credentials.h"

#include <gtest/gtest.h>

#include "dmboot/bootstrap/test_util.h"

namespace dmboot::bootstrap {
namespace {

TEST(ImsiTest, SemiOctetVectors) {
  testing::ForEachVector("dmboot/bootstrap/testdata/imsi_semi_octet.txt", [](testing::Vector& v) {
    Result<Imsi> imsi = Imsi::Parse(v.Text("IMSI"));
    ASSERT_TRUE(imsi) << imsi.error().message;
    EXPECT_EQ(imsi->SemiOctets(), v.Bytes("Key"));
  });
}

TEST(ImsiTest, ValidatesLengthAndDigits) {
  EXPECT_TRUE(Imsi::Parse("123456"));
  EXPECT_TRUE(Imsi::Parse("123456789012345"));
  Result<Imsi> short_imsi = Imsi::Parse("12345");
  ASSERT_FALSE(short_imsi);
  EXPECT_EQ(short_imsi.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(short_imsi.error().message, "IMSI must be 6 to 15 digits, got 5");
  EXPECT_EQ(Imsi::Parse("1234567890123456").error().message, "IMSI must be 6 to 15 digits, got 16");
  EXPECT_EQ(Imsi::Parse("12345678901234a").error().message, "IMSI has a non-digit at position 14");
  EXPECT_FALSE(Imsi::Parse(""));
}

TEST(EsnMeidTest, ParseExactLengths) {
  EXPECT_EQ(Esn::Parse("a1b2c3d4")->bytes(), (std::array<uint8_t, 4>{0xa1, 0xb2, 0xc3, 0xd4}));
  EXPECT_EQ(Esn::Parse("A1B2C3D").error().message, "ESN must be 8 hex digits, got 7");
  EXPECT_FALSE(Esn::Parse("A1B2C3D4E5"));
  EXPECT_FALSE(Esn::Parse("A1B2C3DZ"));
  EXPECT_TRUE(Meid::Parse("A0000012345678"));
  EXPECT_EQ(Meid::Parse("A000001234567").error().message, "MEID must be 14 hex digits, got 13");
}

TEST(PinTest, PolicyIsEnforcedAndMessagesHideThePin) {
  EXPECT_TRUE(Pin::Parse("1234"));
  Result<Pin> short_pin = Pin::Parse("123");
  ASSERT_FALSE(short_pin);
  EXPECT_EQ(short_pin.error().message, "PIN must be 4 to 16 characters, got 3");
  Result<Pin> letters = Pin::Parse("12a4");
  ASSERT_FALSE(letters);
  EXPECT_EQ(letters.error().message, "PIN has a character that is not a digit at position 2");
  EXPECT_EQ(letters.error().message.find("12a4"), std::string::npos);
  EXPECT_FALSE(Pin::Parse(""));  // no default PIN, not even an empty one
  PinPolicy relaxed{.min_length = 6, .max_length = 8, .digits_only = false};
  EXPECT_TRUE(Pin::Parse("abc-123", relaxed));
  EXPECT_FALSE(Pin::Parse("12345", relaxed));
  EXPECT_FALSE(Pin::Parse("abc 123", relaxed));
}

TEST(KsNafTest, ExactlyThirtyTwoBytes) {
  EXPECT_TRUE(KsNaf::Create(crypto::SecretBytes(std::vector<uint8_t>(32))));
  EXPECT_EQ(KsNaf::Create(crypto::SecretBytes(std::vector<uint8_t>(31))).error().message,
            "Ks_NAF must be exactly 32 bytes, got 31");
  EXPECT_FALSE(KsNaf::Create(crypto::SecretBytes(std::vector<uint8_t>(33))));
}

}  // namespace
}  // namespace dmboot::bootstrap

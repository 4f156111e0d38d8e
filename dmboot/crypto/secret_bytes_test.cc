#include "dmboot/crypto/secret_bytes.h"

#include <gtest/gtest.h>

#include <sstream>
#include <type_traits>

namespace dmboot::crypto {
namespace {

template <typename T>
concept Streamable = requires(std::ostream& os, const T& t) { os << t; };

TEST(SecretBytesTest, CannotBeStreamed) {
  static_assert(!Streamable<SecretBytes>, "a secret must never reach a log line");
  std::ostringstream os;
  PrintTo(SecretBytes::FromText("1234"), &os);
  EXPECT_EQ(os.str(), "SecretBytes(4 bytes)");
}

TEST(SecretBytesTest, EqualityAndConcat) {
  const SecretBytes pin = SecretBytes::FromText("1234");
  const std::vector<uint8_t> colon = {':'};
  const SecretBytes joined = SecretBytes::Concat(pin.Reveal(), colon);
  EXPECT_EQ(joined, SecretBytes::FromText("1234:"));
  EXPECT_FALSE(joined == pin);
  EXPECT_FALSE(SecretBytes::FromText("1235") == pin);
}

TEST(SecretBytesTest, MoveLeavesSourceEmpty) {
  SecretBytes a = SecretBytes::FromText("secret");
  SecretBytes b = std::move(a);
  EXPECT_EQ(b.size(), 6u);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the wipe is the point
  SecretBytes c;
  c = std::move(b);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(c, SecretBytes::FromText("secret"));
  SecretBytes d;
  d = c;
  EXPECT_EQ(d, c);
}

// A vector handed over by move gives its buffer, so no copy of the secret stays behind; the text
// view sees the same bytes.
TEST(SecretBytesTest, TakesOverAMovedVectorAndRevealsText) {
  std::vector<uint8_t> digits = {'1', '2', '3', '4'};
  const uint8_t* buffer = digits.data();
  SecretBytes pin(std::move(digits));
  EXPECT_EQ(pin.Reveal().data(), buffer);
  EXPECT_EQ(pin.RevealText(), "1234");
  EXPECT_EQ(SecretBytes().RevealText(), "");
}

}  // namespace
}  // namespace dmboot::crypto

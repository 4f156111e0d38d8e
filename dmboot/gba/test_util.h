#ifndef DMBOOT_GBA_TEST_UTIL_H_
#define DMBOOT_GBA_TEST_UTIL_H_

// Helpers shared by the gba tests (test-only header).

#include <span>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "dmboot/core/hex.h"
#include "dmboot/gba/types.h"

namespace dmboot::gba::test {

// Hex returns the bytes of the hex string `hex` (test literals only; aborts the test on bad hex).
inline std::vector<uint8_t> Hex(std::string_view hex) {
  Result<std::vector<uint8_t>> bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.has_value()) << hex;
  return bytes ? *bytes : std::vector<uint8_t>{};
}

// Make builds a FixedBytes / SecretArray `T` from `bytes`, failing the test on a wrong length.
template <typename T>
T Make(std::span<const uint8_t> bytes) {
  Result<T> out = T::FromSpan(bytes);
  EXPECT_TRUE(out.has_value()) << (out ? "" : out.error().message);
  return out ? *out : T{};
}

template <typename T>
T MakeHex(std::string_view hex) {
  return Make<T>(Hex(hex));
}

inline std::string HexOf(std::span<const uint8_t> bytes) { return HexEncode(bytes); }

}  // namespace dmboot::gba::test

#endif  // DMBOOT_GBA_TEST_UTIL_H_

#ifndef DMBOOT_CORE_HEX_H_
#define DMBOOT_CORE_HEX_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot {

enum class HexCase { kLower, kUpper };

// HexEncode returns two hex digits per byte of `bytes`, in `letter_case`.
std::string HexEncode(std::span<const uint8_t> bytes, HexCase letter_case = HexCase::kLower);

// HexDecode parses hex digits of either case into bytes. It fails with kInvalidArgument: a
// non-hex character is "not hex (...)" with its position (checked first, so "XYZ" is not hex
// rather than odd), an odd count of digits is "odd number of hex digits (N)". The message never
// holds the input itself (hex is how keys travel on command lines); callers prefix the field.
Result<std::vector<uint8_t>> HexDecode(std::string_view hex);

// HexDigitValue returns 0..15 for a hex digit of either case, or -1.
int HexDigitValue(char c);

}  // namespace dmboot

#endif  // DMBOOT_CORE_HEX_H_

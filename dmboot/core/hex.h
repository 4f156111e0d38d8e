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

// HexDecode parses hex digits of either case into bytes. It fails with kInvalidArgument on an odd
// number of digits or a non-hex character; the message gives the position, never the input itself
// (hex is how keys travel on command lines).
Result<std::vector<uint8_t>> HexDecode(std::string_view hex);

// HexDigitValue returns 0..15 for a hex digit of either case, or -1.
int HexDigitValue(char c);

}  // namespace dmboot

#endif  // DMBOOT_CORE_HEX_H_

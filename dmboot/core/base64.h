#ifndef DMBOOT_CORE_BASE64_H_
#define DMBOOT_CORE_BASE64_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot {

// Base64Encode returns the RFC 4648 §4 base64 text of `bytes`, with '=' padding.
std::string Base64Encode(std::span<const uint8_t> bytes);

// Base64Decode parses padded RFC 4648 §4 base64 (no whitespace). It fails with kInvalidArgument
// on a length that is not a multiple of 4, a character outside the alphabet, or misplaced
// padding; the message gives the position, never the text (nonces and credentials travel in it).
Result<std::vector<uint8_t>> Base64Decode(std::string_view text);

}  // namespace dmboot

#endif  // DMBOOT_CORE_BASE64_H_

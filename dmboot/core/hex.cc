#include "dmboot/core/hex.h"

namespace dmboot {

std::string HexEncode(std::span<const uint8_t> bytes, HexCase letter_case) {
  const char* digits = letter_case == HexCase::kUpper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.resize(bytes.size() * 2);
  size_t i = 0;
  for (uint8_t b : bytes) {
    out[i++] = digits[b >> 4];
    out[i++] = digits[b & 0x0f];
  }
  return out;
}

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

Result<std::vector<uint8_t>> HexDecode(std::string_view hex) {
  for (size_t i = 0; i < hex.size(); ++i) {
    if (HexDigitValue(hex[i]) < 0) {
      return Fail(ErrorCode::kInvalidArgument, "not hex (a non-hex character at position " +
                                                   std::to_string(i) + " of " +
                                                   std::to_string(hex.size()) + ")");
    }
  }
  if (hex.size() % 2 != 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "odd number of hex digits (" + std::to_string(hex.size()) + "; two per octet)");
  }
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    out[i / 2] = static_cast<uint8_t>((HexDigitValue(hex[i]) << 4) | HexDigitValue(hex[i + 1]));
  }
  return out;
}

}  // namespace dmboot

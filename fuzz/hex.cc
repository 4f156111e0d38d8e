// Fuzz target: hex decoding. Property: whatever decodes re-encodes to the same digits modulo case.
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dmboot/core/hex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  dmboot::Result<std::vector<uint8_t>> bytes = dmboot::HexDecode(text);
  if (!bytes) {
    return 0;
  }
  const std::string again = dmboot::HexEncode(*bytes);
  if (again.size() != text.size()) {
    std::abort();
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != again[i]) {
      std::abort();
    }
  }
  return 0;
}

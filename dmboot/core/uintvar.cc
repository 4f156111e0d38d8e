#include "dmboot/core/uintvar.h"

#include <string>

namespace dmboot {

Result<uint32_t> ReadUintvar(ByteReader& reader) {
  const size_t start = reader.offset();
  uint32_t value = 0;
  for (size_t i = 0; i < kMaxUintvarLength; ++i) {
    Result<uint8_t> octet = reader.ReadU8();
    if (!octet) {
      return Fail(ErrorCode::kTruncated,
                  "uintvar at offset " + std::to_string(start) + " ends before its last octet");
    }
    if (value > (UINT32_MAX >> 7)) {
      return Fail(ErrorCode::kMalformed,
                  "uintvar at offset " + std::to_string(start) + " overflows 32 bits");
    }
    value = (value << 7) | (*octet & 0x7fu);
    if ((*octet & 0x80u) == 0) {
      return value;
    }
  }
  return Fail(ErrorCode::kMalformed,
              "uintvar at offset " + std::to_string(start) + " is longer than 5 octets");
}

size_t UintvarLength(uint32_t value) {
  size_t len = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++len;
  }
  return len;
}

void WriteUintvar(ByteWriter& writer, uint32_t value) {
  const size_t len = UintvarLength(value);
  for (size_t i = len; i > 0; --i) {
    auto group = static_cast<uint8_t>((value >> (7 * (i - 1))) & 0x7fu);
    writer.WriteU8(i > 1 ? static_cast<uint8_t>(group | 0x80u) : group);
  }
}

}  // namespace dmboot

#ifndef DMBOOT_CORE_BIG_ENDIAN_H_
#define DMBOOT_CORE_BIG_ENDIAN_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "dmboot/core/result.h"

namespace dmboot {

// LoadBigEndian reads `in.size()` (1..8) bytes as a big-endian unsigned integer; network byte
// order is what every wire format in dmboot uses (WSP, UDH ports, SQN, pcap-IPv4).
inline uint64_t LoadBigEndian(std::span<const uint8_t> in) {
  DMBOOT_CHECK(in.size() <= 8);
  uint64_t value = 0;
  for (uint8_t b : in) {
    value = (value << 8) | b;
  }
  return value;
}

// StoreBigEndian writes the low `out.size()` (1..8) bytes of `value`, most significant first.
inline void StoreBigEndian(uint64_t value, std::span<uint8_t> out) {
  DMBOOT_CHECK(out.size() <= 8);
  for (size_t i = out.size(); i > 0; --i) {
    out[i - 1] = static_cast<uint8_t>(value & 0xff);
    value >>= 8;
  }
}

inline uint16_t LoadBe16(std::span<const uint8_t, 2> in) {
  return static_cast<uint16_t>((in[0] << 8) | in[1]);
}

inline uint32_t LoadBe32(std::span<const uint8_t, 4> in) {
  return static_cast<uint32_t>(LoadBigEndian(in));
}

inline void StoreBe16(uint16_t value, std::span<uint8_t, 2> out) { StoreBigEndian(value, out); }

inline void StoreBe32(uint32_t value, std::span<uint8_t, 4> out) { StoreBigEndian(value, out); }

}  // namespace dmboot

#endif  // DMBOOT_CORE_BIG_ENDIAN_H_

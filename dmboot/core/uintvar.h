#ifndef DMBOOT_CORE_UINTVAR_H_
#define DMBOOT_CORE_UINTVAR_H_

#include <cstddef>
#include <cstdint>

#include "dmboot/core/byte_reader.h"
#include "dmboot/core/byte_writer.h"
#include "dmboot/core/result.h"

namespace dmboot {

// The WBXML mb_u_int32 (WAP-192 §5.1) and the WSP uintvar (WAP-230 §8.1.2) are one encoding:
// big-endian base-128 groups, continuation bit 0x80 on every octet but the last, at most 5 octets,
// value within 32 bits. This is its only implementation in dmboot.

// kMaxUintvarLength is the longest encoding of a 32-bit value.
inline constexpr size_t kMaxUintvarLength = 5;

// ReadUintvar decodes one uintvar at the cursor. It fails with kTruncated if the input ends
// mid-value and kMalformed if the value needs more than 5 octets or more than 32 bits. Leading
// 0x80 octets (non-minimal forms) are accepted, as WAP-230 does not forbid them and real senders
// emit them; the vector file pins this choice.
Result<uint32_t> ReadUintvar(ByteReader& reader);

// WriteUintvar appends the minimal encoding of `value`.
void WriteUintvar(ByteWriter& writer, uint32_t value);

// UintvarLength returns the length of the minimal encoding of `value` (1..5).
size_t UintvarLength(uint32_t value);

}  // namespace dmboot

#endif  // DMBOOT_CORE_UINTVAR_H_

#ifndef DMBOOT_CORE_BYTE_READER_H_
#define DMBOOT_CORE_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot {

// ByteReader is a bounds-checked cursor over bytes it does not own; the caller keeps them alive.
// Every read checks the remaining length before it moves (BoringSSL's CBS rule); a failed read
// leaves the cursor where it was and reports the offset where the read began.
class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> in) : in_(in) {}

  // offset returns how many bytes have been consumed.
  size_t offset() const { return pos_; }
  // remaining returns how many bytes are left.
  size_t remaining() const { return in_.size() - pos_; }
  bool empty() const { return remaining() == 0; }

  // ReadU8 returns the next byte, or kTruncated at end of input. Inline: decoders call it per
  // token.
  Result<uint8_t> ReadU8() {
    if (pos_ >= in_.size()) {
      return Truncated(1);
    }
    return in_[pos_++];
  }
  // PeekU8 returns the next byte without consuming it, or kTruncated.
  Result<uint8_t> PeekU8() const {
    if (pos_ >= in_.size()) {
      return Truncated(1);
    }
    return in_[pos_];
  }
  Result<uint16_t> ReadBe16();
  Result<uint32_t> ReadBe32();
  // ReadBytes returns a view of the next `len` bytes (valid as long as the input), or kTruncated.
  Result<std::span<const uint8_t>> ReadBytes(size_t len);
  // ReadCopy returns a copy of the next `len` bytes, or kTruncated. It allocates only after the
  // bounds check, so a hostile declared length never drives memory use.
  Result<std::vector<uint8_t>> ReadCopy(size_t len);
  // ReadCString reads bytes up to a NUL (consumed, not returned), or kTruncated if none.
  Result<std::string> ReadCString();
  // ReadRest returns a view of every remaining byte.
  std::span<const uint8_t> ReadRest();
  // Skip consumes `len` bytes, or fails with kTruncated.
  Result<void> Skip(size_t len);

 private:
  Error Truncated(size_t wanted) const;

  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

}  // namespace dmboot

#endif  // DMBOOT_CORE_BYTE_READER_H_

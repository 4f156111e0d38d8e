#ifndef DMBOOT_CORE_BYTE_WRITER_H_
#define DMBOOT_CORE_BYTE_WRITER_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dmboot {

// ByteWriter appends to an owned, growing buffer; the mirror of ByteReader.
class ByteWriter {
 public:
  ByteWriter() = default;

  void WriteU8(uint8_t value) { out_.push_back(value); }
  void WriteBe16(uint16_t value);
  void WriteBe32(uint32_t value);
  void WriteBytes(std::span<const uint8_t> bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  // WriteText appends the bytes of `text` without a terminator.
  void WriteText(std::string_view text);
  // WriteCString appends `text` and a NUL. `text` must not contain a NUL.
  void WriteCString(std::string_view text);
  void Reserve(size_t len) { out_.reserve(len); }
  // SetBits ORs `bits` into the byte written at `offset`: a flag known only after more was
  // written (WBXML's tag content bit).
  void SetBits(size_t offset, uint8_t bits);

  size_t size() const { return out_.size(); }
  std::span<const uint8_t> bytes() const { return out_; }
  // Take returns the buffer and leaves the writer empty.
  std::vector<uint8_t> Take() { return std::move(out_); }

 private:
  std::vector<uint8_t> out_;
};

}  // namespace dmboot

#endif  // DMBOOT_CORE_BYTE_WRITER_H_

#include "dmboot/core/byte_writer.h"

#include "dmboot/core/result.h"

namespace dmboot {

void ByteWriter::WriteBe16(uint16_t value) {
  out_.push_back(static_cast<uint8_t>(value >> 8));
  out_.push_back(static_cast<uint8_t>(value));
}

void ByteWriter::WriteBe32(uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out_.push_back(static_cast<uint8_t>(value >> shift));
  }
}

void ByteWriter::WriteText(std::string_view text) {
  out_.insert(out_.end(), text.begin(), text.end());
}

void ByteWriter::SetBits(size_t offset, uint8_t bits) {
  DMBOOT_CHECK(offset < out_.size());
  out_[offset] |= bits;
}

void ByteWriter::WriteCString(std::string_view text) {
  DMBOOT_CHECK(text.find('\0') == std::string_view::npos);
  WriteText(text);
  out_.push_back(0);
}

}  // namespace dmboot

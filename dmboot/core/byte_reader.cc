#include "dmboot/core/byte_reader.h"

#include <algorithm>
#include <cstring>

namespace dmboot {

Error ByteReader::Truncated(size_t wanted) const {
  return Fail(ErrorCode::kTruncated, "expected " + std::to_string(wanted) + " byte(s) at offset " +
                                         std::to_string(pos_) + ", found " +
                                         std::to_string(remaining()));
}

Result<uint16_t> ByteReader::ReadBe16() {
  if (remaining() < 2) {
    return Truncated(2);
  }
  auto value = static_cast<uint16_t>((in_[pos_] << 8) | in_[pos_ + 1]);
  pos_ += 2;
  return value;
}

Result<uint32_t> ByteReader::ReadBe32() {
  if (remaining() < 4) {
    return Truncated(4);
  }
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    value = (value << 8) | in_[pos_ + i];
  }
  pos_ += 4;
  return value;
}

Result<std::span<const uint8_t>> ByteReader::ReadBytes(size_t len) {
  if (remaining() < len) {
    return Truncated(len);
  }
  std::span<const uint8_t> out = in_.subspan(pos_, len);
  pos_ += len;
  return out;
}

Result<std::vector<uint8_t>> ByteReader::ReadCopy(size_t len) {
  Result<std::span<const uint8_t>> bytes = ReadBytes(len);
  if (!bytes) {
    return bytes.error();
  }
  return std::vector<uint8_t>(bytes->begin(), bytes->end());
}

Result<std::string> ByteReader::ReadCString() {
  std::span<const uint8_t> rest = in_.subspan(pos_);
  auto nul = std::find(rest.begin(), rest.end(), uint8_t{0});
  if (nul == rest.end()) {
    return Fail(ErrorCode::kTruncated,
                "unterminated string at offset " + std::to_string(pos_) + " (no NUL before end)");
  }
  auto len = static_cast<size_t>(nul - rest.begin());
  std::string out(len, '\0');
  if (len > 0) {
    std::memcpy(out.data(), rest.data(), len);
  }
  pos_ += len + 1;
  return out;
}

std::span<const uint8_t> ByteReader::ReadRest() {
  std::span<const uint8_t> out = in_.subspan(pos_);
  pos_ = in_.size();
  return out;
}

Result<void> ByteReader::Skip(size_t len) {
  if (remaining() < len) {
    return Truncated(len);
  }
  pos_ += len;
  return Ok();
}

}  // namespace dmboot

// Fuzz target: uintvar / mb_u_int32. Property: any value that decodes re-encodes minimally and
// decodes to the same value from the encoding; no input reads more than 5 octets.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "dmboot/core/uintvar.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dmboot::ByteReader reader(std::span<const uint8_t>(data, size));
  dmboot::Result<uint32_t> value = dmboot::ReadUintvar(reader);
  if (!value) {
    return 0;
  }
  if (reader.offset() > dmboot::kMaxUintvarLength) {
    std::abort();
  }
  dmboot::ByteWriter writer;
  dmboot::WriteUintvar(writer, *value);
  if (writer.size() > reader.offset() || writer.size() != dmboot::UintvarLength(*value)) {
    std::abort();
  }
  dmboot::ByteReader again(writer.bytes());
  dmboot::Result<uint32_t> back = dmboot::ReadUintvar(again);
  if (!back || *back != *value || !again.empty()) {
    std::abort();
  }
  return 0;
}

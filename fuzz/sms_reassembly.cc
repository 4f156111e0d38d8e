// Fuzz target: SMS reassembly. The input chooses a payload length, a reference and an arrival
// script (order, duplicates); the genuine segments of that payload are fed in that order. Property:
// every message the reassembler completes is exactly the original payload (never a wrong one), and
// once every segment has arrived the message is complete. The same input, read as raw TP-User-Data
// records, then drives a small reassembler whose bounds must hold.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "dmboot/core/byte_reader.h"
#include "dmboot/push/sms.h"

using dmboot::push::SmsReassembler;
using dmboot::push::SmsUserData;
using dmboot::push::WdpDatagram;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) {
    return 0;
  }
  size_t payload_len = ((static_cast<size_t>(data[0]) << 8) | data[1]) % 4000;
  uint16_t reference = data[2];
  bool reference16 = (data[3] & 1) != 0;
  std::vector<uint8_t> payload(payload_len);
  for (size_t i = 0; i < payload_len; ++i) {
    payload[i] = static_cast<uint8_t>(i * 31 + reference);
  }
  dmboot::Result<std::vector<SmsUserData>> segments =
      dmboot::push::SegmentForSms(payload, dmboot::push::SegmentOptions{{}, reference, reference16});
  if (!segments) {
    std::abort();
  }
  SmsReassembler reassembler;
  std::vector<bool> seen(segments->size(), false);
  size_t num_seen = 0;
  bool completed = false;
  for (size_t i = 4; i < size && !completed; ++i) {
    size_t index = data[i] % segments->size();
    dmboot::Result<std::optional<WdpDatagram>> r = reassembler.Add("+1", (*segments)[index], 0);
    if (!r) {
      std::abort();  // genuine segments never conflict
    }
    if (!seen[index]) {
      seen[index] = true;
      ++num_seen;
    }
    if (r->has_value()) {
      if ((*r)->payload != payload || num_seen != segments->size()) {
        std::abort();
      }
      completed = true;
    } else if (num_seen == segments->size()) {
      std::abort();  // everything arrived but nothing completed
    }
  }

  // Raw records: [length][bytes] from the input, with a bounded reassembler.
  dmboot::push::ReassemblyLimits limits{3, 600, 10};
  SmsReassembler bounded(limits);
  dmboot::ByteReader reader(std::span<const uint8_t>(data, size));
  uint64_t now = 0;
  while (!reader.empty()) {
    uint8_t len = *reader.ReadU8();
    dmboot::Result<std::span<const uint8_t>> record = reader.ReadBytes(len % 141);
    if (!record) {
      break;
    }
    dmboot::Result<SmsUserData> ud = dmboot::push::DecodeUserData(*record);
    if (!ud) {
      continue;
    }
    dmboot::Result<std::optional<WdpDatagram>> r = bounded.Add(len % 2 ? "a" : "b", *ud, now);
    now += len % 4;
    if (bounded.pending_sets() > limits.max_sets || bounded.pending_bytes() > limits.max_bytes) {
      std::abort();
    }
    if (r && r->has_value() && (*r)->payload.size() > size_t{255} * 140) {
      std::abort();
    }
  }
  return 0;
}

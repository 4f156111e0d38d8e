#include "dmboot/push/sms.h"

#include <algorithm>
#include <utility>

#include "dmboot/core/byte_reader.h"
#include "dmboot/core/byte_writer.h"

namespace dmboot::push {
namespace {

// TS 23.040 §9.2.3.1-§9.2.3.26 first-octet bits.
constexpr uint8_t kMtiMask = 0x03;
constexpr uint8_t kMoreMessagesToSend = 0x04;  // TP-MMS (deliver): 1 = no more messages
constexpr uint8_t kVpfMask = 0x18;             // TP-VPF (submit)
constexpr uint8_t kUdhi = 0x40;
// TS 23.040 §9.1.2.5: at most 20 semi-octets of address digits.
constexpr size_t kMaxAddressDigits = 20;
// TS 23.040 §9.1.2.5 type of address: TON international, NPI ISDN/telephony.
constexpr uint8_t kToaInternational = 0x91;
constexpr uint8_t kToaUnknown = 0x81;
constexpr uint8_t kTonMask = 0x70;
constexpr uint8_t kTonAlphanumeric = 0x50;
constexpr uint8_t kTonInternational = 0x10;

Error Malformed(std::string what, size_t offset) {
  return Fail(ErrorCode::kMalformed, std::move(what) + " at offset " + std::to_string(offset));
}

Result<void> CheckCounters(uint8_t total, uint8_t sequence) {
  // TS 23.040 §9.2.3.24.1 says to ignore a concatenation IE with 0 total or a sequence out of
  // range; ignoring it would hand a fragment up as a whole message, so dmboot refuses it.
  if (total == 0) {
    return Fail(ErrorCode::kMalformed, "concatenation with 0 segments");
  }
  if (sequence == 0 || sequence > total) {
    return Fail(ErrorCode::kMalformed, "segment number " + std::to_string(sequence) +
                                           " outside 1.." + std::to_string(total));
  }
  return Ok();
}

// §9.2.3.16: 8-bit data is general-coding group 00xx/01xx with alphabet 01 and no compression,
// or the data-coding/message-class group 1111 with bit 2 set.
bool IsEightBitCoding(uint8_t dcs) {
  if ((dcs & 0x80) == 0) {
    return (dcs & 0x20) == 0 && ((dcs >> 2) & 0x03) == 0x01;
  }
  return (dcs & 0xF0) == 0xF0 && (dcs & 0x04) != 0;
}

int DigitNibble(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  switch (c) {
    case '*':
      return 0xA;
    case '#':
      return 0xB;
    case 'a':
      return 0xC;
    case 'b':
      return 0xD;
    case 'c':
      return 0xE;
    default:
      return -1;
  }
}

char NibbleDigit(uint8_t nibble) {
  constexpr char kDigits[] = "0123456789*#abc";
  return nibble < 15 ? kDigits[nibble] : '?';
}

// WriteAddress writes TP-OA/TP-DA (§9.1.2.5): digit count, type of address, semi-octets with the
// first digit in the low nibble and an F filler.
Result<void> WriteAddress(ByteWriter& writer, std::string_view address) {
  bool international = !address.empty() && address[0] == '+';
  std::string_view digits = international ? address.substr(1) : address;
  if (digits.size() > kMaxAddressDigits) {
    return Fail(ErrorCode::kInvalidArgument,
                "address has " + std::to_string(digits.size()) + " digits, at most 20");
  }
  for (size_t i = 0; i < digits.size(); ++i) {
    if (DigitNibble(digits[i]) < 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  "address character " + std::to_string(i) + " is not a digit, *, #, a, b or c");
    }
  }
  writer.WriteU8(static_cast<uint8_t>(digits.size()));
  writer.WriteU8(international ? kToaInternational : kToaUnknown);
  for (size_t i = 0; i < digits.size(); i += 2) {
    int low = DigitNibble(digits[i]);
    int high = i + 1 < digits.size() ? DigitNibble(digits[i + 1]) : 0xF;
    writer.WriteU8(static_cast<uint8_t>((high << 4) | low));
  }
  return Ok();
}

Result<std::string> ReadAddress(ByteReader& reader) {
  size_t start = reader.offset();
  Result<uint8_t> num_digits = reader.ReadU8();
  if (!num_digits) {
    return num_digits.error();
  }
  Result<uint8_t> toa = reader.ReadU8();
  if (!toa) {
    return toa.error();
  }
  if (*num_digits > kMaxAddressDigits) {
    return Malformed("address of " + std::to_string(*num_digits) + " digits", start);
  }
  Result<std::span<const uint8_t>> octets = reader.ReadBytes((*num_digits + 1u) / 2);
  if (!octets) {
    return octets.error();
  }
  if ((*toa & kTonMask) == kTonAlphanumeric) {
    return Fail(ErrorCode::kUnsupported,
                "alphanumeric address at offset " + std::to_string(start));
  }
  std::string address;
  if ((*toa & kTonMask) == kTonInternational) {
    address.push_back('+');
  }
  for (size_t i = 0; i < *num_digits; ++i) {
    uint8_t octet = (*octets)[i / 2];
    auto nibble = static_cast<uint8_t>(i % 2 == 0 ? octet & 0x0F : octet >> 4);
    if (nibble == 0xF) {
      return Malformed("filler inside the address", start);
    }
    address.push_back(NibbleDigit(nibble));
  }
  return address;
}

uint8_t SwappedBcd(unsigned value) {
  return static_cast<uint8_t>(((value % 10) << 4) | ((value / 10) % 10));
}

unsigned FromSwappedBcd(uint8_t octet) { return (octet & 0x0Fu) * 10 + (octet >> 4); }

}  // namespace

Result<std::vector<uint8_t>> EncodeUserData(const SmsUserData& user_data) {
  ByteWriter udh;
  if (user_data.ports) {
    udh.WriteU8(kIeiPorts16);
    udh.WriteU8(4);
    udh.WriteBe16(user_data.ports->destination);
    udh.WriteBe16(user_data.ports->source);
  }
  if (user_data.concat) {
    const SmsConcat& c = *user_data.concat;
    Result<void> counters = CheckCounters(c.total, c.sequence);
    if (!counters) {
      return Fail(ErrorCode::kInvalidArgument, counters.error().message);
    }
    if (c.reference16) {
      udh.WriteU8(kIeiConcat16);
      udh.WriteU8(4);
      udh.WriteBe16(c.reference);
    } else {
      if (c.reference > 0xFF) {
        return Fail(ErrorCode::kInvalidArgument,
                    "reference " + std::to_string(c.reference) + " does not fit 8 bits");
      }
      udh.WriteU8(kIeiConcat8);
      udh.WriteU8(3);
      udh.WriteU8(static_cast<uint8_t>(c.reference));
    }
    udh.WriteU8(c.total);
    udh.WriteU8(c.sequence);
  }
  for (const SmsInformationElement& ie : user_data.other_elements) {
    if (ie.data.size() > 0xFF) {
      return Fail(ErrorCode::kInvalidArgument, "information element over 255 octets");
    }
    udh.WriteU8(ie.iei);
    udh.WriteU8(static_cast<uint8_t>(ie.data.size()));
    udh.WriteBytes(ie.data);
  }
  if (udh.size() > 0xFF) {
    return Fail(ErrorCode::kInvalidArgument, "user data header over 255 octets");
  }
  ByteWriter out;
  if (udh.size() > 0) {
    out.WriteU8(static_cast<uint8_t>(udh.size()));
    out.WriteBytes(udh.bytes());
  }
  out.WriteBytes(user_data.payload);
  if (out.size() > kMaxUserDataLen) {
    return Fail(ErrorCode::kInvalidArgument,
                "user data of " + std::to_string(out.size()) + " octets, at most 140");
  }
  return out.Take();
}

Result<SmsUserData> DecodeUserData(std::span<const uint8_t> user_data, bool has_udh) {
  SmsUserData out;
  ByteReader reader(user_data);
  if (has_udh) {
    Result<uint8_t> udhl = reader.ReadU8();
    if (!udhl) {
      return udhl.error();
    }
    Result<std::span<const uint8_t>> udh_bytes = reader.ReadBytes(*udhl);
    if (!udh_bytes) {
      return udh_bytes.error();
    }
    ByteReader udh(*udh_bytes);
    while (!udh.empty()) {
      size_t start = 1 + udh.offset();
      uint8_t iei = *udh.ReadU8();
      Result<uint8_t> len = udh.ReadU8();
      if (!len) {
        return Malformed("information element without its length", start);
      }
      Result<std::span<const uint8_t>> data = udh.ReadBytes(*len);
      if (!data) {
        return Malformed("information element " + std::to_string(iei) + " past the header",
                         start);
      }
      const std::span<const uint8_t> d = *data;
      // §9.2.3.24: a non-repeatable element that is repeated counts by its last occurrence.
      switch (iei) {
        case kIeiPorts16:
          if (d.size() != 4) {
            return Malformed("16-bit port element of length " + std::to_string(d.size()), start);
          }
          out.ports = SmsPorts{static_cast<uint16_t>((d[0] << 8) | d[1]),
                               static_cast<uint16_t>((d[2] << 8) | d[3])};
          break;
        case kIeiPorts8:
          if (d.size() != 2) {
            return Malformed("8-bit port element of length " + std::to_string(d.size()), start);
          }
          out.ports = SmsPorts{d[0], d[1]};
          break;
        case kIeiConcat8:
        case kIeiConcat16: {
          bool wide = iei == kIeiConcat16;
          if (d.size() != (wide ? 4u : 3u)) {
            return Malformed("concatenation element of length " + std::to_string(d.size()),
                             start);
          }
          SmsConcat c;
          c.reference16 = wide;
          c.reference = wide ? static_cast<uint16_t>((d[0] << 8) | d[1]) : d[0];
          c.total = d[wide ? 2 : 1];
          c.sequence = d[wide ? 3 : 2];
          Result<void> counters = CheckCounters(c.total, c.sequence);
          if (!counters) {
            return Malformed(counters.error().message, start);
          }
          out.concat = c;
          break;
        }
        default:
          out.other_elements.push_back(SmsInformationElement{iei, {d.begin(), d.end()}});
          break;
      }
    }
  }
  std::span<const uint8_t> payload = reader.ReadRest();
  out.payload.assign(payload.begin(), payload.end());
  return out;
}

Result<std::vector<SmsUserData>> SegmentForSms(std::span<const uint8_t> pdu,
                                               const SegmentOptions& options) {
  if (!options.reference16 && options.reference > 0xFF) {
    return Fail(ErrorCode::kInvalidArgument,
                "reference " + std::to_string(options.reference) + " does not fit 8 bits");
  }
  // UDHL (1) + ports IE (6) [+ concat IE (5, or 6 with a 16-bit reference)].
  constexpr size_t kPortsOnly = 1 + 6;
  const size_t with_concat = kPortsOnly + (options.reference16 ? 6 : 5);
  std::vector<SmsUserData> out;
  if (pdu.size() + kPortsOnly <= kMaxUserDataLen) {
    SmsUserData single;
    single.ports = options.ports;
    single.payload.assign(pdu.begin(), pdu.end());
    out.push_back(std::move(single));
    return out;
  }
  const size_t chunk = kMaxUserDataLen - with_concat;
  const size_t num_segments = (pdu.size() + chunk - 1) / chunk;
  if (num_segments > kMaxSegments) {
    return Fail(ErrorCode::kLimitExceeded, "PDU of " + std::to_string(pdu.size()) +
                                               " octets needs " + std::to_string(num_segments) +
                                               " SMS, at most 255");
  }
  out.reserve(num_segments);
  for (size_t i = 0; i < num_segments; ++i) {
    SmsUserData segment;
    segment.ports = options.ports;
    segment.concat = SmsConcat{options.reference, options.reference16,
                               static_cast<uint8_t>(num_segments), static_cast<uint8_t>(i + 1)};
    std::span<const uint8_t> part = pdu.subspan(i * chunk, std::min(chunk, pdu.size() - i * chunk));
    segment.payload.assign(part.begin(), part.end());
    out.push_back(std::move(segment));
  }
  return out;
}

Result<std::vector<uint8_t>> EncodeSmsTpdu(const SmsTpdu& tpdu) {
  if (!IsEightBitCoding(tpdu.data_coding)) {
    return Fail(ErrorCode::kInvalidArgument,
                "data coding " + std::to_string(tpdu.data_coding) + " is not 8-bit");
  }
  if (tpdu.user_data.size() > kMaxUserDataLen) {
    return Fail(ErrorCode::kInvalidArgument, "user data over 140 octets");
  }
  ByteWriter out;
  uint8_t first = static_cast<uint8_t>(tpdu.type) | (tpdu.has_udh ? kUdhi : 0);
  switch (tpdu.type) {
    case SmsTpduType::kDeliver:
      if (!tpdu.more_messages) {
        first |= kMoreMessagesToSend;
      }
      break;
    case SmsTpduType::kSubmit:
      break;  // TP-VPF 00: no validity period
  }
  out.WriteU8(first);
  if (tpdu.type == SmsTpduType::kSubmit) {
    out.WriteU8(tpdu.message_reference);
  }
  Result<void> address = WriteAddress(out, tpdu.address);
  if (!address) {
    return address.error();
  }
  out.WriteU8(tpdu.protocol_id);
  out.WriteU8(tpdu.data_coding);
  if (tpdu.type == SmsTpduType::kDeliver) {
    const SmsTimestamp& t = tpdu.timestamp;
    out.WriteU8(SwappedBcd(t.year));
    out.WriteU8(SwappedBcd(t.month));
    out.WriteU8(SwappedBcd(t.day));
    out.WriteU8(SwappedBcd(t.hour));
    out.WriteU8(SwappedBcd(t.minute));
    out.WriteU8(SwappedBcd(t.second));
    // §9.2.3.11: quarter hours in swapped BCD, bit 3 of the octet = negative.
    unsigned quarters = static_cast<unsigned>(t.quarter_hours < 0 ? -t.quarter_hours
                                                                  : t.quarter_hours);
    out.WriteU8(static_cast<uint8_t>(SwappedBcd(quarters) | (t.quarter_hours < 0 ? 0x08 : 0)));
  }
  out.WriteU8(static_cast<uint8_t>(tpdu.user_data.size()));
  out.WriteBytes(tpdu.user_data);
  return out.Take();
}

Result<std::vector<std::vector<uint8_t>>> EncodeSmsTpdus(std::span<const SmsUserData> segments,
                                                         const SmsTpdu& like) {
  std::vector<std::vector<uint8_t>> out;
  out.reserve(segments.size());
  SmsTpdu tpdu = like;
  tpdu.has_udh = true;
  for (size_t i = 0; i < segments.size(); ++i) {
    Result<std::vector<uint8_t>> user_data = EncodeUserData(segments[i]);
    if (!user_data) {
      return user_data.error();
    }
    tpdu.user_data = std::move(*user_data);
    tpdu.more_messages = tpdu.type == SmsTpduType::kDeliver && i + 1 < segments.size();
    tpdu.message_reference = static_cast<uint8_t>(like.message_reference + i);
    Result<std::vector<uint8_t>> encoded = EncodeSmsTpdu(tpdu);
    if (!encoded) {
      return encoded.error();
    }
    out.push_back(std::move(*encoded));
  }
  return out;
}

Result<SmsTpdu> DecodeSmsTpdu(std::span<const uint8_t> bytes) {
  ByteReader reader(bytes);
  SmsTpdu tpdu;
  Result<uint8_t> first = reader.ReadU8();
  if (!first) {
    return first.error();
  }
  uint8_t mti = *first & kMtiMask;
  if (mti != static_cast<uint8_t>(SmsTpduType::kDeliver) &&
      mti != static_cast<uint8_t>(SmsTpduType::kSubmit)) {
    return Fail(ErrorCode::kUnsupported,
                "TP-MTI " + std::to_string(mti) + " is not SMS-DELIVER or SMS-SUBMIT");
  }
  tpdu.type = static_cast<SmsTpduType>(mti);
  tpdu.has_udh = (*first & kUdhi) != 0;
  if (tpdu.type == SmsTpduType::kSubmit) {
    Result<uint8_t> mr = reader.ReadU8();
    if (!mr) {
      return mr.error();
    }
    tpdu.message_reference = *mr;
  } else {
    tpdu.more_messages = (*first & kMoreMessagesToSend) == 0;
  }
  Result<std::string> address = ReadAddress(reader);
  if (!address) {
    return address.error();
  }
  tpdu.address = std::move(*address);
  Result<uint8_t> pid = reader.ReadU8();
  if (!pid) {
    return pid.error();
  }
  tpdu.protocol_id = *pid;
  size_t dcs_offset = reader.offset();
  Result<uint8_t> dcs = reader.ReadU8();
  if (!dcs) {
    return dcs.error();
  }
  tpdu.data_coding = *dcs;
  if (tpdu.type == SmsTpduType::kDeliver) {
    Result<std::span<const uint8_t>> scts = reader.ReadBytes(7);
    if (!scts) {
      return scts.error();
    }
    const std::span<const uint8_t> s = *scts;
    tpdu.timestamp = SmsTimestamp{
        static_cast<uint8_t>(FromSwappedBcd(s[0])), static_cast<uint8_t>(FromSwappedBcd(s[1])),
        static_cast<uint8_t>(FromSwappedBcd(s[2])), static_cast<uint8_t>(FromSwappedBcd(s[3])),
        static_cast<uint8_t>(FromSwappedBcd(s[4])), static_cast<uint8_t>(FromSwappedBcd(s[5])),
        static_cast<int8_t>(static_cast<int>(FromSwappedBcd(s[6] & 0xF7)) *
                            ((s[6] & 0x08) != 0 ? -1 : 1))};
  } else {
    // §9.2.3.3: TP-VPF 10 relative (1 octet), 01 enhanced and 11 absolute (7 octets).
    uint8_t vpf = static_cast<uint8_t>((*first & kVpfMask) >> 3);
    size_t vp_len = vpf == 0 ? 0 : (vpf == 2 ? 1 : 7);
    Result<void> skip = reader.Skip(vp_len);
    if (!skip) {
      return skip.error();
    }
  }
  if (!IsEightBitCoding(tpdu.data_coding)) {
    return Fail(ErrorCode::kUnsupported, "data coding " + std::to_string(tpdu.data_coding) +
                                             " at offset " + std::to_string(dcs_offset) +
                                             " is not 8-bit");
  }
  size_t udl_offset = reader.offset();
  Result<uint8_t> udl = reader.ReadU8();
  if (!udl) {
    return udl.error();
  }
  if (*udl > kMaxUserDataLen) {
    return Malformed("TP-UDL " + std::to_string(*udl) + " over 140", udl_offset);
  }
  if (reader.remaining() > *udl) {
    return Malformed("octets after the " + std::to_string(*udl) + " of TP-UDL", udl_offset);
  }
  Result<std::vector<uint8_t>> ud = reader.ReadCopy(*udl);
  if (!ud) {
    return ud.error();
  }
  tpdu.user_data = std::move(*ud);
  return tpdu;
}

void SmsReassembler::Drop(std::map<Key, Set>::iterator it) {
  pending_bytes_ -= it->second.bytes;
  by_age_.erase(it->second.age);
  sets_.erase(it);
}

size_t SmsReassembler::Expire(uint64_t now_ms) {
  size_t num_dropped = 0;
  while (!by_age_.empty()) {
    auto it = sets_.find(by_age_.front());
    // A clock that went back counts as no time passed.
    if (now_ms < it->second.first_seen_ms ||
        now_ms - it->second.first_seen_ms <= limits_.timeout_ms) {
      break;
    }
    Drop(it);
    ++num_dropped;
  }
  dropped_ += num_dropped;
  return num_dropped;
}

std::vector<uint8_t> SmsReassembler::MissingOfOldest() const {
  std::vector<uint8_t> missing;
  if (by_age_.empty()) {
    return missing;
  }
  const Set& set = sets_.at(by_age_.front());
  for (size_t i = 0; i < set.parts.size(); ++i) {
    if (!set.parts[i]) {
      missing.push_back(static_cast<uint8_t>(i + 1));
    }
  }
  return missing;
}

Result<std::optional<WdpDatagram>> SmsReassembler::Add(std::string_view originator,
                                                       const SmsUserData& segment,
                                                       uint64_t now_ms) {
  Expire(now_ms);
  if (!segment.concat) {
    return std::optional<WdpDatagram>(
        WdpDatagram{std::string(originator), segment.ports, segment.payload, 1});
  }
  const SmsConcat& c = *segment.concat;
  Result<void> counters = CheckCounters(c.total, c.sequence);
  if (!counters) {
    return counters.error();
  }
  Key key{std::string(originator), c.reference, c.reference16, c.total};
  auto it = sets_.find(key);
  if (it == sets_.end()) {
    while (!by_age_.empty() && (sets_.size() >= limits_.max_sets ||
                                pending_bytes_ + segment.payload.size() > limits_.max_bytes)) {
      Drop(sets_.find(by_age_.front()));
      ++dropped_;
    }
    if (limits_.max_sets == 0 || segment.payload.size() > limits_.max_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "reassembly limits leave no room for a message");
    }
    Set set;
    set.first_seen_ms = now_ms;
    set.ports = segment.ports;
    set.parts.resize(c.total);
    by_age_.push_back(key);
    set.age = std::prev(by_age_.end());
    it = sets_.emplace(key, std::move(set)).first;
  } else if (it->second.ports != segment.ports) {
    Drop(it);
    ++dropped_;
    return Fail(ErrorCode::kMalformed, "segment " + std::to_string(c.sequence) + " of reference " +
                                           std::to_string(c.reference) +
                                           " has other ports than its message; message dropped");
  }
  Set& set = it->second;
  std::optional<std::vector<uint8_t>>& part = set.parts[c.sequence - 1];
  if (part) {
    if (*part == segment.payload) {
      return std::optional<WdpDatagram>();
    }
    Drop(it);
    ++dropped_;
    return Fail(ErrorCode::kMalformed, "segment " + std::to_string(c.sequence) + " of reference " +
                                           std::to_string(c.reference) +
                                           " differs from the copy held; message dropped");
  }
  part = segment.payload;
  set.bytes += segment.payload.size();
  pending_bytes_ += segment.payload.size();
  ++set.num_received;
  // Keep the byte bound: evict older messages, never the one being built.
  for (auto age = by_age_.begin(); pending_bytes_ > limits_.max_bytes && age != by_age_.end();) {
    if (*age == key) {
      ++age;
      continue;
    }
    auto victim = sets_.find(*age);
    ++age;
    Drop(victim);
    ++dropped_;
  }
  if (pending_bytes_ > limits_.max_bytes) {
    Drop(sets_.find(key));
    ++dropped_;
    return Fail(ErrorCode::kLimitExceeded, "message over the reassembly byte limit; dropped");
  }
  if (set.num_received < c.total) {
    return std::optional<WdpDatagram>();
  }
  WdpDatagram datagram;
  datagram.originator = std::string(originator);
  datagram.ports = set.ports;
  datagram.num_segments = c.total;
  datagram.payload.reserve(set.bytes);
  for (const std::optional<std::vector<uint8_t>>& p : set.parts) {
    datagram.payload.insert(datagram.payload.end(), p->begin(), p->end());
  }
  Drop(sets_.find(key));
  return std::optional<WdpDatagram>(std::move(datagram));
}

}  // namespace dmboot::push

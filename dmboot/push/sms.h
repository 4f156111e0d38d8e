#ifndef DMBOOT_PUSH_SMS_H_
#define DMBOOT_PUSH_SMS_H_

// WDP over SMS (WAP-259-WDP Annex A / 3GPP TS 23.040 §9.2.3.24): the WSP PDU travels in the
// TP-User-Data of 8-bit SMS with a User Data Header carrying application port addressing and,
// when it does not fit one SMS, concatenation. This file has the UDH codec, segmentation, the
// SMS-DELIVER / SMS-SUBMIT TPDUs and the reassembler. docs/push.md has the layouts.

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot::push {

// WDP ports (WAP-259 Annex B / IANA): connectionless WSP push and the usual WSP source port.
inline constexpr uint16_t kWapPushPort = 2948;
inline constexpr uint16_t kWspSourcePort = 9200;

// TS 23.040 §9.2.3.24: information element identifiers dmboot reads or writes.
inline constexpr uint8_t kIeiConcat8 = 0x00;   // concatenated SMS, 8-bit reference
inline constexpr uint8_t kIeiPorts8 = 0x04;    // application port addressing, 8-bit
inline constexpr uint8_t kIeiPorts16 = 0x05;   // application port addressing, 16-bit
inline constexpr uint8_t kIeiConcat16 = 0x08;  // concatenated SMS, 16-bit reference

// TS 23.040 §9.2.3.16: 140 octets of TP-User-Data with 8-bit data coding.
inline constexpr size_t kMaxUserDataLen = 140;
// TS 23.040 §9.2.3.24.1: the concatenation counters are one octet.
inline constexpr size_t kMaxSegments = 255;

// SmsPorts is application port addressing (IEI 0x05, or 0x04 read as 16-bit values).
struct SmsPorts {
  uint16_t destination = kWapPushPort;
  uint16_t source = kWspSourcePort;

  bool operator==(const SmsPorts&) const = default;
};

// SmsConcat is the concatenation IE: a reference, the number of segments and this one's number
// (1-based).
struct SmsConcat {
  uint16_t reference = 0;
  bool reference16 = false;  // IEI 0x08 (16-bit reference) instead of 0x00
  uint8_t total = 0;
  uint8_t sequence = 0;

  bool operator==(const SmsConcat&) const = default;
};

// SmsInformationElement is any other UDH element, kept as received.
struct SmsInformationElement {
  uint8_t iei = 0;
  std::vector<uint8_t> data;

  bool operator==(const SmsInformationElement&) const = default;
};

// SmsUserData is one TP-User-Data: the UDH elements and the payload that follows.
struct SmsUserData {
  std::optional<SmsPorts> ports;
  std::optional<SmsConcat> concat;
  std::vector<SmsInformationElement> other_elements;
  std::vector<uint8_t> payload;

  bool operator==(const SmsUserData&) const = default;
};

// EncodeUserData returns UDHL, the UDH (ports first, then concatenation, then other elements) and
// the payload. It fails with kInvalidArgument if the result is over 140 octets or the UDH over
// 255, or the concatenation counters are inconsistent (0 total, sequence 0 or above total).
Result<std::vector<uint8_t>> EncodeUserData(const SmsUserData& user_data);

// DecodeUserData parses TP-User-Data of an 8-bit SMS with TP-UDHI set (`has_udh`) or not. It
// fails with kTruncated if the UDH runs past the data, kMalformed if an element runs past the UDH,
// a port or concatenation element has the wrong length, or the concatenation counters are
// inconsistent (total 0, sequence 0 or above the total: TS 23.040 says to ignore such an element,
// dmboot refuses it so that a fragment is never taken for a whole message). A repeated port or
// concatenation element counts by its last occurrence (§9.2.3.24).
Result<SmsUserData> DecodeUserData(std::span<const uint8_t> user_data, bool has_udh = true);

// SegmentOptions controls how a WSP PDU is cut into SMS.
struct SegmentOptions {
  SmsPorts ports;
  uint16_t reference = 0;
  // reference16 selects IEI 0x08 (16-bit reference) instead of IEI 0x00.
  bool reference16 = false;
};

// SegmentForSms cuts `pdu` into the TP-User-Data of as few 8-bit SMS as it needs, each at most
// 140 octets: one SMS with only the port element when it fits, else segments that all carry the
// ports and the concatenation element. It fails with kLimitExceeded if more than 255 segments
// would be needed, and kInvalidArgument if `options.reference` does not fit an 8-bit reference.
Result<std::vector<SmsUserData>> SegmentForSms(std::span<const uint8_t> pdu,
                                               const SegmentOptions& options);

// SMS TPDUs (TS 23.040 §9.2.2), 8-bit data coding only.

enum class SmsTpduType : uint8_t {
  kDeliver = 0,  // TP-MTI 00, SC -> MS
  kSubmit = 1,   // TP-MTI 01, MS -> SC
};

// SmsTimestamp is TP-SCTS (§9.2.3.11): local time and the offset from GMT in quarter hours.
struct SmsTimestamp {
  uint8_t year = 0;  // two digits
  uint8_t month = 1;
  uint8_t day = 1;
  uint8_t hour = 0;
  uint8_t minute = 0;
  uint8_t second = 0;
  int8_t quarter_hours = 0;

  bool operator==(const SmsTimestamp&) const = default;
};

// SmsTpdu is an SMS-DELIVER or SMS-SUBMIT carrying 8-bit user data.
struct SmsTpdu {
  SmsTpduType type = SmsTpduType::kDeliver;
  // address is TP-OA (deliver) or TP-DA (submit): digits 0-9 * # a b c, with a leading '+' for
  // the international type of number.
  std::string address;
  uint8_t protocol_id = 0;
  // data_coding is TP-DCS; only the 8-bit data codings are accepted (0x04-style group 00xx with
  // alphabet 01, or 0xF4-style group 1111 with bit 2 set).
  uint8_t data_coding = 0x04;
  SmsTimestamp timestamp;      // deliver only
  uint8_t message_reference = 0;  // submit only
  bool more_messages = false;  // deliver: TP-MMS = 0 means more are waiting
  bool has_udh = true;         // TP-UDHI
  std::vector<uint8_t> user_data;

  bool operator==(const SmsTpdu&) const = default;
};

// EncodeSmsTpdu returns the TPDU bytes. It fails with kInvalidArgument on an address with other
// characters than digits * # a b c (and a leading '+'), over 20 digits, a data coding that is
// not 8-bit, or user data over 140 octets.
Result<std::vector<uint8_t>> EncodeSmsTpdu(const SmsTpdu& tpdu);

// EncodeSmsTpdus wraps the segments of one WDP datagram (SegmentForSms) in TPDUs made like
// `like`: each carries its segment as TP-User-Data with TP-UDHI set; an SMS-DELIVER has TP-MMS
// "more messages" on all but the last (TS 23.040 §9.2.3.2), an SMS-SUBMIT a TP-MR counting up from
// `like.message_reference`. It fails as EncodeUserData and EncodeSmsTpdu do.
Result<std::vector<std::vector<uint8_t>>> EncodeSmsTpdus(std::span<const SmsUserData> segments,
                                                         const SmsTpdu& like);

// DecodeSmsTpdu parses an SMS-DELIVER or SMS-SUBMIT (the MTI says which). It fails with
// kTruncated if the TPDU ends early, kMalformed if TP-UDL disagrees with the data, and
// kUnsupported for other message types, 7-bit or UCS-2 data coding, or an alphanumeric address.
Result<SmsTpdu> DecodeSmsTpdu(std::span<const uint8_t> tpdu);

// ReassemblyLimits bounds the reassembler's memory and how long it waits.
struct ReassemblyLimits {
  size_t max_sets = 64;                // incomplete messages kept at once
  size_t max_bytes = 256 * 1024;       // payload bytes kept over all incomplete messages
  uint64_t timeout_ms = 5 * 60 * 1000;  // an incomplete message older than this is dropped
};

// WdpDatagram is a reassembled WDP datagram.
struct WdpDatagram {
  std::string originator;
  std::optional<SmsPorts> ports;
  std::vector<uint8_t> payload;
  size_t num_segments = 1;
};

// SmsReassembler joins concatenated SMS keyed by (originator, reference, total), in any order,
// ignoring exact duplicates (TS 23.040 §9.2.3.24.1). It refuses inconsistent segments, expires
// incomplete messages and keeps its memory under `ReassemblyLimits` by dropping the oldest
// incomplete message. Not thread-safe. Time is the caller's monotonic clock in milliseconds.
class SmsReassembler {
 public:
  explicit SmsReassembler(ReassemblyLimits limits = {}) : limits_(limits) {}

  // Add takes one received TP-User-Data from `originator` at `now_ms`. It returns the datagram
  // when this segment completes one (at once for an unsegmented SMS), std::nullopt while
  // segments are missing or for an exact duplicate. It fails with kMalformed, and drops the whole
  // message, when a segment disagrees with one already held (same number, other bytes; other
  // ports); with kMalformed for inconsistent counters. Expired messages are dropped first.
  Result<std::optional<WdpDatagram>> Add(std::string_view originator, const SmsUserData& segment,
                                         uint64_t now_ms);

  // Expire drops every incomplete message first seen before `now_ms - timeout_ms` and returns
  // how many it dropped.
  size_t Expire(uint64_t now_ms);

  // Missing returns the segment numbers still missing in the one incomplete message, for error
  // messages; empty when nothing is pending.
  std::vector<uint8_t> MissingOfOldest() const;

  size_t pending_sets() const { return sets_.size(); }
  size_t pending_bytes() const { return pending_bytes_; }
  // dropped counts messages dropped by expiry, eviction or inconsistency.
  size_t dropped() const { return dropped_; }

 private:
  using Key = std::tuple<std::string, uint16_t, bool, uint8_t>;
  struct Set {
    uint64_t first_seen_ms = 0;
    std::optional<SmsPorts> ports;
    std::vector<std::optional<std::vector<uint8_t>>> parts;
    size_t num_received = 0;
    size_t bytes = 0;
    std::list<Key>::iterator age;
  };

  void Drop(std::map<Key, Set>::iterator it);

  ReassemblyLimits limits_;
  std::map<Key, Set> sets_;
  std::list<Key> by_age_;  // oldest first
  size_t pending_bytes_ = 0;
  size_t dropped_ = 0;
};

}  // namespace dmboot::push

#endif  // DMBOOT_PUSH_SMS_H_

#include "dmboot/push/sms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "dmboot/core/hex.h"
#include "dmboot/push/pcap.h"
#include "dmboot/push/wsp_push.h"
#include "testing/test_data.h"

namespace dmboot::push {
namespace {

std::vector<uint8_t> Hex(std::string_view hex) {
  Result<std::vector<uint8_t>> bytes = HexDecode(hex);
  DMBOOT_CHECK(bytes.has_value());
  return *bytes;
}

std::vector<uint8_t> SamplePdu() {
  return testing::ReadTestFile("dmboot/push/testdata/push_wellknown.wsp");
}

// The TPDUs of the shared sample push_sms_segments.pcap (made by mk_push_pcap.py, reassembled and
// decoded by tshark: tshark_push_sms_segments.summary.txt).
std::vector<std::vector<uint8_t>> SampleTpdus() {
  std::vector<uint8_t> file = testing::ReadTestFile("dmboot/push/testdata/push_sms_segments.pcap");
  Result<PcapFile> pcap = ReadPcap(file);
  EXPECT_TRUE(pcap) << pcap.error().message;
  std::vector<std::vector<uint8_t>> out;
  if (!pcap) {
    return out;
  }
  EXPECT_EQ(pcap->link_type, PcapLinkType::kWiresharkUpperPdu);
  for (const PcapRecord& r : pcap->records) {
    Result<ExtractedPdu> pdu = ExtractRecord(pcap->raw_link_type, r.data);
    EXPECT_TRUE(pdu) << pdu.error().message;
    EXPECT_EQ(pdu->dissector, "gsm_sms");
    out.push_back(pdu->payload);
  }
  return out;
}

TEST(SmsTest, DecodesTheSharedSampleSegments) {
  std::vector<std::vector<uint8_t>> tpdus = SampleTpdus();
  ASSERT_EQ(tpdus.size(), 13u);
  SmsReassembler reassembler;
  std::optional<WdpDatagram> done;
  for (size_t i = 0; i < tpdus.size(); ++i) {
    Result<SmsTpdu> tpdu = DecodeSmsTpdu(tpdus[i]);
    ASSERT_TRUE(tpdu) << tpdu.error().message;
    EXPECT_EQ(tpdu->type, SmsTpduType::kDeliver);
    EXPECT_EQ(tpdu->address, "+1234");
    EXPECT_EQ(tpdu->data_coding, 0x04);
    EXPECT_TRUE(tpdu->has_udh);
    EXPECT_FALSE(tpdu->more_messages);
    EXPECT_EQ(tpdu->timestamp, (SmsTimestamp{23, 11, 29, 12, 34, 56, 0}));
    // TPDU encoding is byte-exact with the independent Python writer.
    Result<std::vector<uint8_t>> again = EncodeSmsTpdu(*tpdu);
    ASSERT_TRUE(again);
    EXPECT_EQ(HexEncode(*again), HexEncode(tpdus[i]));

    Result<SmsUserData> ud = DecodeUserData(tpdu->user_data);
    ASSERT_TRUE(ud) << ud.error().message;
    ASSERT_TRUE(ud->concat && ud->ports);
    EXPECT_EQ(*ud->concat, (SmsConcat{0x42, false, 13, static_cast<uint8_t>(i + 1)}));
    EXPECT_EQ(*ud->ports, (SmsPorts{2948, 9200}));
    EXPECT_EQ(ud->payload.size(), i < 12 ? 128u : 1537u - 12 * 128);
    Result<std::optional<WdpDatagram>> r = reassembler.Add(tpdu->address, *ud, 0);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->has_value(), i == 12);
    if (r->has_value()) {
      done = std::move(**r);
    }
  }
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->payload, SamplePdu());
  EXPECT_EQ(done->num_segments, 13u);
  EXPECT_EQ(reassembler.pending_sets(), 0u);
  EXPECT_EQ(reassembler.pending_bytes(), 0u);
}

TEST(SmsTest, SegmentsLikeTheSample) {
  std::vector<uint8_t> pdu = SamplePdu();
  Result<std::vector<SmsUserData>> segments = SegmentForSms(pdu, SegmentOptions{{}, 0x42, false});
  ASSERT_TRUE(segments);
  ASSERT_EQ(segments->size(), 13u);
  std::vector<std::vector<uint8_t>> tpdus = SampleTpdus();
  for (size_t i = 0; i < segments->size(); ++i) {
    Result<std::vector<uint8_t>> ud = EncodeUserData((*segments)[i]);
    ASSERT_TRUE(ud);
    EXPECT_LE(ud->size(), kMaxUserDataLen);
    // UDH: ports then concatenation (the sample has the other order; both are valid).
    EXPECT_EQ(HexEncode(std::span<const uint8_t>(*ud).first(12)),
              "0b05040b8423f00003420d" + HexEncode(std::vector<uint8_t>{static_cast<uint8_t>(i + 1)}));
    Result<SmsTpdu> sample = DecodeSmsTpdu(tpdus[i]);
    ASSERT_TRUE(sample);
    Result<SmsUserData> sample_ud = DecodeUserData(sample->user_data);
    ASSERT_TRUE(sample_ud);
    EXPECT_EQ((*segments)[i].payload, sample_ud->payload);
    Result<SmsUserData> back = DecodeUserData(*ud);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, (*segments)[i]);
  }
}

TEST(SmsTest, SingleSmsAndSixteenBitReference) {
  std::vector<uint8_t> small(133, 0xAB);
  Result<std::vector<SmsUserData>> one = SegmentForSms(small, SegmentOptions{});
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  Result<std::vector<uint8_t>> ud = EncodeUserData((*one)[0]);
  ASSERT_TRUE(ud);
  EXPECT_EQ(ud->size(), 140u);
  EXPECT_EQ(HexEncode(std::span<const uint8_t>(*ud).first(7)), "0605040b8423f0");

  small.push_back(0xCD);  // 134 octets no longer fit with the port element alone
  Result<std::vector<SmsUserData>> two = SegmentForSms(small, SegmentOptions{{}, 0x1234, true});
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  ud = EncodeUserData((*two)[0]);
  ASSERT_TRUE(ud);
  EXPECT_EQ(ud->size(), 140u);
  EXPECT_EQ(HexEncode(std::span<const uint8_t>(*ud).first(13)), "0c05040b8423f008041234020" "1");
  EXPECT_EQ((*two)[0].payload.size(), 127u);

  EXPECT_EQ(SegmentForSms(small, SegmentOptions{{}, 0x100, false}).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(SmsTest, SegmentCountLimits) {
  // 255 segments of 128 octets is the most an 8-bit counter carries; 300 segments is refused.
  std::vector<uint8_t> max_pdu(255 * 128, 0x11);
  Result<std::vector<SmsUserData>> ok = SegmentForSms(max_pdu, SegmentOptions{});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 255u);
  std::vector<uint8_t> too_big(300 * 128, 0x11);
  Result<std::vector<SmsUserData>> refused = SegmentForSms(too_big, SegmentOptions{});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kLimitExceeded);
  max_pdu.push_back(0);
  EXPECT_EQ(SegmentForSms(max_pdu, SegmentOptions{}).error().code, ErrorCode::kLimitExceeded);
}

TEST(SmsTest, UserDataNegativeVectors) {
  struct Case {
    const char* hex;
    ErrorCode code;
  } cases[] = {
      {"", ErrorCode::kTruncated},                              // no UDHL
      {"0b05040b84", ErrorCode::kTruncated},                    // UDH past the data
      {"0305040b", ErrorCode::kMalformed},                      // element past the UDH
      {"010a", ErrorCode::kMalformed},                          // element without its length
      {"050003420000", ErrorCode::kMalformed},                  // 0 segments
      {"050003420300", ErrorCode::kMalformed},                  // sequence 0
      {"050003420304", ErrorCode::kMalformed},                  // sequence above the total
      {"06080412340304", ErrorCode::kMalformed},                // 16-bit, above the total
      {"0400024201", ErrorCode::kMalformed},                    // concat of length 2
      {"050503000000", ErrorCode::kMalformed},                  // ports of length 3
  };
  for (const Case& c : cases) {
    Result<SmsUserData> ud = DecodeUserData(Hex(c.hex));
    ASSERT_FALSE(ud) << c.hex;
    EXPECT_EQ(ud.error().code, c.code) << c.hex << ": " << ud.error().message;
  }
  // Unknown elements are kept; a repeated port element counts by its last occurrence.
  Result<SmsUserData> ud = DecodeUserData(Hex("0f0a0101" "050400010002" "05040b8423f0" "aa"));
  ASSERT_TRUE(ud) << ud.error().message;
  ASSERT_EQ(ud->other_elements.size(), 1u);
  EXPECT_EQ(ud->other_elements[0].iei, 0x0A);
  EXPECT_EQ(*ud->ports, (SmsPorts{2948, 9200}));
  EXPECT_EQ(HexEncode(ud->payload), "aa");
  // 8-bit ports (IEI 0x04).
  ud = DecodeUserData(Hex("0404020b0cff"));
  ASSERT_TRUE(ud);
  EXPECT_EQ(*ud->ports, (SmsPorts{0x0B, 0x0C}));
  // No UDH at all.
  ud = DecodeUserData(Hex("0106"), false);
  ASSERT_TRUE(ud);
  EXPECT_FALSE(ud->ports.has_value());
  EXPECT_EQ(HexEncode(ud->payload), "0106");
  // Encoder refusals.
  SmsUserData bad;
  bad.concat = SmsConcat{1, false, 2, 3};
  EXPECT_EQ(EncodeUserData(bad).error().code, ErrorCode::kInvalidArgument);
  bad.concat = SmsConcat{1, false, 0, 0};
  EXPECT_EQ(EncodeUserData(bad).error().code, ErrorCode::kInvalidArgument);
  bad.concat.reset();
  bad.payload.assign(141, 0);
  EXPECT_EQ(EncodeUserData(bad).error().code, ErrorCode::kInvalidArgument);
}

TEST(SmsTest, SubmitTpduAndAddresses) {
  SmsTpdu submit;
  submit.type = SmsTpduType::kSubmit;
  submit.message_reference = 7;
  submit.address = "+15551230001";
  submit.user_data = Hex("0605040b8423f0010603c4af87");
  Result<std::vector<uint8_t>> bytes = EncodeSmsTpdu(submit);
  ASSERT_TRUE(bytes);
  // TS 23.040 9.2.2.2: 41 (SUBMIT, UDHI) MR, DA (11 digits, international, F filler), PID, DCS,
  // UDL, UD. Hand-assembled by us from the clause.
  EXPECT_EQ(HexEncode(*bytes), "41070b915155210300f1" "0004" "0d0605040b8423f0010603c4af87");
  Result<SmsTpdu> back = DecodeSmsTpdu(*bytes);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, submit);

  SmsTpdu deliver;
  deliver.address = "12*#abc";
  deliver.timestamp = SmsTimestamp{26, 11, 29, 5, 30, 0, -8};
  deliver.user_data = {0x00};
  deliver.has_udh = false;
  bytes = EncodeSmsTpdu(deliver);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(HexEncode(std::span<const uint8_t>(*bytes).first(6)), "040781" "21badc");
  back = DecodeSmsTpdu(*bytes);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, deliver);

  deliver.address = "12x";
  EXPECT_EQ(EncodeSmsTpdu(deliver).error().code, ErrorCode::kInvalidArgument);
  deliver.address = std::string(21, '1');
  EXPECT_EQ(EncodeSmsTpdu(deliver).error().code, ErrorCode::kInvalidArgument);
  deliver.address = "1";
  deliver.data_coding = 0x00;  // GSM 7-bit
  EXPECT_EQ(EncodeSmsTpdu(deliver).error().code, ErrorCode::kInvalidArgument);
}

TEST(SmsTest, TpduNegativeVectors) {
  std::vector<uint8_t> tpdu = SampleTpdus().at(0);
  for (size_t len = 0; len < tpdu.size(); ++len) {
    Result<SmsTpdu> r = DecodeSmsTpdu(std::span<const uint8_t>(tpdu.data(), len));
    ASSERT_FALSE(r) << len;
    EXPECT_EQ(r.error().code, ErrorCode::kTruncated) << len << r.error().message;
  }
  std::vector<uint8_t> longer = tpdu;
  longer.push_back(0);
  EXPECT_EQ(DecodeSmsTpdu(longer).error().code, ErrorCode::kMalformed);
  std::vector<uint8_t> seven_bit = tpdu;
  seven_bit[6] = 0x00;
  EXPECT_EQ(DecodeSmsTpdu(seven_bit).error().code, ErrorCode::kUnsupported);
  std::vector<uint8_t> ucs2 = tpdu;
  ucs2[6] = 0x08;
  EXPECT_EQ(DecodeSmsTpdu(ucs2).error().code, ErrorCode::kUnsupported);
  std::vector<uint8_t> class1 = tpdu;
  class1[6] = 0xF5;  // 8-bit, class 1
  EXPECT_TRUE(DecodeSmsTpdu(class1));
  std::vector<uint8_t> alnum = tpdu;
  alnum[2] = 0xD0;
  EXPECT_EQ(DecodeSmsTpdu(alnum).error().code, ErrorCode::kUnsupported);
  std::vector<uint8_t> status_report = tpdu;
  status_report[0] = 0x02;
  EXPECT_EQ(DecodeSmsTpdu(status_report).error().code, ErrorCode::kUnsupported);
}

std::vector<SmsUserData> Segments(size_t len, uint16_t ref, uint8_t seed) {
  std::vector<uint8_t> pdu(len);
  std::iota(pdu.begin(), pdu.end(), seed);
  Result<std::vector<SmsUserData>> s = SegmentForSms(pdu, SegmentOptions{{}, ref, false});
  DMBOOT_CHECK(s.has_value());
  return *s;
}

std::vector<uint8_t> Joined(const std::vector<SmsUserData>& segments) {
  std::vector<uint8_t> out;
  for (const SmsUserData& s : segments) {
    out.insert(out.end(), s.payload.begin(), s.payload.end());
  }
  return out;
}

TEST(SmsReassemblerTest, AnyOrderAndDuplicates) {
  std::vector<SmsUserData> segments = Segments(1000, 9, 1);
  ASSERT_EQ(segments.size(), 8u);
  std::mt19937 rng(42);
  for (int round = 0; round < 50; ++round) {
    std::vector<SmsUserData> feed = segments;
    for (int d = 0; d < round % 5; ++d) {
      feed.push_back(segments[rng() % segments.size()]);
    }
    std::shuffle(feed.begin(), feed.end(), rng);
    SmsReassembler reassembler;
    int completed = 0;
    for (const SmsUserData& s : feed) {
      Result<std::optional<WdpDatagram>> r = reassembler.Add("+1", s, 0);
      ASSERT_TRUE(r) << r.error().message;
      if (r->has_value()) {
        ++completed;
        EXPECT_EQ((*r)->payload, Joined(segments));
      }
    }
    // A duplicate arriving after completion starts a new set that never completes.
    EXPECT_EQ(completed, 1);
  }
}

TEST(SmsReassemblerTest, TwoSetsInterleaved) {
  std::vector<SmsUserData> a = Segments(600, 1, 1);
  std::vector<SmsUserData> b = Segments(600, 2, 7);
  SmsReassembler reassembler;
  std::vector<std::vector<uint8_t>> done;
  for (size_t i = 0; i < a.size(); ++i) {
    for (const SmsUserData* s : {&b[a.size() - 1 - i], &a[i]}) {
      Result<std::optional<WdpDatagram>> r = reassembler.Add("+1", *s, 0);
      ASSERT_TRUE(r);
      if (r->has_value()) {
        done.push_back((*r)->payload);
      }
    }
  }
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0], Joined(b));
  EXPECT_EQ(done[1], Joined(a));
  // Same reference from two originators: two messages.
  SmsReassembler other;
  ASSERT_TRUE(other.Add("+1", a[0], 0));
  ASSERT_TRUE(other.Add("+2", a[0], 0));
  EXPECT_EQ(other.pending_sets(), 2u);
}

TEST(SmsReassemblerTest, RefusesInconsistentSegments) {
  std::vector<SmsUserData> a = Segments(600, 1, 1);
  SmsReassembler reassembler;
  ASSERT_TRUE(reassembler.Add("+1", a[0], 0));
  SmsUserData forged = a[0];
  forged.payload[3] ^= 1;
  Result<std::optional<WdpDatagram>> r = reassembler.Add("+1", forged, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(reassembler.pending_sets(), 0u);  // the whole message is dropped
  EXPECT_EQ(reassembler.dropped(), 1u);

  ASSERT_TRUE(reassembler.Add("+1", a[0], 0));
  SmsUserData other_port = a[1];
  other_port.ports = SmsPorts{2949, 9200};
  EXPECT_EQ(reassembler.Add("+1", other_port, 0).error().code, ErrorCode::kMalformed);

  SmsUserData bad = a[0];
  bad.concat->sequence = 9;
  EXPECT_EQ(reassembler.Add("+1", bad, 0).error().code, ErrorCode::kMalformed);
  bad.concat->total = 0;
  bad.concat->sequence = 0;
  EXPECT_EQ(reassembler.Add("+1", bad, 0).error().code, ErrorCode::kMalformed);
}

TEST(SmsReassemblerTest, TimesOutAndBoundsMemory) {
  std::vector<SmsUserData> a = Segments(600, 1, 1);
  SmsReassembler reassembler(ReassemblyLimits{4, 1000, 1000});
  ASSERT_TRUE(reassembler.Add("+1", a[0], 0));
  EXPECT_EQ(reassembler.MissingOfOldest(), (std::vector<uint8_t>{2, 3, 4, 5}));
  EXPECT_EQ(reassembler.Expire(1000), 0u);
  EXPECT_EQ(reassembler.Expire(0), 0u);  // the clock went back: nothing expires
  EXPECT_EQ(reassembler.Expire(1001), 1u);
  EXPECT_EQ(reassembler.pending_sets(), 0u);
  // Segment 2 after the timeout starts over: it cannot complete with the expired segment 1.
  ASSERT_TRUE(reassembler.Add("+1", a[0], 0));
  Result<std::optional<WdpDatagram>> late = reassembler.Add("+1", a[1], 5000);
  ASSERT_TRUE(late);
  EXPECT_FALSE(late->has_value());
  EXPECT_EQ(reassembler.pending_sets(), 1u);

  // At most 4 sets: a fifth evicts the oldest.
  SmsReassembler bounded(ReassemblyLimits{4, 100000, 100000});
  for (uint16_t ref = 0; ref < 6; ++ref) {
    ASSERT_TRUE(bounded.Add("+1", Segments(600, ref, 0)[0], ref));
    EXPECT_LE(bounded.pending_sets(), 4u);
  }
  EXPECT_EQ(bounded.dropped(), 2u);
  // At most 1000 bytes: 8 segments of 128 octets cannot all be held.
  SmsReassembler small(ReassemblyLimits{64, 1000, 100000});
  std::vector<SmsUserData> big = Segments(1100, 3, 0);
  Result<std::optional<WdpDatagram>> r = Result<std::optional<WdpDatagram>>(std::nullopt);
  for (const SmsUserData& s : big) {
    r = small.Add("+1", s, 0);
    if (!r) {
      break;
    }
    EXPECT_LE(small.pending_bytes(), 1000u);
  }
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(small.pending_bytes(), 0u);
}

// Kannel 1.4.5 output captured from its fake SMSC (shared samples, kannel/mt.lines.sample): three
// PAP pushes of 13 SMS each and three sendota OMA CP pushes of one SMS.
std::vector<uint8_t> UrlDecode(std::string_view s) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() + 0 && HexDigitValue(s[i + 1]) >= 0 &&
               HexDigitValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<uint8_t>(HexDigitValue(s[i + 1]) * 16 + HexDigitValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(static_cast<uint8_t>(s[i]));
    }
  }
  return out;
}

TEST(SmsReassemblerTest, KannelOutputReassemblesAndDecodes) {
  std::vector<uint8_t> file = testing::ReadTestFile("dmboot/push/testdata/kannel_mt.lines");
  std::string text(file.begin(), file.end());
  SmsReassembler reassembler;
  std::vector<WspPush> pushes;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? text.size() : end + 1;
    std::vector<std::string> parts;
    for (size_t p = 0; p <= line.size();) {
      size_t q = line.find(' ', p);
      parts.push_back(line.substr(p, q == std::string::npos ? std::string::npos : q - p));
      p = q == std::string::npos ? line.size() + 1 : q + 1;
    }
    if (parts.size() < 6 || parts[2] != "udh" || parts[4] != "data") {
      continue;
    }
    std::vector<uint8_t> ud = UrlDecode(parts[3]);
    std::vector<uint8_t> data = UrlDecode(parts[5]);
    ud.insert(ud.end(), data.begin(), data.end());
    Result<SmsUserData> segment = DecodeUserData(ud);
    ASSERT_TRUE(segment) << segment.error().message;
    Result<std::optional<WdpDatagram>> r = reassembler.Add(parts[0], *segment, 0);
    ASSERT_TRUE(r) << r.error().message;
    if (r->has_value()) {
      EXPECT_EQ((*r)->ports->destination, kWapPushPort);
      Result<WspPush> push = DecodeWspPush((*r)->payload);
      ASSERT_TRUE(push) << push.error().message;
      pushes.push_back(std::move(*push));
    }
  }
  ASSERT_EQ(pushes.size(), 6u);
  for (int i = 0; i < 3; ++i) {
    const WspPush& pap = pushes[static_cast<size_t>(i)];
    EXPECT_EQ(pap.content_type.media, "application/vnd.syncml.dm+wbxml");
    EXPECT_FALSE(pap.content_type.media_code.has_value());
    EXPECT_FALSE(pap.content_type.sec.has_value());  // Kannel's PPG drops SEC and MAC
    EXPECT_EQ(pap.body.size(), 1485u);
    ASSERT_GE(pap.headers.size(), 4u);
  }
  EXPECT_EQ(pushes[0].application_id->code, 0u);  // "af 80 af 80" with the outer header
  EXPECT_EQ(pushes[1].application_id->code, kAppIdSyncmlDm);
  for (int i = 3; i < 6; ++i) {
    const WspPush& cp = pushes[static_cast<size_t>(i)];
    EXPECT_EQ(cp.content_type.media_code, kMediaConnectivityWbxml);
    ASSERT_TRUE(cp.content_type.sec.has_value());
    EXPECT_EQ(cp.content_type.sec->code, i == 3 ? 1u : 0u);
    ASSERT_EQ(cp.content_type.macs.size(), 1u);
    EXPECT_EQ(cp.content_type.macs[0].size(), 40u);
    EXPECT_FALSE(cp.application_id.has_value());
  }
  EXPECT_EQ(pushes[3].content_type.macs.at(0), "0AFF7271EA9EAAE692A067EC3EED9D6BDFF7783F");
}

// One datagram's segments as TPDUs: the UD of each is its segment, TP-MMS says "more" on every
// SMS-DELIVER but the last, and an SMS-SUBMIT's TP-MR counts up.
TEST(SmsTest, EncodeSmsTpdusWrapsEverySegment) {
  std::vector<uint8_t> pdu(300, 0x5a);  // 3 SMS of at most 128 payload octets (UDH 12)
  Result<std::vector<SmsUserData>> segments = SegmentForSms(pdu, SegmentOptions{{}, 9, false});
  ASSERT_TRUE(segments);
  ASSERT_EQ(segments->size(), 3u);
  SmsTpdu like;
  like.address = "+358401234567";
  Result<std::vector<std::vector<uint8_t>>> delivers = EncodeSmsTpdus(*segments, like);
  ASSERT_TRUE(delivers) << delivers.error().message;
  ASSERT_EQ(delivers->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    Result<SmsTpdu> t = DecodeSmsTpdu((*delivers)[i]);
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->type, SmsTpduType::kDeliver);
    EXPECT_EQ(t->address, "+358401234567");
    EXPECT_TRUE(t->has_udh);
    EXPECT_EQ(t->more_messages, i < 2) << i;
    EXPECT_EQ(t->user_data, *EncodeUserData((*segments)[i]));
  }
  like.type = SmsTpduType::kSubmit;
  like.message_reference = 7;
  Result<std::vector<std::vector<uint8_t>>> submits = EncodeSmsTpdus(*segments, like);
  ASSERT_TRUE(submits);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(DecodeSmsTpdu((*submits)[i])->message_reference, 7 + i);
  }
  like.address = "not a number";
  EXPECT_EQ(EncodeSmsTpdus(*segments, like).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace dmboot::push

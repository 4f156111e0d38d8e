#include "dmboot/push/pcap.h"

#include <gtest/gtest.h>

#include <vector>

#include "dmboot/core/hex.h"
#include "dmboot/push/udp.h"
#include "testing/test_data.h"

namespace dmboot::push {
namespace {

std::vector<uint8_t> SamplePdu() {
  return testing::ReadTestFile("dmboot/push/testdata/push_wellknown.wsp");
}

// The shared samples were written by mk_push_pcap.py (Python) and read by tshark.
TEST(PcapTest, ReadsTheSharedUdpSample) {
  for (const char* name : {"push_udp_wellknown.pcap", "push_udp_text.pcap"}) {
    std::vector<uint8_t> file = testing::ReadTestFile(std::string("dmboot/push/testdata/") + name);
    Result<PcapFile> pcap = ReadPcap(file);
    ASSERT_TRUE(pcap) << pcap.error().message;
    EXPECT_EQ(pcap->link_type, PcapLinkType::kEthernet);
    ASSERT_EQ(pcap->records.size(), 1u);
    EXPECT_EQ(pcap->records[0].seconds, 1700000000u);
    Result<ExtractedPdu> ip = ExtractRecord(pcap->raw_link_type, pcap->records[0].data);
    ASSERT_TRUE(ip) << ip.error().message;
    EXPECT_EQ(ip->dissector, "ip");
    Result<UdpDatagram> udp = DecodeIpv4Udp(ip->payload);
    ASSERT_TRUE(udp) << udp.error().message;
    EXPECT_EQ(udp->source_port, kWspSourcePort);
    EXPECT_EQ(udp->destination_port, kWapPushPort);
    EXPECT_EQ(udp->source_address, (std::array<uint8_t, 4>{127, 0, 0, 1}));
    if (std::string(name) == "push_udp_wellknown.pcap") {
      EXPECT_EQ(udp->payload, SamplePdu());
    } else {
      EXPECT_EQ(udp->payload.size(), SamplePdu().size() + 31);
    }
  }
}

TEST(PcapTest, WritesTheSharedSmsSampleByteForByte) {
  std::vector<uint8_t> file = testing::ReadTestFile("dmboot/push/testdata/push_sms_segments.pcap");
  Result<PcapFile> pcap = ReadPcap(file);
  ASSERT_TRUE(pcap);
  std::vector<std::vector<uint8_t>> tpdus;
  for (const PcapRecord& r : pcap->records) {
    Result<ExtractedPdu> pdu = ExtractRecord(pcap->raw_link_type, r.data);
    ASSERT_TRUE(pdu);
    EXPECT_EQ(HexEncode(ExportedPdu("gsm_sms", pdu->payload)), HexEncode(r.data));
    tpdus.push_back(pdu->payload);
  }
  EXPECT_EQ(HexEncode(SmsPcap(tpdus)), HexEncode(file));
}

TEST(PcapTest, SubmitCarriesTheP2pDirection) {
  std::vector<uint8_t> submit = {0x41, 0x00, 0x00, 0x81, 0x00, 0x04, 0x00};
  std::vector<uint8_t> pcap = SmsPcap({submit});
  Result<PcapFile> read = ReadPcap(pcap);
  ASSERT_TRUE(read);
  EXPECT_EQ(HexEncode(read->records[0].data),
            "000c000867736d5f736d7300" "0023000400000001" "00000000" + HexEncode(submit));
  Result<ExtractedPdu> pdu = ExtractRecord(read->raw_link_type, read->records[0].data);
  ASSERT_TRUE(pdu);
  EXPECT_EQ(pdu->payload, submit);
}

TEST(PcapTest, Ipv4UdpRoundTripAndChecksums) {
  UdpDatagram datagram = WspPushDatagram(SamplePdu());
  datagram.source_address = {192, 0, 2, 1};
  datagram.destination_address = {198, 51, 100, 7};
  Result<std::vector<uint8_t>> packet = EncodeIpv4Udp(datagram);
  ASSERT_TRUE(packet);
  ASSERT_EQ(packet->size(), 20 + 8 + SamplePdu().size());
  // RFC 1071: the one's complement sum of a header with its checksum is 0xFFFF.
  auto sum = [](std::span<const uint8_t> b, uint32_t s) {
    for (size_t i = 0; i + 1 < b.size(); i += 2) {
      s += static_cast<uint32_t>((b[i] << 8) | b[i + 1]);
    }
    if (b.size() % 2 != 0) {
      s += static_cast<uint32_t>(b.back() << 8);
    }
    while (s >> 16) {
      s = (s & 0xFFFF) + (s >> 16);
    }
    return s;
  };
  EXPECT_EQ(sum(std::span<const uint8_t>(*packet).first(20), 0), 0xFFFFu);
  std::span<const uint8_t> udp = std::span<const uint8_t>(*packet).subspan(20);
  uint32_t pseudo = sum(std::span<const uint8_t>(*packet).subspan(12, 8), 0) + 17 +
                    static_cast<uint32_t>(udp.size());
  EXPECT_EQ(sum(udp, pseudo), 0xFFFFu);
  Result<UdpDatagram> back = DecodeIpv4Udp(*packet);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, datagram);

  std::vector<uint8_t> pcap = UdpPcap({*packet});
  Result<PcapFile> read = ReadPcap(pcap);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->link_type, PcapLinkType::kRaw);
  ASSERT_EQ(read->records.size(), 1u);
  EXPECT_EQ(read->records[0].data, *packet);

  UdpDatagram too_big;
  too_big.payload.assign(kMaxUdpPayloadLen + 1, 0);
  EXPECT_EQ(EncodeIpv4Udp(too_big).error().code, ErrorCode::kInvalidArgument);
}

TEST(PcapTest, NegativeVectors) {
  std::vector<uint8_t> pcap = UdpPcap({{0x45, 0x00}});
  for (size_t len = 0; len < 24; ++len) {
    EXPECT_FALSE(ReadPcap(std::span<const uint8_t>(pcap.data(), len))) << len;
  }
  std::vector<uint8_t> cut(pcap.begin(), pcap.end() - 1);
  EXPECT_EQ(ReadPcap(cut).error().code, ErrorCode::kTruncated);
  std::vector<uint8_t> bad_magic = pcap;
  bad_magic[0] = 0;
  EXPECT_EQ(ReadPcap(bad_magic).error().code, ErrorCode::kMalformed);
  std::vector<uint8_t> pcapng = {0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0};
  EXPECT_EQ(ReadPcap(pcapng).error().code, ErrorCode::kUnsupported);
  std::vector<uint8_t> huge = pcap;
  huge[24 + 8 + 3] = 0x7F;  // incl_len far past the snap length
  EXPECT_EQ(ReadPcap(huge).error().code, ErrorCode::kMalformed);

  Result<std::vector<uint8_t>> packet = EncodeIpv4Udp(WspPushDatagram(SamplePdu()));
  ASSERT_TRUE(packet);
  for (size_t len = 0; len < 28; ++len) {
    EXPECT_FALSE(DecodeIpv4Udp(std::span<const uint8_t>(packet->data(), len))) << len;
  }
  std::vector<uint8_t> tcp = *packet;
  tcp[9] = 6;
  EXPECT_EQ(DecodeIpv4Udp(tcp).error().code, ErrorCode::kUnsupported);
  std::vector<uint8_t> fragment = *packet;
  fragment[6] = 0x20;  // MF
  EXPECT_EQ(DecodeIpv4Udp(fragment).error().code, ErrorCode::kUnsupported);
  std::vector<uint8_t> v6 = *packet;
  v6[0] = 0x65;
  EXPECT_EQ(DecodeIpv4Udp(v6).error().code, ErrorCode::kMalformed);
  std::vector<uint8_t> udp_len = *packet;
  udp_len[24] = 0xFF;
  EXPECT_EQ(DecodeIpv4Udp(udp_len).error().code, ErrorCode::kMalformed);

  EXPECT_EQ(ExtractRecord(9999, *packet).error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(ExtractRecord(252, std::vector<uint8_t>{0, 12, 0, 8, 'g'}).error().code,
            ErrorCode::kTruncated);
  EXPECT_EQ(ExtractRecord(1, std::vector<uint8_t>(13, 0)).error().code, ErrorCode::kTruncated);
  std::vector<uint8_t> arp(14, 0);
  arp[12] = 0x08;
  arp[13] = 0x06;
  EXPECT_EQ(ExtractRecord(1, arp).error().code, ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace dmboot::push

#include "dmboot/push/udp.h"

#include "dmboot/core/byte_reader.h"
#include "dmboot/core/byte_writer.h"

namespace dmboot::push {
namespace {

constexpr uint8_t kIpProtocolUdp = 17;
constexpr size_t kIpv4HeaderLen = 20;
constexpr size_t kUdpHeaderLen = 8;

// RFC 1071 one's complement sum, continued over several spans.
uint32_t SumWords(std::span<const uint8_t> bytes, uint32_t sum) {
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    sum += static_cast<uint32_t>((bytes[i] << 8) | bytes[i + 1]);
  }
  if (bytes.size() % 2 != 0) {
    sum += static_cast<uint32_t>(bytes.back() << 8);
  }
  return sum;
}

uint16_t FoldChecksum(uint32_t sum) {
  while ((sum >> 16) != 0) {
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<uint16_t>(~sum & 0xFFFF);
}

}  // namespace

UdpDatagram WspPushDatagram(std::span<const uint8_t> wsp_pdu) {
  UdpDatagram datagram;
  datagram.payload.assign(wsp_pdu.begin(), wsp_pdu.end());
  return datagram;
}

Result<std::vector<uint8_t>> EncodeIpv4Udp(const UdpDatagram& datagram) {
  if (datagram.payload.size() > kMaxUdpPayloadLen) {
    return Fail(ErrorCode::kInvalidArgument, "UDP payload of " +
                                                 std::to_string(datagram.payload.size()) +
                                                 " octets, at most 65507");
  }
  const auto udp_len = static_cast<uint16_t>(kUdpHeaderLen + datagram.payload.size());
  ByteWriter ip;
  ip.WriteU8(0x45);  // version 4, IHL 5
  ip.WriteU8(0);
  ip.WriteBe16(static_cast<uint16_t>(kIpv4HeaderLen + udp_len));
  ip.WriteBe16(0);       // identification
  ip.WriteBe16(0x4000);  // DF, offset 0
  ip.WriteU8(64);
  ip.WriteU8(kIpProtocolUdp);
  ip.WriteBe16(0);  // checksum, below
  ip.WriteBytes(datagram.source_address);
  ip.WriteBytes(datagram.destination_address);
  std::vector<uint8_t> packet = ip.Take();
  uint16_t ip_checksum = FoldChecksum(SumWords(packet, 0));
  packet[10] = static_cast<uint8_t>(ip_checksum >> 8);
  packet[11] = static_cast<uint8_t>(ip_checksum & 0xFF);

  ByteWriter udp;
  udp.WriteBe16(datagram.source_port);
  udp.WriteBe16(datagram.destination_port);
  udp.WriteBe16(udp_len);
  udp.WriteBe16(0);
  udp.WriteBytes(datagram.payload);
  std::vector<uint8_t> segment = udp.Take();
  // RFC 768: the checksum covers a pseudo header (addresses, protocol, UDP length).
  uint32_t sum = SumWords(datagram.source_address, 0);
  sum = SumWords(datagram.destination_address, sum);
  sum += kIpProtocolUdp;
  sum += udp_len;
  uint16_t udp_checksum = FoldChecksum(SumWords(segment, sum));
  if (udp_checksum == 0) {
    udp_checksum = 0xFFFF;
  }
  segment[6] = static_cast<uint8_t>(udp_checksum >> 8);
  segment[7] = static_cast<uint8_t>(udp_checksum & 0xFF);
  packet.insert(packet.end(), segment.begin(), segment.end());
  return packet;
}

Result<UdpDatagram> DecodeIpv4Udp(std::span<const uint8_t> packet) {
  ByteReader reader(packet);
  Result<std::span<const uint8_t>> header = reader.ReadBytes(kIpv4HeaderLen);
  if (!header) {
    return header.error();
  }
  const std::span<const uint8_t> h = *header;
  if ((h[0] >> 4) != 4) {
    return Fail(ErrorCode::kMalformed, "IP version " + std::to_string(h[0] >> 4) + ", not 4");
  }
  size_t ihl = (h[0] & 0x0Fu) * 4;
  if (ihl < kIpv4HeaderLen) {
    return Fail(ErrorCode::kMalformed, "IPv4 header length " + std::to_string(ihl));
  }
  size_t total_len = static_cast<size_t>((h[2] << 8) | h[3]);
  if (total_len < ihl + kUdpHeaderLen) {
    return Fail(ErrorCode::kMalformed, "IPv4 total length " + std::to_string(total_len));
  }
  if (total_len > packet.size()) {
    return Fail(ErrorCode::kTruncated, "IPv4 total length " + std::to_string(total_len) +
                                           " past the " + std::to_string(packet.size()) +
                                           " captured octets");
  }
  if (h[9] != kIpProtocolUdp) {
    return Fail(ErrorCode::kUnsupported, "IP protocol " + std::to_string(h[9]) + ", not UDP");
  }
  if (((h[6] & 0x3F) | h[7]) != 0) {
    return Fail(ErrorCode::kUnsupported, "IPv4 fragment");
  }
  Result<void> options = reader.Skip(ihl - kIpv4HeaderLen);
  if (!options) {
    return options.error();
  }
  UdpDatagram datagram;
  std::copy(h.begin() + 12, h.begin() + 16, datagram.source_address.begin());
  std::copy(h.begin() + 16, h.begin() + 20, datagram.destination_address.begin());
  datagram.source_port = *reader.ReadBe16();
  datagram.destination_port = *reader.ReadBe16();
  uint16_t udp_len = *reader.ReadBe16();
  (void)reader.ReadBe16();
  if (udp_len < kUdpHeaderLen || udp_len > total_len - ihl) {
    return Fail(ErrorCode::kMalformed, "UDP length " + std::to_string(udp_len));
  }
  Result<std::vector<uint8_t>> payload = reader.ReadCopy(udp_len - kUdpHeaderLen);
  if (!payload) {
    return payload.error();
  }
  datagram.payload = std::move(*payload);
  return datagram;
}

}  // namespace dmboot::push

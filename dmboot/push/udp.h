#ifndef DMBOOT_PUSH_UDP_H_
#define DMBOOT_PUSH_UDP_H_

// WDP over UDP (WAP-259-WDP §6.3, the WAP over IP bearer): the WSP push PDU is the payload of one
// UDP datagram to port 2948. For captures and tests dmboot also builds and parses the IPv4 + UDP
// headers around it (RFC 791, RFC 768); sending is the caller's business (no I/O here).

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/push/sms.h"

namespace dmboot::push {

// UdpDatagram is one IPv4 UDP datagram.
struct UdpDatagram {
  std::array<uint8_t, 4> source_address = {127, 0, 0, 1};
  std::array<uint8_t, 4> destination_address = {127, 0, 0, 1};
  uint16_t source_port = kWspSourcePort;
  uint16_t destination_port = kWapPushPort;
  std::vector<uint8_t> payload;

  bool operator==(const UdpDatagram&) const = default;
};

// kMaxUdpPayloadLen is the largest payload one IPv4 UDP datagram carries (65535 - 20 - 8).
inline constexpr size_t kMaxUdpPayloadLen = 65507;

// WspPushDatagram returns the datagram that carries `wsp_pdu` to port 2948 from port 9200.
UdpDatagram WspPushDatagram(std::span<const uint8_t> wsp_pdu);

// EncodeIpv4Udp returns the IPv4 packet (20-octet header, no options, TTL 64, header and UDP
// checksums filled in). It fails with kInvalidArgument if the payload is over 65507 octets.
Result<std::vector<uint8_t>> EncodeIpv4Udp(const UdpDatagram& datagram);

// DecodeIpv4Udp parses an IPv4 packet carrying UDP. Checksums are not checked (captures often
// have offloaded ones). It fails with kTruncated if the packet is shorter than its lengths say,
// kMalformed on a bad version, header length or UDP length, and kUnsupported for another protocol
// or a fragment.
Result<UdpDatagram> DecodeIpv4Udp(std::span<const uint8_t> packet);

}  // namespace dmboot::push

#endif  // DMBOOT_PUSH_UDP_H_

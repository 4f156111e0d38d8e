#ifndef DMBOOT_PUSH_PCAP_H_
#define DMBOOT_PUSH_PCAP_H_

// Classic libpcap files (https://www.tcpdump.org/manpages/pcap-savefile.5.txt), so that Wireshark
// and tshark open every push dmboot sends: UDP pushes as raw IPv4 packets (LINKTYPE_RAW), SMS
// pushes as Wireshark "exported PDUs" (LINKTYPE_WIRESHARK_UPPER_PDU, wireshark
// epan/exported_pdu.h) naming the `gsm_sms` dissector, one SMS TPDU per record. The writer
// returns bytes; the caller writes the file. The reader is for `dmboot push decode --pcap`.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot::push {

// Link types of the pcap header (tcpdump.org LINKTYPE_ values).
enum class PcapLinkType : uint32_t {
  kEthernet = 1,
  kRaw = 101,  // raw IPv4/IPv6
  kLinuxSll = 113,
  kIpv4 = 228,
  kWiresharkUpperPdu = 252,
};

// PcapRecord is one captured packet.
struct PcapRecord {
  uint32_t seconds = 0;
  uint32_t microseconds = 0;
  std::vector<uint8_t> data;
};

// PcapWriter accumulates a pcap file in memory.
class PcapWriter {
 public:
  // PcapWriter starts a file of `link_type` with a 262144-octet snap length.
  explicit PcapWriter(PcapLinkType link_type);

  // Add appends one record with the time `seconds`.`microseconds`.
  void Add(std::span<const uint8_t> packet, uint32_t seconds, uint32_t microseconds = 0);

  // bytes returns the file so far.
  const std::vector<uint8_t>& bytes() const { return out_; }

 private:
  std::vector<uint8_t> out_;
};

// kP2pDirectionReceived is the value of the P2P-direction tag (35) under which Wireshark's
// `gsm_sms` dissector reads TP-MTI 01 as SMS-SUBMIT; without the tag it reads it as
// SMS-SUBMIT-REPORT (checked with tshark 4.0.17). TP-MTI 00 reads as SMS-DELIVER without it.
inline constexpr int32_t kP2pDirectionReceived = 1;

// ExportedPdu wraps `payload` for LINKTYPE_WIRESHARK_UPPER_PDU with the dissector-name tag (12)
// naming `dissector` (e.g. "gsm_sms"), padded to 4 octets, the P2P-direction tag (35) when
// `p2p_direction` is set, and the end-of-options tag.
std::vector<uint8_t> ExportedPdu(std::string_view dissector, std::span<const uint8_t> payload,
                                 std::optional<int32_t> p2p_direction = std::nullopt);

// SmsPcap returns a pcap of one exported `gsm_sms` PDU per TPDU in `tpdus`, one second apart
// from `start_seconds`; SMS-SUBMITs (TP-MTI 01) carry the P2P direction that makes Wireshark read
// them as such.
std::vector<uint8_t> SmsPcap(const std::vector<std::vector<uint8_t>>& tpdus,
                             uint32_t start_seconds = 1700000000);

// UdpPcap returns a pcap (LINKTYPE_RAW) of the IPv4 packets `packets`, one second apart.
std::vector<uint8_t> UdpPcap(const std::vector<std::vector<uint8_t>>& packets,
                             uint32_t start_seconds = 1700000000);

// PcapFile is a parsed pcap file.
struct PcapFile {
  PcapLinkType link_type = PcapLinkType::kRaw;
  uint32_t raw_link_type = 0;
  std::vector<PcapRecord> records;
};

// ReadPcap parses a classic pcap file of either byte order, with microsecond or nanosecond
// stamps. It fails with kMalformed on an unknown magic or a record longer than the snap length
// or 16 MiB, kTruncated if a record runs past the end, and kUnsupported for pcapng.
Result<PcapFile> ReadPcap(std::span<const uint8_t> file);

// ExtractedPdu is what a capture record carries for WAP push.
struct ExtractedPdu {
  // dissector is the exported PDU's dissector name ("gsm_sms", "ip", ...), or "ip" for a packet
  // of a link-layer type.
  std::string dissector;
  // payload is the exported PDU's payload, or the IP packet.
  std::vector<uint8_t> payload;
};

// ExtractRecord unwraps one record of `link_type`: the exported PDU's tags, or the Ethernet /
// Linux cooked header in front of an IPv4 packet. It fails with kTruncated or kMalformed on a
// bad header and kUnsupported on another link type or a non-IPv4 frame.
Result<ExtractedPdu> ExtractRecord(uint32_t link_type, std::span<const uint8_t> record);

}  // namespace dmboot::push

#endif  // DMBOOT_PUSH_PCAP_H_

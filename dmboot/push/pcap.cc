#include "dmboot/push/pcap.h"

#include <algorithm>
#include <string_view>

#include "dmboot/core/byte_reader.h"
#include "dmboot/core/byte_writer.h"

namespace dmboot::push {
namespace {

constexpr uint32_t kMagicMicro = 0xA1B2C3D4;
constexpr uint32_t kMagicNano = 0xA1B23C4D;
constexpr uint32_t kMagicPcapng = 0x0A0D0D0A;
constexpr uint32_t kSnapLen = 262144;
constexpr uint32_t kMaxRecordLen = 16u << 20;
// wireshark epan/exported_pdu.h.
constexpr uint16_t kTagEndOfOptions = 0;
constexpr uint16_t kTagDissectorName = 12;
constexpr uint16_t kTagP2pDirection = 35;
constexpr uint16_t kEtherTypeIpv4 = 0x0800;
constexpr uint16_t kEtherTypeVlan = 0x8100;

void WriteLe16(ByteWriter& w, uint16_t v) {
  w.WriteU8(static_cast<uint8_t>(v & 0xFF));
  w.WriteU8(static_cast<uint8_t>(v >> 8));
}

void WriteLe32(ByteWriter& w, uint32_t v) {
  for (int i = 0; i < 4; ++i) {
    w.WriteU8(static_cast<uint8_t>((v >> (8 * i)) & 0xFF));
  }
}

uint32_t Swap32(uint32_t v) {
  return ((v & 0xFF) << 24) | ((v & 0xFF00) << 8) | ((v >> 8) & 0xFF00) | (v >> 24);
}

}  // namespace

PcapWriter::PcapWriter(PcapLinkType link_type) {
  // Written little-endian: magic, version 2.4, thiszone, sigfigs, snaplen, network.
  ByteWriter w;
  WriteLe32(w, kMagicMicro);
  WriteLe16(w, 2);
  WriteLe16(w, 4);
  WriteLe32(w, 0);
  WriteLe32(w, 0);
  WriteLe32(w, kSnapLen);
  WriteLe32(w, static_cast<uint32_t>(link_type));
  out_ = w.Take();
}

void PcapWriter::Add(std::span<const uint8_t> packet, uint32_t seconds, uint32_t microseconds) {
  DMBOOT_CHECK(packet.size() <= kSnapLen);
  ByteWriter w;
  WriteLe32(w, seconds);
  WriteLe32(w, microseconds);
  WriteLe32(w, static_cast<uint32_t>(packet.size()));
  WriteLe32(w, static_cast<uint32_t>(packet.size()));
  w.WriteBytes(packet);
  std::span<const uint8_t> record = w.bytes();
  out_.insert(out_.end(), record.begin(), record.end());
}

std::vector<uint8_t> ExportedPdu(std::string_view dissector, std::span<const uint8_t> payload,
                                 std::optional<int32_t> p2p_direction) {
  ByteWriter w;
  size_t padded = (dissector.size() + 1 + 3) / 4 * 4;
  w.WriteBe16(kTagDissectorName);
  w.WriteBe16(static_cast<uint16_t>(padded));
  w.WriteText(dissector);
  for (size_t i = dissector.size(); i < padded; ++i) {
    w.WriteU8(0);
  }
  if (p2p_direction) {
    w.WriteBe16(kTagP2pDirection);
    w.WriteBe16(4);
    w.WriteBe32(static_cast<uint32_t>(*p2p_direction));
  }
  w.WriteBe16(kTagEndOfOptions);
  w.WriteBe16(0);
  w.WriteBytes(payload);
  return w.Take();
}

std::vector<uint8_t> SmsPcap(const std::vector<std::vector<uint8_t>>& tpdus,
                             uint32_t start_seconds) {
  PcapWriter writer(PcapLinkType::kWiresharkUpperPdu);
  uint32_t t = start_seconds;
  for (const std::vector<uint8_t>& tpdu : tpdus) {
    // TS 23.040 §9.2.3.1: TP-MTI 01 from the MS side is an SMS-SUBMIT.
    bool submit = !tpdu.empty() && (tpdu[0] & 0x03) == 0x01;
    writer.Add(ExportedPdu("gsm_sms", tpdu,
                           submit ? std::optional<int32_t>(kP2pDirectionReceived) : std::nullopt),
               t++);
  }
  return writer.bytes();
}

std::vector<uint8_t> UdpPcap(const std::vector<std::vector<uint8_t>>& packets,
                             uint32_t start_seconds) {
  PcapWriter writer(PcapLinkType::kRaw);
  uint32_t t = start_seconds;
  for (const std::vector<uint8_t>& packet : packets) {
    writer.Add(packet, t++);
  }
  return writer.bytes();
}

Result<PcapFile> ReadPcap(std::span<const uint8_t> file) {
  ByteReader reader(file);
  Result<uint32_t> magic_be = reader.ReadBe32();
  if (!magic_be) {
    return magic_be.error();
  }
  bool swap;  // true when the file is little-endian (fields read big-endian need swapping)
  if (*magic_be == kMagicMicro || *magic_be == kMagicNano) {
    swap = false;
  } else if (Swap32(*magic_be) == kMagicMicro || Swap32(*magic_be) == kMagicNano) {
    swap = true;
  } else if (*magic_be == kMagicPcapng) {
    return Fail(ErrorCode::kUnsupported, "pcapng file; save it as pcap");
  } else {
    return Fail(ErrorCode::kMalformed, "not a pcap file (magic)");
  }
  bool nano = (swap ? Swap32(*magic_be) : *magic_be) == kMagicNano;
  auto read32 = [&reader, swap]() -> Result<uint32_t> {
    Result<uint32_t> v = reader.ReadBe32();
    if (!v) {
      return v.error();
    }
    return swap ? Swap32(*v) : *v;
  };
  Result<void> skip = reader.Skip(12);  // version, thiszone, sigfigs
  if (!skip) {
    return skip.error();
  }
  Result<uint32_t> snaplen = read32();
  if (!snaplen) {
    return snaplen.error();
  }
  Result<uint32_t> network = read32();
  if (!network) {
    return network.error();
  }
  PcapFile out;
  out.raw_link_type = *network & 0x0FFFFFFF;
  out.link_type = static_cast<PcapLinkType>(out.raw_link_type);
  while (!reader.empty()) {
    size_t start = reader.offset();
    Result<uint32_t> sec = read32();
    Result<uint32_t> frac = sec ? read32() : sec;
    Result<uint32_t> incl = frac ? read32() : frac;
    Result<uint32_t> orig = incl ? read32() : incl;
    if (!orig) {
      return Fail(ErrorCode::kTruncated, "pcap record header at offset " + std::to_string(start));
    }
    if (*incl > kMaxRecordLen || (*snaplen != 0 && *incl > std::max(*snaplen, kSnapLen))) {
      return Fail(ErrorCode::kMalformed, "pcap record of " + std::to_string(*incl) +
                                             " octets at offset " + std::to_string(start));
    }
    Result<std::vector<uint8_t>> data = reader.ReadCopy(*incl);
    if (!data) {
      return data.error();
    }
    out.records.push_back(PcapRecord{*sec, nano ? *frac / 1000 : *frac, std::move(*data)});
  }
  return out;
}

Result<ExtractedPdu> ExtractRecord(uint32_t link_type, std::span<const uint8_t> record) {
  ByteReader reader(record);
  ExtractedPdu out;
  if (link_type == static_cast<uint32_t>(PcapLinkType::kWiresharkUpperPdu)) {
    while (true) {
      size_t start = reader.offset();
      Result<uint16_t> tag = reader.ReadBe16();
      Result<uint16_t> len = tag ? reader.ReadBe16() : tag;
      if (!len) {
        return Fail(ErrorCode::kTruncated, "exported PDU tag at offset " + std::to_string(start));
      }
      Result<std::span<const uint8_t>> value = reader.ReadBytes(*len);
      if (!value) {
        return Fail(ErrorCode::kTruncated,
                    "exported PDU tag value at offset " + std::to_string(start));
      }
      if (*tag == kTagEndOfOptions) {
        break;
      }
      if (*tag == kTagDissectorName) {
        out.dissector.assign(value->begin(), value->end());
        out.dissector.erase(out.dissector.find_last_not_of('\0') + 1);
      }
    }
    std::span<const uint8_t> rest = reader.ReadRest();
    out.payload.assign(rest.begin(), rest.end());
    return out;
  }
  uint16_t ether_type = kEtherTypeIpv4;
  if (link_type == static_cast<uint32_t>(PcapLinkType::kEthernet)) {
    if (!reader.Skip(12)) {
      return Fail(ErrorCode::kTruncated, "Ethernet header");
    }
    Result<uint16_t> type = reader.ReadBe16();
    if (type && *type == kEtherTypeVlan) {
      type = reader.Skip(2) ? reader.ReadBe16() : Result<uint16_t>(Fail(ErrorCode::kTruncated, ""));
    }
    if (!type) {
      return Fail(ErrorCode::kTruncated, "Ethernet header");
    }
    ether_type = *type;
  } else if (link_type == static_cast<uint32_t>(PcapLinkType::kLinuxSll)) {
    Result<uint16_t> type =
        reader.Skip(14) ? reader.ReadBe16() : Result<uint16_t>(Fail(ErrorCode::kTruncated, ""));
    if (!type) {
      return Fail(ErrorCode::kTruncated, "Linux cooked header");
    }
    ether_type = *type;
  } else if (link_type != static_cast<uint32_t>(PcapLinkType::kRaw) &&
             link_type != static_cast<uint32_t>(PcapLinkType::kIpv4)) {
    return Fail(ErrorCode::kUnsupported, "pcap link type " + std::to_string(link_type));
  }
  if (ether_type != kEtherTypeIpv4) {
    return Fail(ErrorCode::kUnsupported, "frame type " + std::to_string(ether_type) + ", not IPv4");
  }
  out.dissector = "ip";
  std::span<const uint8_t> rest = reader.ReadRest();
  out.payload.assign(rest.begin(), rest.end());
  return out;
}

}  // namespace dmboot::push

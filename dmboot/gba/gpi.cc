#include "dmboot/gba/gpi.h"

#include <string_view>

#include "dmboot/core/big_endian.h"
#include "dmboot/core/byte_reader.h"
#include "dmboot/core/byte_writer.h"
#include "dmboot/crypto/constant_time.h"
#include "dmboot/crypto/hmac.h"

namespace dmboot::gba {
namespace {

constexpr size_t kMaxShortField = 255;
constexpr size_t kTlvHeaderLength = 3;  // tag (1) ‖ length (2, big-endian)
constexpr size_t kMacTlvLength = kTlvHeaderLength + kGpiMacLength;

std::string TagName(uint8_t tag) {
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("0x") + kHex[tag >> 4] + kHex[tag & 0xf];
}

bool IsPrintable(std::span<const uint8_t> bytes) {
  for (uint8_t b : bytes) {
    if (b < 0x20 || b > 0x7e) {
      return false;
    }
  }
  return true;
}

std::span<const uint8_t> AsBytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

Result<void> CheckText(std::string_view what, std::string_view text) {
  if (text.empty() || text.size() > kMaxShortField) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + " must be 1..255 octets, got " + std::to_string(text.size()));
  }
  if (!IsPrintable(AsBytes(text))) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " must be printable ASCII");
  }
  return Ok();
}

// IsKnownCriticalTag reports whether `tag` is one of the GpiTag values of profile v1.
bool IsKnownCriticalTag(uint8_t tag) {
  return (tag >= static_cast<uint8_t>(GpiTag::kPTid) &&
          tag <= static_cast<uint8_t>(GpiTag::kUeIdentity)) ||
         tag == static_cast<uint8_t>(GpiTag::kMac);
}

void WriteTlv(ByteWriter& w, GpiTag tag, std::span<const uint8_t> value) {
  w.WriteU8(static_cast<uint8_t>(tag));
  w.WriteBe16(static_cast<uint16_t>(value.size()));
  w.WriteBytes(value);
}

class TlvGpiCodecV1 final : public GpiCodec {
 public:
  Result<std::vector<uint8_t>> Encode(const GbaPushInfo& info) const override;
  Result<GbaPushInfo> Decode(std::span<const uint8_t> bytes) const override;
  std::span<const uint8_t> MacInput(std::span<const uint8_t> bytes) const override {
    DMBOOT_CHECK(bytes.size() >= kMacTlvLength);
    return bytes.first(bytes.size() - kMacTlvLength);
  }
};

Result<std::vector<uint8_t>> TlvGpiCodecV1::Encode(const GbaPushInfo& info) const {
  if (info.p_tid.empty() || info.p_tid.size() > kMaxShortField) {
    return Fail(ErrorCode::kInvalidArgument,
                "P-TID must be 1..255 octets, got " + std::to_string(info.p_tid.size()));
  }
  if (info.app_lbl) {
    Result<void> ok = CheckText("App_Lbl", *info.app_lbl);
    if (!ok) {
      return ok.error();
    }
  }
  if (info.ue_identity) {
    Result<void> ok = CheckText("UE identity", info.ue_identity->value);
    if (!ok) {
      return ok.error();
    }
  }
  int previous = 0;
  for (const GpiExtension& ext : info.extensions) {
    if (ext.tag == 0 || ext.tag >= 0x80 || ext.tag <= previous) {
      return Fail(ErrorCode::kInvalidArgument,
                  "extension tags must be ascending, unique, 0x01..0x7f; got " + TagName(ext.tag));
    }
    if (ext.value.size() > 0xffff) {
      return Fail(ErrorCode::kInvalidArgument, "extension value longer than 65535 octets");
    }
    previous = ext.tag;
  }

  ByteWriter w;
  w.WriteU8(kGpiProfileVersion);
  for (const GpiExtension& ext : info.extensions) {
    w.WriteU8(ext.tag);
    w.WriteBe16(static_cast<uint16_t>(ext.value.size()));
    w.WriteBytes(ext.value);
  }
  WriteTlv(w, GpiTag::kPTid, info.p_tid);
  WriteTlv(w, GpiTag::kRand, info.rand.bytes);
  WriteTlv(w, GpiTag::kAutn, info.autn.bytes);
  WriteTlv(w, GpiTag::kNafId, info.naf_id.Bytes());
  if (info.app_lbl) {
    WriteTlv(w, GpiTag::kAppLbl, AsBytes(*info.app_lbl));
  }
  const uint8_t gba_type = static_cast<uint8_t>(info.gba_type);
  WriteTlv(w, GpiTag::kGbaType, std::span<const uint8_t>(&gba_type, 1));
  std::array<uint8_t, 8> expiry{};
  StoreBigEndian(info.key_expiry, expiry);
  WriteTlv(w, GpiTag::kKeyExpiry, expiry);
  if (info.ue_identity) {
    ByteWriter id;
    id.WriteU8(static_cast<uint8_t>(info.ue_identity->type));
    id.WriteText(info.ue_identity->value);
    WriteTlv(w, GpiTag::kUeIdentity, id.bytes());
  }
  WriteTlv(w, GpiTag::kMac, info.mac.bytes);
  return w.Take();
}

Error Malformed(std::string message) { return Fail(ErrorCode::kMalformed, std::move(message)); }

Error WrongLength(std::string_view field, size_t got) {
  return Malformed("GPI " + std::string(field) + " has a wrong length: " + std::to_string(got));
}

Result<GbaPushInfo> TlvGpiCodecV1::Decode(std::span<const uint8_t> bytes) const {
  ByteReader r(bytes);
  Result<uint8_t> version = r.ReadU8();
  if (!version) {
    return version.error();
  }
  if (*version != kGpiProfileVersion) {
    return Fail(ErrorCode::kUnsupported,
                "GPI profile version " + std::to_string(*version) + " is not supported");
  }
  std::optional<std::vector<uint8_t>> p_tid;
  std::optional<Rand> rand;
  std::optional<Autn> autn;
  std::optional<NafId> naf_id;
  std::optional<std::string> app_lbl;
  std::optional<GbaType> gba_type;
  std::optional<uint64_t> key_expiry;
  std::optional<UeIdentity> ue_identity;
  std::vector<GpiExtension> extensions;
  std::optional<GpiMac> mac;

  int previous = 0;
  while (!r.empty()) {
    const size_t at = r.offset();
    if (mac) {
      return Malformed("GPI has bytes after the MAC at offset " + std::to_string(at));
    }
    Result<uint8_t> tag = r.ReadU8();
    if (!tag) {
      return tag.error();
    }
    Result<uint16_t> len = r.ReadBe16();
    if (!len) {
      return len.error();
    }
    Result<std::span<const uint8_t>> value = r.ReadBytes(*len);
    if (!value) {
      return value.error();
    }
    if (*tag == 0x00 || *tag == 0x80) {
      return Malformed("GPI field tag " + TagName(*tag) + " is reserved (offset " +
                       std::to_string(at) + ")");
    }
    if (*tag <= previous) {
      return Malformed("GPI field " + TagName(*tag) + " is out of order or repeated (offset " +
                       std::to_string(at) + ")");
    }
    previous = *tag;
    if (*tag < 0x80) {
      extensions.push_back(GpiExtension{*tag, std::vector<uint8_t>(value->begin(), value->end())});
      continue;
    }
    const std::span<const uint8_t> v = *value;
    if (!IsKnownCriticalTag(*tag)) {
      // An unknown critical field refuses the whole GPI (docs/gpi-profile.md §1).
      return Fail(ErrorCode::kUnsupported, "GPI has an unknown critical field " + TagName(*tag));
    }
    switch (static_cast<GpiTag>(*tag)) {
      case GpiTag::kPTid:
        if (v.empty() || v.size() > kMaxShortField) {
          return WrongLength("P-TID", v.size());
        }
        p_tid.emplace(v.begin(), v.end());
        break;
      case GpiTag::kRand:
        if (v.size() != Rand::kLength) {
          return WrongLength("RAND", v.size());
        }
        rand = *Rand::FromSpan(v);
        break;
      case GpiTag::kAutn:
        if (v.size() != Autn::kLength) {
          return WrongLength("AUTN", v.size());
        }
        autn = *Autn::FromSpan(v);
        break;
      case GpiTag::kNafId: {
        Result<NafId> parsed = NafId::Parse(v);
        if (!parsed) {
          return parsed.error();
        }
        naf_id = std::move(*parsed);
        break;
      }
      case GpiTag::kAppLbl:
        if (v.empty() || v.size() > kMaxShortField || !IsPrintable(v)) {
          return Malformed("GPI App_Lbl must be 1..255 printable ASCII octets");
        }
        app_lbl.emplace(v.begin(), v.end());
        break;
      case GpiTag::kGbaType:
        if (v.size() != 1) {
          return WrongLength("GBA type", v.size());
        }
        if (v[0] == static_cast<uint8_t>(GbaType::kGbaMe)) {
          gba_type = GbaType::kGbaMe;
        } else if (v[0] == static_cast<uint8_t>(GbaType::kGbaU)) {
          gba_type = GbaType::kGbaU;
        } else {
          return Malformed("GPI GBA type " + std::to_string(v[0]) + " is unknown");
        }
        break;
      case GpiTag::kKeyExpiry:
        if (v.size() != 8) {
          return WrongLength("key expiry", v.size());
        }
        key_expiry = LoadBigEndian(v);
        break;
      case GpiTag::kUeIdentity: {
        if (v.size() < 2 || v.size() > kMaxShortField + 1 || !IsPrintable(v.subspan(1))) {
          return Malformed("GPI UE identity must be a type and 1..255 printable ASCII octets");
        }
        UeIdentity id;
        if (v[0] == static_cast<uint8_t>(UeIdType::kPrivate)) {
          id.type = UeIdType::kPrivate;
        } else if (v[0] == static_cast<uint8_t>(UeIdType::kPublic)) {
          id.type = UeIdType::kPublic;
        } else {
          return Malformed("GPI UE identity type " + std::to_string(v[0]) + " is unknown");
        }
        id.value.assign(v.begin() + 1, v.end());
        ue_identity = std::move(id);
        break;
      }
      case GpiTag::kMac:
        if (v.size() != kGpiMacLength) {
          return WrongLength("MAC", v.size());
        }
        mac = *GpiMac::FromSpan(v);
        break;
    }
  }
  if (!p_tid || !rand || !autn || !naf_id || !gba_type || !key_expiry || !mac) {
    return Malformed(
        "GPI lacks a mandatory field (P-TID, RAND, AUTN, NAF_Id, GBA type, key "
        "expiry and MAC are required)");
  }
  return GbaPushInfo{std::move(*p_tid),     *rand,     *autn,       std::move(*naf_id),
                     std::move(app_lbl),    *gba_type, *key_expiry, std::move(ue_identity),
                     std::move(extensions), *mac};
}

}  // namespace

const GpiCodec& GpiProfileV1() {
  static const TlvGpiCodecV1 codec;
  return codec;
}

NafKey DeriveGpiMacKey(const NafKey& ks_naf) {
  static constexpr uint8_t kLabel[] = {'d', 'm', 'b', 'o', 'o', 't', '-',
                                       'g', 'p', 'i', '-', 'm', 'a', 'c'};
  Result<crypto::SecretBytes> key = Kdf(ks_naf.Reveal(), kGbaNafFc, {kLabel});
  DMBOOT_CHECK(key.has_value());  // a 14-octet parameter cannot exceed the KDF limit
  return *NafKey::FromSpan(key->Reveal());
}

GpiMac ComputeGpiMac(const NafKey& ks_naf, std::span<const uint8_t> mac_input) {
  const NafKey k_gpi = DeriveGpiMacKey(ks_naf);
  crypto::HmacTag tag = crypto::HmacSha256(k_gpi.Reveal(), mac_input);
  GpiMac mac = *GpiMac::FromSpan(tag.span().first(kGpiMacLength));
  crypto::Cleanse(tag.bytes);
  return mac;
}

Result<void> VerifyGpiMac(const GpiCodec& codec, const NafKey& ks_naf,
                          std::span<const uint8_t> bytes, const GbaPushInfo& decoded) {
  const GpiMac expected = ComputeGpiMac(ks_naf, codec.MacInput(bytes));
  if (!crypto::ConstantTimeEquals(expected.bytes, decoded.mac.bytes)) {
    return Fail(ErrorCode::kAuthenticationFailed, "verification failed");
  }
  return Ok();
}

Result<std::vector<uint8_t>> EncodeGpiEnvelope(const GpiEnvelope& envelope) {
  Result<void> ok = CheckText("session id", envelope.session_id);
  if (!ok) {
    return ok.error();
  }
  if (envelope.gpi.size() > 0xffff) {
    return Fail(ErrorCode::kInvalidArgument, "GPI longer than 65535 octets");
  }
  ByteWriter w;
  w.WriteU8(kGpiEnvelopeVersion);
  w.WriteU8(static_cast<uint8_t>(envelope.session_id.size()));
  w.WriteText(envelope.session_id);
  w.WriteBe16(static_cast<uint16_t>(envelope.gpi.size()));
  w.WriteBytes(envelope.gpi);
  return w.Take();
}

Result<GpiEnvelope> DecodeGpiEnvelope(std::span<const uint8_t> bytes) {
  ByteReader r(bytes);
  Result<uint8_t> version = r.ReadU8();
  if (!version) {
    return version.error();
  }
  if (*version != kGpiEnvelopeVersion) {
    return Fail(ErrorCode::kUnsupported,
                "GPI envelope version " + std::to_string(*version) + " is not supported");
  }
  Result<uint8_t> sid_len = r.ReadU8();
  if (!sid_len) {
    return sid_len.error();
  }
  if (*sid_len == 0) {
    return Malformed("GPI envelope session id is empty");
  }
  Result<std::span<const uint8_t>> sid = r.ReadBytes(*sid_len);
  if (!sid) {
    return sid.error();
  }
  if (!IsPrintable(*sid)) {
    return Malformed("GPI envelope session id is not printable ASCII");
  }
  Result<uint16_t> gpi_len = r.ReadBe16();
  if (!gpi_len) {
    return gpi_len.error();
  }
  Result<std::vector<uint8_t>> gpi = r.ReadCopy(*gpi_len);
  if (!gpi) {
    return gpi.error();
  }
  if (!r.empty()) {
    return Malformed("GPI envelope has " + std::to_string(r.remaining()) + " trailing octets");
  }
  return GpiEnvelope{std::string(sid->begin(), sid->end()), std::move(*gpi)};
}

Result<GpiResponse> BuildGpi(const GpiRequest& request, const AuthVector& av,
                             const GpiCodec& codec) {
  const Ks ks = MakeKs(av.ck, av.ik);
  const NafKeyContext context{av.rand, request.impi, request.naf_id};
  Result<NafKey> ext = DeriveNafKey(ks, NafKeyKind::kExternal, context);
  if (!ext) {
    return ext.error();
  }
  std::optional<NafKey> internal;
  Autn autn = av.autn;
  switch (request.gba_type) {
    case GbaType::kGbaMe:
      break;
    case GbaType::kGbaU: {
      Result<NafKey> int_key = DeriveNafKey(ks, NafKeyKind::kInternal, context);
      if (!int_key) {
        return int_key.error();
      }
      internal = std::move(*int_key);
      autn = ToAutnStar(av.autn, av.ik);
      break;
    }
  }
  GbaPushInfo info{request.p_tid,
                   av.rand,
                   autn,
                   request.naf_id,
                   request.app_lbl,
                   request.gba_type,
                   request.key_expiry,
                   request.ue_identity,
                   {},
                   GpiMac{}};
  Result<std::vector<uint8_t>> encoded = codec.Encode(info);
  if (!encoded) {
    return encoded.error();
  }
  info.mac = ComputeGpiMac(*ext, codec.MacInput(*encoded));
  Result<std::vector<uint8_t>> signed_gpi = codec.Encode(info);
  if (!signed_gpi) {
    return signed_gpi.error();
  }
  return GpiResponse{std::move(*signed_gpi), std::move(*ext), std::move(internal)};
}

}  // namespace dmboot::gba

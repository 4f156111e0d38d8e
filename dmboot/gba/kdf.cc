#include "dmboot/gba/kdf.h"

#include "dmboot/core/byte_writer.h"
#include "dmboot/crypto/constant_time.h"
#include "dmboot/crypto/hmac.h"

namespace dmboot::gba {
namespace {

constexpr size_t kMaxFqdnLength = 253;

bool IsFqdnChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

Result<void> CheckFqdn(std::string_view fqdn) {
  if (fqdn.empty() || fqdn.size() > kMaxFqdnLength) {
    return Fail(ErrorCode::kInvalidArgument,
                "NAF FQDN must be 1..253 characters, got " + std::to_string(fqdn.size()));
  }
  for (size_t i = 0; i < fqdn.size(); ++i) {
    if (!IsFqdnChar(fqdn[i])) {
      return Fail(ErrorCode::kInvalidArgument,
                  "NAF FQDN has a character that is not a letter, digit, '-' or '.' at offset " +
                      std::to_string(i));
    }
  }
  if (fqdn.front() == '.' || fqdn.back() == '.' || fqdn.find("..") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "NAF FQDN has an empty label");
  }
  return Ok();
}

}  // namespace

Result<crypto::SecretBytes> Kdf(std::span<const uint8_t> key, uint8_t fc,
                                std::initializer_list<std::span<const uint8_t>> params) {
  ByteWriter s;
  s.WriteU8(fc);
  for (std::span<const uint8_t> p : params) {
    if (p.size() > kMaxKdfParamLength) {
      return Fail(ErrorCode::kInvalidArgument,
                  "KDF parameter longer than 65535 octets: " + std::to_string(p.size()));
    }
    s.WriteBytes(p);
    s.WriteBe16(static_cast<uint16_t>(p.size()));
  }
  crypto::HmacTag tag = crypto::HmacSha256(key, s.bytes());
  crypto::SecretBytes out(tag.span());
  crypto::Cleanse(tag.bytes);
  std::vector<uint8_t> s_bytes = s.Take();  // S holds no secret, but RAND-bound: wipe anyway
  crypto::Cleanse(s_bytes);
  return out;
}

Result<NafId> NafId::Create(std::string_view fqdn, const UaSecurityProtocolId& ua_id) {
  Result<void> ok = CheckFqdn(fqdn);
  if (!ok) {
    return ok.error();
  }
  return NafId(std::string(fqdn), ua_id);
}

Result<NafId> NafId::Parse(std::span<const uint8_t> bytes) {
  if (bytes.size() < 6) {
    return Fail(ErrorCode::kMalformed, "NAF_Id must be an FQDN and a 5-octet Ua id, got " +
                                           std::to_string(bytes.size()) + " octets");
  }
  const std::span<const uint8_t> fqdn = bytes.first(bytes.size() - 5);
  UaSecurityProtocolId ua_id{};
  for (size_t i = 0; i < 5; ++i) {
    ua_id[i] = bytes[fqdn.size() + i];
  }
  Result<NafId> out = Create(std::string(fqdn.begin(), fqdn.end()), ua_id);
  if (!out) {
    return Fail(ErrorCode::kMalformed, out.error().message);
  }
  return out;
}

std::vector<uint8_t> NafId::Bytes() const {
  std::vector<uint8_t> out(fqdn_.begin(), fqdn_.end());
  out.insert(out.end(), ua_id_.begin(), ua_id_.end());
  return out;
}

Result<std::string> ImpiFromImsi(std::string_view imsi, int mnc_digits) {
  if (imsi.size() < 6 || imsi.size() > 15) {
    return Fail(ErrorCode::kInvalidArgument,
                "IMSI must be 6..15 digits, got " + std::to_string(imsi.size()));
  }
  for (char c : imsi) {
    if (c < '0' || c > '9') {
      return Fail(ErrorCode::kInvalidArgument, "IMSI must be decimal digits only");
    }
  }
  if (mnc_digits != 2 && mnc_digits != 3) {
    return Fail(ErrorCode::kInvalidArgument,
                "MNC length must be 2 or 3, got " + std::to_string(mnc_digits));
  }
  // Built by append: g++ 12 -O3 reports a false -Wrestrict on `"literal" + std::string&&`.
  std::string impi(imsi);
  impi.append("@ims.mnc");
  if (mnc_digits == 2) {
    impi.push_back('0');
  }
  impi.append(imsi.substr(3, static_cast<size_t>(mnc_digits)));
  impi.append(".mcc");
  impi.append(imsi.substr(0, 3));
  impi.append(".3gppnetwork.org");
  return impi;
}

Ks MakeKs(const Ck& ck, const Ik& ik) {
  Ks ks;
  for (size_t i = 0; i < 16; ++i) {
    ks.RevealMutable()[i] = ck.Reveal()[i];
    ks.RevealMutable()[16 + i] = ik.Reveal()[i];
  }
  return ks;
}

Result<NafKey> DeriveNafKey(const Ks& ks, NafKeyKind kind, const NafKeyContext& context) {
  static constexpr uint8_t kGbaMe[] = {'g', 'b', 'a', '-', 'm', 'e'};
  static constexpr uint8_t kGbaU[] = {'g', 'b', 'a', '-', 'u'};
  std::span<const uint8_t> label;
  switch (kind) {
    case NafKeyKind::kExternal:
      label = kGbaMe;
      break;
    case NafKeyKind::kInternal:
      label = kGbaU;
      break;
  }
  const std::vector<uint8_t> naf_id = context.naf_id.Bytes();
  const std::span<const uint8_t> impi(reinterpret_cast<const uint8_t*>(context.impi.data()),
                                      context.impi.size());
  Result<crypto::SecretBytes> key =
      Kdf(ks.Reveal(), kGbaNafFc, {label, context.rand.bytes, impi, naf_id});
  if (!key) {
    return key.error();
  }
  return NafKey::FromSpan(key->Reveal());
}

}  // namespace dmboot::gba

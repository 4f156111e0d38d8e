#include "nf/demo/operator_keys.h"

#include <vector>

#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "nf/contracts/json_fields.h"

namespace dmboot::nf {
namespace {

// SecretFromHex decodes exactly T::kLength octets of hex into `T`, wiping the decoded buffer; the
// error names the field, never the value.
template <typename T>
Result<T> SecretFromHex(std::string_view hex, const char* name) {
  Result<std::vector<uint8_t>> bytes = HexDecode(hex);
  if (!bytes) {
    return Fail(ErrorCode::kInvalidArgument, std::string(name) + ": must be hex");
  }
  Result<T> out = T::FromSpan(*bytes);
  crypto::Cleanse(*bytes);
  return out;
}

}  // namespace

Result<NafSaFacts> ParseNafSaFacts(const Json& device) {
  auto it = device.find("naf_sa");
  if (it == device.end() || it->is_null()) {
    return Fail(ErrorCode::kNotFound, "naf_sa: the job has no NAF SA");
  }
  const Json& sa = *it;
  if (!sa.is_object()) {
    return Fail(ErrorCode::kMalformed, "naf_sa: must be an object");
  }
  Result<std::optional<std::string>> p_tid = contracts::JsonStringField(sa, "p_tid", true, ErrorCode::kMalformed);
  if (!p_tid) {
    return Fail(ErrorCode::kMalformed, "naf_sa." + p_tid.error().message);
  }
  Result<gba::Rand> rand = contracts::HexField<gba::Rand>(sa, "rand", ErrorCode::kMalformed);
  if (!rand) {
    return Fail(ErrorCode::kMalformed, "naf_sa." + rand.error().message);
  }
  Result<std::vector<uint8_t>> naf_id_bytes = contracts::HexBytesField(sa, "naf_id", 253 + 5, ErrorCode::kMalformed);
  if (!naf_id_bytes) {
    return Fail(ErrorCode::kMalformed, "naf_sa." + naf_id_bytes.error().message);
  }
  Result<gba::NafId> naf_id = gba::NafId::Parse(*naf_id_bytes);
  if (!naf_id) {
    return Fail(ErrorCode::kMalformed, "naf_sa.naf_id: " + naf_id.error().message);
  }
  auto expiry = sa.find("expiry_s");
  if (expiry == sa.end() || !expiry->is_number_integer()) {
    return Fail(ErrorCode::kMalformed, "naf_sa.expiry_s: must be an integer (unix seconds)");
  }
  return NafSaFacts{.p_tid = **p_tid,
                    .rand = *rand,
                    .naf_id = std::move(naf_id).value(),
                    .expiry_s = expiry->get<int64_t>()};
}

Result<GbaMeKeys> DeriveGbaMeKeys(const gba::SubscriberKeys& keys, std::string_view impi, const gba::Rand& rand,
                                  const gba::NafId& naf_id) {
  const gba::Milenage milenage = gba::Milenage::Create(keys);
  const gba::MilenageKeys out = milenage.F2345(rand);
  const gba::Ks ks = gba::MakeKs(out.ck, out.ik);
  Result<gba::NafKey> ks_naf =
      gba::DeriveNafKey(ks, gba::NafKeyKind::kExternal, gba::NafKeyContext{rand, std::string(impi), naf_id});
  if (!ks_naf) {
    return ks_naf.error();
  }
  return GbaMeKeys{.ck = out.ck, .ik = out.ik, .ks_naf = std::move(ks_naf).value()};
}

Result<gba::SubscriberKeys> SubscriberKeysFromHex(std::string_view k_hex, std::string_view opc_hex) {
  Result<gba::K> k = SecretFromHex<gba::K>(k_hex, "K");
  if (!k) {
    return k.error();
  }
  Result<gba::Opc> opc = SecretFromHex<gba::Opc>(opc_hex, "OPc");
  if (!opc) {
    return opc.error();
  }
  return gba::SubscriberKeys{.k = std::move(k).value(), .opc = std::move(opc).value()};
}

}  // namespace dmboot::nf

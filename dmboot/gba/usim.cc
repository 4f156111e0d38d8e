#include "dmboot/gba/usim.h"

#include "dmboot/crypto/constant_time.h"

namespace dmboot::gba {

Usim Usim::Create(const SubscriberKeys& keys, const UsimConfig& config) {
  return Usim(Milenage::Create(keys), config);
}

Result<std::variant<Usim::Checked, SyncFailure>> Usim::Check(const Rand& rand, const Autn& autn,
                                                             bool gba_u) {
  Checked checked{milenage_.F2345(rand), {}};
  checked.parts = OpenAutn(autn, checked.keys.ak);
  if (gba_u) {
    const MacA mask = GbaUMacMask(checked.keys.ik);  // MAC = MAC* ⊕ Trunc(SHA-1(IK))
    for (size_t i = 0; i < 8; ++i) {
      checked.parts.mac.bytes[i] ^= mask.bytes[i];
    }
  }
  const MilenageMacs xmac = milenage_.F1(rand, checked.parts.sqn, checked.parts.amf);
  if (!crypto::ConstantTimeEquals(xmac.mac_a.bytes, checked.parts.mac.bytes)) {
    return Fail(ErrorCode::kAuthenticationFailed, "verification failed");
  }
  if (!sqn_.IsFresh(checked.parts.sqn)) {
    return std::variant<Checked, SyncFailure>(
        SyncFailure{BuildAuts(milenage_, rand, sqn_.sqn_ms())});
  }
  if (config_.amf_policy.reject_separation_bit && (checked.parts.amf.bytes[0] & 0x80) != 0) {
    return Fail(ErrorCode::kRefused, "AMF separation bit is set (EPS-only vector)");
  }
  sqn_.Accept(checked.parts.sqn);
  return std::variant<Checked, SyncFailure>(std::move(checked));
}

Result<void> Usim::RestoreSqnState(std::span<const uint8_t> bytes) {
  Result<SqnArray> restored = SqnArray::Deserialize(bytes, config_.sqn_policy);
  if (!restored) {
    return restored.error();
  }
  sqn_ = *restored;
  return Ok();
}

Result<AkaResponse> Usim::Authenticate(const Rand& rand, const Autn& autn) {
  Result<std::variant<Checked, SyncFailure>> checked = Check(rand, autn, false);
  if (!checked) {
    return checked.error();
  }
  if (SyncFailure* sync = std::get_if<SyncFailure>(&*checked)) {
    return AkaResponse(*sync);
  }
  Checked& ok = std::get<Checked>(*checked);
  return AkaResponse(
      AkaSuccess{std::move(ok.keys.res), std::move(ok.keys.ck), std::move(ok.keys.ik)});
}

Result<GbaUBootstrapResponse> Usim::GbaUBootstrap(const Rand& rand, const Autn& autn_star) {
  Result<std::variant<Checked, SyncFailure>> checked = Check(rand, autn_star, true);
  if (!checked) {
    return checked.error();
  }
  if (SyncFailure* sync = std::get_if<SyncFailure>(&*checked)) {
    return GbaUBootstrapResponse(*sync);
  }
  Checked& ok = std::get<Checked>(*checked);
  gba_u_.emplace(GbaUState{rand, MakeKs(ok.keys.ck, ok.keys.ik)});
  return GbaUBootstrapResponse(GbaUBootstrapSuccess{std::move(ok.keys.res)});
}

Result<NafKey> Usim::GbaUDeriveNafKey(std::string_view impi, const NafId& naf_id) {
  if (!gba_u_) {
    return Fail(ErrorCode::kNotFound, "no GBA_U bootstrap on the UICC");
  }
  return DeriveNafKey(gba_u_->ks, NafKeyKind::kExternal,
                      NafKeyContext{gba_u_->rand, std::string(impi), naf_id});
}

Result<NafKey> Usim::GbaUIntNafKey(std::string_view impi, const NafId& naf_id) const {
  if (!gba_u_) {
    return Fail(ErrorCode::kNotFound, "no GBA_U bootstrap on the UICC");
  }
  return DeriveNafKey(gba_u_->ks, NafKeyKind::kInternal,
                      NafKeyContext{gba_u_->rand, std::string(impi), naf_id});
}

}  // namespace dmboot::gba

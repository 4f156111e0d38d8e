#include "dmboot/gba/ue.h"

#include <algorithm>

#include "dmboot/crypto/constant_time.h"

namespace dmboot::gba {
namespace {

bool SamePTid(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());  // public identifier
}

}  // namespace

Result<void> InMemoryNafSaStore::Put(NafSa sa) {
  if (Contains(sa.rand, sa.p_tid)) {
    return Fail(ErrorCode::kRefused, "a NAF SA with this RAND or P-TID already exists");
  }
  sas_.push_back(std::move(sa));
  return Ok();
}

bool InMemoryNafSaStore::Contains(const Rand& rand, std::span<const uint8_t> p_tid) const {
  return std::any_of(sas_.begin(), sas_.end(),
                     [&](const NafSa& sa) { return sa.rand == rand || SamePTid(sa.p_tid, p_tid); });
}

Result<NafSa> InMemoryNafSaStore::Find(std::span<const uint8_t> p_tid, uint64_t now) const {
  for (const NafSa& sa : sas_) {
    if (SamePTid(sa.p_tid, p_tid)) {
      if (now >= sa.expiry) {
        return Fail(ErrorCode::kRefused, "the NAF SA has expired");
      }
      return sa;
    }
  }
  return Fail(ErrorCode::kNotFound, "no NAF SA with this P-TID");
}

bool InMemoryNafSaStore::Drop(std::span<const uint8_t> p_tid) {
  auto it = std::find_if(sas_.begin(), sas_.end(),
                         [&](const NafSa& sa) { return SamePTid(sa.p_tid, p_tid); });
  if (it == sas_.end()) {
    return false;
  }
  sas_.erase(it);  // NafKey's destructor wipes the key
  return true;
}

size_t InMemoryNafSaStore::DropExpired(uint64_t now) {
  const size_t before = sas_.size();
  sas_.erase(
      std::remove_if(sas_.begin(), sas_.end(), [now](const NafSa& sa) { return now >= sa.expiry; }),
      sas_.end());
  return before - sas_.size();
}

Result<GpiOutcome> ProcessGpi(std::span<const uint8_t> bytes, uint64_t now,
                              const UeGbaConfig& config, Usim& usim, NafSaStore& store,
                              const GpiCodec& codec) {
  Result<GbaPushInfo> decoded = codec.Decode(bytes);
  if (!decoded) {
    return decoded.error();
  }
  const GbaPushInfo& gpi = *decoded;
  if (std::find(config.trusted_nafs.begin(), config.trusted_nafs.end(), gpi.naf_id) ==
      config.trusted_nafs.end()) {
    return Fail(ErrorCode::kRefused, "GPI NAF_Id is not on the trusted list");
  }
  if (gpi.gba_type == GbaType::kGbaU && !config.gba_u_capable) {
    return Fail(ErrorCode::kUnsupported, "GPI asks for GBA_U but the UICC does not support it");
  }
  if (now >= gpi.key_expiry) {
    return Fail(ErrorCode::kRefused, "GPI key lifetime has already expired");
  }
  if (store.Contains(gpi.rand, gpi.p_tid)) {
    return Fail(ErrorCode::kRefused, "replayed GPI: its RAND or P-TID is already in use");
  }

  NafKey key;
  switch (gpi.gba_type) {
    case GbaType::kGbaMe: {
      Result<AkaResponse> aka = usim.Authenticate(gpi.rand, gpi.autn);
      if (!aka) {
        return aka.error();
      }
      if (const SyncFailure* sync = std::get_if<SyncFailure>(&*aka)) {
        return GpiOutcome(GpiSyncFailure{gpi.rand, sync->auts});
      }
      const AkaSuccess& ok = std::get<AkaSuccess>(*aka);
      const Ks ks = MakeKs(ok.ck, ok.ik);  // disposable: wiped at end of scope
      Result<NafKey> derived =
          DeriveNafKey(ks, NafKeyKind::kExternal, NafKeyContext{gpi.rand, config.impi, gpi.naf_id});
      if (!derived) {
        return derived.error();
      }
      key = std::move(*derived);
      break;
    }
    case GbaType::kGbaU: {
      Result<GbaUBootstrapResponse> boot = usim.GbaUBootstrap(gpi.rand, gpi.autn);
      if (!boot) {
        return boot.error();
      }
      if (const SyncFailure* sync = std::get_if<SyncFailure>(&*boot)) {
        return GpiOutcome(GpiSyncFailure{gpi.rand, sync->auts});
      }
      Result<NafKey> derived = usim.GbaUDeriveNafKey(config.impi, gpi.naf_id);
      if (!derived) {
        return derived.error();
      }
      key = std::move(*derived);
      break;
    }
  }
  Result<void> mac_ok = VerifyGpiMac(codec, key, bytes, gpi);
  if (!mac_ok) {
    return mac_ok.error();
  }
  Result<void> stored = store.Put(
      NafSa{gpi.p_tid, gpi.rand, gpi.naf_id, std::move(key), gpi.key_expiry, gpi.gba_type});
  if (!stored) {
    return stored.error();
  }
  return GpiOutcome(GpiAccepted{gpi.p_tid});
}

}  // namespace dmboot::gba

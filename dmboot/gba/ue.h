#ifndef DMBOOT_GBA_UE_H_
#define DMBOOT_GBA_UE_H_

// The UE side of GBA Push (3GPP TS 33.223 §4.3.3, TS 24.109 §4A): GPI processing with the USIM,
// and the NAF SA store.

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/gba/gpi.h"
#include "dmboot/gba/kdf.h"
#include "dmboot/gba/types.h"
#include "dmboot/gba/usim.h"

namespace dmboot::gba {

// NafSa is a NAF security association on the UE (TS 33.223 §3): the P-TID that names it, the
// RAND (RAND@naf on the NAF side), the NAF_Id, the NAF key (Ks_NAF, or Ks_ext_NAF for GBA_U) and
// its expiry (seconds since the Unix epoch). The key is wiped when the SA is destroyed.
struct NafSa {
  std::vector<uint8_t> p_tid;
  Rand rand;
  NafId naf_id;
  NafKey key;
  uint64_t expiry = 0;
  GbaType gba_type = GbaType::kGbaMe;
};

// NafSaStore keeps the UE's NAF SAs. Implementations must wipe a key when its SA is dropped.
class NafSaStore {
 public:
  virtual ~NafSaStore() = default;
  // Put stores `sa`, or fails with kRefused if an SA with the same RAND or P-TID exists (expired
  // or not).
  virtual Result<void> Put(NafSa sa) = 0;
  // Contains reports whether an SA with `rand` or `p_tid` is stored (the replay filter).
  virtual bool Contains(const Rand& rand, std::span<const uint8_t> p_tid) const = 0;
  // Find returns a copy of the SA named `p_tid` if it is usable at `now` (now < expiry); kNotFound
  // if there is none, kRefused if it has expired.
  virtual Result<NafSa> Find(std::span<const uint8_t> p_tid, uint64_t now) const = 0;
  // Drop removes (and wipes) the SA named `p_tid`; returns whether one was removed.
  virtual bool Drop(std::span<const uint8_t> p_tid) = 0;
  // DropExpired removes (and wipes) every SA expired at `now`; returns how many.
  virtual size_t DropExpired(uint64_t now) = 0;
  virtual size_t size() const = 0;
};

// InMemoryNafSaStore is a NafSaStore in process memory.
class InMemoryNafSaStore final : public NafSaStore {
 public:
  Result<void> Put(NafSa sa) override;
  bool Contains(const Rand& rand, std::span<const uint8_t> p_tid) const override;
  Result<NafSa> Find(std::span<const uint8_t> p_tid, uint64_t now) const override;
  bool Drop(std::span<const uint8_t> p_tid) override;
  size_t DropExpired(uint64_t now) override;
  size_t size() const override { return sas_.size(); }

 private:
  std::vector<NafSa> sas_;
};

// UeGbaConfig is the device's GBA Push policy.
struct UeGbaConfig {
  std::string impi;                 // IMPI (from the ISIM, or ImpiFromImsi)
  std::vector<NafId> trusted_nafs;  // NAF_Ids this device accepts GPIs for (exact octets)
  bool gba_u_capable = false;       // the UICC supports GBA_U
};

// GpiAccepted: a NAF SA named `p_tid` was stored.
struct GpiAccepted {
  std::vector<uint8_t> p_tid;
};

// GpiSyncFailure: the USIM found the SQN stale; no SA. The application may send (RAND, AUTS) to
// the NAF so the BSF/HSS can resynchronise (Nbsp_GBA PushInfoRequest `rand` + `auts`).
struct GpiSyncFailure {
  Rand rand;
  Auts auts;
};

using GpiOutcome = std::variant<GpiAccepted, GpiSyncFailure>;

// ProcessGpi is the UE's processing of a received GPI `bytes` at time `now`, in this order:
// decode (unknown version or critical field: kUnsupported; bad bytes: kMalformed/kTruncated);
// NAF_Id on the trusted list (else kRefused); GBA type supported (else kUnsupported); lifetime
// not over (else kRefused); RAND and P-TID not already used by a stored SA (replay: kRefused);
// the USIM checks AUTN (or AUTN*): wrong MAC fails with kAuthenticationFailed, a stale SQN
// returns GpiSyncFailure; Ks_NAF (Ks_ext_NAF) is derived and Ks wiped; the GPI MAC is checked
// (kAuthenticationFailed); the NAF SA is stored. No SA exists after any failure.
Result<GpiOutcome> ProcessGpi(std::span<const uint8_t> bytes, uint64_t now,
                              const UeGbaConfig& config, Usim& usim, NafSaStore& store,
                              const GpiCodec& codec = GpiProfileV1());

}  // namespace dmboot::gba

#endif  // DMBOOT_GBA_UE_H_

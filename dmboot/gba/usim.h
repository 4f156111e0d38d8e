#ifndef DMBOOT_GBA_USIM_H_
#define DMBOOT_GBA_USIM_H_

// A USIM model: Milenage with K and OPc, an AMF policy and the SQN array (TS 33.102 §6.3.3,
// Annex C), with the 3G AUTHENTICATE and the GBA_U bootstrapping / NAF derivation modes
// (TS 31.102 §7.1.2, TS 33.220 §5.3.2 and Annex G).

#include <optional>
#include <string_view>
#include <variant>

#include "dmboot/core/result.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/kdf.h"
#include "dmboot/gba/milenage.h"
#include "dmboot/gba/sqn.h"
#include "dmboot/gba/types.h"

namespace dmboot::gba {

// AmfPolicy is what the USIM requires of the AMF it authenticates. With
// `reject_separation_bit`, an AMF whose first bit (the E-UTRAN separation bit, TS 33.401 §6.1.1)
// is set is refused: such vectors are bound to EPS and must not serve GBA.
struct AmfPolicy {
  bool reject_separation_bit = false;
};

struct UsimConfig {
  SqnPolicy sqn_policy;
  AmfPolicy amf_policy;
};

// AkaSuccess is the result of a successful 3G AUTHENTICATE: RES, CK, IK.
struct AkaSuccess {
  Res res;
  Ck ck;
  Ik ik;
};

// SyncFailure carries the AUTS the USIM returns when the MAC is right but the SQN is not fresh
// (TS 33.102 §6.3.3); no keys are released.
struct SyncFailure {
  Auts auts;
};

using AkaResponse = std::variant<AkaSuccess, SyncFailure>;

// GbaUBootstrapSuccess is the ME-visible result of GBA_U bootstrapping mode: RES only; CK, IK
// (Ks) stay on the UICC (TS 33.220 §5.3.2).
struct GbaUBootstrapSuccess {
  Res res;
};

using GbaUBootstrapResponse = std::variant<GbaUBootstrapSuccess, SyncFailure>;

// Usim is one simulated USIM application. Not thread-safe.
class Usim {
 public:
  static Usim Create(const SubscriberKeys& keys, const UsimConfig& config = {});

  // Authenticate runs AUTHENTICATE in 3G context (TS 33.102 §6.3.3): AK = f5(RAND); SQN from
  // AUTN; XMAC = f1(SQN, RAND, AMF) compared with MAC in constant time. A wrong MAC fails with
  // kAuthenticationFailed ("verification failed") and changes nothing. An SQN that is not fresh
  // returns SyncFailure{AUTS built from SQN_MS}. An AMF refused by the policy fails with kRefused.
  // Otherwise the SQN is recorded and RES, CK, IK are returned.
  Result<AkaResponse> Authenticate(const Rand& rand, const Autn& autn);

  // GbaUBootstrap runs GBA_U bootstrapping mode with AUTN* (TS 33.220 §5.3.2): MAC = MAC* ⊕
  // Trunc(SHA-1(IK)), then the same checks as Authenticate. On success Ks = CK ‖ IK and RAND are
  // kept on the card, replacing any earlier bootstrap; only RES is returned.
  Result<GbaUBootstrapResponse> GbaUBootstrap(const Rand& rand, const Autn& autn_star);

  // GbaUDeriveNafKey runs GBA_U NAF derivation mode (TS 33.220 G.2): it returns Ks_ext_NAF for
  // (`impi`, `naf_id`) and keeps Ks_int_NAF on the card. Fails with kNotFound if no GBA_U bootstrap
  // has succeeded, or kInvalidArgument for an over-long IMPI.
  Result<NafKey> GbaUDeriveNafKey(std::string_view impi, const NafId& naf_id);
  // GbaUIntNafKey returns Ks_int_NAF for a UICC-based application (never given to the ME in a real
  // card; exposed for UICC-side applications and tests). Same failures as GbaUDeriveNafKey.
  Result<NafKey> GbaUIntNafKey(std::string_view impi, const NafId& naf_id) const;

  const SqnArray& sqn_array() const { return sqn_; }
  // RestoreSqnState replaces the SQN array with a stored one (SqnArray::Serialize), keeping this
  // USIM's SqnPolicy; fails with kMalformed as SqnArray::Deserialize does, changing nothing.
  Result<void> RestoreSqnState(std::span<const uint8_t> bytes);

 private:
  struct Checked {
    MilenageKeys keys;
    AutnParts parts;
  };
  // Check verifies the MAC (for GBA_U after removing the Trunc(SHA-1(IK)) mask), the SQN
  // freshness and the AMF policy, and records the SQN when all pass.
  Result<std::variant<Checked, SyncFailure>> Check(const Rand& rand, const Autn& autn, bool gba_u);

  Usim(Milenage milenage, const UsimConfig& config)
      : milenage_(std::move(milenage)), config_(config), sqn_(config.sqn_policy) {}

  struct GbaUState {
    Rand rand;
    Ks ks;
  };

  Milenage milenage_;
  UsimConfig config_;
  SqnArray sqn_;
  std::optional<GbaUState> gba_u_;
};

}  // namespace dmboot::gba

#endif  // DMBOOT_GBA_USIM_H_

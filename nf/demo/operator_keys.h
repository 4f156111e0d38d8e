#ifndef DMBOOT_NF_DEMO_OPERATOR_KEYS_H_
#define DMBOOT_NF_DEMO_OPERATOR_KEYS_H_

// The demo is the operator's test harness: it provisioned every subscriber (K, OPc), so it can
// derive a device's GBA_ME keys from the public facts of a NAF SA (RAND, IMPI, NAF_Id) the way
// the USIM and the ME do (Milenage f3/f4, Ks = CK ‖ IK, Ks_NAF = KDF(Ks, "gba-me", RAND, IMPI,
// NAF_Id): TS 33.220 §4.5.2, B.3), as any second party that holds K would. No network function
// hands a key out for this: the DMS's GET /v1/devices/<imei> shows only the SA's public facts.

#include <cstdint>
#include <string>
#include <string_view>

#include "dmboot/core/result.h"
#include "dmboot/gba/kdf.h"
#include "dmboot/gba/milenage.h"
#include "dmboot/gba/types.h"
#include "nf/common/http.h"

namespace dmboot::nf {

// NafSaFacts are the public facts of a DMS job's NAF SA, as GET /v1/devices/<imei> shows them
// under "naf_sa": {"p_tid", "rand" (hex), "naf_id" (hex of FQDN ‖ Ua id), "expiry_s"}.
struct NafSaFacts {
  std::string p_tid;
  gba::Rand rand;
  gba::NafId naf_id;
  int64_t expiry_s = 0;
};

// ParseNafSaFacts reads the "naf_sa" object of a DMS device reply. Fails with kNotFound when the
// reply has none (a legacy job, or no GPI yet) and kMalformed naming the field that is wrong.
Result<NafSaFacts> ParseNafSaFacts(const Json& device);

// GbaMeKeys are the keys a GBA_ME bootstrap with one RAND yields on both sides.
struct GbaMeKeys {
  gba::Ck ck;
  gba::Ik ik;
  gba::NafKey ks_naf;
};

// DeriveGbaMeKeys returns CK, IK (Milenage f3, f4 of `rand` under `keys`) and
// Ks_NAF = KDF(CK ‖ IK, FC 0x01, "gba-me", RAND, IMPI, NAF_Id) (TS 33.220 B.3); it fails with
// kInvalidArgument only for an IMPI longer than the KDF allows.
Result<GbaMeKeys> DeriveGbaMeKeys(const gba::SubscriberKeys& keys, std::string_view impi,
                                  const gba::Rand& rand, const gba::NafId& naf_id);

// SubscriberKeysFromHex parses K and OPc (32 hex digits each), or fails with kInvalidArgument
// naming which one (never its value).
Result<gba::SubscriberKeys> SubscriberKeysFromHex(std::string_view k_hex, std::string_view opc_hex);

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_DEMO_OPERATOR_KEYS_H_

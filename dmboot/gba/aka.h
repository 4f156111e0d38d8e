#ifndef DMBOOT_GBA_AKA_H_
#define DMBOOT_GBA_AKA_H_

// UMTS AKA pieces on top of Milenage (3GPP TS 33.102 §6.3): authentication vectors, AUTN,
// AUTS resynchronisation, and the GBA_U AUTN* of TS 33.220 §5.3.2.

#include "dmboot/core/result.h"
#include "dmboot/gba/milenage.h"
#include "dmboot/gba/types.h"

namespace dmboot::gba {

// kResyncAmf is AMF* = 0000, the dummy AMF of the resynchronisation MAC-S (TS 33.102 §6.3.3).
inline constexpr Amf kResyncAmf{};

// AuthVector is a quintet (TS 33.102 §6.3.2): RAND, XRES, CK, IK, AUTN.
struct AuthVector {
  Rand rand;
  Res xres;
  Ck ck;
  Ik ik;
  Autn autn;
};

// GenerateAuthVector returns the vector for (`rand`, `sqn`, `amf`) with AUTN = SQN⊕AK ‖ AMF ‖
// MAC-A (TS 33.102 §6.3.2). The caller allocates `sqn` (SqnGenerator) and `rand` (fresh random);
// this function has no state and cannot fail.
AuthVector GenerateAuthVector(const Milenage& subscriber, const Rand& rand, const Sqn& sqn,
                              const Amf& amf);

// AutnParts is an AUTN opened with AK: the SQN, the AMF and the MAC it carries.
struct AutnParts {
  Sqn sqn;
  Amf amf;
  MacA mac;
};

// BuildAutn returns (SQN ⊕ AK) ‖ AMF ‖ MAC.
Autn BuildAutn(const AutnParts& parts, const Ak& ak);
// OpenAutn splits `autn` and unconceals its SQN with `ak`.
AutnParts OpenAutn(const Autn& autn, const Ak& ak);

// BuildAuts returns AUTS = (SQN_MS ⊕ AK*) ‖ MAC-S with AK* = f5*(RAND) and MAC-S =
// f1*(SQN_MS, RAND, AMF* = 0000) (TS 33.102 §6.3.3): f1*, never f1, and the AMF zeroed.
Auts BuildAuts(const Milenage& subscriber, const Rand& rand, const Sqn& sqn_ms);

// VerifyAuts recovers SQN_MS from `auts` (sent in response to `rand`) and checks its MAC-S in
// constant time (TS 33.102 §6.3.5). It returns SQN_MS, or kAuthenticationFailed with the generic
// message "verification failed".
Result<Sqn> VerifyAuts(const Milenage& subscriber, const Rand& rand, const Auts& auts);

// GbaUMacMask returns Trunc(SHA-1(IK)), the first 64 bits of SHA-1 over IK, which GBA_U XORs
// onto MAC (TS 33.220 §5.3.2: MAC* = MAC ⊕ Trunc(SHA-1(IK)); our reading of "Trunc" is the
// leading 8 octets, docs/gba.md).
MacA GbaUMacMask(const Ik& ik);

// ToAutnStar returns AUTN* = SQN⊕AK ‖ AMF ‖ MAC* from `autn` (the BSF side of GBA_U). XOR is its
// own inverse, so the same call turns AUTN* back into AUTN once IK is known (the UICC side).
Autn ToAutnStar(const Autn& autn, const Ik& ik);

}  // namespace dmboot::gba

#endif  // DMBOOT_GBA_AKA_H_

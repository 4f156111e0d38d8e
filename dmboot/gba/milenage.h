#ifndef DMBOOT_GBA_MILENAGE_H_
#define DMBOOT_GBA_MILENAGE_H_

// Milenage, the 3GPP authentication and key generation functions f1, f1*, f2, f3, f4, f5, f5*
// (3GPP TS 35.206 §4), on AES-128 as the kernel (TS 35.206 §5, 35.207).

#include "dmboot/crypto/aes128.h"
#include "dmboot/gba/types.h"

namespace dmboot::gba {

// SubscriberKeys bundles a subscriber's long-term secrets: K and OPc (TS 35.206 §2.2).
struct SubscriberKeys {
  K k;
  Opc opc;
};

// ComputeOpc returns OPc = OP ⊕ E_K(OP) (TS 35.206 §4.1). OPc is what a USIM or an HSS stores;
// OP never has to leave the operator's key management.
Opc ComputeOpc(const K& k, const Op& op);

// MilenageMacs is the output of f1 / f1*: MAC-A = OUT1[0..63], MAC-S = OUT1[64..127].
struct MilenageMacs {
  MacA mac_a;
  MacS mac_s;
};

// MilenageKeys is the output of f2..f5*: RES (f2), CK (f3), IK (f4), AK (f5), AK* (f5*).
struct MilenageKeys {
  Res res;
  Ck ck;
  Ik ik;
  Ak ak;
  Ak ak_star;
};

// MilenageOutput is every Milenage output for one (RAND, SQN, AMF).
struct MilenageOutput {
  MacA mac_a;
  MacS mac_s;
  Res res;
  Ck ck;
  Ik ik;
  Ak ak;
  Ak ak_star;
};

// Milenage is one subscriber's Milenage instance: the AES-128 key schedule of K is expanded once
// by Create and reused for every call; OPc is kept with it. Each call costs one AES block for
// TEMP = E_K(RAND ⊕ OPc) plus one batched call for the OUTi blocks it needs. Not thread-safe
// (give each thread its own instance); every intermediate is wiped before returning.
class Milenage {
 public:
  static Milenage Create(const SubscriberKeys& keys);

  // F1 returns f1 (MAC-A) and f1* (MAC-S) of (`rand`, `sqn`, `amf`). For a resynchronisation MAC-S
  // the caller passes AMF* = 0000 (TS 33.102 §6.3.3); see BuildAuts.
  MilenageMacs F1(const Rand& rand, const Sqn& sqn, const Amf& amf) const;
  // F2345 returns RES, CK, IK, AK and AK* of `rand`.
  MilenageKeys F2345(const Rand& rand) const;
  // Compute returns all outputs at once (6 AES blocks, 2 cipher calls).
  MilenageOutput Compute(const Rand& rand, const Sqn& sqn, const Amf& amf) const;

 private:
  Milenage(crypto::Aes128 aes, const Opc& opc) : aes_(std::move(aes)), opc_(opc) {}

  crypto::Aes128 aes_;
  Opc opc_;
};

}  // namespace dmboot::gba

#endif  // DMBOOT_GBA_MILENAGE_H_

#include "dmboot/gba/aka.h"

#include <array>

#include "dmboot/crypto/constant_time.h"
#include "dmboot/crypto/sha.h"

namespace dmboot::gba {

AuthVector GenerateAuthVector(const Milenage& subscriber, const Rand& rand, const Sqn& sqn,
                              const Amf& amf) {
  MilenageOutput out = subscriber.Compute(rand, sqn, amf);
  AuthVector av;
  av.rand = rand;
  av.autn = BuildAutn(AutnParts{sqn, amf, out.mac_a}, out.ak);
  av.xres = std::move(out.res);
  av.ck = std::move(out.ck);
  av.ik = std::move(out.ik);
  return av;
}

Autn BuildAutn(const AutnParts& parts, const Ak& ak) {
  Autn autn;
  for (size_t i = 0; i < 6; ++i) {
    autn.bytes[i] = static_cast<uint8_t>(parts.sqn.bytes[i] ^ ak.Reveal()[i]);
  }
  autn.bytes[6] = parts.amf.bytes[0];
  autn.bytes[7] = parts.amf.bytes[1];
  for (size_t i = 0; i < 8; ++i) {
    autn.bytes[8 + i] = parts.mac.bytes[i];
  }
  return autn;
}

AutnParts OpenAutn(const Autn& autn, const Ak& ak) {
  AutnParts parts;
  for (size_t i = 0; i < 6; ++i) {
    parts.sqn.bytes[i] = static_cast<uint8_t>(autn.bytes[i] ^ ak.Reveal()[i]);
  }
  parts.amf.bytes = {autn.bytes[6], autn.bytes[7]};
  for (size_t i = 0; i < 8; ++i) {
    parts.mac.bytes[i] = autn.bytes[8 + i];
  }
  return parts;
}

Auts BuildAuts(const Milenage& subscriber, const Rand& rand, const Sqn& sqn_ms) {
  const MilenageKeys keys = subscriber.F2345(rand);
  const MilenageMacs macs = subscriber.F1(rand, sqn_ms, kResyncAmf);
  Auts auts;
  for (size_t i = 0; i < 6; ++i) {
    auts.bytes[i] = static_cast<uint8_t>(sqn_ms.bytes[i] ^ keys.ak_star.Reveal()[i]);
  }
  for (size_t i = 0; i < 8; ++i) {
    auts.bytes[6 + i] = macs.mac_s.bytes[i];
  }
  return auts;
}

Result<Sqn> VerifyAuts(const Milenage& subscriber, const Rand& rand, const Auts& auts) {
  const MilenageKeys keys = subscriber.F2345(rand);
  Sqn sqn_ms;
  for (size_t i = 0; i < 6; ++i) {
    sqn_ms.bytes[i] = static_cast<uint8_t>(auts.bytes[i] ^ keys.ak_star.Reveal()[i]);
  }
  const MilenageMacs macs = subscriber.F1(rand, sqn_ms, kResyncAmf);
  if (!crypto::ConstantTimeEquals(macs.mac_s.bytes,
                                  std::span<const uint8_t>(auts.bytes).subspan(6, 8))) {
    return Fail(ErrorCode::kAuthenticationFailed, "verification failed");
  }
  return sqn_ms;
}

MacA GbaUMacMask(const Ik& ik) {
  std::array<uint8_t, crypto::kSha1Length> digest = crypto::Sha1(ik.Reveal());
  MacA mask;
  for (size_t i = 0; i < 8; ++i) {
    mask.bytes[i] = digest[i];
  }
  crypto::Cleanse(digest);
  return mask;
}

Autn ToAutnStar(const Autn& autn, const Ik& ik) {
  const MacA mask = GbaUMacMask(ik);
  Autn out = autn;
  for (size_t i = 0; i < 8; ++i) {
    out.bytes[8 + i] ^= mask.bytes[i];
  }
  return out;
}

}  // namespace dmboot::gba

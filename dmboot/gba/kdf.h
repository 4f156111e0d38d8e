#ifndef DMBOOT_GBA_KDF_H_
#define DMBOOT_GBA_KDF_H_

// The generic key derivation function of 3GPP TS 33.220 Annex B and the GBA NAF keys built on it
// (Annex B.3), the NAF_Id (FQDN ‖ Ua security protocol id, Annex H) and the IMPI derived from an
// IMSI (TS 23.003 §13.3).

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/crypto/secret_bytes.h"
#include "dmboot/gba/types.h"

namespace dmboot::gba {

// kGbaNafFc is FC = 0x01, the function code of NAF-specific keys (TS 33.220 B.3).
inline constexpr uint8_t kGbaNafFc = 0x01;
// kMaxKdfParamLength is the largest Pi, whose length Li must fit two octets (TS 33.220 B.1).
inline constexpr size_t kMaxKdfParamLength = 65535;

// Kdf returns HMAC-SHA-256(`key`, S) with S = FC ‖ P0 ‖ L0 ‖ P1 ‖ L1 ‖ ... ‖ Pn ‖ Ln, each Li the
// length of Pi as 2 octets big-endian, after its Pi (TS 33.220 B.2). It fails with
// kInvalidArgument if a parameter is longer than 65535 octets.
Result<crypto::SecretBytes> Kdf(std::span<const uint8_t> key, uint8_t fc,
                                std::initializer_list<std::span<const uint8_t>> params);

// UaSecurityProtocolId is the 5-octet Ua security protocol identifier (TS 33.220 Annex H):
// an organization octet and 4 octets it allocates.
using UaSecurityProtocolId = std::array<uint8_t, 5>;

// kDefaultDmUaId is the id dmboot puts in an OMA DM NAF_Id by default: FF 00 00 00 01, in the
// private/experimental range (org octet 0xFF, TS 33.220 H.2), because no id for OMA DM is
// registered (docs/decisions.md). Configurable wherever a NafId is built.
inline constexpr UaSecurityProtocolId kDefaultDmUaId = {0xFF, 0x00, 0x00, 0x00, 0x01};

// NafId is the NAF identifier: the NAF's FQDN followed by the 5 raw octets of the Ua security
// protocol id (TS 33.220 §4.5.2, B.3). The FQDN is kept byte for byte as given, since it is KDF
// input and both ends must use identical octets.
class NafId {
 public:
  // Create validates `fqdn` (1..253 characters: letters, digits, '-', '.', no empty label) and
  // returns the NafId, or kInvalidArgument naming what is wrong.
  static Result<NafId> Create(std::string_view fqdn, const UaSecurityProtocolId& ua_id);
  // Parse splits the wire form FQDN ‖ Ua id (the last 5 octets) and validates it as Create does,
  // failing with kMalformed.
  static Result<NafId> Parse(std::span<const uint8_t> bytes);

  const std::string& fqdn() const { return fqdn_; }
  const UaSecurityProtocolId& ua_id() const { return ua_id_; }
  // Bytes returns FQDN ‖ Ua id, the KDF parameter P3.
  std::vector<uint8_t> Bytes() const;

  friend bool operator==(const NafId&, const NafId&) = default;

 private:
  NafId(std::string fqdn, const UaSecurityProtocolId& ua_id)
      : fqdn_(std::move(fqdn)), ua_id_(ua_id) {}
  std::string fqdn_;
  UaSecurityProtocolId ua_id_{};
};

// ImpiFromImsi returns the IMPI a UE without an ISIM derives from its IMSI (TS 23.003 §13.3):
// "<IMSI>@ims.mnc<MNC>.mcc<MCC>.3gppnetwork.org", the MNC padded to 3 digits with a leading
// zero. `mnc_digits` (2 or 3) is the MNC length, which the IMSI alone does not reveal (EF_AD).
// Fails with kInvalidArgument if `imsi` is not 6..15 digits or `mnc_digits` is not 2 or 3.
Result<std::string> ImpiFromImsi(std::string_view imsi, int mnc_digits);

// MakeKs returns Ks = CK ‖ IK (TS 33.220 §4.5.2).
Ks MakeKs(const Ck& ck, const Ik& ik);

// NafKeyKind picks the KDF label: kExternal is "gba-me" (Ks_NAF in GBA_ME, Ks_ext_NAF in GBA_U),
// kInternal is "gba-u" (Ks_int_NAF, kept on the UICC) (TS 33.220 B.3).
enum class NafKeyKind : uint8_t { kExternal = 0, kInternal = 1 };

// NafKeyContext bundles the public KDF inputs P1..P3: RAND, the IMPI and the NAF_Id.
struct NafKeyContext {
  Rand rand;
  std::string impi;
  NafId naf_id;
};

// DeriveNafKey returns KDF(Ks, FC = 0x01, label, RAND, IMPI, NAF_Id) (TS 33.220 B.3), or
// kInvalidArgument if the IMPI is longer than 65535 octets.
Result<NafKey> DeriveNafKey(const Ks& ks, NafKeyKind kind, const NafKeyContext& context);

}  // namespace dmboot::gba

#endif  // DMBOOT_GBA_KDF_H_

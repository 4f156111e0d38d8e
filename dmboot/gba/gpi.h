#ifndef DMBOOT_GBA_GPI_H_
#define DMBOOT_GBA_GPI_H_

// GBA Push Info (GPI, 3GPP TS 33.223 §4.3) in dmboot's GPI profile version 1, and the GPI
// envelope of TS 24.109 Annex J.3. The standard's byte layout was not available to us, so the
// layout is the project's own, specified in docs/gpi-profile.md and kept behind GpiCodec so a
// standard layout can replace it. NOT interoperable with third-party GBA Push implementations.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/kdf.h"
#include "dmboot/gba/types.h"

namespace dmboot::gba {

inline constexpr uint8_t kGpiProfileVersion = 1;
inline constexpr uint8_t kGpiEnvelopeVersion = 1;  // TS 24.109 J.3: version field = 1
inline constexpr size_t kGpiMacLength = 16;        // HMAC-SHA-256 truncated to 128 bits

// GpiTag is the tag octet of a GPI profile v1 field. Tags with the high bit set are critical: a
// decoder that does not know one refuses the GPI. Tags 0x01..0x7F are non-critical extensions,
// kept (and MAC-covered) but not interpreted.
enum class GpiTag : uint8_t {
  kPTid = 0x81,
  kRand = 0x82,
  kAutn = 0x83,
  kNafId = 0x84,
  kAppLbl = 0x85,
  kGbaType = 0x86,
  kKeyExpiry = 0x87,
  kUeIdentity = 0x88,
  kMac = 0xFF,
};

// GbaType says which keys the GPI sets up; the values are those of the UICC-ME AVP (TS 29.109).
enum class GbaType : uint8_t { kGbaMe = 0, kGbaU = 1 };

// UeIdType values follow the UE-Id-Type AVP (TS 29.109): private (IMPI) or public (IMPU).
enum class UeIdType : uint8_t { kPrivate = 0, kPublic = 1 };

struct UeIdentity {
  UeIdType type = UeIdType::kPrivate;
  std::string value;  // printable ASCII, 1..255 octets
  friend bool operator==(const UeIdentity&, const UeIdentity&) = default;
};

// GpiExtension is a non-critical field the decoder does not know.
struct GpiExtension {
  uint8_t tag = 0;  // 0x01..0x7F
  std::vector<uint8_t> value;
  friend bool operator==(const GpiExtension&, const GpiExtension&) = default;
};

struct GpiMacTag {
  static constexpr const char* kName = "GPI MAC";
};
using GpiMac = FixedBytes<kGpiMacLength, GpiMacTag>;

// GbaPushInfo is a decoded GPI: every field TS 33.223 names, and its MAC.
struct GbaPushInfo {
  std::vector<uint8_t> p_tid;  // 1..255 octets, chosen by the Push-NAF
  Rand rand;
  Autn autn;  // AUTN for GBA_ME, AUTN* for GBA_U
  NafId naf_id;
  std::optional<std::string> app_lbl;  // UICC application label, printable ASCII 1..255
  GbaType gba_type = GbaType::kGbaMe;
  uint64_t key_expiry = 0;  // NAF SA expiry: seconds since 1970-01-01T00:00:00Z
  std::optional<UeIdentity> ue_identity;
  std::vector<GpiExtension> extensions;  // ascending, unique tags 0x01..0x7F
  GpiMac mac;
};

// GpiCodec is the one interface to the GPI byte layout.
class GpiCodec {
 public:
  virtual ~GpiCodec() = default;
  // Encode returns the bytes of `info` including its `mac` field as is, or kInvalidArgument naming
  // the field out of range. Deterministic.
  virtual Result<std::vector<uint8_t>> Encode(const GbaPushInfo& info) const = 0;
  // Decode parses `bytes` strictly: kUnsupported for an unknown version or an unknown critical
  // field, kTruncated / kMalformed for anything else that is wrong (order, duplicates, lengths,
  // missing mandatory fields, trailing bytes). Decode(Encode(x)) == x, and a successful Decode
  // re-encodes to the same bytes.
  virtual Result<GbaPushInfo> Decode(std::span<const uint8_t> bytes) const = 0;
  // MacInput returns the part of the encoded GPI `bytes` the MAC covers. Call it only on bytes
  // that Decode accepted.
  virtual std::span<const uint8_t> MacInput(std::span<const uint8_t> bytes) const = 0;
};

// GpiProfileV1 returns the codec of docs/gpi-profile.md version 1.
const GpiCodec& GpiProfileV1();

// DeriveGpiMacKey returns K_gpi = KDF(Ks_NAF, FC = 0x01, "dmboot-gpi-mac") (the TS 33.220 Annex B
// KDF with a label of our own): a key used for the GPI MAC only, never for the bootstrap MAC,
// which is keyed with Ks_NAF itself (docs/decisions.md).
NafKey DeriveGpiMacKey(const NafKey& ks_naf);

// ComputeGpiMac returns the first 16 octets of HMAC-SHA-256(K_gpi, `mac_input`).
GpiMac ComputeGpiMac(const NafKey& ks_naf, std::span<const uint8_t> mac_input);

// VerifyGpiMac checks `decoded.mac` against the MAC of the received GPI `bytes` (which `codec`
// decoded into `decoded`) in constant time, or fails with kAuthenticationFailed "verification
// failed". The MAC is computed over the exact received octets.
Result<void> VerifyGpiMac(const GpiCodec& codec, const NafKey& ks_naf,
                          std::span<const uint8_t> bytes, const GbaPushInfo& decoded);

// GpiEnvelope is the TS 24.109 J.3 envelope: version (1), the session identifier the DM session
// will use, and the GPI.
struct GpiEnvelope {
  std::string session_id;  // printable ASCII, 1..255 octets
  std::vector<uint8_t> gpi;
  friend bool operator==(const GpiEnvelope&, const GpiEnvelope&) = default;
};

// EncodeGpiEnvelope returns version(1) ‖ len(session id, 1 octet) ‖ session id ‖ len(GPI, 2
// octets) ‖ GPI, or kInvalidArgument for an empty / over-long / non-printable session id or a GPI
// longer than 65535 octets.
Result<std::vector<uint8_t>> EncodeGpiEnvelope(const GpiEnvelope& envelope);
// DecodeGpiEnvelope parses that layout strictly (kUnsupported for another version; kTruncated,
// kMalformed otherwise). The GPI inside is returned undecoded.
Result<GpiEnvelope> DecodeGpiEnvelope(std::span<const uint8_t> bytes);

// GpiRequest is what a Push-NAF asks the BSF for (TS 33.223 §4.3.1, the Zpn / Nbsp_GBA fields).
struct GpiRequest {
  std::vector<uint8_t> p_tid;
  NafId naf_id;
  std::string impi;  // the KDF's P2: byte for byte what the UE will use
  GbaType gba_type = GbaType::kGbaMe;
  uint64_t key_expiry = 0;
  std::optional<std::string> app_lbl;
  std::optional<UeIdentity> ue_identity;
};

// GpiResponse is what the BSF returns to the NAF: the signed GPI bytes and the NAF keys.
struct GpiResponse {
  std::vector<uint8_t> gpi;
  NafKey ks_naf;                     // Ks_NAF (GBA_ME) or Ks_ext_NAF (GBA_U)
  std::optional<NafKey> ks_int_naf;  // GBA_U only
};

// BuildGpi is the BSF's GPI generation (TS 33.223 §4.3.2): Ks = CK ‖ IK from `av`, the NAF keys,
// AUTN (or AUTN* for GBA_U), and the GPI signed with K_gpi. Ks is wiped before returning. Fails
// with kInvalidArgument if a request field is out of the profile's range.
Result<GpiResponse> BuildGpi(const GpiRequest& request, const AuthVector& av,
                             const GpiCodec& codec = GpiProfileV1());

}  // namespace dmboot::gba

#endif  // DMBOOT_GBA_GPI_H_

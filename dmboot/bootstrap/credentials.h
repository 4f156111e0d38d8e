#ifndef DMBOOT_BOOTSTRAP_CREDENTIALS_H_
#define DMBOOT_BOOTSTRAP_CREDENTIALS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/crypto/secret_bytes.h"

namespace dmboot::bootstrap {

// Imsi is a validated IMSI: 6 to 15 decimal digits (3GPP TS 23.003 §2.2 allows up to 15).
class Imsi {
 public:
  static Result<Imsi> Parse(std::string_view digits);
  const std::string& digits() const { return digits_; }
  // SemiOctets returns the SIM's EF_IMSI value without its length byte (TS 31.102 §4.2.2, OMA
  // PROVBOOT NETWPIN): first byte = digit 1 in the high nibble and the parity/type nibble 9 (odd
  // count) or 1 (even); then two digits per byte, the earlier in the low nibble; an even count ends
  // with the filler F. 123456789012345 → 19 32 54 76 98 10 32 54.
  std::vector<uint8_t> SemiOctets() const;

 private:
  explicit Imsi(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

// Esn is a 32-bit CDMA Electronic Serial Number, given as 8 hex digits (docs/decisions.md: 4
// bytes, big-endian).
class Esn {
 public:
  static Result<Esn> Parse(std::string_view hex);
  const std::array<uint8_t, 4>& bytes() const { return bytes_; }

 private:
  explicit Esn(std::array<uint8_t, 4> bytes) : bytes_(bytes) {}
  std::array<uint8_t, 4> bytes_;
};

// Meid is a 56-bit Mobile Equipment Identifier, given as 14 hex digits (docs/decisions.md: 7
// bytes).
class Meid {
 public:
  static Result<Meid> Parse(std::string_view hex);
  const std::array<uint8_t, 7>& bytes() const { return bytes_; }

 private:
  explicit Meid(std::array<uint8_t, 7> bytes) : bytes_(bytes) {}
  std::array<uint8_t, 7> bytes_;
};

// NetworkIdentity is what NETWORKID keys are built from.
using NetworkIdentity = std::variant<Imsi, Esn, Meid>;

// NetworkIdFormat picks the byte form of the NETWORKID secret. Semi-octets (binary for ESN/MEID)
// is the default and what every interoperable peer uses; ASCII text exists only as an explicit
// option for peers that (wrongly) key with the digits.
enum class NetworkIdFormat {
  kBinary,  // IMSI semi-octets, ESN 4 bytes, MEID 7 bytes
  kAscii,   // the IMSI digits, or the ESN/MEID as upper-case hex text
};

// PinPolicy bounds the PINs a deployment accepts. There is no default PIN anywhere in dmboot.
struct PinPolicy {
  size_t min_length = 4;
  size_t max_length = 16;
  bool digits_only = true;
};

// Pin is a validated user PIN. It is secret: never printed.
class Pin {
 public:
  static Result<Pin> Parse(std::string_view text, const PinPolicy& policy = {});
  const crypto::SecretBytes& secret() const { return secret_; }

 private:
  explicit Pin(crypto::SecretBytes secret) : secret_(std::move(secret)) {}
  crypto::SecretBytes secret_;
};

// kKsNafLength is the length of Ks_NAF / Ks_ext_NAF (TS 33.220 Annex B: HMAC-SHA-256 output).
inline constexpr size_t kKsNafLength = 32;

// KsNaf is a validated NAF-specific key from GBA Push.
class KsNaf {
 public:
  static Result<KsNaf> Create(crypto::SecretBytes key);
  const crypto::SecretBytes& secret() const { return secret_; }

 private:
  explicit KsNaf(crypto::SecretBytes secret) : secret_(std::move(secret)) {}
  crypto::SecretBytes secret_;
};

// BootstrapCredentials is everything a key may be built from. Which fields a security type needs is
// decided in one place, DeriveBootstrapKey.
struct BootstrapCredentials {
  std::optional<NetworkIdentity> network_id;
  NetworkIdFormat network_id_format = NetworkIdFormat::kBinary;
  std::optional<Pin> pin;
  std::optional<KsNaf> ks_naf;
};

}  // namespace dmboot::bootstrap

#endif  // DMBOOT_BOOTSTRAP_CREDENTIALS_H_

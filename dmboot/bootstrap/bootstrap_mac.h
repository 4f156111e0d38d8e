#ifndef DMBOOT_BOOTSTRAP_BOOTSTRAP_MAC_H_
#define DMBOOT_BOOTSTRAP_BOOTSTRAP_MAC_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "dmboot/bootstrap/credentials.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/result.h"
#include "dmboot/crypto/hmac.h"

namespace dmboot::bootstrap {

// kMacHexLength is the length of the MAC text: HMAC-SHA1 as 40 hex digits (OMA DM Security §5.7).
inline constexpr size_t kMacHexLength = 40;

// BootstrapSigner computes bootstrap MACs for one security type and one set of credentials. The
// key is derived and the HMAC keyed once, so a server signing many documents for one device pays
// the key schedule once.
class BootstrapSigner {
 public:
  // Create derives the key (DeriveBootstrapKey); it fails as that function does.
  static Result<BootstrapSigner> Create(SecurityType type, const BootstrapCredentials& credentials);

  // Sign returns the MAC text for the exact bytes `wbxml`: 40 upper-case hex digits of
  // HMAC-SHA1(key, wbxml); for USERPINMAC, the n decimal digits m with
  // m_i = (M_i mod 10) + '0' where n is the length of K (OMA PROVBOOT 1.1).
  std::string Sign(std::span<const uint8_t> wbxml);

  SecurityType type() const { return type_; }

 private:
  BootstrapSigner(SecurityType type, crypto::Hmac hmac, size_t pin_mac_digits)
      : type_(type), hmac_(std::move(hmac)), pin_mac_digits_(pin_mac_digits) {}

  SecurityType type_;
  crypto::Hmac hmac_;
  size_t pin_mac_digits_;  // USERPINMAC only
};

// ComputeBootstrapMac returns BootstrapSigner::Sign for a single document.
Result<std::string> ComputeBootstrapMac(SecurityType type, const BootstrapCredentials& credentials,
                                        std::span<const uint8_t> wbxml);

// VerifyBootstrapMac checks `mac_text` against the exact bytes `wbxml`. For the HMAC types the
// text must be 40 hex digits (either case); for USERPINMAC the `pin` credential is the whole user
// string K ‖ m (2n digits) and `mac_text` is ignored, as PROVBOOT verifies m. Any mismatch — empty,
// short, long or non-hex MAC, or a wrong value — fails with kAuthenticationFailed and the one
// message "verification failed"; the comparison is constant-time. A missing credential fails with
// kInvalidArgument before any MAC is computed.
Result<void> VerifyBootstrapMac(SecurityType type, const BootstrapCredentials& credentials,
                                std::span<const uint8_t> wbxml, std::string_view mac_text);

// VerificationFailed is the one error every failed check returns.
Error VerificationFailed();

}  // namespace dmboot::bootstrap

#endif  // DMBOOT_BOOTSTRAP_BOOTSTRAP_MAC_H_

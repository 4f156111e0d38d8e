#ifndef DMBOOT_BOOTSTRAP_VERIFIER_H_
#define DMBOOT_BOOTSTRAP_VERIFIER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string_view>

#include "dmboot/bootstrap/content_type.h"
#include "dmboot/bootstrap/credentials.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/result.h"

namespace dmboot::bootstrap {

// DeviceCredentials is what a device can key a bootstrap with. The PIN and Ks_NAF are fetched only
// when the received SEC type needs them.
struct DeviceCredentials {
  std::optional<NetworkIdentity> network_id;  // from the USIM (IMSI) or the handset (ESN/MEID)
  NetworkIdFormat network_id_format = NetworkIdFormat::kBinary;
  // Asks the user for the PIN (for USERPINMAC: the whole user string K ‖ m).
  std::function<Result<Pin>()> pin_supplier;
  // Returns Ks_NAF of the device's current NAF security association with the pushing server.
  std::function<Result<KsNaf>()> ks_naf_lookup;
};

// DefaultAllowedTypes returns the types of kSecurityTypes marked allowed_by_default: every signed
// type except the IMSI/ESN-only ones (NETWORKID, NETWPIN), whose "secret" any app or IMSI catcher
// can learn.
std::set<SecurityType> DefaultAllowedTypes();

// VerificationPolicy is what a device accepts. The defaults fail closed (DefaultAllowedTypes); a
// deployment that trusts its bearer enables the IMSI/ESN-only types explicitly.
struct VerificationPolicy {
  std::set<SecurityType> allowed = DefaultAllowedTypes();
  // PIN-keyed bootstraps are refused after this many consecutive failures.
  unsigned max_pin_failures = 3;
};

// PinAttemptCounter is the device's count of consecutive failed PIN-keyed verifications. It
// outlives single bootstraps (the device persists it); once locked, PIN types are refused without
// computing anything, which bounds online guessing.
class PinAttemptCounter {
 public:
  unsigned failures() const { return failures_; }
  bool locked(const VerificationPolicy& policy) const { return failures_ >= policy.max_pin_failures; }
  void RecordFailure() { ++failures_; }
  void RecordSuccess() { failures_ = 0; }
  // Reset is for an explicit unlock by the user or the operator.
  void Reset() { failures_ = 0; }

 private:
  unsigned failures_ = 0;
};

// VerifyBootstrapBytes decides whether the received `wbxml` bytes, announced with the typed
// Content-Type `header` (ParseContentType, or provision::ReceivedContentType for a push), come
// from an authorized server. It looks only at the bytes and the header (nothing is decoded before
// the MAC verifies) and fails closed:
//   - kRefused for no SEC or a type `policy` does not allow;
//   - kRefused when a PIN type arrives while `attempts` is locked;
//   - kInvalidArgument when the device lacks the credential the type needs;
//   - kAuthenticationFailed ("verification failed") for any MAC that does not verify: wrong,
//     missing, empty, repeated, truncated or not hex (a PIN-type failure is counted in
//     `attempts`).
// On success it returns the verified security type and resets `attempts` for PIN types.
Result<SecurityType> VerifyBootstrapBytes(std::span<const uint8_t> wbxml,
                                          const BootstrapContentType& header,
                                          const DeviceCredentials& credentials,
                                          const VerificationPolicy& policy,
                                          PinAttemptCounter& attempts);

// VerifyBootstrapBytes with a textual Content-Type (OMA DM Security §5.7) reads it with
// ParseContentType first: a bad header, an XML media type, an unknown SEC or a SEC of the other
// media family fails as that function says, and nothing else is done.
Result<SecurityType> VerifyBootstrapBytes(std::span<const uint8_t> wbxml,
                                          std::string_view content_type,
                                          const DeviceCredentials& credentials,
                                          const VerificationPolicy& policy,
                                          PinAttemptCounter& attempts);

}  // namespace dmboot::bootstrap

#endif  // DMBOOT_BOOTSTRAP_VERIFIER_H_

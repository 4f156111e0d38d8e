#include "dmboot/bootstrap/verifier.h"

#include <string>

#include "dmboot/bootstrap/bootstrap_mac.h"
#include "dmboot/bootstrap/content_type.h"

namespace dmboot::bootstrap {

std::set<SecurityType> DefaultAllowedTypes() {
  std::set<SecurityType> out;
  for (const SecurityTypeInfo& row : kSecurityTypes) {
    if (row.allowed_by_default) {
      out.insert(row.type);
    }
  }
  return out;
}

Result<SecurityType> VerifyBootstrapBytes(std::span<const uint8_t> wbxml,
                                          const BootstrapContentType& header,
                                          const DeviceCredentials& credentials,
                                          const VerificationPolicy& policy,
                                          PinAttemptCounter& attempts) {
  if (!header.sec) {
    return Fail(ErrorCode::kRefused, "unsigned bootstrap refused: the Content-Type has no SEC");
  }
  const SecurityType type = *header.sec;
  const std::string name(SecurityTypeName(type));
  if (policy.allowed.count(type) == 0) {
    return Fail(ErrorCode::kRefused, "SEC=" + name + " is not allowed by the device policy");
  }
  if (NeedsPin(type) && attempts.locked(policy)) {
    return Fail(ErrorCode::kRefused, "PIN-keyed bootstraps are locked out after " +
                                         std::to_string(attempts.failures()) + " failed attempts");
  }

  BootstrapCredentials keying;
  keying.network_id = credentials.network_id;
  keying.network_id_format = credentials.network_id_format;
  if (NeedsPin(type)) {
    if (!credentials.pin_supplier) {
      return Fail(ErrorCode::kInvalidArgument, "SEC=" + name + " needs a PIN and none can be asked");
    }
    Result<Pin> pin = credentials.pin_supplier();
    if (!pin) {
      return pin.error();
    }
    keying.pin = std::move(pin).value();
  }
  if (NeedsKsNaf(type)) {
    if (!credentials.ks_naf_lookup) {
      return Fail(ErrorCode::kNotFound, "SEC=" + name + " needs a GBA Push security association");
    }
    Result<KsNaf> ks_naf = credentials.ks_naf_lookup();
    if (!ks_naf) {
      return ks_naf.error();
    }
    keying.ks_naf = std::move(ks_naf).value();
  }

  // One MAC parameter (OMA DM Security §5.7). None, or a repeated one, is a MAC that cannot be
  // checked: VerifyBootstrapMac fails the empty text exactly as a wrong MAC (and a PIN type counts
  // it below), so a sender learns nothing from which MAC anomaly it tried.
  const std::string_view mac = header.macs.size() == 1 ? header.macs.front() : std::string_view();
  Result<void> verified = VerifyBootstrapMac(type, keying, wbxml, mac);
  if (!verified) {
    if (verified.error().code == ErrorCode::kAuthenticationFailed && NeedsPin(type)) {
      attempts.RecordFailure();
    }
    return verified.error();
  }
  if (NeedsPin(type)) {
    attempts.RecordSuccess();
  }
  return type;
}

Result<SecurityType> VerifyBootstrapBytes(std::span<const uint8_t> wbxml,
                                          std::string_view content_type,
                                          const DeviceCredentials& credentials,
                                          const VerificationPolicy& policy,
                                          PinAttemptCounter& attempts) {
  Result<BootstrapContentType> header = ParseContentType(content_type);
  if (!header) {
    return header.error();
  }
  return VerifyBootstrapBytes(wbxml, *header, credentials, policy, attempts);
}

}  // namespace dmboot::bootstrap

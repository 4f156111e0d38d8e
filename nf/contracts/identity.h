#ifndef DMBOOT_NF_CONTRACTS_IDENTITY_H_
#define DMBOOT_NF_CONTRACTS_IDENTITY_H_

// UE identities as the interfaces between the network functions carry them (Zh, TS 29.109; the
// Nbsp_GBA push-info-retrieval, TS 29.309): the IMPI, the IMSI or the MSISDN.

#include <cstdint>
#include <string_view>

#include "dmboot/core/result.h"

namespace dmboot::nf::contracts {

enum class IdentityKind : uint8_t { kImpi = 0, kImsi = 1, kMsisdn = 2 };

// IdentityKindName returns "impi", "imsi" or "msisdn".
std::string_view IdentityKindName(IdentityKind kind);
// ParseIdentityKind parses those names, or fails with kInvalidArgument naming `field`.
Result<IdentityKind> ParseIdentityKind(std::string_view text, std::string_view field);
// ValidateIdentity checks the syntax of `value` as a `kind` (IMSI 6..15 digits, MSISDN 1..15
// digits, IMPI 1..255 printable ASCII without spaces), or fails with kInvalidArgument naming
// `field`.
Result<void> ValidateIdentity(IdentityKind kind, std::string_view value, std::string_view field);

// ValidateImei checks 15 digits with a valid Luhn check digit (3GPP TS 23.003 §6.2.1, Annex B),
// failing with kInvalidArgument "imei: ...".
Result<void> ValidateImei(std::string_view imei);
// ValidateMsisdn checks an E.164 number: an optional '+' and 3 to 15 digits ("msisdn: ...").
Result<void> ValidateMsisdn(std::string_view msisdn);

}  // namespace dmboot::nf::contracts

#endif  // DMBOOT_NF_CONTRACTS_IDENTITY_H_

#ifndef DMBOOT_BOOTSTRAP_SECURITY_TYPE_H_
#define DMBOOT_BOOTSTRAP_SECURITY_TYPE_H_

#include <optional>
#include <string_view>

#include "dmboot/core/result.h"

namespace dmboot::bootstrap {

// BootstrapMedia is the family a bootstrap belongs to; each has its own SEC names and key rules.
enum class BootstrapMedia {
  kDm,  // application/vnd.syncml.dm+wbxml (OMA DM Security 1.2.1 §5.7)
  kCp,  // application/vnd.wap.connectivity-wbxml (OMA PROVBOOT 1.1)
};

// SecurityType is the SEC parameter of a bootstrap. DM and CP types are distinct enumerators even
// where the key rule coincides (USERPIN), so a type always knows its media and a CP rule can never
// be applied to a DM push or the reverse.
enum class SecurityType {
  // DM (OMA DM Security 1.2.1 §5.7).
  kNetworkId,             // "NETWORKID": IMSI semi-octets / ESN / MEID
  kUserPin,               // "USERPIN": the PIN's ASCII bytes
  kUserPinNetworkId,      // "USERPIN_NETWORKID": PIN ‖ ':' ‖ NETWORKID key
  kNetworkIdGba,          // "NETWORKID_GBA": Ks_NAF (32 bytes)
  kUserPinNetworkIdGba,   // "USERPIN_NETWORKID_GBA": PIN ‖ ':' ‖ Ks_NAF
  // CP (OMA PROVBOOT 1.1 §5.3; numeric codes 0..3).
  kCpNetwPin,             // "NETWPIN" = 0: IMSI semi-octets
  kCpUserPin,             // "USERPIN" = 1: the PIN's ASCII bytes
  kCpUserNetwPin,         // "USERNETWPIN" = 2: IMSI semi-octets ‖ PIN, no separator
  kCpUserPinMac,          // "USERPINMAC" = 3: user string K ‖ m, m_i = (M_i mod 10) + '0'
};

// MediaOf returns the media family `type` belongs to.
BootstrapMedia MediaOf(SecurityType type);

// SecurityTypeName returns the SEC name as the specs spell it (e.g. "USERPIN_NETWORKID").
std::string_view SecurityTypeName(SecurityType type);

// WspCodeOf returns the WSP short-integer code of `type` (DESIGN §4: NETWORKID/NETWPIN 0,
// USERPIN 1, USERPIN_NETWORKID/USERNETWPIN 2, USERPINMAC 3), or nullopt for the GBA types, which
// travel as text.
std::optional<int> WspCodeOf(SecurityType type);

// ParseSecurityType reads a SEC value for `media`: a name in any case, or a numeric code ("0".."3"
// for CP, "0".."2" for DM). It fails with kUnsupported for an unknown name and kRefused for a name
// of the other media (e.g. USERNETWPIN on a DM push), naming the value.
Result<SecurityType> ParseSecurityType(BootstrapMedia media, std::string_view text);

// SecurityTypeFromWspCode maps a typed WSP code for `media`, failing like ParseSecurityType.
Result<SecurityType> SecurityTypeFromWspCode(BootstrapMedia media, int code);

// NeedsPin reports whether `type`'s key includes a user PIN (those attempts are bounded).
bool NeedsPin(SecurityType type);

}  // namespace dmboot::bootstrap

#endif  // DMBOOT_BOOTSTRAP_SECURITY_TYPE_H_

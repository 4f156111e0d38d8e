#ifndef DMBOOT_BOOTSTRAP_SECURITY_TYPE_H_
#define DMBOOT_BOOTSTRAP_SECURITY_TYPE_H_

#include <array>
#include <cstddef>
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
  // The last enumerator: kSecurityTypes has one row per enumerator, in this order.
};

// SecurityTypeInfo is everything dmboot decides per SEC type, in one row; the functions below and
// the device's default policy read it (the key recipes are DeriveBootstrapKey's switch).
struct SecurityTypeInfo {
  SecurityType type;
  std::string_view name;        // the SEC name as the specs spell it
  BootstrapMedia media;
  std::optional<int> wsp_code;  // the WSP short-integer code; nullopt: the name travels as text
  bool needs_network_id = false;  // the key includes the IMSI / ESN / MEID
  bool needs_pin = false;         // the key includes a user PIN (attempts are bounded)
  bool needs_ks_naf = false;      // the key is Ks_NAF of a GBA Push NAF SA
  // allowed_by_default: in the device's default policy. Fails closed: not the IMSI/ESN-only types
  // (NETWORKID, NETWPIN), whose "secret" any app or IMSI catcher can learn.
  bool allowed_by_default = false;
};

// kSecurityTypes: the decisions of docs/decisions.md (keys: docs/bootstrap-security.md; codes:
// docs/push.md "SEC and MAC"). A flag not named is false.
inline constexpr std::array<SecurityTypeInfo, 9> kSecurityTypes = {{
    {.type = SecurityType::kNetworkId, .name = "NETWORKID", .media = BootstrapMedia::kDm,
     .wsp_code = 0, .needs_network_id = true},
    {.type = SecurityType::kUserPin, .name = "USERPIN", .media = BootstrapMedia::kDm,
     .wsp_code = 1, .needs_pin = true, .allowed_by_default = true},
    {.type = SecurityType::kUserPinNetworkId, .name = "USERPIN_NETWORKID",
     .media = BootstrapMedia::kDm, .wsp_code = 2, .needs_network_id = true, .needs_pin = true,
     .allowed_by_default = true},
    {.type = SecurityType::kNetworkIdGba, .name = "NETWORKID_GBA", .media = BootstrapMedia::kDm,
     .wsp_code = std::nullopt, .needs_ks_naf = true, .allowed_by_default = true},
    {.type = SecurityType::kUserPinNetworkIdGba, .name = "USERPIN_NETWORKID_GBA",
     .media = BootstrapMedia::kDm, .wsp_code = std::nullopt, .needs_pin = true,
     .needs_ks_naf = true, .allowed_by_default = true},
    {.type = SecurityType::kCpNetwPin, .name = "NETWPIN", .media = BootstrapMedia::kCp,
     .wsp_code = 0, .needs_network_id = true},
    {.type = SecurityType::kCpUserPin, .name = "USERPIN", .media = BootstrapMedia::kCp,
     .wsp_code = 1, .needs_pin = true, .allowed_by_default = true},
    {.type = SecurityType::kCpUserNetwPin, .name = "USERNETWPIN", .media = BootstrapMedia::kCp,
     .wsp_code = 2, .needs_network_id = true, .needs_pin = true, .allowed_by_default = true},
    {.type = SecurityType::kCpUserPinMac, .name = "USERPINMAC", .media = BootstrapMedia::kCp,
     .wsp_code = 3, .needs_pin = true, .allowed_by_default = true},
}};

// InfoOf returns the row of `type`.
constexpr const SecurityTypeInfo& InfoOf(SecurityType type) {
  return kSecurityTypes[static_cast<size_t>(type)];
}

// MediaOf returns the media family `type` belongs to.
constexpr BootstrapMedia MediaOf(SecurityType type) { return InfoOf(type).media; }

// SecurityTypeName returns the SEC name as the specs spell it (e.g. "USERPIN_NETWORKID").
constexpr std::string_view SecurityTypeName(SecurityType type) { return InfoOf(type).name; }

// WspCodeOf returns the WSP short-integer code of `type` (NETWORKID/NETWPIN 0, USERPIN 1,
// USERPIN_NETWORKID/USERNETWPIN 2, USERPINMAC 3), or nullopt for the GBA types, which travel as
// text.
constexpr std::optional<int> WspCodeOf(SecurityType type) { return InfoOf(type).wsp_code; }

// ParseSecurityType reads a SEC value for `media`: a name in any case, or a numeric code ("0".."3"
// for CP, "0".."2" for DM). It fails with kUnsupported for an unknown name and kRefused for a name
// of the other media (e.g. USERNETWPIN on a DM push), naming the value.
Result<SecurityType> ParseSecurityType(BootstrapMedia media, std::string_view text);

// SecurityTypeFromWspCode maps a typed WSP code for `media`, failing like ParseSecurityType.
Result<SecurityType> SecurityTypeFromWspCode(BootstrapMedia media, int code);

// NeedsPin reports whether `type`'s key includes a user PIN (those attempts are bounded).
constexpr bool NeedsPin(SecurityType type) { return InfoOf(type).needs_pin; }
// NeedsKsNaf reports whether `type` is keyed by GBA Push (Ks_NAF of a NAF SA).
constexpr bool NeedsKsNaf(SecurityType type) { return InfoOf(type).needs_ks_naf; }

}  // namespace dmboot::bootstrap

#endif  // DMBOOT_BOOTSTRAP_SECURITY_TYPE_H_

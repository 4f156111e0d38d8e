#include "dmboot/bootstrap/security_type.h"

#include "dmboot/core/ascii.h"

#include <array>
#include <string>

namespace dmboot::bootstrap {
namespace {

constexpr std::array kAllTypes = {
    SecurityType::kNetworkId,     SecurityType::kUserPin,        SecurityType::kUserPinNetworkId,
    SecurityType::kNetworkIdGba,  SecurityType::kUserPinNetworkIdGba, SecurityType::kCpNetwPin,
    SecurityType::kCpUserPin,     SecurityType::kCpUserNetwPin,  SecurityType::kCpUserPinMac,
};

std::string_view MediaName(BootstrapMedia media) {
  switch (media) {
    case BootstrapMedia::kDm:
      return "DM";
    case BootstrapMedia::kCp:
      return "CP";
  }
  return "?";
}

}  // namespace

BootstrapMedia MediaOf(SecurityType type) {
  switch (type) {
    case SecurityType::kNetworkId:
    case SecurityType::kUserPin:
    case SecurityType::kUserPinNetworkId:
    case SecurityType::kNetworkIdGba:
    case SecurityType::kUserPinNetworkIdGba:
      return BootstrapMedia::kDm;
    case SecurityType::kCpNetwPin:
    case SecurityType::kCpUserPin:
    case SecurityType::kCpUserNetwPin:
    case SecurityType::kCpUserPinMac:
      return BootstrapMedia::kCp;
  }
  return BootstrapMedia::kDm;
}

std::string_view SecurityTypeName(SecurityType type) {
  switch (type) {
    case SecurityType::kNetworkId:
      return "NETWORKID";
    case SecurityType::kUserPin:
    case SecurityType::kCpUserPin:
      return "USERPIN";
    case SecurityType::kUserPinNetworkId:
      return "USERPIN_NETWORKID";
    case SecurityType::kNetworkIdGba:
      return "NETWORKID_GBA";
    case SecurityType::kUserPinNetworkIdGba:
      return "USERPIN_NETWORKID_GBA";
    case SecurityType::kCpNetwPin:
      return "NETWPIN";
    case SecurityType::kCpUserNetwPin:
      return "USERNETWPIN";
    case SecurityType::kCpUserPinMac:
      return "USERPINMAC";
  }
  return "?";
}

std::optional<int> WspCodeOf(SecurityType type) {
  switch (type) {
    case SecurityType::kNetworkId:
    case SecurityType::kCpNetwPin:
      return 0;
    case SecurityType::kUserPin:
    case SecurityType::kCpUserPin:
      return 1;
    case SecurityType::kUserPinNetworkId:
    case SecurityType::kCpUserNetwPin:
      return 2;
    case SecurityType::kCpUserPinMac:
      return 3;
    case SecurityType::kNetworkIdGba:
    case SecurityType::kUserPinNetworkIdGba:
      return std::nullopt;
  }
  return std::nullopt;
}

bool NeedsPin(SecurityType type) {
  switch (type) {
    case SecurityType::kUserPin:
    case SecurityType::kUserPinNetworkId:
    case SecurityType::kUserPinNetworkIdGba:
    case SecurityType::kCpUserPin:
    case SecurityType::kCpUserNetwPin:
    case SecurityType::kCpUserPinMac:
      return true;
    case SecurityType::kNetworkId:
    case SecurityType::kNetworkIdGba:
    case SecurityType::kCpNetwPin:
      return false;
  }
  return true;
}

Result<SecurityType> SecurityTypeFromWspCode(BootstrapMedia media, int code) {
  for (SecurityType type : kAllTypes) {
    if (MediaOf(type) == media && WspCodeOf(type) == code) {
      return type;
    }
  }
  return Fail(ErrorCode::kUnsupported, "SEC code " + std::to_string(code) + " is not defined for " +
                                           std::string(MediaName(media)) + " bootstraps");
}

Result<SecurityType> ParseSecurityType(BootstrapMedia media, std::string_view text) {
  if (text.size() == 1 && text[0] >= '0' && text[0] <= '9') {
    return SecurityTypeFromWspCode(media, text[0] - '0');
  }
  for (SecurityType type : kAllTypes) {
    if (MediaOf(type) == media && AsciiEqualsIgnoreCase(text, SecurityTypeName(type))) {
      return type;
    }
  }
  // Printable, bounded echo of the value: SEC is public, but the wire may carry anything.
  std::string shown;
  for (char c : text.substr(0, 40)) {
    shown += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  for (SecurityType type : kAllTypes) {
    if (AsciiEqualsIgnoreCase(text, SecurityTypeName(type))) {
      return Fail(ErrorCode::kRefused, "SEC=" + shown + " is a " +
                                           std::string(MediaName(MediaOf(type))) +
                                           " type, refused on a " + std::string(MediaName(media)) +
                                           " bootstrap");
    }
  }
  return Fail(ErrorCode::kUnsupported, "unknown SEC type '" + shown + "'");
}

}  // namespace dmboot::bootstrap

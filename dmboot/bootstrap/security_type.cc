#include "dmboot/bootstrap/security_type.h"

#include <string>

#include "dmboot/core/ascii.h"

namespace dmboot::bootstrap {
namespace {

// One row per enumerator, in enum order, so that InfoOf can index (security_type.h).
constexpr bool RowsInEnumOrder() {
  for (size_t i = 0; i < kSecurityTypes.size(); ++i) {
    if (static_cast<size_t>(kSecurityTypes[i].type) != i) {
      return false;
    }
  }
  return true;
}
static_assert(RowsInEnumOrder(), "kSecurityTypes rows must follow the SecurityType enumerators");
static_assert(kSecurityTypes.size() == static_cast<size_t>(SecurityType::kCpUserPinMac) + 1,
              "kSecurityTypes needs a row for every SecurityType");

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

Result<SecurityType> SecurityTypeFromWspCode(BootstrapMedia media, int code) {
  for (const SecurityTypeInfo& row : kSecurityTypes) {
    if (row.media == media && row.wsp_code == code) {
      return row.type;
    }
  }
  return Fail(ErrorCode::kUnsupported, "SEC code " + std::to_string(code) + " is not defined for " +
                                           std::string(MediaName(media)) + " bootstraps");
}

Result<SecurityType> ParseSecurityType(BootstrapMedia media, std::string_view text) {
  if (text.size() == 1 && text[0] >= '0' && text[0] <= '9') {
    return SecurityTypeFromWspCode(media, text[0] - '0');
  }
  for (const SecurityTypeInfo& row : kSecurityTypes) {
    if (row.media == media && AsciiEqualsIgnoreCase(text, row.name)) {
      return row.type;
    }
  }
  // Printable, bounded echo of the value: SEC is public, but the wire may carry anything.
  std::string shown;
  for (char c : text.substr(0, 40)) {
    shown += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  for (const SecurityTypeInfo& row : kSecurityTypes) {
    if (AsciiEqualsIgnoreCase(text, row.name)) {
      return Fail(ErrorCode::kRefused, "SEC=" + shown + " is a " +
                                           std::string(MediaName(row.media)) +
                                           " type, refused on a " + std::string(MediaName(media)) +
                                           " bootstrap");
    }
  }
  return Fail(ErrorCode::kUnsupported, "unknown SEC type '" + shown + "'");
}

}  // namespace dmboot::bootstrap

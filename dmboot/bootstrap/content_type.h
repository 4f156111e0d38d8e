#ifndef DMBOOT_BOOTSTRAP_CONTENT_TYPE_H_
#define DMBOOT_BOOTSTRAP_CONTENT_TYPE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/result.h"

namespace dmboot::bootstrap {

// MediaTypeName returns the media type of a bootstrap of `media`:
// "application/vnd.syncml.dm+wbxml" or "application/vnd.wap.connectivity-wbxml".
std::string_view MediaTypeName(BootstrapMedia media);

// BootstrapContentType is the textual Content-Type of a bootstrap (OMA DM Security §5.7:
// `Content-Type: application/vnd.syncml.dm+wbxml; SEC=<type>; MAC=<digest>`).
struct BootstrapContentType {
  BootstrapMedia media = BootstrapMedia::kDm;
  std::optional<SecurityType> sec;  // absent: an unsigned bootstrap (a verifier refuses it)
  // macs are the MAC parameters as received, in order. A signed bootstrap has exactly one; the
  // parser keeps a repeated one so that the verifier fails it like any MAC it cannot check.
  std::vector<std::string> macs;
};

// ParseMediaType maps a media type name (type/subtype, compared case-insensitively, nothing else)
// to its bootstrap family. It fails with kRefused for an XML bootstrap media type (a bootstrap
// cannot use XML), kMalformed for an empty name, kUnsupported for any other media type.
Result<BootstrapMedia> ParseMediaType(std::string_view media);

// FormatContentType returns "<media>; SEC=<name>; MAC=<mac>", without "; MAC=" when `mac` is
// empty (USERPINMAC carries no MAC: the user holds it).
std::string FormatContentType(SecurityType sec, std::string_view mac);

// ParseContentType reads a Content-Type value as RFC 2045 parameters are read: the media type as
// ParseMediaType, parameter names case-insensitive, spaces around ';' and '=' tolerated, values as tokens or
// quoted strings (with backslash escapes); unknown parameters are ignored. It fails with kRefused
// for an XML bootstrap media type (XML cannot be used for a bootstrap), kUnsupported for any
// other media type or an unknown SEC, kRefused for a SEC of the other media family, and
// kMalformed for bad syntax or a repeated SEC.
Result<BootstrapContentType> ParseContentType(std::string_view text);

}  // namespace dmboot::bootstrap

#endif  // DMBOOT_BOOTSTRAP_CONTENT_TYPE_H_

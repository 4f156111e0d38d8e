#ifndef DMBOOT_WBXML_TEXT_UTIL_H_
#define DMBOOT_WBXML_TEXT_UTIL_H_

// Internal to dmboot/wbxml: UTF-8 and XML-name checks shared by the decoder and the XML bridge.

#include <cstdint>
#include <string>
#include <string_view>

namespace dmboot::wbxml::internal {

// IsValidUtf8 is true when `text` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// IsXmlText is true when `text` is valid UTF-8 and every character is an XML 1.0 Char
// (tab, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF).
bool IsXmlText(std::string_view text);

// IsXmlName is true when `name` is a non-empty XML 1.0 Name made of ASCII letters, digits,
// '_', ':', '.', '-' (not starting with a digit, '.' or '-') or non-ASCII UTF-8.
bool IsXmlName(std::string_view name);

// HashText is a fast non-cryptographic hash for the in-memory tables of names and texts: word-at-
// a-time fixed-size loads (an overlapping word for the tail), one multiplication per word.
uint64_t HashText(std::string_view text);

// AppendUtf8 appends the UTF-8 form of `code_point`; false (nothing appended) for a surrogate,
// zero or a value above U+10FFFF.
bool AppendUtf8(std::string& out, uint32_t code_point);

}  // namespace dmboot::wbxml::internal

#endif  // DMBOOT_WBXML_TEXT_UTIL_H_

#ifndef DMBOOT_WBXML_TEXT_UTIL_H_
#define DMBOOT_WBXML_TEXT_UTIL_H_

// Internal to dmboot/wbxml: UTF-8 and XML-name checks shared by the decoder and the XML bridge.

#include <cstdint>
#include <cstring>
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

// SameBytes is a == b, inline and without a call to memcmp for the short strings that names are.
inline bool SameBytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  const size_t n = a.size();
  if (n > 16) {
    return a == b;
  }
  auto load = [](const char* p, size_t len) {
    uint64_t v = 0;
    std::memcpy(&v, p, len);
    return v;
  };
  if (n >= 8) {  // two overlapping words
    return load(a.data(), 8) == load(b.data(), 8) &&
           load(a.data() + n - 8, 8) == load(b.data() + n - 8, 8);
  }
  if (n >= 4) {
    return load(a.data(), 4) == load(b.data(), 4) &&
           load(a.data() + n - 4, 4) == load(b.data() + n - 4, 4);
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) {
      return false;
    }
  }
  return true;
}

// AppendUtf8 appends the UTF-8 form of `code_point`; false (nothing appended) for a surrogate,
// zero or a value above U+10FFFF.
bool AppendUtf8(std::string& out, uint32_t code_point);

}  // namespace dmboot::wbxml::internal

#endif  // DMBOOT_WBXML_TEXT_UTIL_H_

#ifndef DMBOOT_CORE_ASCII_H_
#define DMBOOT_CORE_ASCII_H_

#include <string>
#include <string_view>

namespace dmboot {

// Protocol names (media types, SEC names, parameter and header names, languages) compare without
// regard to ASCII case (RFC 2045 §5.1, WAP-230 §8.4); these are the one implementation.

// AsciiToLower maps 'A'..'Z' to 'a'..'z' and leaves every other byte alone.
constexpr char AsciiToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// AsciiLower returns `s` with ASCII letters in lower case.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = AsciiToLower(c);
  }
  return out;
}

// AsciiEqualsIgnoreCase reports whether `a` and `b` are equal up to ASCII case.
constexpr bool AsciiEqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiToLower(a[i]) != AsciiToLower(b[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace dmboot

#endif  // DMBOOT_CORE_ASCII_H_

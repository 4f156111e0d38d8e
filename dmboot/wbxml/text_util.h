#ifndef DMBOOT_WBXML_TEXT_UTIL_H_
#define DMBOOT_WBXML_TEXT_UTIL_H_

// Internal to dmboot/wbxml: UTF-8 and XML-name checks shared by the decoder and the XML bridge.

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dmboot::wbxml::internal {

// DecodeUtf8 reads the UTF-8 sequence at text[i] (i < text.size()) into `cp` and returns its
// length, or 0 when it is not well formed (RFC 3629: no overlongs, no surrogates, nothing above
// U+10FFFF, not cut short).
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t& cp);

// IsValidUtf8 is true when `text` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// IsXmlChar is the Char production of XML 1.0 §2.2: tab, LF, CR, U+0020..U+D7FF,
// U+E000..U+FFFD, U+10000..U+10FFFF.
constexpr bool IsXmlChar(uint32_t cp) {
  return cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// IsXmlText is true when `text` is valid UTF-8 and every character is an XML 1.0 Char
// (tab, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF).
bool IsXmlText(std::string_view text);

// kNameClass flags the ASCII bytes an XML Name may hold (§2.3 [4], [4a]): kNameStart (a letter,
// '_' or ':', also kNameChar) may begin it, kNameChar (those, digits, '.' and '-') may follow.
// Other ASCII bytes, NUL among them, are 0; non-ASCII bytes are 0 too and checked apart.
inline constexpr uint8_t kNameStart = 1;
inline constexpr uint8_t kNameChar = 2;
inline constexpr std::array<uint8_t, 256> kNameClass = [] {
  std::array<uint8_t, 256> table{};
  for (size_t c = 0; c < 128; ++c) {
    const bool start = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
    const bool other = (c >= '0' && c <= '9') || c == '.' || c == '-';
    table[c] = static_cast<uint8_t>((start ? kNameStart | kNameChar : 0) | (other ? kNameChar : 0));
  }
  return table;
}();

// IsXmlName is true when `name` is a non-empty XML 1.0 Name made of ASCII letters, digits,
// '_', ':', '.', '-' (not starting with a digit, '.' or '-') or non-ASCII UTF-8.
bool IsXmlName(std::string_view name);

// LoadWord reads an unaligned word of type T (uint32_t or uint64_t) at `p`.
template <typename T>
inline T LoadWord(const char* p) {
  T v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// HashText is a fast non-cryptographic hash for the in-memory tables of names and texts: word-at-
// a-time fixed-size loads (an overlapping word for the tail), one multiplication per word. Inline:
// every element name is hashed.
inline uint64_t HashText(std::string_view text) {
  constexpr uint64_t kMul = 0xFF51AFD7ED558CCDull;
  const char* p = text.data();
  const size_t n = text.size();
  uint64_t h = n * 0x9E3779B97F4A7C15ull;
  uint64_t tail = 0;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      h = (h ^ LoadWord<uint64_t>(p + i)) * kMul;
      h ^= h >> 32;
    }
    tail = LoadWord<uint64_t>(p + n - 8);
  } else if (n >= 4) {
    tail = LoadWord<uint32_t>(p) | (static_cast<uint64_t>(LoadWord<uint32_t>(p + n - 4)) << 32);
  } else if (n > 0) {
    const auto byte = [p](size_t i) { return static_cast<uint64_t>(static_cast<uint8_t>(p[i])); };
    tail = byte(0) | (byte(n / 2) << 8) | (byte(n - 1) << 16);
  }
  h = (h ^ tail) * kMul;
  return h ^ (h >> 32);
}

// SameBytes is a == b, inline and without a call to memcmp for the short strings that names are.
inline bool SameBytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  const size_t n = a.size();
  if (n > 16) {
    return a == b;
  }
  if (n >= 8) {  // two overlapping words
    return LoadWord<uint64_t>(a.data()) == LoadWord<uint64_t>(b.data()) &&
           LoadWord<uint64_t>(a.data() + n - 8) == LoadWord<uint64_t>(b.data() + n - 8);
  }
  if (n >= 4) {
    return LoadWord<uint32_t>(a.data()) == LoadWord<uint32_t>(b.data()) &&
           LoadWord<uint32_t>(a.data() + n - 4) == LoadWord<uint32_t>(b.data() + n - 4);
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

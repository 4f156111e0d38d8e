#include "dmboot/wbxml/text_util.h"

#include <algorithm>
#include <cstring>

namespace dmboot::wbxml::internal {
namespace {

uint64_t Load64(const char* p) {
  uint64_t v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}

uint32_t Load32(const char* p) {
  uint32_t v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}


// DecodeOne reads one UTF-8 sequence at text[i]; returns its length (0 when invalid) and sets
// `cp`.
size_t DecodeOne(std::string_view text, size_t i, uint32_t& cp) {
  const auto b0 = static_cast<uint8_t>(text[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t len = 0;
  uint32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1Fu;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
    min = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - i < len) {
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<uint8_t>(text[i + k]);
    if ((b & 0xC0u) != 0x80u) {
      return 0;
    }
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t chunk = 0;
      for (size_t k = 0; k < 8; ++k) {
        chunk |= static_cast<uint64_t>(static_cast<uint8_t>(text[i + k])) << (8 * k);
      }
      if ((chunk & 0x8080808080808080ull) != 0) {
        break;
      }
      i += 8;
    }
    if (i >= n) {
      break;
    }
    if (static_cast<uint8_t>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t len = DecodeOne(text, i, cp);
    if (len == 0) {
      return false;
    }
    i += len;
  }
  return true;
}

bool IsXmlText(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<uint8_t>(text[i]);
    if (b >= 0x20 && b < 0x80) {  // printable ASCII: the common case
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t len = DecodeOne(text, i, cp);
    if (len == 0) {
      return false;
    }
    const bool ok = cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0xD7FF) ||
                    (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
    if (!ok) {
      return false;
    }
    i += len;
  }
  return true;
}

bool IsXmlName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  bool ascii = true;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<uint8_t>(name[i]);
    if (c >= 0x80) {
      ascii = false;  // a letter, once the whole name is known to be UTF-8
      continue;
    }
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
    const bool other = (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!(letter || (i > 0 && other))) {
      return false;
    }
  }
  return ascii || IsValidUtf8(name);
}

uint64_t HashText(std::string_view text) {
  constexpr uint64_t kMul = 0xFF51AFD7ED558CCDull;
  const char* p = text.data();
  const size_t n = text.size();
  uint64_t h = n * 0x9E3779B97F4A7C15ull;
  uint64_t tail = 0;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      h = (h ^ Load64(p + i)) * kMul;
      h ^= h >> 32;
    }
    tail = Load64(p + n - 8);
  } else if (n >= 4) {
    tail = Load32(p) | (static_cast<uint64_t>(Load32(p + n - 4)) << 32);
  } else if (n > 0) {
    const auto byte = [p](size_t i) { return static_cast<uint64_t>(static_cast<uint8_t>(p[i])); };
    tail = byte(0) | (byte(n / 2) << 8) | (byte(n - 1) << 16);
  }
  h = (h ^ tail) * kMul;
  return h ^ (h >> 32);
}

bool AppendUtf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return false;
  }
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return true;
}

}  // namespace dmboot::wbxml::internal

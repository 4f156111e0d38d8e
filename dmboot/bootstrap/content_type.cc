#include "dmboot/bootstrap/content_type.h"

#include "dmboot/core/ascii.h"

#include <vector>

namespace dmboot::bootstrap {
namespace {

constexpr std::string_view kDmWbxml = "application/vnd.syncml.dm+wbxml";
constexpr std::string_view kCpWbxml = "application/vnd.wap.connectivity-wbxml";
constexpr std::string_view kDmXml = "application/vnd.syncml.dm+xml";
constexpr std::string_view kCpXml = "application/vnd.wap.connectivity-xml";

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// Printable, bounded rendering of untrusted text for an error message.
std::string Shown(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 64)) {
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return out;
}

// Cursor over the header value; every step checks before it moves.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  void SkipSpace() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) {
      ++pos_;
    }
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // Token: up to a separator (RFC 2045 tspecials that matter here, or space).
  std::string_view Token() {
    size_t start = pos_;
    while (pos_ < text_.size() && !IsSpace(text_[pos_]) && text_[pos_] != ';' &&
           text_[pos_] != '=' && text_[pos_] != '"') {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }
  Result<std::string> QuotedString() {
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '"') {
        return out;
      }
      if (c == '\\') {
        if (pos_ >= text_.size()) {
          break;
        }
        c = text_[pos_++];
      }
      out += c;
    }
    return Fail(ErrorCode::kMalformed, "Content-Type has an unterminated quoted string");
  }
  bool PeekQuote() const { return pos_ < text_.size() && text_[pos_] == '"'; }
  size_t pos() const { return pos_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::string_view MediaTypeName(BootstrapMedia media) {
  switch (media) {
    case BootstrapMedia::kDm:
      return kDmWbxml;
    case BootstrapMedia::kCp:
      return kCpWbxml;
  }
  return kDmWbxml;
}

std::string FormatContentType(SecurityType sec, std::string_view mac) {
  std::string out(MediaTypeName(MediaOf(sec)));
  out += "; SEC=";
  out += SecurityTypeName(sec);
  if (!mac.empty()) {
    out += "; MAC=";
    out += mac;
  }
  return out;
}

Result<BootstrapMedia> ParseMediaType(std::string_view media_text) {
  const std::string media = AsciiLower(media_text);
  if (media == kDmWbxml) {
    return BootstrapMedia::kDm;
  }
  if (media == kCpWbxml) {
    return BootstrapMedia::kCp;
  }
  if (media == kDmXml || media == kCpXml) {
    return Fail(ErrorCode::kRefused,
                "media type " + media + " refused: a bootstrap cannot use XML, only WBXML");
  }
  if (media.empty()) {
    return Fail(ErrorCode::kMalformed, "Content-Type has no media type");
  }
  return Fail(ErrorCode::kUnsupported, "media type '" + Shown(media) + "' is not a bootstrap");
}

Result<BootstrapContentType> ParseContentType(std::string_view text) {
  Scanner s(text);
  s.SkipSpace();
  Result<BootstrapMedia> media = ParseMediaType(s.Token());
  if (!media) {
    return media.error();
  }
  BootstrapContentType out;
  out.media = *media;

  bool seen_sec = false;
  std::string sec_text;
  while (true) {
    s.SkipSpace();
    if (s.AtEnd()) {
      break;
    }
    if (!s.Consume(';')) {
      return Fail(ErrorCode::kMalformed,
                  "Content-Type: expected ';' at offset " + std::to_string(s.pos()));
    }
    s.SkipSpace();
    if (s.AtEnd()) {
      break;  // a trailing ';' is harmless
    }
    const std::string name = AsciiLower(s.Token());
    s.SkipSpace();
    if (name.empty() || !s.Consume('=')) {
      return Fail(ErrorCode::kMalformed,
                  "Content-Type: expected name=value at offset " + std::to_string(s.pos()));
    }
    s.SkipSpace();
    std::string value;
    if (s.PeekQuote()) {
      Result<std::string> quoted = s.QuotedString();
      if (!quoted) {
        return quoted.error();
      }
      value = std::move(quoted).value();
    } else {
      value = std::string(s.Token());
    }
    if (name == "sec") {
      if (seen_sec) {
        return Fail(ErrorCode::kMalformed, "Content-Type has more than one SEC parameter");
      }
      seen_sec = true;
      sec_text = value;
    } else if (name == "mac") {
      out.macs.push_back(std::move(value));
    }
  }
  if (seen_sec) {
    Result<SecurityType> sec = ParseSecurityType(out.media, sec_text);
    if (!sec) {
      return sec.error();
    }
    out.sec = *sec;
  }
  return out;
}

}  // namespace dmboot::bootstrap

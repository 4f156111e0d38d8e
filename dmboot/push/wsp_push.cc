#include "dmboot/push/wsp_push.h"

#include "dmboot/core/ascii.h"

#include <array>
#include <string>
#include <utility>

#include "dmboot/core/byte_reader.h"
#include "dmboot/core/byte_writer.h"
#include "dmboot/core/hex.h"
#include "dmboot/core/uintvar.h"

namespace dmboot::push {
namespace {

// WAP-230 §8.4.2.1: Short-length is 0..30, Length-quote 31 announces a uintvar length.
constexpr uint8_t kMaxShortLength = 30;
constexpr uint8_t kLengthQuote = 0x1F;
// WAP-230 §8.4.2.1: Quote (0x7F) precedes a Text-string whose first octet is >= 0x80;
// Quoted-string starts with '"' (0x22) inside a Text-value.
constexpr uint8_t kTextQuote = 0x7F;
constexpr uint8_t kStringQuote = 0x22;
// WAP-230 §8.4.2.1: Long-integer = Short-length Multi-octet-integer.
constexpr size_t kMaxIntegerOctets = 8;

// WAP-230 Table 40 (OMNA "WSP Content Type Codes"), the codes 0x00..0x4E; 0x00..0x4D are checked
// against Wireshark's table by tests/push_tshark_test.sh, 0x4E is from oma-dm-bootstrap.md §4.3.
constexpr std::array<std::string_view, 0x4F> kMediaNames = {
    "*/*",
    "text/*",
    "text/html",
    "text/plain",
    "text/x-hdml",
    "text/x-ttml",
    "text/x-vCalendar",
    "text/x-vCard",
    "text/vnd.wap.wml",
    "text/vnd.wap.wmlscript",
    "text/vnd.wap.channel",
    "multipart/*",
    "multipart/mixed",
    "multipart/form-data",
    "multipart/byteranges",
    "multipart/alternative",
    "application/*",
    "application/java-vm",
    "application/x-www-form-urlencoded",
    "application/x-hdmlc",
    "application/vnd.wap.wmlc",
    "application/vnd.wap.wmlscriptc",
    "application/vnd.wap.channelc",
    "application/vnd.wap.uaprof",
    "application/vnd.wap.wtls-ca-certificate",
    "application/vnd.wap.wtls-user-certificate",
    "application/x-x509-ca-cert",
    "application/x-x509-user-cert",
    "image/*",
    "image/gif",
    "image/jpeg",
    "image/tiff",
    "image/png",
    "image/vnd.wap.wbmp",
    "application/vnd.wap.multipart.*",
    "application/vnd.wap.multipart.mixed",
    "application/vnd.wap.multipart.form-data",
    "application/vnd.wap.multipart.byteranges",
    "application/vnd.wap.multipart.alternative",
    "application/xml",
    "text/xml",
    "application/vnd.wap.wbxml",
    "application/x-x968-cross-cert",
    "application/x-x968-ca-cert",
    "application/x-x968-user-cert",
    "text/vnd.wap.si",
    "application/vnd.wap.sic",
    "text/vnd.wap.sl",
    "application/vnd.wap.slc",
    "text/vnd.wap.co",
    "application/vnd.wap.coc",
    "application/vnd.wap.multipart.related",
    "application/vnd.wap.sia",
    "text/vnd.wap.connectivity-xml",
    "application/vnd.wap.connectivity-wbxml",
    "application/pkcs7-mime",
    "application/vnd.wap.hashed-certificate",
    "application/vnd.wap.signed-certificate",
    "application/vnd.wap.cert-response",
    "application/xhtml+xml",
    "application/wml+xml",
    "text/css",
    "application/vnd.wap.mms-message",
    "application/vnd.wap.rollover-certificate",
    "application/vnd.wap.locc+wbxml",
    "application/vnd.wap.loc+xml",
    "application/vnd.syncml.dm+wbxml",
    "application/vnd.syncml.dm+xml",
    "application/vnd.syncml.notification",
    "application/vnd.wap.xhtml+xml",
    "application/vnd.wv.csp.cir",
    "application/vnd.oma.dd+xml",
    "application/vnd.oma.drm.message",
    "application/vnd.oma.drm.content",
    "application/vnd.oma.drm.rights+xml",
    "application/vnd.oma.drm.rights+wbxml",
    "application/vnd.wv.csp+xml",
    "application/vnd.wv.csp+wbxml",
    "application/vnd.syncml.ds.notification",
};

// OMNA push application id registry, codes 0x00..0x0A.
constexpr std::array<std::string_view, 0x0B> kApplicationIds = {
    "x-wap-application:*",         "x-wap-application:push.sia",  "x-wap-application:wml.ua",
    "x-wap-application:wta.ua",    "x-wap-application:mms.ua",    "x-wap-application:push.syncml",
    "x-wap-application:loc.ua",    "x-wap-application:syncml.dm", "x-wap-application:drm.ua",
    "x-wap-application:emn.ua",    "x-wap-application:wv.ua",
};
constexpr std::string_view kAppIdPrefix = "x-wap-application:";

// WAP-230 Table 39, header field codes 0x00..0x47.
constexpr std::array<std::string_view, 0x48> kHeaderNames = {
    "Accept",           "Accept-Charset",     "Accept-Encoding",      "Accept-Language",
    "Accept-Ranges",    "Age",                "Allow",                "Authorization",
    "Cache-Control",    "Connection",         "Content-Base",         "Content-Encoding",
    "Content-Language", "Content-Length",     "Content-Location",     "Content-MD5",
    "Content-Range",    "Content-Type",       "Date",                 "Etag",
    "Expires",          "From",               "Host",                 "If-Modified-Since",
    "If-Match",         "If-None-Match",      "If-Range",             "If-Unmodified-Since",
    "Location",         "Last-Modified",      "Max-Forwards",         "Pragma",
    "Proxy-Authenticate", "Proxy-Authorization", "Public",            "Range",
    "Referer",          "Retry-After",        "Server",               "Transfer-Encoding",
    "Upgrade",          "User-Agent",         "Vary",                 "Via",
    "Warning",          "WWW-Authenticate",   "Content-Disposition",  "X-Wap-Application-Id",
    "X-Wap-Content-URI", "X-Wap-Initiator-URI", "Accept-Application", "Bearer-Indication",
    "Push-Flag",        "Profile",            "Profile-Diff",         "Profile-Warning",
    "Expect",           "TE",                 "Trailer",              "Accept-Charset",
    "Accept-Encoding",  "Cache-Control",      "Content-Range",        "X-Wap-Tod",
    "Content-ID",       "Set-Cookie",         "Cookie",               "Encoding-Version",
    "Profile-Warning",  "Content-Disposition", "X-WAP-Security",      "Cache-Control",
};
constexpr uint8_t kHeaderEncodingVersion = 0x43;

// WAP-230 Table 38, parameter tokens 0x00..0x1D (0x04 is unassigned).
constexpr std::array<std::string_view, 0x1E> kParameterNames = {
    "Q",          "Charset",           "Level",         "Type",         "",
    "Name",       "Filename",          "Differences",   "Padding",      "Type",
    "Start",      "Start-info",        "Comment",       "Domain",       "Max-Age",
    "Path",       "Secure",            "SEC",           "MAC",          "Creation-date",
    "Modification-date", "Read-date",  "Size",          "Name",         "Filename",
    "Start",      "Start-info",        "Comment",       "Domain",       "Path",
};
constexpr uint8_t kParamQ = 0x00;

Error Malformed(std::string what, size_t offset) {
  return Fail(ErrorCode::kMalformed, std::move(what) + " at offset " + std::to_string(offset));
}

// Value is one decoded WSP value: nothing, an integer or text (WAP-230 §8.4.2.1-3).
struct Value {
  enum class Kind { kNone, kInteger, kText, kBytes };
  Kind kind = Kind::kNone;
  uint64_t integer = 0;
  std::string text;
  std::vector<uint8_t> raw;

  std::string Render() const {
    switch (kind) {
      case Kind::kNone:
        return "";
      case Kind::kInteger:
        return std::to_string(integer);
      case Kind::kText:
        return text;
      case Kind::kBytes:
        return HexEncode(raw);
    }
    return "";
  }
};

// ReadTextUntilNul reads a Text-string or Token-text: octets up to a NUL, with one leading
// Quote (0x7F) or '"' stripped when `strip` allows it.
Result<std::string> ReadText(ByteReader& reader, bool strip_string_quote) {
  size_t start = reader.offset();
  Result<std::string> text = reader.ReadCString();
  if (!text) {
    return Malformed("text without its NUL", start);
  }
  if (!text->empty() && (static_cast<uint8_t>((*text)[0]) == kTextQuote ||
                         (strip_string_quote && static_cast<uint8_t>((*text)[0]) == kStringQuote))) {
    text->erase(0, 1);
  }
  return std::move(*text);
}

// ReadValueLength reads Value-length = Short-length | Length-quote Length (WAP-230 §8.4.2.2).
Result<uint32_t> ReadValueLength(ByteReader& reader) {
  size_t start = reader.offset();
  Result<uint8_t> first = reader.ReadU8();
  if (!first) {
    return first.error();
  }
  if (*first <= kMaxShortLength) {
    return static_cast<uint32_t>(*first);
  }
  if (*first != kLengthQuote) {
    return Malformed("value length octet " + std::to_string(*first), start);
  }
  Result<uint32_t> length = ReadUintvar(reader);
  if (!length) {
    return length.error();
  }
  return *length;
}

// ReadLongInteger reads Long-integer = Short-length Multi-octet-integer (WAP-230 §8.4.2.1).
Result<Value> ReadLongInteger(ByteReader& reader) {
  size_t start = reader.offset();
  Result<uint8_t> length = reader.ReadU8();
  if (!length) {
    return length.error();
  }
  if (*length == 0 || *length > kMaxShortLength) {
    return Malformed("long-integer length " + std::to_string(*length), start);
  }
  Result<std::span<const uint8_t>> octets = reader.ReadBytes(*length);
  if (!octets) {
    return octets.error();
  }
  Value value;
  if (*length > kMaxIntegerOctets) {
    value.kind = Value::Kind::kBytes;
    value.raw.assign(octets->begin(), octets->end());
    return value;
  }
  value.kind = Value::Kind::kInteger;
  for (uint8_t b : *octets) {
    value.integer = (value.integer << 8) | b;
  }
  return value;
}

// ReadGenericValue reads a parameter value whose type the first octet tells (WAP-230 §8.4.2.1,
// §8.4.2.4 Untyped-value): No-value 0x00, Long-integer 0x01..0x1E, text 0x20..0x7F (with an
// optional quote), Short-integer 0x80..0xFF.
Result<Value> ReadGenericValue(ByteReader& reader) {
  size_t start = reader.offset();
  Result<uint8_t> first = reader.PeekU8();
  if (!first) {
    return first.error();
  }
  Value value;
  if (*first == 0x00) {
    (void)reader.ReadU8();
    return value;
  }
  if (*first >= 0x80) {
    (void)reader.ReadU8();
    value.kind = Value::Kind::kInteger;
    value.integer = *first & 0x7Fu;
    return value;
  }
  if (*first <= kMaxShortLength) {
    return ReadLongInteger(reader);
  }
  if (*first == kLengthQuote) {
    return Malformed("length quote where a parameter value belongs", start);
  }
  Result<std::string> text = ReadText(reader, /*strip_string_quote=*/true);
  if (!text) {
    return text.error();
  }
  value.kind = Value::Kind::kText;
  value.text = std::move(*text);
  return value;
}

// ReadQValue reads Q-value: a uintvar of 1 or 2 octets (WAP-230 §8.4.2.3).
Result<Value> ReadQValue(ByteReader& reader) {
  size_t start = reader.offset();
  Result<uint32_t> q = ReadUintvar(reader);
  if (!q) {
    return q.error();
  }
  if (reader.offset() - start > 2) {
    return Malformed("Q-value longer than 2 octets", start);
  }
  Value value;
  value.kind = Value::Kind::kInteger;
  value.integer = *q;
  return value;
}

// ReadFieldValue returns the raw octets of a well-known header's value using the generic rule of
// WAP-230 §8.4.1.2: 0..30 = that many octets follow, 31 = uintvar length follows, 32..127 = text
// to NUL, 128..255 = one octet.
Result<std::span<const uint8_t>> ReadFieldValue(ByteReader& reader) {
  size_t start = reader.offset();
  Result<uint8_t> first = reader.PeekU8();
  if (!first) {
    return first.error();
  }
  if (*first >= 0x80) {
    return reader.ReadBytes(1);
  }
  if (*first >= 0x20) {
    ByteReader probe = reader;
    Result<std::string> text = probe.ReadCString();
    if (!text) {
      return Malformed("header text without its NUL", start);
    }
    return reader.ReadBytes(probe.offset() - start);
  }
  ByteReader probe = reader;
  Result<uint32_t> length = ReadValueLength(probe);
  if (!length) {
    return length.error();
  }
  if (*length > probe.remaining()) {
    return Malformed("header value length " + std::to_string(*length) + " past the headers", start);
  }
  return reader.ReadBytes(probe.offset() - start + *length);
}

// RenderFieldValue gives a readable form of a well-known header value.
std::string RenderFieldValue(uint8_t code, std::span<const uint8_t> raw) {
  if (raw.empty()) {
    return "";
  }
  if (raw[0] >= 0x80) {
    uint8_t v = raw[0] & 0x7F;
    if (code == kHeaderEncodingVersion) {
      // WAP-230 §8.4.2.70: Version-value short form = major (3 bits) . minor (4 bits).
      return std::to_string((v >> 4) & 0x07) + "." + std::to_string(v & 0x0F);
    }
    return std::to_string(v);
  }
  if (raw[0] >= 0x20) {
    std::string text(raw.begin(), raw.end() - 1);
    if (!text.empty() && static_cast<uint8_t>(text[0]) == kTextQuote) {
      text.erase(0, 1);
    }
    return text;
  }
  ByteReader reader(raw);
  if (raw[0] <= kMaxShortLength) {
    Result<Value> integer = ReadLongInteger(reader);
    if (integer && reader.empty()) {
      return integer->Render();
    }
  }
  return HexEncode(raw);
}

Result<void> DecodeParameter(ByteReader& reader, WspContentType& out) {
  size_t start = reader.offset();
  Result<uint8_t> first = reader.PeekU8();
  if (!first) {
    return first.error();
  }
  std::optional<uint8_t> token;
  std::string name;
  Result<Value> value = Value{};
  ByteReader value_start = reader;
  if (*first >= 0x80) {
    // Typed-parameter = Well-known-parameter-token Typed-value (WAP-230 §8.4.2.4).
    (void)reader.ReadU8();
    token = static_cast<uint8_t>(*first & 0x7F);
    if (*token < kParameterNames.size()) {
      name = std::string(kParameterNames[*token]);
    }
    value_start = reader;
    value = (*token == kParamQ) ? ReadQValue(reader) : ReadGenericValue(reader);
  } else if (*first >= 0x20 && *first < kTextQuote) {
    // Untyped-parameter = Token-text Untyped-value.
    Result<std::string> text = ReadText(reader, /*strip_string_quote=*/false);
    if (!text) {
      return text.error();
    }
    name = std::move(*text);
    value_start = reader;
    value = ReadGenericValue(reader);
  } else {
    // A Long-integer token is legal but unassigned; nothing sends it.
    return Malformed("parameter octet " + std::to_string(*first), start);
  }
  if (!value) {
    return value.error();
  }
  bool is_sec = token ? *token == kParamSec : AsciiEqualsIgnoreCase(name, "SEC");
  bool is_mac = token ? *token == kParamMac : AsciiEqualsIgnoreCase(name, "MAC");
  if (is_sec) {
    if (out.sec) {
      return Malformed("second SEC parameter", start);
    }
    WspSec sec;
    sec.typed = token.has_value();
    switch (value->kind) {
      case Value::Kind::kInteger:
        if (value->integer > UINT32_MAX) {
          return Malformed("SEC value out of range", start);
        }
        sec.code = static_cast<uint32_t>(value->integer);
        break;
      case Value::Kind::kText:
        if (value->text.empty()) {
          return Malformed("SEC with an empty text", start);
        }
        sec.name = value->text;
        break;
      case Value::Kind::kNone:
      case Value::Kind::kBytes:
        return Malformed("SEC without a value", start);
    }
    out.sec = std::move(sec);
    return Ok();
  }
  if (is_mac) {
    // Text-value = No-value | Token-text | Quoted-string: No-value is an empty MAC.
    if (value->kind != Value::Kind::kText && value->kind != Value::Kind::kNone) {
      return Malformed("MAC is not text", start);
    }
    out.macs.push_back(value->text);
    return Ok();
  }
  WspParameter param;
  param.token = token;
  param.name = std::move(name);
  std::span<const uint8_t> raw = *value_start.ReadBytes(reader.offset() - value_start.offset());
  param.raw_value.assign(raw.begin(), raw.end());
  param.text = value->Render();
  out.parameters.push_back(std::move(param));
  return Ok();
}

// DecodeMedia reads Media-type = Well-known-media (Integer-value) | Extension-media (Text-string).
Result<void> DecodeMedia(ByteReader& reader, WspContentType& out) {
  size_t start = reader.offset();
  Result<uint8_t> first = reader.PeekU8();
  if (!first) {
    return first.error();
  }
  if (*first >= 0x80 || *first <= kMaxShortLength) {
    Result<Value> code = *first >= 0x80 ? ReadGenericValue(reader) : ReadLongInteger(reader);
    if (!code) {
      return code.error();
    }
    if (code->kind != Value::Kind::kInteger || code->integer > UINT32_MAX) {
      return Malformed("media code out of range", start);
    }
    out.media_code = static_cast<uint32_t>(code->integer);
    out.media = std::string(WellKnownMediaName(*out.media_code));
    return Ok();
  }
  if (*first == kLengthQuote) {
    return Malformed("length quote where a media type belongs", start);
  }
  Result<std::string> text = ReadText(reader, /*strip_string_quote=*/false);
  if (!text) {
    return text.error();
  }
  if (text->empty() || static_cast<uint8_t>((*text)[0]) < 0x20) {
    return Malformed("empty media type or one that starts with a control octet", start);
  }
  out.media = std::move(*text);
  return Ok();
}

// DecodeContentType reads Content-type-value = Constrained-media | Content-general-form
// (WAP-230 §8.4.2.24).
Result<WspContentType> DecodeContentType(ByteReader& headers) {
  WspContentType out;
  size_t start = headers.offset();
  Result<uint8_t> first = headers.PeekU8();
  if (!first) {
    return first.error();
  }
  if (*first > kLengthQuote) {
    Result<void> media = DecodeMedia(headers, out);
    if (!media) {
      return media.error();
    }
    return out;
  }
  Result<uint32_t> length = ReadValueLength(headers);
  if (!length) {
    return length.error();
  }
  if (*length > headers.remaining()) {
    return Malformed("content-type value length " + std::to_string(*length) +
                         " past the headers (" + std::to_string(headers.remaining()) + " left)",
                     start);
  }
  std::span<const uint8_t> general = *headers.ReadBytes(*length);
  ByteReader reader(general);
  if (reader.empty()) {
    return Malformed("content-type without a media type", start);
  }
  Result<void> media = DecodeMedia(reader, out);
  if (!media) {
    return media.error();
  }
  while (!reader.empty()) {
    size_t before = reader.offset();
    Result<void> param = DecodeParameter(reader, out);
    if (!param) {
      // Inside the general form every value must end within Value-length: running out is a
      // value-length inconsistency, not a short PDU.
      if (param.error().code == ErrorCode::kTruncated) {
        return Malformed("content-type parameter past its value length", start + before);
      }
      return param.error();
    }
  }
  return out;
}

Result<WspApplicationId> DecodeApplicationId(std::span<const uint8_t> raw, size_t offset) {
  // X-Wap-Application-Id value = Application-id-value = Uri-value | App-assigned-code
  // (WAP-230 §8.4.2.54).
  ByteReader reader(raw);
  WspApplicationId id;
  if (raw[0] >= 0x20 && raw[0] < 0x80) {
    Result<std::string> uri = ReadText(reader, /*strip_string_quote=*/false);
    if (!uri) {
      return uri.error();
    }
    if (uri->empty() || static_cast<uint8_t>((*uri)[0]) < 0x20) {
      return Malformed("empty X-Wap-Application-Id URI", offset);
    }
    id.uri = std::move(*uri);
    return id;
  }
  Result<Value> code = raw[0] >= 0x80 ? ReadGenericValue(reader) : ReadLongInteger(reader);
  if (!code || code->kind != Value::Kind::kInteger || code->integer > UINT32_MAX ||
      !reader.empty()) {
    return Malformed("X-Wap-Application-Id value", offset);
  }
  id.code = static_cast<uint32_t>(code->integer);
  return id;
}

Result<void> DecodeHeaders(ByteReader& headers, size_t base, WspPush& out) {
  while (!headers.empty()) {
    size_t start = base + headers.offset();
    uint8_t first = *headers.PeekU8();
    if (first >= 0x80) {
      (void)headers.ReadU8();
      auto code = static_cast<uint8_t>(first & 0x7F);
      Result<std::span<const uint8_t>> raw = ReadFieldValue(headers);
      if (!raw) {
        if (raw.error().code == ErrorCode::kTruncated) {
          return Malformed("header value past the headers length", start);
        }
        return raw.error();
      }
      if (code == kHeaderXWapApplicationId && !out.application_id) {
        Result<WspApplicationId> id = DecodeApplicationId(*raw, start);
        if (!id) {
          return id.error();
        }
        out.application_id = std::move(*id);
        continue;
      }
      WspHeader header;
      header.code = code;
      header.name = std::string(WellKnownHeaderName(code));
      header.raw_value.assign(raw->begin(), raw->end());
      header.text = RenderFieldValue(code, *raw);
      out.headers.push_back(std::move(header));
      continue;
    }
    if (first == kTextQuote || (first >= 0x01 && first <= 0x1F)) {
      // Shift-delimiter / Short-cut-shift-delimiter (WAP-230 §8.4.2.6): another header code page.
      return Fail(ErrorCode::kUnsupported,
                  "header code page shift at offset " + std::to_string(start));
    }
    if (first == 0x00) {
      return Malformed("empty header name", start);
    }
    // Application-header = Token-text Application-specific-value (Text-string).
    WspHeader header;
    Result<std::string> name = ReadText(headers, /*strip_string_quote=*/false);
    if (!name) {
      return name.error();
    }
    size_t value_start = headers.offset();
    Result<std::string> value = headers.ReadCString();
    if (!value) {
      return Malformed("application header value without its NUL", base + value_start);
    }
    header.name = std::move(*name);
    header.raw_value = std::vector<uint8_t>(value->begin(), value->end());
    header.raw_value.push_back(0);
    header.text = std::move(*value);
    if (!header.text.empty() && static_cast<uint8_t>(header.text[0]) == kTextQuote) {
      header.text.erase(0, 1);
    }
    out.headers.push_back(std::move(header));
  }
  return Ok();
}

// Encoding helpers.

bool HasNul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

void WriteValueLength(ByteWriter& writer, size_t length) {
  if (length <= kMaxShortLength) {
    writer.WriteU8(static_cast<uint8_t>(length));
    return;
  }
  writer.WriteU8(kLengthQuote);
  WriteUintvar(writer, static_cast<uint32_t>(length));
}

// WriteInteger writes Integer-value: Short-integer below 128, else Long-integer.
void WriteInteger(ByteWriter& writer, uint64_t value) {
  if (value < 0x80) {
    writer.WriteU8(static_cast<uint8_t>(0x80 | value));
    return;
  }
  uint8_t octets[8];
  size_t n = 0;
  while (value != 0) {
    octets[n++] = static_cast<uint8_t>(value & 0xFF);
    value >>= 8;
  }
  writer.WriteU8(static_cast<uint8_t>(n));
  for (size_t i = n; i > 0; --i) {
    writer.WriteU8(octets[i - 1]);
  }
}

// WriteTextString writes Text-string: Quote first if the text starts with an octet >= 0x80.
void WriteTextString(ByteWriter& writer, std::string_view text) {
  // A leading 0x7F is quoted too, or the reader would strip it as the quote.
  if (!text.empty() && static_cast<uint8_t>(text[0]) >= kTextQuote) {
    writer.WriteU8(kTextQuote);
  }
  writer.WriteCString(text);
}

// WriteTextValue writes Text-value: No-value for empty text, Quoted-string when the text would
// otherwise be read as something else, else Token-text.
void WriteTextValue(ByteWriter& writer, std::string_view text) {
  if (text.empty()) {
    writer.WriteU8(0x00);
    return;
  }
  auto first = static_cast<uint8_t>(text[0]);
  if (first >= 0x80 || first == kStringQuote || first == kTextQuote || first < 0x20) {
    writer.WriteU8(kStringQuote);
  }
  writer.WriteCString(text);
}

Result<void> EncodeContentType(const WspContentType& ct, ByteWriter& out) {
  ByteWriter media;
  if (ct.media_code) {
    WriteInteger(media, *ct.media_code);
  } else {
    if (ct.media.empty() || HasNul(ct.media)) {
      return Fail(ErrorCode::kInvalidArgument, "media type is empty or contains a NUL");
    }
    WriteTextString(media, ct.media);
  }
  ByteWriter params;
  if (ct.sec) {
    if (ct.sec->code) {
      // WAP-230 Table 38 types SEC as Short-integer; a larger code (only ever decoded from a
      // sender that used a Long-integer) goes back as an Integer-value.
      if (ct.sec->typed) {
        params.WriteU8(0x80 | kParamSec);
      } else {
        params.WriteCString("SEC");
      }
      WriteInteger(params, *ct.sec->code);
    } else {
      if (HasNul(ct.sec->name)) {
        return Fail(ErrorCode::kInvalidArgument, "SEC name contains a NUL");
      }
      if (ct.sec->typed) {
        params.WriteU8(0x80 | kParamSec);
      } else {
        params.WriteCString("SEC");
      }
      WriteTextValue(params, ct.sec->name);
    }
  }
  for (const std::string& mac : ct.macs) {
    if (HasNul(mac)) {
      return Fail(ErrorCode::kInvalidArgument, "MAC contains a NUL");
    }
    params.WriteU8(0x80 | kParamMac);
    WriteTextValue(params, mac);
  }
  for (const WspParameter& p : ct.parameters) {
    if (p.token) {
      if (*p.token > 0x7F) {
        return Fail(ErrorCode::kInvalidArgument, "parameter token above 127");
      }
      params.WriteU8(static_cast<uint8_t>(0x80 | *p.token));
    } else {
      if (p.name.empty() || HasNul(p.name) || static_cast<uint8_t>(p.name[0]) < 0x20 ||
          static_cast<uint8_t>(p.name[0]) >= kTextQuote) {
        return Fail(ErrorCode::kInvalidArgument, "untyped parameter name is not a token");
      }
      params.WriteCString(p.name);
    }
    if (p.raw_value.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "parameter '" + p.name + "' has no value bytes");
    }
    params.WriteBytes(p.raw_value);
  }
  // A long-integer media code starts with its length octet, which reads as a Value-length: it
  // needs the general form.
  bool long_media = ct.media_code && *ct.media_code >= 0x80;
  if (params.size() == 0 && !long_media) {
    // Constrained-media: the media alone (only the integer or text forms, no length).
    out.WriteBytes(media.bytes());
    return Ok();
  }
  WriteValueLength(out, media.size() + params.size());
  out.WriteBytes(media.bytes());
  out.WriteBytes(params.bytes());
  return Ok();
}

}  // namespace

std::string_view WellKnownMediaName(uint32_t code) {
  return code < kMediaNames.size() ? kMediaNames[code] : std::string_view();
}

std::optional<uint8_t> WellKnownMediaCode(std::string_view media) {
  for (size_t i = 0; i < kMediaNames.size(); ++i) {
    if (AsciiEqualsIgnoreCase(kMediaNames[i], media)) {
      return static_cast<uint8_t>(i);
    }
  }
  return std::nullopt;
}

std::string_view ApplicationIdName(uint32_t code) {
  return code < kApplicationIds.size() ? kApplicationIds[code] : std::string_view();
}

std::optional<uint32_t> ApplicationIdCode(std::string_view name) {
  for (size_t i = 0; i < kApplicationIds.size(); ++i) {
    std::string_view full = kApplicationIds[i];
    if (AsciiEqualsIgnoreCase(full, name) || AsciiEqualsIgnoreCase(full.substr(kAppIdPrefix.size()), name)) {
      return static_cast<uint32_t>(i);
    }
  }
  return std::nullopt;
}

std::string_view WellKnownHeaderName(uint8_t code) {
  return code < kHeaderNames.size() ? kHeaderNames[code] : std::string_view();
}

Result<std::vector<uint8_t>> EncodeWspPush(const WspPush& push, WspMode mode) {
  ByteWriter headers;
  Result<void> ct = EncodeContentType(push.content_type, headers);
  if (!ct) {
    return ct.error();
  }
  if (push.application_id) {
    headers.WriteU8(0x80 | kHeaderXWapApplicationId);
    if (push.application_id->code) {
      WriteInteger(headers, *push.application_id->code);
    } else {
      if (push.application_id->uri.empty() || HasNul(push.application_id->uri)) {
        return Fail(ErrorCode::kInvalidArgument, "application id URI is empty or contains a NUL");
      }
      WriteTextString(headers, push.application_id->uri);
    }
  }
  for (const WspHeader& h : push.headers) {
    if (h.code) {
      if (*h.code > 0x7F) {
        return Fail(ErrorCode::kInvalidArgument, "header code above 127");
      }
      headers.WriteU8(static_cast<uint8_t>(0x80 | *h.code));
    } else {
      if (h.name.empty() || HasNul(h.name) || static_cast<uint8_t>(h.name[0]) < 0x20 ||
          static_cast<uint8_t>(h.name[0]) >= kTextQuote) {
        return Fail(ErrorCode::kInvalidArgument, "application header name is not a token");
      }
      headers.WriteCString(h.name);
    }
    if (h.raw_value.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "header '" + h.name + "' has no value bytes");
    }
    headers.WriteBytes(h.raw_value);
  }
  ByteWriter out;
  out.Reserve(headers.size() + push.body.size() + 8);
  if (mode == WspMode::kConnectionless) {
    out.WriteU8(push.tid);
  }
  out.WriteU8(static_cast<uint8_t>(push.type));
  WriteUintvar(out, static_cast<uint32_t>(headers.size()));
  out.WriteBytes(headers.bytes());
  out.WriteBytes(push.body);
  return out.Take();
}

Result<WspPush> DecodeWspPush(std::span<const uint8_t> pdu, WspMode mode) {
  ByteReader reader(pdu);
  WspPush push;
  if (mode == WspMode::kConnectionless) {
    Result<uint8_t> tid = reader.ReadU8();
    if (!tid) {
      return tid.error();
    }
    push.tid = *tid;
  }
  size_t type_offset = reader.offset();
  Result<uint8_t> type = reader.ReadU8();
  if (!type) {
    return type.error();
  }
  if (*type != static_cast<uint8_t>(WspPduType::kPush) &&
      *type != static_cast<uint8_t>(WspPduType::kConfirmedPush)) {
    return Fail(ErrorCode::kUnsupported, "WSP PDU type " + std::to_string(*type) +
                                               " at offset " + std::to_string(type_offset) +
                                               " is not a push");
  }
  push.type = static_cast<WspPduType>(*type);
  size_t length_offset = reader.offset();
  Result<uint32_t> headers_len = ReadUintvar(reader);
  if (!headers_len) {
    return headers_len.error();
  }
  if (*headers_len > reader.remaining()) {
    return Fail(ErrorCode::kTruncated, "headers length " + std::to_string(*headers_len) +
                                           " at offset " + std::to_string(length_offset) +
                                           " is past the end (" +
                                           std::to_string(reader.remaining()) + " left)");
  }
  size_t headers_base = reader.offset();
  ByteReader headers(*reader.ReadBytes(*headers_len));
  if (headers.empty()) {
    return Malformed("push without a Content-Type", headers_base);
  }
  Result<WspContentType> ct = DecodeContentType(headers);
  if (!ct) {
    if (ct.error().code == ErrorCode::kTruncated) {
      return Malformed("Content-Type past the headers length", headers_base);
    }
    return ct.error();
  }
  push.content_type = std::move(*ct);
  Result<void> rest = DecodeHeaders(headers, headers_base, push);
  if (!rest) {
    return rest.error();
  }
  std::span<const uint8_t> body = reader.ReadRest();
  push.body.assign(body.begin(), body.end());
  return push;
}

}  // namespace dmboot::push

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/wbxml/code_pages.h"
#include "dmboot/wbxml/content_handler.h"
#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/text_util.h"
#include "dmboot/wbxml/xml_text.h"

namespace dmboot::wbxml {
namespace {

// ByteClass sorts bytes for AppendEscaped: copied as they are, rewritten, or checked further.
enum class ByteClass : uint8_t {
  kPlain = 0,    // printable ASCII that needs nothing
  kEscape = 1,   // & < > CR always; " LF TAB in attribute values
  kControl = 2,  // an ASCII control XML 1.0 forbids (§2.2 Char)
  kUtf8 = 3,     // the first byte of a multi-byte sequence (or a stray byte)
};

// kTextClass and kAttributeClass classify every byte for text and attribute values.
constexpr std::array<ByteClass, 256> MakeClasses(bool attribute) {
  std::array<ByteClass, 256> classes{};
  for (size_t b = 0; b < 256; ++b) {
    ByteClass c = ByteClass::kPlain;
    if (b >= 0x80) {
      c = ByteClass::kUtf8;
    } else if (b == '&' || b == '<' || b == '>' || b == '\r') {
      c = ByteClass::kEscape;
    } else if (b == '\n' || b == '\t') {
      c = attribute ? ByteClass::kEscape : ByteClass::kPlain;
    } else if (b == '"') {
      c = attribute ? ByteClass::kEscape : ByteClass::kPlain;
    } else if (b < 0x20) {
      c = ByteClass::kControl;
    }
    classes[b] = c;
  }
  return classes;
}
constexpr std::array<ByteClass, 256> kTextClass = MakeClasses(false);
constexpr std::array<ByteClass, 256> kAttributeClass = MakeClasses(true);

std::string_view EscapeOf(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\r':
      return "&#13;";  // XML parsers turn CR and CRLF into LF (XML 1.0 §2.11)
    case '\n':
      return "&#10;";  // attribute-value normalisation (§3.3.3) would turn it into a space
    case '\t':
      return "&#9;";
    default:
      return {};
  }
}

// AllPlainWord is true when none of the 8 bytes at `p` is below 0x20, at or above 0x80, or one of
// & < > " (a superset of what either class table rewrites or checks): a SWAR test.
bool AllPlainWord(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  const auto w = internal::LoadWord<uint64_t>(p);
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  const uint64_t flagged = (w & kHighs) | ((w - 0x20 * kOnes) & ~w & kHighs) |
                           has_zero(w ^ ('&' * kOnes)) | has_zero(w ^ ('<' * kOnes)) |
                           has_zero(w ^ ('>' * kOnes)) | has_zero(w ^ ('"' * kOnes));
  return flagged == 0;
}

// TextOut is the writer's output: a string filled through a length, grown by doubling, so an
// append is a bounds check and a copy (std::string's += is a call per piece, and a tag is several
// pieces).
class TextOut {
 public:
  explicit TextOut(size_t expected_len) { buf_.resize(std::max<size_t>(expected_len, 64)); }

  TextOut& operator+=(std::string_view text) {
    if (!text.empty()) {
      Room(text.size());
      std::memcpy(buf_.data() + len_, text.data(), text.size());
      len_ += text.size();
    }
    return *this;
  }
  TextOut& operator+=(char c) {
    Room(1);
    buf_[len_++] = c;
    return *this;
  }
  void AppendRepeated(size_t count, char c) {
    Room(count);
    std::memset(buf_.data() + len_, c, count);
    len_ += count;
  }
  std::string Take() {
    buf_.resize(len_);
    len_ = 0;
    return std::move(buf_);
  }

 private:
  void Room(size_t count) {
    if (buf_.size() - len_ < count) {
      Grow(count);
    }
  }
  [[gnu::noinline]] void Grow(size_t count) {
    buf_.resize(std::max(buf_.size() * 2, len_ + count));
  }

  std::string buf_;
  size_t len_ = 0;
};

// AppendEscaped appends `text` escaped for XML text or an attribute value in one pass that also
// checks it: false (with `out` partly written) when `text` is not UTF-8 or holds a character
// XML 1.0 cannot carry.
bool AppendEscaped(TextOut& out, std::string_view text, bool attribute) {
  const std::array<ByteClass, 256>& classes = attribute ? kAttributeClass : kTextClass;
  size_t run = 0;  // start of the pending run of bytes copied as they are
  size_t i = 0;
  while (i < text.size()) {
    if (i + 8 <= text.size() && AllPlainWord(text.data() + i)) {
      i += 8;
      continue;
    }
    const ByteClass c = classes[static_cast<uint8_t>(text[i])];
    if (c == ByteClass::kPlain) {
      ++i;
      continue;
    }
    if (c == ByteClass::kControl) {
      return false;
    }
    if (c == ByteClass::kUtf8) {
      // Check the whole run of non-ASCII bytes at once; it stays in the copied run.
      size_t end = i;
      while (end < text.size() && static_cast<uint8_t>(text[end]) >= 0x80) {
        ++end;
      }
      if (!internal::IsXmlText(text.substr(i, end - i))) {
        return false;
      }
      i = end;
      continue;
    }
    out += text.substr(run, i - run);
    out += EscapeOf(text[i]);
    run = ++i;
  }
  out += text.substr(run);
  return true;
}

// XmlWriter writes the events of one document as XML text.
//
// Layout with indent > 0: the children of an element go one per line, indented, until the
// element has had text; from then on (and for the closing tag) nothing is added, because
// whitespace next to text would become part of it. An element whose first child is text is
// thus written on one line, and ParseXml drops the layout whitespace it reads back.
class XmlWriter final : public internal::ContentHandler {
 public:
  // `expected_len` sizes the output buffer once.
  XmlWriter(const XmlWriteOptions& options, size_t expected_len)
      : options_(options), out_(expected_len) {
    open_.reserve(16);
  }

  void Header(const internal::DocumentHeader& header) override {
    language_ = header.language;
    pages_ = &internal::PagesFor(header.language);
    syncml_ = IsSyncMl(header.language);
  }

  void StartElement(std::string_view name, std::span<const Attribute> attributes,
                    std::optional<uint8_t> page) override {
    if (failure_) {
      return;
    }
    // A tag from a code page is a valid name by construction (test
    // WbxmlCodePages.NamesAreXmlNamesAndMetInfIsPageOneOnly checks them all).
    if (!page && !internal::IsXmlName(name)) {
      return Refuse("element name \"" + std::string(name) + "\" is not an XML name");
    }
    bool in_metinf = false;  // the parent declared or inherited xmlns="syncml:metinf"
    if (open_.empty()) {
      WriteProlog(name);
    } else {
      Open& parent = open_.back();
      OpenContent(parent);
      if (!parent.had_text) {
        Newline(open_.size());
      }
      in_metinf = parent.metinf;
    }
    out_ += '<';
    out_ += name;
    const bool metinf = IsMetInf(name, page);
    if (open_.empty() && !RootNamespace(language_).empty()) {
      out_ += " xmlns=\"";
      out_ += RootNamespace(language_);
      out_ += '"';
    } else if (metinf && !in_metinf) {
      out_ += " xmlns=\"syncml:metinf\"";
    }
    for (const Attribute& a : attributes) {
      if (!internal::IsXmlName(a.name)) {
        return Refuse("attribute \"" + a.name + "\" of <" + std::string(name) +
                      "> is not an XML name");
      }
      out_ += ' ';
      out_ += a.name;
      out_ += "=\"";
      if (!AppendEscaped(out_, a.value, /*attribute=*/true)) {
        return Refuse("attribute \"" + a.name + "\" of <" + std::string(name) +
                      "> holds characters XML cannot carry");
      }
      out_ += '"';
    }
    open_.push_back(Open{name, metinf});
  }

  void Text(std::string_view text) override {
    if (failure_) {
      return;
    }
    Open& element = open_.back();
    OpenContent(element);
    element.had_text = true;
    if (!AppendEscaped(out_, text, /*attribute=*/false)) {
      Refuse("text of <" + std::string(element.name) + "> holds characters XML cannot carry");
    }
  }

  void Opaque(std::span<const uint8_t> bytes) override {
    if (failure_) {
      return;
    }
    Open& element = open_.back();
    OpenContent(element);
    element.had_text = true;
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (!AppendEscaped(out_, text, /*attribute=*/false)) {
      Refuse("opaque data of <" + std::string(element.name) + "> is not UTF-8 text XML can carry");
    }
  }

  void EndElement() override {
    if (failure_) {
      return;
    }
    const Open& element = open_.back();
    if (!element.has_content) {
      out_ += "/>";
    } else {
      if (!element.had_text) {
        Newline(open_.size() - 1);
      }
      out_ += "</";
      out_ += element.name;
      out_ += '>';
    }
    open_.pop_back();
    if (open_.empty()) {
      out_ += '\n';
    }
  }

  // Take returns the text, or the first event the writer refused.
  Result<std::string> Take() {
    if (failure_) {
      return *failure_;
    }
    return out_.Take();
  }

 private:
  struct Open {
    std::string_view name;
    bool metinf;               // a MetInf element (its children need no xmlns of their own)
    bool has_content = false;  // the start tag's '>' is written
    bool had_text = false;     // text or opaque seen: no more layout
  };

  void Refuse(std::string message) { failure_ = Fail(ErrorCode::kUnsupported, std::move(message)); }

  void WriteProlog(std::string_view root_name) {
    out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    Newline(0);
    if (options_.doctype) {
      out_ += "<!DOCTYPE ";
      out_ += root_name;
      out_ += " PUBLIC \"";
      out_ += PublicIdText(language_);
      out_ += "\" \"";
      out_ += DtdUrl(language_);
      out_ += "\">";
      Newline(0);
    }
  }

  // OpenContent ends the start tag of `element` before its first child.
  void OpenContent(Open& element) {
    if (!element.has_content) {
      out_ += '>';
      element.has_content = true;
    }
  }

  // IsMetInf: the element came from SyncML tag page 1, or (tag page unknown) its name is on page
  // 1 only. The two agree: no SyncML name is on both pages.
  bool IsMetInf(std::string_view name, std::optional<uint8_t> page) const {
    if (!syncml_) {
      return false;
    }
    if (page) {
      return *page == 1;
    }
    std::span<const internal::TagCandidate> c = pages_->FindTag(name);
    return !c.empty() && c[0].page == 1;
  }

  void Newline(size_t depth) {
    if (options_.indent > 0) {
      out_ += '\n';
      out_.AppendRepeated(depth * static_cast<size_t>(options_.indent), ' ');
    }
  }

  const XmlWriteOptions& options_;
  Language language_ = Language::kSyncMl12;
  const internal::CodePages* pages_ = nullptr;
  bool syncml_ = false;
  std::vector<Open> open_;
  TextOut out_;
  std::optional<Error> failure_;
};

}  // namespace

Result<std::string> ToXml(const Document& document, const XmlWriteOptions& options) {
  XmlWriter writer(options, 4096);
  if (Result<void> r = internal::EmitDocument(document, writer); !r) {
    return r.error();
  }
  return writer.Take();
}

Result<std::string> WbxmlToXml(std::span<const uint8_t> wbxml, const DecodeOptions& decode,
                               const XmlWriteOptions& write) {
  // XML text is about 3x its WBXML (tags spelled out twice, table strings repeated).
  XmlWriter writer(write, 256 + 4 * wbxml.size());
  if (Result<void> r = internal::DecodeEvents(wbxml, decode, writer); !r) {
    return r.error();
  }
  return writer.Take();
}

}  // namespace dmboot::wbxml

// ParseXml: XML text -> Document through pugixml (Debian libpugixml-dev).
//
// pugixml is run in its cheapest mode (in place on one copy of the input, no escape, end-of-line
// or attribute conversion) and is lenient: it accepts undefined entities, several root elements,
// duplicate attributes, text outside the root and any bytes. The well-formedness checks of
// XML 1.0 that expat made (and that the tree depends on) are done here, in the same pass that
// decodes references and normalises line ends.
#include <pugixml.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/ascii.h"
#include "dmboot/wbxml/content_handler.h"
#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/text_util.h"
#include "dmboot/wbxml/xml_reader.h"
#include "dmboot/wbxml/xml_text.h"

namespace dmboot::wbxml {
namespace internal {
namespace {

// The pugixml options: keep every node we must check (declaration, DOCTYPE, comments, PIs,
// whitespace text), convert nothing. parse_fragment keeps the text outside the root (pugixml
// drops it otherwise) and lets us report several roots ourselves.
constexpr unsigned int kPugiOptions =
    pugi::parse_fragment | pugi::parse_ws_pcdata | pugi::parse_embed_pcdata | pugi::parse_cdata |
    pugi::parse_comments | pugi::parse_pi | pugi::parse_declaration | pugi::parse_doctype;

// kPugiLayoutOptions lets pugixml drop layout whitespace itself (about half the nodes of an
// indented document): a whitespace-only text is kept only as an element's only child. Without
// comments, PIs and CDATA, text pieces never sit side by side, and that is exactly ParseXml's rule
// (whitespace-only text is dropped next to element children); with them, Flush's merging of
// pieces needs every text, so those documents are parsed with kPugiOptions.
constexpr unsigned int kPugiLayoutOptions =
    (kPugiOptions & ~pugi::parse_ws_pcdata) | pugi::parse_ws_pcdata_single;

// MayHaveCommentPiOrCdata is true when `xml` has "<!-", "<![" or "<?" after the start of its
// first element (the prolog's declaration, comments and PIs hold no text of the tree). '<' is
// never raw in text or values, so such a byte pair is markup (or inside a comment or CDATA
// section, which is one already). '!' and '?' are rare, so memchr finds the few candidates fast.
bool MayHaveCommentPiOrCdata(std::string_view xml) {
  size_t root = xml.find('<');
  while (root != std::string_view::npos && root + 1 < xml.size() &&
         (xml[root + 1] == '!' || xml[root + 1] == '?')) {
    root = xml.find('<', root + 1);
  }
  if (root == std::string_view::npos) {
    return false;  // no element: pugixml or the prolog check will say so
  }
  for (const char mark : {'!', '?'}) {
    for (size_t at = xml.find(mark, root + 1); at != std::string_view::npos;
         at = xml.find(mark, at + 1)) {
      if (xml[at - 1] == '<' &&
          (mark == '?' || (at + 1 < xml.size() && (xml[at + 1] == '-' || xml[at + 1] == '[')))) {
        return true;
      }
    }
  }
  return false;
}

// kSpecial flags the bytes that end a plain run in Decode: in text NUL (the end), '&', CR and
// ']' (for "]]>"); in an attribute value NUL, '&', CR, LF, TAB and '<'.
constexpr uint8_t kSpecialInText = 1;
constexpr uint8_t kSpecialInAttribute = 2;
constexpr std::array<uint8_t, 256> kSpecial = [] {
  std::array<uint8_t, 256> table{};
  for (const char c : {'\0', '&', '\r'}) {
    table[static_cast<unsigned char>(c)] = kSpecialInText | kSpecialInAttribute;
  }
  table[static_cast<unsigned char>(']')] = kSpecialInText;
  for (const char c : {'\n', '\t', '<'}) {
    table[static_cast<unsigned char>(c)] = kSpecialInAttribute;
  }
  return table;
}();

// TextEnd returns the first byte of NUL-terminated `text` that kSpecial flags under `mask`.
const char* TextEnd(const char* text, uint8_t mask) {
  while ((kSpecial[static_cast<uint8_t>(*text)] & mask) == 0) {
    ++text;
  }
  return text;
}

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool AllSpace(std::string_view text) { return std::all_of(text.begin(), text.end(), IsXmlSpace); }

bool AllSpace(const char* text) {
  while (IsXmlSpace(*text)) {
    ++text;
  }
  return *text == '\0';
}

bool IsNamespaceDeclaration(std::string_view name) {
  return name == "xmlns" || name.substr(0, 6) == "xmlns:";
}

// IsXmlNameFifthEdition: internal::IsXmlName (the ASCII rules) plus, for non-ASCII characters,
// the NameStartChar / NameChar ranges of XML 1.0 fifth edition §2.3 [4], [4a]. `name` is valid
// UTF-8 (checked before).
bool IsXmlNameFifthEdition(std::string_view name) {
  if (!IsXmlName(name)) {
    return false;
  }
  for (size_t i = 0; i < name.size();) {
    const auto b = static_cast<uint8_t>(name[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(name, i, cp);  // well formed: IsXmlName checked
    if (len == 0) {
      return false;
    }
    const bool start = (cp >= 0xC0 && cp <= 0xD6) || (cp >= 0xD8 && cp <= 0xF6) ||
                       (cp >= 0xF8 && cp <= 0x2FF) || (cp >= 0x370 && cp <= 0x37D) ||
                       (cp >= 0x37F && cp <= 0x1FFF) || (cp >= 0x200C && cp <= 0x200D) ||
                       (cp >= 0x2070 && cp <= 0x218F) || (cp >= 0x2C00 && cp <= 0x2FEF) ||
                       (cp >= 0x3001 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFDCF) ||
                       (cp >= 0xFDF0 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0xEFFFF);
    const bool other = cp == 0xB7 || (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x203F && cp <= 0x2040);
    if (!(start || (i > 0 && other))) {
      return false;
    }
    i += len;
  }
  return true;
}

// XmlNameLength returns the length of the NUL-terminated `name` when it is an XML Name, else 0:
// one pass over kNameClass for an ASCII name (every name of the code pages),
// IsXmlNameFifthEdition for the rest.
size_t XmlNameLength(const char* name) {
  const auto* p = reinterpret_cast<const uint8_t*>(name);
  if ((kNameClass[*p] & kNameStart) != 0) {
    do {
      ++p;
    } while ((kNameClass[*p] & kNameChar) != 0);
    if (*p == '\0') {
      return static_cast<size_t>(p - reinterpret_cast<const uint8_t*>(name));
    }
  }
  if (*p < 0x80) {
    return 0;  // an ASCII byte that is not allowed there, or the name is empty
  }
  const std::string_view whole = name;
  return IsXmlNameFifthEdition(whole) ? whole.size() : 0;
}

// kPubidChar is PubidChar (§2.3 [13]): the characters of a public identifier.
constexpr std::array<bool, 256> kPubidChar = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 128; ++c) {
    table[static_cast<size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                    (c >= '0' && c <= '9') || c == ' ' || c == '\r' ||
                                    c == '\n';
  }
  for (const char c : std::string_view("-'()+,./:=?;!*#@$_%")) {
    table[static_cast<uint8_t>(c)] = true;
  }
  return table;
}();

// IsEncName is EncName of §4.3.3 [81]: [A-Za-z] ([A-Za-z0-9._] | '-')*.
bool IsEncName(std::string_view name) {
  const auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (name.empty() || !alpha(name[0])) {
    return false;
  }
  return std::all_of(name.begin() + 1, name.end(), [&](char c) {
    return alpha(c) || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

// CharBlock flags bytes of a 16-byte block (bit k for byte k): `odd`, a byte below 0x20 other
// than TAB, LF and CR, or a byte of a multi-byte character; `special`, a byte kSpecial flags in
// text: '&', CR or ']', which Decode must see (and NUL, odd anyway).
struct CharBlock {
  uint32_t odd;
  uint32_t special;
};

#if defined(__SSE2__)
CharBlock ClassifyBlock(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto eq = [&v](char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  // A signed compare: bytes from 0x80 are negative, so "below 0x20" takes them in too.
  const __m128i low_or_high = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
  const __m128i cr = eq('\r');
  const __m128i allowed = _mm_or_si128(_mm_or_si128(eq('\t'), eq('\n')), cr);
  const __m128i special = _mm_or_si128(_mm_or_si128(eq('&'), eq(']')), cr);
  return {static_cast<uint32_t>(_mm_movemask_epi8(_mm_andnot_si128(allowed, low_or_high))),
          static_cast<uint32_t>(_mm_movemask_epi8(special))};
}
#else
CharBlock ClassifyBlock(const char* p) {
  CharBlock block{0, 0};
  for (int k = 0; k < 16; ++k) {
    const auto b = static_cast<uint8_t>(p[k]);
    if (b >= 0x80 || (b < 0x20 && b != '\t' && b != '\n' && b != '\r')) {
      block.odd |= 1u << k;
    }
    if ((kSpecial[b] & kSpecialInText) != 0) {
      block.special |= 1u << k;
    }
  }
  return block;
}
#endif

// CharScan is what ScanChars finds in a document.
struct CharScan {
  size_t first_bad = std::string_view::npos;  // see ScanChars
  bool non_ascii = false;
  bool text_specials = false;  // '&', CR or ']' somewhere: text may need decoding
};

// ScanChars finds the first byte of `text` that does not start a well-formed UTF-8 XML 1.0 Char
// (§2.2: the whole document entity is made of Chars), 16 bytes at a time while it is ASCII.
CharScan ScanChars(std::string_view text) {
  CharScan scan;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    while (i + 16 <= n) {
      const CharBlock block = ClassifyBlock(text.data() + i);
      scan.text_specials = scan.text_specials || block.special != 0;
      if (block.odd != 0) {
        i += static_cast<size_t>(std::countr_zero(block.odd));
        break;
      }
      i += 16;
    }
    if (i >= n) {
      break;
    }
    const auto b = static_cast<uint8_t>(text[i]);
    if (b < 0x80) {
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
        scan.first_bad = i;
        return scan;
      }
      scan.text_specials = scan.text_specials || (kSpecial[b] & kSpecialInText) != 0;
      ++i;
      continue;
    }
    scan.non_ascii = true;
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(text, i, cp);
    if (len == 0 || !IsXmlChar(cp)) {
      scan.first_bad = i;
      return scan;
    }
    i += len;
  }
  return scan;
}

// NullHandler takes events and drops them: Emit walks with it to check a document whose
// language is unknown (a malformed document is reported as such before the language).
class NullHandler final : public ContentHandler {
 public:
  void Header(const DocumentHeader& /*header*/) override {}
  void StartElement(std::string_view /*name*/, std::span<const Attribute> /*attributes*/,
                    std::optional<uint8_t> /*page*/) override {}
  void Text(std::string_view /*text*/) override {}
  void Opaque(std::span<const uint8_t> /*bytes*/) override {}
  void EndElement() override {}
};

}  // namespace

// XmlEvents::State is one parsed document: the copy pugixml parsed in place, its DOM, what the
// prolog said and the walk's scratch.
class XmlEvents::State {
 public:
  State(std::string_view xml, const XmlParseOptions& options)
      : xml_(xml), options_(options), max_depth_(std::min(options.max_depth, kMaxDepthCap)) {}

  // Load runs pugixml and checks everything up to the root's start tag; it decides the language.
  Result<void> Load() {
    if (xml_.size() > options_.max_document_len) {
      return Fail(ErrorCode::kLimitExceeded, "XML document of " + std::to_string(xml_.size()) +
                                                 " bytes is longer than the limit of " +
                                                 std::to_string(options_.max_document_len));
    }
    if (xml_.size() >= 2 && ((xml_[0] == '\xFE' && xml_[1] == '\xFF') ||
                             (xml_[0] == '\xFF' && xml_[1] == '\xFE'))) {
      return Fail(ErrorCode::kUnsupported, "UTF-16 XML is not supported (UTF-8 only)");
    }
    const CharScan scan = ScanChars(xml_);
    if (scan.first_bad != std::string_view::npos) {
      return Malformed(scan.first_bad, "not UTF-8 or a character XML 1.0 forbids");
    }
    text_specials_ = scan.text_specials;
    bom_ = xml_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    // One copy, parsed in place, with a NUL after it: pugixml overwrites the last byte of the
    // buffer with its terminator, and the NUL keeps that byte out of the document.
    buffer_.reserve(xml_.size() + 1);
    buffer_.assign(xml_);
    buffer_.push_back('\0');
    const pugi::xml_parse_result parsed = dom_.load_buffer_inplace(
        buffer_.data(), buffer_.size(),
        MayHaveCommentPiOrCdata(xml_) ? kPugiOptions : kPugiLayoutOptions,
        pugi::encoding_utf8);
    if (!parsed) {
      if (parsed.status == pugi::status_out_of_memory) {
        return Fail(ErrorCode::kInternal, "out of memory parsing XML");
      }
      // Errors in document order, as a streaming parser finds them: nesting past the limit
      // before the syntax error wins.
      if (const char* deep = TooDeep(dom_); deep != nullptr) {
        return DepthError(deep);
      }
      return Malformed(static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0)),
                       parsed.description());
    }
    if (!ReadProlog(dom_)) {
      return *error_;
    }
    if (declared_ascii_ && scan.non_ascii) {
      return Malformed(FirstNonAscii(), "non-ASCII byte in a document declared US-ASCII");
    }
    const std::string_view root_name = root_.name();
    for (pugi::xml_attribute attr = root_.first_attribute(); attr; attr = attr.next_attribute()) {
      if (std::strcmp(attr.name(), "xmlns") == 0) {
        if (!Decode(attr.value(), /*attribute=*/true, root_xmlns_)) {
          return *error_;
        }
        break;
      }
    }
    // Language: the caller's, else the DOCTYPE's public id, else the root namespace, else the
    // root element when only one language uses it.
    language_ = options_.language;
    if (!language_ && !doctype_public_id_.empty()) {
      language_ = LanguageFromPublicIdText(doctype_public_id_);
    }
    if (!language_ && !root_xmlns_.empty()) {
      language_ = LanguageFromNamespace(root_xmlns_);
    }
    if (!language_ && root_name == "wap-provisioningdoc") {
      language_ = Language::kProv10;
    }
    if (!language_ && root_name == "MgmtTree") {
      language_ = Language::kDmDdf12;
    }
    return Ok();
  }

  std::optional<Language> language() const { return language_; }

  // Emit walks the root element, reporting it to `handler` and checking it (names, attributes,
  // references, depth); the same way every time.
  Result<void> Emit(ContentHandler& handler) {
    error_.reset();
    if (!language_) {
      NullHandler null_handler;
      if (!ReadElement(root_, 1, null_handler)) {
        return *error_;
      }
      return Fail(ErrorCode::kUnsupported,
                  "cannot tell the WBXML language of <" + std::string(root_.name()) +
                      "> (DOCTYPE \"" + doctype_public_id_ + "\", xmlns \"" + root_xmlns_ +
                      "\"); name one (e.g. --language SYNCML12)");
    }
    DocumentHeader header;
    header.language = *language_;
    handler.Header(header);
    if (!ReadElement(root_, 1, handler)) {
      return *error_;
    }
    return Ok();
  }

 private:
  // Position is "line L column C" (1-based; columns count characters) of byte `offset`; CRLF,
  // CR and LF each end a line (§2.11).
  std::string Position(size_t offset) const {
    offset = std::min(offset, xml_.size());
    size_t line = 1;
    size_t column = 1;
    for (size_t i = 0; i < offset; ++i) {
      const char c = xml_[i];
      if (c == '\n' || (c == '\r' && (i + 1 >= xml_.size() || xml_[i + 1] != '\n'))) {
        ++line;
        column = 1;
      } else if (c != '\r' && (static_cast<uint8_t>(c) & 0xC0u) != 0x80u) {
        ++column;
      }
    }
    return "line " + std::to_string(line) + " column " + std::to_string(column);
  }

  Error Malformed(size_t offset, std::string_view what) const {
    return Fail(ErrorCode::kMalformed,
                "malformed XML at " + Position(offset) + ": " + std::string(what));
  }

  // Stop records the first error; the walk returns false up to Parse.
  bool Stop(Error error) {
    if (!error_) {
      error_ = std::move(error);
    }
    return false;
  }
  bool StopMalformed(const char* at, std::string_view what) {
    return Stop(Malformed(Offset(at), what));
  }

  size_t Offset(const char* p) const {
    return static_cast<size_t>(std::clamp<ptrdiff_t>(p - buffer_.data(), 0,
                                                     static_cast<ptrdiff_t>(xml_.size())));
  }

  size_t FirstNonAscii() const {
    for (size_t i = 0; i < xml_.size(); ++i) {
      if (static_cast<uint8_t>(xml_[i]) >= 0x80) {
        return i;
      }
    }
    return 0;
  }

  Error DepthError(const char* name) const {
    return Fail(ErrorCode::kLimitExceeded, "XML element nesting deeper than " +
                                               std::to_string(max_depth_) + " at " +
                                               Position(Offset(name)));
  }

  // TooDeep returns the name of the first element of (a partial) `dom` nested deeper than
  // max_depth_, or nullptr. Iterative: the tree of a failed parse is unbounded.
  const char* TooDeep(const pugi::xml_document& dom) const {
    size_t depth = 0;
    pugi::xml_node node = dom.first_child();
    while (node) {
      if (node.type() == pugi::node_element) {
        if (depth + 1 > max_depth_) {
          return node.name();
        }
        if (node.first_child()) {
          ++depth;
          node = node.first_child();
          continue;
        }
      }
      while (node && !node.next_sibling()) {
        node = node.parent();
        if (node.type() == pugi::node_document) {
          return nullptr;
        }
        --depth;
      }
      if (node) {
        node = node.next_sibling();
      }
    }
    return nullptr;
  }

  // ReadProlog checks the document-level nodes: at most one XML declaration, first; at most one
  // DOCTYPE, before the root; whitespace only as text; one root element.
  bool ReadProlog(const pugi::xml_document& dom) {
    bool first = true;
    for (pugi::xml_node node = dom.first_child(); node; node = node.next_sibling()) {
      switch (node.type()) {
        case pugi::node_declaration:
          // pugixml takes any case of "xml" as the declaration; other cases are reserved PI
          // targets (§2.6).
          if (!first || Offset(node.name()) != bom_ + 2 || std::strcmp(node.name(), "xml") != 0) {
            return StopMalformed(node.name(), "XML declaration not at the start of the document");
          }
          if (!ReadDeclaration(node)) {
            return false;
          }
          break;
        case pugi::node_doctype:
          if (root_ || have_doctype_) {
            return StopMalformed(node.value(), "DOCTYPE after the root element or repeated");
          }
          have_doctype_ = true;
          if (!ReadDoctype(node.value())) {
            return false;
          }
          break;
        case pugi::node_pcdata:
          if (!AllSpace(node.value())) {
            return StopMalformed(node.value(), "text outside the root element");
          }
          break;
        case pugi::node_cdata:
          return StopMalformed(node.value(), "CDATA section outside the root element");
        case pugi::node_comment:
        case pugi::node_pi:
          if (!CheckCommentOrPi(node)) {
            return false;
          }
          break;
        case pugi::node_element:
          if (root_) {
            return StopMalformed(node.name(), "second root element");
          }
          root_ = node;
          break;
        case pugi::node_null:
        case pugi::node_document:
          return Stop(Fail(ErrorCode::kInternal, "unexpected pugixml node at document level"));
      }
      first = false;
    }
    if (!root_) {
      return Stop(Malformed(xml_.size(), "no root element"));
    }
    return true;
  }

  // ReadDeclaration checks <?xml version="1.x" encoding="..." standalone="..."?> (§2.8, §4.3.3).
  bool ReadDeclaration(pugi::xml_node node) {
    pugi::xml_attribute attr = node.first_attribute();
    if (!attr || std::strcmp(attr.name(), "version") != 0 ||
        std::strncmp(attr.value(), "1.", 2) != 0 || attr.value()[2] == '\0' ||
        std::strspn(attr.value() + 2, "0123456789") != std::strlen(attr.value() + 2)) {
      return StopMalformed(node.name(), "XML declaration without version=\"1.x\"");
    }
    attr = attr.next_attribute();
    if (attr && std::strcmp(attr.name(), "encoding") == 0) {
      const std::string_view encoding = attr.value();
      if (!IsEncName(encoding)) {
        return StopMalformed(attr.value(), "bad encoding name in the XML declaration");
      }
      if (AsciiEqualsIgnoreCase(encoding, "US-ASCII")) {
        declared_ascii_ = true;
      } else if (!AsciiEqualsIgnoreCase(encoding, "UTF-8")) {
        return Stop(Fail(ErrorCode::kUnsupported, "XML encoding \"" + std::string(encoding) +
                                                      "\" is not supported (UTF-8 only)"));
      }
      attr = attr.next_attribute();
    }
    if (attr && std::strcmp(attr.name(), "standalone") == 0 &&
        (std::strcmp(attr.value(), "yes") == 0 || std::strcmp(attr.value(), "no") == 0)) {
      attr = attr.next_attribute();
    }
    if (attr) {
      return StopMalformed(attr.name(), "unexpected pseudo-attribute in the XML declaration");
    }
    return true;
  }

  // ReadDoctype reads `Name (SYSTEM lit | PUBLIC lit lit)? S? ('[' subset ']' S?)?` (§2.8
  // [28]) after "<!DOCTYPE S", keeping the public id (whitespace-normalised, §4.2.2).
  // A non-empty internal subset is refused: entities could expand into large text and attribute
  // defaults would change the tree.
  bool ReadDoctype(const char* value) {
    const std::string_view decl = value;
    if (Offset(value) == 0 || !IsXmlSpace(buffer_[Offset(value) - 1])) {
      return StopMalformed(value, "DOCTYPE without a name");
    }
    size_t i = 0;
    const auto skip_space = [&] {
      const size_t start = i;
      while (i < decl.size() && IsXmlSpace(decl[i])) {
        ++i;
      }
      return i > start;
    };
    const auto literal = [&](std::string_view& out) {
      if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) {
        return false;
      }
      const size_t close = decl.find(decl[i], i + 1);
      if (close == std::string_view::npos) {
        return false;
      }
      out = decl.substr(i + 1, close - i - 1);
      i = close + 1;
      return true;
    };
    while (i < decl.size() && !IsXmlSpace(decl[i]) && decl[i] != '[') {
      ++i;
    }
    if (!IsXmlNameFifthEdition(decl.substr(0, i))) {
      return StopMalformed(value, "bad DOCTYPE name");
    }
    bool space = skip_space();
    std::string_view public_id;
    std::string_view system_id;
    const std::string_view rest = decl.substr(i);
    if (rest.substr(0, 6) == "PUBLIC" || rest.substr(0, 6) == "SYSTEM") {
      const bool is_public = rest[0] == 'P';
      i += 6;
      if (!space || !skip_space() || (is_public && !literal(public_id)) ||
          (is_public && !skip_space()) || !literal(system_id)) {
        return StopMalformed(value + i, "bad DOCTYPE external id");
      }
      for (char c : public_id) {
        if (!kPubidChar[static_cast<uint8_t>(c)]) {
          return StopMalformed(value, "bad character in the DOCTYPE public id");
        }
      }
      // Normalised (§4.2.2): its words joined by single spaces.
      for (size_t k = 0; k < public_id.size();) {
        while (k < public_id.size() && IsXmlSpace(public_id[k])) {
          ++k;
        }
        const size_t word = k;
        while (k < public_id.size() && !IsXmlSpace(public_id[k])) {
          ++k;
        }
        if (word < k) {
          if (!doctype_public_id_.empty()) {
            doctype_public_id_ += ' ';
          }
          doctype_public_id_.append(public_id.substr(word, k - word));
        }
      }
      skip_space();
    }
    if (i < decl.size() && decl[i] == '[') {
      const size_t close = decl.rfind(']');
      if (close == std::string_view::npos || close < i) {
        return StopMalformed(value + i, "unterminated DOCTYPE internal subset");
      }
      const std::string_view subset = decl.substr(i + 1, close - i - 1);
      if (const size_t entity = subset.find("<!ENTITY"); entity != std::string_view::npos) {
        const size_t name_start = subset.find_first_not_of(" \t\r\n%", entity + 8);
        const size_t name_end = subset.find_first_of(" \t\r\n", name_start);
        return Stop(Fail(ErrorCode::kRefused,
                         "XML entity declaration \"" +
                             std::string(subset.substr(std::min(name_start, subset.size()),
                                                       name_end - name_start)) +
                             "\" refused (no DTD entities)"));
      }
      if (!AllSpace(subset)) {
        return Stop(Fail(ErrorCode::kRefused,
                         "XML DOCTYPE internal subset refused (no DTD declarations)"));
      }
      i = close + 1;
      skip_space();
    }
    if (i != decl.size()) {
      return StopMalformed(value + i, "unexpected text in DOCTYPE");
    }
    return true;
  }

  // CheckCommentOrPi checks a comment or a PI node, which the prolog and element content both
  // allow.
  bool CheckCommentOrPi(pugi::xml_node node) {
    return node.type() == pugi::node_comment ? CheckComment(node) : CheckPi(node);
  }

  // CheckComment: "--" must not occur in a comment, nor may it end with "-" (§2.5 [15]).
  bool CheckComment(pugi::xml_node node) {
    const std::string_view text = node.value();
    if (text.find("--") != std::string_view::npos || (!text.empty() && text.back() == '-')) {
      return StopMalformed(node.value(), "\"--\" in a comment");
    }
    return true;
  }

  // CheckPi: the target is a name other than [Xx][Mm][Ll] (§2.6 [17]).
  bool CheckPi(pugi::xml_node node) {
    const std::string_view target = node.name();
    if (!IsXmlNameFifthEdition(target) || AsciiEqualsIgnoreCase(target, "xml")) {
      return StopMalformed(node.name(), "bad processing instruction target");
    }
    return true;
  }

  // ReadElement reports `node`, at nesting `depth` (the root is 1), to `handler`.
  bool ReadElement(pugi::xml_node node, size_t depth, ContentHandler& handler) {
    if (depth > max_depth_) {
      return Stop(DepthError(node.name()));
    }
    const char* name = node.name();
    const size_t name_len = XmlNameLength(name);
    if (name_len == 0) {
      return StopMalformed(name, "bad element name");
    }
    const std::string_view name_view(name, name_len);
    // The attributes go to the handler from scratch_ (strings reused from element to element).
    size_t count = 0;
    for (pugi::xml_attribute attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
      const std::string_view attr_name = attr.name();
      if (!IsXmlNameFifthEdition(attr_name)) {
        return StopMalformed(attr.name(), "bad attribute name");
      }
      // Well-formedness constraint: unique attribute specification (§3.1).
      for (pugi::xml_attribute before = node.first_attribute(); before != attr;
           before = before.next_attribute()) {
        if (attr_name == before.name()) {
          return StopMalformed(attr.name(), "duplicate attribute \"" + std::string(attr_name) +
                                                "\"");
        }
      }
      if (count == scratch_.size()) {
        scratch_.emplace_back();
      }
      Attribute& out = scratch_[count];
      out.value.clear();
      if (!Decode(attr.value(), /*attribute=*/true, out.value)) {
        return false;
      }
      if (IsNamespaceDeclaration(attr_name)) {
        continue;  // implied by the code page in WBXML
      }
      out.name.assign(attr_name);
      ++count;
    }
    handler.StartElement(name_view, std::span<const Attribute>(scratch_.data(), count),
                         std::nullopt);
    const char* embedded = node.value();  // parse_embed_pcdata: a leading text child
    const pugi::xml_node first_child = node.first_child();
    if (!first_child && *embedded != '\0') {
      // Fast path, the usual leaf: one text with nothing to decode goes as a view.
      const char* end = text_specials_ ? TextEnd(embedded, kSpecialInText)
                                       : embedded + std::strlen(embedded);
      if (*end == '\0') {
        handler.Text(std::string_view(embedded, static_cast<size_t>(end - embedded)));
        handler.EndElement();
        return true;
      }
    }
    // Character data pieces (text, CDATA, text split by comments or PIs) gather in `pending`
    // and are reported as one text.
    std::string pending;
    bool has_element_children = false;
    if (*embedded != '\0' && !Decode(embedded, /*attribute=*/false, pending)) {
      return false;
    }
    for (pugi::xml_node child = first_child; child; child = child.next_sibling()) {
      switch (child.type()) {
        case pugi::node_pcdata: {
          // Layout fast path: whitespace alone before an element child, or after the last one,
          // is dropped by Flush anyway.
          const char* text = child.value();
          if (pending.empty() && AllSpace(text)) {
            const pugi::xml_node next = child.next_sibling();
            if (next ? next.type() == pugi::node_element : has_element_children) {
              break;
            }
          }
          if (!Decode(text, /*attribute=*/false, pending)) {
            return false;
          }
          break;
        }
        case pugi::node_cdata:
          AppendNormalisedLines(child.value(), pending);
          break;
        case pugi::node_comment:
        case pugi::node_pi:
          if (!CheckCommentOrPi(child)) {
            return false;
          }
          break;
        case pugi::node_element:
          has_element_children = true;
          Flush(pending, /*has_element_children=*/true, handler);
          if (!ReadElement(child, depth + 1, handler)) {
            return false;
          }
          break;
        case pugi::node_declaration:
        case pugi::node_doctype:
        case pugi::node_null:
        case pugi::node_document:
          return StopMalformed(child.name(), "declaration inside an element");
      }
    }
    Flush(pending, has_element_children, handler);
    handler.EndElement();
    return true;
  }

  // Flush reports pending character data as text. Whitespace-only text next to element children
  // is layout and is dropped; any other text is kept byte for byte.
  static void Flush(std::string& pending, bool has_element_children,
                    ContentHandler& handler) {
    if (pending.empty()) {
      return;
    }
    if (!(has_element_children && AllSpace(pending))) {
      handler.Text(pending);
    }
    pending.clear();
  }

  // AppendNormalisedLines appends CDATA content with CRLF and CR turned into LF (§2.11).
  static void AppendNormalisedLines(const char* text, std::string& out) {
    const char* run = text;
    const char* p = text;
    for (; *p != '\0'; ++p) {
      if (*p == '\r') {
        out.append(run, static_cast<size_t>(p - run));
        out.push_back('\n');
        if (p[1] == '\n') {
          ++p;
        }
        run = p + 1;
      }
    }
    out.append(run, static_cast<size_t>(p - run));
  }

  // Decode appends raw text or attribute value `text` to `out`: references to the five predefined
  // entities and character references decoded (§4.6, §4.1), CRLF and CR turned into LF (§2.11)
  // and, in an attribute value, raw TAB, LF and CR into a space (§3.3.3). Any other reference, a
  // bare '&', '<' in a value or "]]>" in text stops the parse.
  bool Decode(const char* text, bool attribute, std::string& out) {
    const uint8_t mask = attribute ? kSpecialInAttribute : kSpecialInText;
    const char* run = text;
    const char* p = text;
    for (;; ++p) {
      p = TextEnd(p, mask);
      const char c = *p;
      out.append(run, static_cast<size_t>(p - run));
      run = p + 1;
      switch (c) {
        case '\0':
          return true;
        case '\r':
          out.push_back(attribute ? ' ' : '\n');
          if (p[1] == '\n') {
            ++p;
            run = p + 1;
          }
          break;
        case '\n':
        case '\t':
          out.push_back(' ');
          break;
        case '<':
          return StopMalformed(p, "'<' in an attribute value");
        case ']':
          if (p[1] == ']' && p[2] == '>') {
            return StopMalformed(p, "\"]]>\" in text");
          }
          out.push_back(']');
          break;
        case '&': {
          const char* end = std::strchr(p, ';');
          if (end == nullptr) {
            return StopMalformed(p, "'&' that starts no reference");
          }
          if (!DecodeReference(std::string_view(p + 1, static_cast<size_t>(end - p - 1)), out)) {
            return StopMalformed(p, "undefined entity or bad character reference \"" +
                                        std::string(p, std::min<size_t>(
                                                           static_cast<size_t>(end - p + 1), 16)) +
                                        "\"");
          }
          p = end;
          run = p + 1;
          break;
        }
        default:
          break;
      }
    }
  }

  // DecodeReference appends what `&ref;` stands for: one of the predefined entities (§4.6) or
  // a character reference to an XML Char (§4.1 [66]); false for anything else.
  static bool DecodeReference(std::string_view ref, std::string& out) {
    if (ref == "lt") {
      out.push_back('<');
    } else if (ref == "gt") {
      out.push_back('>');
    } else if (ref == "amp") {
      out.push_back('&');
    } else if (ref == "apos") {
      out.push_back('\'');
    } else if (ref == "quot") {
      out.push_back('"');
    } else if (ref.size() >= 2 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) {
        return false;
      }
      uint32_t cp = 0;
      for (char d : digits) {
        uint32_t v = 0;
        if (d >= '0' && d <= '9') {
          v = static_cast<uint32_t>(d - '0');
        } else if (hex && d >= 'a' && d <= 'f') {
          v = static_cast<uint32_t>(d - 'a' + 10);
        } else if (hex && d >= 'A' && d <= 'F') {
          v = static_cast<uint32_t>(d - 'A' + 10);
        } else {
          return false;
        }
        cp = cp * (hex ? 16u : 10u) + v;
        if (cp > 0x10FFFF) {
          return false;
        }
      }
      return IsXmlChar(cp) && AppendUtf8(out, cp);
    } else {
      return false;
    }
    return true;
  }

  std::string_view xml_;
  XmlParseOptions options_;
  size_t max_depth_;
  size_t bom_ = 0;
  std::string buffer_;
  pugi::xml_document dom_;
  pugi::xml_node root_;
  bool have_doctype_ = false;
  bool declared_ascii_ = false;
  bool text_specials_ = true;  // ScanChars's text_specials
  std::string doctype_public_id_;
  std::string root_xmlns_;
  std::optional<Language> language_;
  std::vector<Attribute> scratch_;
  std::optional<Error> error_;
};

XmlEvents::XmlEvents(std::unique_ptr<State> state) : state_(std::move(state)) {}
XmlEvents::XmlEvents(XmlEvents&& other) noexcept = default;
XmlEvents& XmlEvents::operator=(XmlEvents&& other) noexcept = default;
XmlEvents::~XmlEvents() = default;

Result<XmlEvents> XmlEvents::Parse(std::string_view xml, const XmlParseOptions& options) {
  auto state = std::make_unique<State>(xml, options);
  if (Result<void> loaded = state->Load(); !loaded) {
    return loaded.error();
  }
  return XmlEvents(std::move(state));
}

std::optional<Language> XmlEvents::language() const { return state_->language(); }

Result<void> XmlEvents::Emit(ContentHandler& handler) const { return state_->Emit(handler); }

}  // namespace internal

Result<Document> ParseXml(std::string_view xml, const XmlParseOptions& options) {
  Result<internal::XmlEvents> events = internal::XmlEvents::Parse(xml, options);
  if (!events) {
    return events.error();
  }
  Document document;
  internal::TreeBuilder builder(document);
  if (Result<void> emitted = events->Emit(builder); !emitted) {
    return emitted.error();
  }
  return document;
}

}  // namespace dmboot::wbxml

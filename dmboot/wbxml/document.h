#ifndef DMBOOT_WBXML_DOCUMENT_H_
#define DMBOOT_WBXML_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "dmboot/wbxml/language.h"

namespace dmboot::wbxml {

// Version is the WBXML version byte (WAP-192 §5.4: (major-1)<<4 | minor).
enum class Version : uint8_t {
  k10 = 0x00,  // WBXML 1.0: no charset field in the header
  k11 = 0x01,
  k12 = 0x02,  // what OMA DM 1.2 requires
  k13 = 0x03,
};

// PublicIdForm is how a header names the document type (WAP-192 §5.5): a registered number, or
// 0x00 followed by the string-table offset of the formal public identifier.
enum class PublicIdForm : uint8_t {
  kNumeric = 0,
  kLiteral = 1,
};

// kCharsetUtf8 is the IANA MIBenum of UTF-8, the only charset dmboot reads and writes.
inline constexpr uint32_t kCharsetUtf8 = 106;

struct Node;

// Attribute is one attribute, name and value as the XML text has them (for OMA CP the value
// prefix carried by an attribute-start token is already folded in).
struct Attribute {
  std::string name;
  std::string value;

  friend bool operator==(const Attribute& a, const Attribute& b) {
    return a.name == b.name && a.value == b.value;
  }
};

// Element is one owning node of the tree: a name, attributes in document order and children in
// document order. Names are local names: namespaces are implied by the code page and are not
// stored (docs/wbxml.md §2).
//
// Building by hand chains on temporaries:
//   Element("Add").Child(Element("CmdID").Text("2")).Child(Element("Item").Child(...))
struct Element {
  std::string name;
  std::vector<Attribute> attributes;
  std::vector<Node> children;

  // The special members are defined after Node (which must be complete for them).
  Element();
  explicit Element(std::string element_name);
  Element(const Element& other);
  Element(Element&& other) noexcept;
  Element& operator=(const Element& other);
  Element& operator=(Element&& other) noexcept;
  ~Element();

  // Attr appends the attribute `attr_name`=`value`.
  Element& Attr(std::string attr_name, std::string value) &;
  Element&& Attr(std::string attr_name, std::string value) &&;
  // Child appends an element child.
  Element& Child(Element child) &;
  Element&& Child(Element child) &&;
  // Text appends a text child (UTF-8). Adjacent text children are merged by the decoder, so a
  // tree meant to round-trip should not hold two in a row.
  Element& Text(std::string text) &;
  Element&& Text(std::string text) &&;
  // Opaque appends an opaque child (WBXML OPAQUE, raw bytes).
  Element& Opaque(std::vector<uint8_t> bytes) &;
  Element&& Opaque(std::vector<uint8_t> bytes) &&;

  // FindChild returns the first element child named `child_name`, or nullptr.
  const Element* FindChild(std::string_view child_name) const;
  Element* FindChild(std::string_view child_name);
  // FindAttribute returns the value of the first attribute named `attr_name`, or nullptr.
  const std::string* FindAttribute(std::string_view attr_name) const;
  // TextContent returns the concatenation of the text and opaque children (not descendants).
  std::string TextContent() const;

  // operator== compares names, attributes and children recursively, text and opaque children
  // by kind and bytes.
  friend bool operator==(const Element& a, const Element& b);
};

// NodeKind says which alternative a Node holds.
enum class NodeKind : uint8_t {
  kElement = 0,
  kText = 1,
  kOpaque = 2,
};

// Node is one child of an element: an element, a text (UTF-8 string, from STR_I, STR_T or
// ENTITY) or opaque bytes (OPAQUE).
struct Node {
  std::variant<Element, std::string, std::vector<uint8_t>> value;

  static Node FromElement(Element element) { return Node{std::move(element)}; }
  static Node FromText(std::string text) { return Node{std::move(text)}; }
  static Node FromOpaque(std::vector<uint8_t> bytes) { return Node{std::move(bytes)}; }

  NodeKind kind() const { return static_cast<NodeKind>(value.index()); }
  bool is_element() const { return value.index() == 0; }
  bool is_text() const { return value.index() == 1; }
  bool is_opaque() const { return value.index() == 2; }
  // element, text and opaque abort (DMBOOT_CHECK) on the wrong kind.
  const Element& element() const;
  Element& element();
  const std::string& text() const;
  std::string& text();
  const std::vector<uint8_t>& opaque() const;
  std::vector<uint8_t>& opaque();

  friend bool operator==(const Node& a, const Node& b) { return a.value == b.value; }
};

inline Element::Element() = default;
inline Element::Element(std::string element_name) : name(std::move(element_name)) {}
inline Element::Element(const Element& other) = default;
inline Element::Element(Element&& other) noexcept = default;
inline Element& Element::operator=(const Element& other) = default;
inline Element& Element::operator=(Element&& other) noexcept = default;
inline Element::~Element() = default;

// Document is a whole WBXML or XML document. `version` and `public_id_form` record what a decoded
// header said (ParseXml sets the defaults); the encoder takes its choices from EncodeOptions.
struct Document {
  Version version = Version::k12;
  Language language = Language::kSyncMl12;
  PublicIdForm public_id_form = PublicIdForm::kNumeric;
  uint32_t charset = kCharsetUtf8;
  Element root;

  // operator== compares every field.
  friend bool operator==(const Document& a, const Document& b) {
    return a.version == b.version && a.language == b.language &&
           a.public_id_form == b.public_id_form && a.charset == b.charset && a.root == b.root;
  }
};

// SameTree is true when `a` and `b` have the same language and element tree, whatever their
// header fields (the unit of comparison of the tests: WBXML has several encodings of one tree).
inline bool SameTree(const Document& a, const Document& b) {
  return a.language == b.language && a.root == b.root;
}

// VersionName returns "1.0" .. "1.3".
std::string_view VersionName(Version version);

// VersionFromName parses "1.0" .. "1.3"; anything else fails with kInvalidArgument.
Result<Version> VersionFromName(std::string_view name);

}  // namespace dmboot::wbxml

#endif  // DMBOOT_WBXML_DOCUMENT_H_

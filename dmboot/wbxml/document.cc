#include "dmboot/wbxml/document.h"

#include <string>

namespace dmboot::wbxml {

Element& Element::Attr(std::string attr_name, std::string value) & {
  attributes.push_back(Attribute{std::move(attr_name), std::move(value)});
  return *this;
}
Element&& Element::Attr(std::string attr_name, std::string value) && {
  attributes.push_back(Attribute{std::move(attr_name), std::move(value)});
  return std::move(*this);
}
Element& Element::Child(Element child) & {
  children.push_back(Node::FromElement(std::move(child)));
  return *this;
}
Element&& Element::Child(Element child) && {
  children.push_back(Node::FromElement(std::move(child)));
  return std::move(*this);
}
Element& Element::Text(std::string text) & {
  children.push_back(Node::FromText(std::move(text)));
  return *this;
}
Element&& Element::Text(std::string text) && {
  children.push_back(Node::FromText(std::move(text)));
  return std::move(*this);
}
Element& Element::Opaque(std::vector<uint8_t> bytes) & {
  children.push_back(Node::FromOpaque(std::move(bytes)));
  return *this;
}
Element&& Element::Opaque(std::vector<uint8_t> bytes) && {
  children.push_back(Node::FromOpaque(std::move(bytes)));
  return std::move(*this);
}

const Element* Element::FindChild(std::string_view child_name) const {
  for (const Node& node : children) {
    if (node.is_element() && node.element().name == child_name) {
      return &node.element();
    }
  }
  return nullptr;
}

Element* Element::FindChild(std::string_view child_name) {
  for (Node& node : children) {
    if (node.is_element() && node.element().name == child_name) {
      return &node.element();
    }
  }
  return nullptr;
}

const std::string* Element::FindAttribute(std::string_view attr_name) const {
  for (const Attribute& a : attributes) {
    if (a.name == attr_name) {
      return &a.value;
    }
  }
  return nullptr;
}

std::string Element::TextContent() const {
  std::string out;
  for (const Node& node : children) {
    if (node.is_text()) {
      out += node.text();
    } else if (node.is_opaque()) {
      out.append(node.opaque().begin(), node.opaque().end());
    }
  }
  return out;
}

bool operator==(const Element& a, const Element& b) {
  return a.name == b.name && a.attributes == b.attributes && a.children == b.children;
}

const Element& Node::element() const {
  DMBOOT_CHECK(is_element());
  return std::get<0>(value);
}
Element& Node::element() {
  DMBOOT_CHECK(is_element());
  return std::get<0>(value);
}
const std::string& Node::text() const {
  DMBOOT_CHECK(is_text());
  return std::get<1>(value);
}
std::string& Node::text() {
  DMBOOT_CHECK(is_text());
  return std::get<1>(value);
}
const std::vector<uint8_t>& Node::opaque() const {
  DMBOOT_CHECK(is_opaque());
  return std::get<2>(value);
}
std::vector<uint8_t>& Node::opaque() {
  DMBOOT_CHECK(is_opaque());
  return std::get<2>(value);
}

std::string_view VersionName(Version version) {
  switch (version) {
    case Version::k10:
      return "1.0";
    case Version::k11:
      return "1.1";
    case Version::k12:
      return "1.2";
    case Version::k13:
      return "1.3";
  }
  return "?";
}

Result<Version> VersionFromName(std::string_view name) {
  if (name == "1.0") {
    return Version::k10;
  }
  if (name == "1.1") {
    return Version::k11;
  }
  if (name == "1.2") {
    return Version::k12;
  }
  if (name == "1.3") {
    return Version::k13;
  }
  return Fail(ErrorCode::kInvalidArgument,
              "unknown WBXML version \"" + std::string(name) + "\" (expected 1.0, 1.1, 1.2 or 1.3)");
}

}  // namespace dmboot::wbxml

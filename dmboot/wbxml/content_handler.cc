#include "dmboot/wbxml/content_handler.h"

#include <string>
#include <utility>

namespace dmboot::wbxml::internal {
namespace {

Result<void> EmitElement(const Element& element, size_t depth, ContentHandler& handler) {
  if (depth > kMaxDepthCap) {
    return Fail(ErrorCode::kInvalidArgument,
                "tree nests deeper than " + std::to_string(kMaxDepthCap) + " elements");
  }
  handler.StartElement(element.name, element.attributes, std::nullopt);
  for (const Node& node : element.children) {
    switch (node.kind()) {
      case NodeKind::kElement:
        if (Result<void> r = EmitElement(node.element(), depth + 1, handler); !r) {
          return r;
        }
        break;
      case NodeKind::kText:
        handler.Text(node.text());
        break;
      case NodeKind::kOpaque:
        handler.Opaque(node.opaque());
        break;
    }
  }
  handler.EndElement();
  return Ok();
}

}  // namespace

void TreeBuilder::Header(const DocumentHeader& header) {
  document_.version = header.version;
  document_.language = header.language;
  document_.public_id_form = header.public_id_form;
  document_.charset = header.charset;
}

void TreeBuilder::StartElement(std::string_view name, std::span<const Attribute> attributes,
                               std::optional<uint8_t> /*page*/) {
  Element* element = &document_.root;
  if (!open_.empty()) {
    std::vector<Node>& siblings = open_.back()->children;
    if (siblings.capacity() == 0) {
      siblings.reserve(4);  // SyncML elements mostly have 1-4 children: spare the regrowth
    }
    element = &std::get<Element>(siblings.emplace_back().value);
  }
  element->name.assign(name);
  element->attributes.assign(attributes.begin(), attributes.end());
  open_.push_back(element);
}

void TreeBuilder::Text(std::string_view text) {
  std::vector<Node>& children = open_.back()->children;
  if (!children.empty() && children.back().is_text()) {
    children.back().text().append(text);
  } else {
    children.push_back(Node::FromText(std::string(text)));
  }
}

void TreeBuilder::Opaque(std::span<const uint8_t> bytes) {
  open_.back()->children.push_back(
      Node::FromOpaque(std::vector<uint8_t>(bytes.begin(), bytes.end())));
}

Result<void> EmitDocument(const Document& document, ContentHandler& handler) {
  handler.Header(
      DocumentHeader{document.version, document.language, document.public_id_form,
                     document.charset});
  return EmitElement(document.root, 1, handler);
}

}  // namespace dmboot::wbxml::internal

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

EventTape::Piece EventTape::Store(std::string_view bytes) {
  const Piece piece{static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(bytes.size())};
  bytes_.append(bytes);
  return piece;
}

void EventTape::StartElement(std::string_view name, std::span<const Attribute> attributes,
                             std::optional<uint8_t> page) {
  events_.push_back(Event{Kind::kStart, static_cast<int16_t>(page ? *page : -1),
                          static_cast<uint32_t>(attributes.size()), Store(name)});
  for (const Attribute& a : attributes) {
    attributes_.push_back(Store(a.name));
    attributes_.push_back(Store(a.value));
  }
}

void EventTape::Text(std::string_view text) {
  events_.push_back(Event{Kind::kText, -1, 0, Store(text)});
}

void EventTape::Opaque(std::span<const uint8_t> bytes) {
  events_.push_back(Event{Kind::kOpaque, -1, 0,
                          Store(std::string_view(reinterpret_cast<const char*>(bytes.data()),
                                                 bytes.size()))});
}

void EventTape::EndElement() { events_.push_back(Event{Kind::kEnd, -1, 0, Piece{0, 0}}); }

Result<void> EventTape::Emit(ContentHandler& handler) const {
  handler.Header(header_);
  size_t next_attribute = 0;
  for (const Event& e : events_) {
    switch (e.kind) {
      case Kind::kStart: {
        if (scratch_.size() < e.attributes) {
          scratch_.resize(e.attributes);
        }
        for (uint32_t i = 0; i < e.attributes; ++i) {
          scratch_[i].name.assign(View(attributes_[next_attribute++]));
          scratch_[i].value.assign(View(attributes_[next_attribute++]));
        }
        const std::optional<uint8_t> page =
            e.page < 0 ? std::nullopt : std::optional<uint8_t>(static_cast<uint8_t>(e.page));
        handler.StartElement(View(e.piece),
                             std::span<const Attribute>(scratch_.data(), e.attributes), page);
        break;
      }
      case Kind::kText:
        handler.Text(View(e.piece));
        break;
      case Kind::kOpaque: {
        const std::string_view bytes = View(e.piece);
        handler.Opaque(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                bytes.size()));
        break;
      }
      case Kind::kEnd:
        handler.EndElement();
        break;
    }
  }
  return Ok();
}

Result<void> EmitDocument(const Document& document, ContentHandler& handler) {
  handler.Header(
      DocumentHeader{document.version, document.language, document.public_id_form,
                     document.charset});
  return EmitElement(document.root, 1, handler);
}

}  // namespace dmboot::wbxml::internal

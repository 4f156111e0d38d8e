#ifndef DMBOOT_WBXML_CONTENT_HANDLER_H_
#define DMBOOT_WBXML_CONTENT_HANDLER_H_

// Internal to dmboot/wbxml: a document as a stream of events. The WBXML decoder, the XML reader
// and a tree produce it; the tree builder, the XML writer and the WBXML encoder (wbxml_encoder.h)
// consume it, so WBXML becomes XML text, and XML text WBXML, without a tree in between.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/document.h"

namespace dmboot::wbxml::internal {

// DocumentHeader is what a document says about itself before its root element.
struct DocumentHeader {
  Version version = Version::k12;
  Language language = Language::kSyncMl12;
  PublicIdForm public_id_form = PublicIdForm::kNumeric;
  uint32_t charset = kCharsetUtf8;
};

// ContentHandler receives one document: Header once, then the root element as balanced
// StartElement/EndElement calls with Text and Opaque between them, in document order. Views
// passed in stay valid until the matching EndElement (names) or until the call returns (text,
// opaque bytes, attributes). Adjacent Text calls belong to one text node. A handler that cannot
// take an event keeps its own error and ignores what follows; the producer never stops for it,
// so a malformed input is reported as such whatever the handler thought of its first part.
class ContentHandler {
 public:
  virtual ~ContentHandler() = default;
  virtual void Header(const DocumentHeader& header) = 0;
  // `page` is the code page of the tag token, WBXML's namespace (for SyncML, page 1 is MetInf);
  // nullopt for a LITERAL tag and for a tree.
  virtual void StartElement(std::string_view name, std::span<const Attribute> attributes,
                            std::optional<uint8_t> page) = 0;
  virtual void Text(std::string_view text) = 0;
  virtual void Opaque(std::span<const uint8_t> bytes) = 0;
  virtual void EndElement() = 0;
};

// TreeBuilder is the handler that builds a Document's owning tree: adjacent texts merge into one
// text node, each opaque piece is an opaque node.
class TreeBuilder final : public ContentHandler {
 public:
  explicit TreeBuilder(Document& document) : document_(document) {}

  void Header(const DocumentHeader& header) override;
  void StartElement(std::string_view name, std::span<const Attribute> attributes,
                    std::optional<uint8_t> page) override;
  void Text(std::string_view text) override;
  void Opaque(std::span<const uint8_t> bytes) override;
  void EndElement() override { open_.pop_back(); }

 private:
  Document& document_;
  // The open elements. An ancestor lives in its parent's children, which do not change while a
  // descendant is open, so the pointers stay valid.
  std::vector<Element*> open_;
};

// EmitDocument reports `document` (header, then the tree in document order) to `handler`.
// Fails with kInvalidArgument, before reporting anything deeper, on a tree that nests deeper than
// kMaxDepthCap.
Result<void> EmitDocument(const Document& document, ContentHandler& handler);

// DecodeEvents parses `wbxml` exactly as Decode does (same checks, limits and errors) and
// reports it to `handler`. On failure the handler may have seen a prefix of the document.
Result<void> DecodeEvents(std::span<const uint8_t> wbxml, const DecodeOptions& options,
                          ContentHandler& handler);

}  // namespace dmboot::wbxml::internal

#endif  // DMBOOT_WBXML_CONTENT_HANDLER_H_

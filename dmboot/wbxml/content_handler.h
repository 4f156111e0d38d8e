#ifndef DMBOOT_WBXML_CONTENT_HANDLER_H_
#define DMBOOT_WBXML_CONTENT_HANDLER_H_

// Internal to dmboot/wbxml: a document as a stream of events. The WBXML decoder produces it;
// the tree builder (Decode) and the XML writer (ToXml, WbxmlToXml) consume it, so WBXML can
// become XML text without a tree in between.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

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

// DecodeEvents parses `wbxml` exactly as Decode does (same checks, limits and errors) and
// reports it to `handler`. On failure the handler may have seen a prefix of the document.
Result<void> DecodeEvents(std::span<const uint8_t> wbxml, const DecodeOptions& options,
                          ContentHandler& handler);

}  // namespace dmboot::wbxml::internal

#endif  // DMBOOT_WBXML_CONTENT_HANDLER_H_

#ifndef DMBOOT_WBXML_XML_READER_H_
#define DMBOOT_WBXML_XML_READER_H_

// Internal to dmboot/wbxml: XML text as a stream of events (content_handler.h), so XML text can
// become WBXML without a tree in between. ParseXml is XmlEvents reported to a TreeBuilder.

#include <memory>
#include <optional>
#include <string_view>

#include "dmboot/core/result.h"
#include "dmboot/wbxml/content_handler.h"
#include "dmboot/wbxml/language.h"
#include "dmboot/wbxml/xml_text.h"

namespace dmboot::wbxml::internal {

// XmlEvents is one XML document parsed by pugixml and checked up to its root element, ready to
// be reported as events as many times as asked. The text passed to Parse must outlive the
// XmlEvents (error positions are computed from it).
class XmlEvents {
 public:
  // Parse reads `xml` with the checks of ParseXml that precede the root element's content
  // (limits, encoding, characters, pugixml's syntax, declaration, DOCTYPE, one root) and decides
  // the language. Fails as ParseXml does for those.
  static Result<XmlEvents> Parse(std::string_view xml, const XmlParseOptions& options);

  XmlEvents(XmlEvents&& other) noexcept;
  XmlEvents& operator=(XmlEvents&& other) noexcept;
  ~XmlEvents();

  // language is the document's language, or nullopt when neither the options, the DOCTYPE, the
  // root xmlns nor the root name tell it.
  std::optional<Language> language() const;

  // Emit reports Header (version 1.2, numeric public id, UTF-8) and the root element to
  // `handler`, checking the content as it goes (names, attributes, references, depth): one Text
  // per text child, element names as views into the parsed copy. Fails as ParseXml does, the
  // same way every time; on failure the handler may have seen a prefix of the document. With an
  // unknown language nothing is reported and Emit fails with kUnsupported (after kMalformed, if
  // the content is not well formed).
  Result<void> Emit(ContentHandler& handler) const;

 private:
  class State;
  explicit XmlEvents(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace dmboot::wbxml::internal

#endif  // DMBOOT_WBXML_XML_READER_H_

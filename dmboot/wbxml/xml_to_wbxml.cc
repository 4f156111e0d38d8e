// XmlToWbxml: the XML reader's events recorded once, then encoded; no tree in between.
#include <string_view>
#include <vector>

#include "dmboot/wbxml/content_handler.h"
#include "dmboot/wbxml/xml_reader.h"
#include "dmboot/wbxml/xml_text.h"

namespace dmboot::wbxml {
Result<std::vector<uint8_t>> XmlToWbxml(std::string_view xml, const XmlParseOptions& parse,
                                        const EncodeOptions& encode) {
  Result<internal::XmlEvents> events = internal::XmlEvents::Parse(xml, parse);
  if (!events) {
    return events.error();
  }
  // One walk of the XML into a tape; the encoder's two passes read the tape.
  internal::EventTape tape;
  if (Result<void> r = events->Emit(tape); !r) {
    return r.error();
  }
  return internal::EncodeEvents(tape, encode);
}

}  // namespace dmboot::wbxml

// XmlToWbxml: the XML reader's events straight into the encoder, no tree in between.
#include <string_view>
#include <vector>

#include "dmboot/wbxml/content_handler.h"
#include "dmboot/wbxml/xml_reader.h"
#include "dmboot/wbxml/xml_text.h"

namespace dmboot::wbxml {
namespace {

// XmlSource lets the encoder read a parsed XML document twice.
class XmlSource final : public internal::EventSource {
 public:
  explicit XmlSource(const internal::XmlEvents& events) : events_(events) {}
  Result<void> Emit(internal::ContentHandler& handler) const override {
    return events_.Emit(handler);
  }

 private:
  const internal::XmlEvents& events_;
};

}  // namespace

Result<std::vector<uint8_t>> XmlToWbxml(std::string_view xml, const XmlParseOptions& parse,
                                        const EncodeOptions& encode) {
  Result<internal::XmlEvents> events = internal::XmlEvents::Parse(xml, parse);
  if (!events) {
    return events.error();
  }
  XmlSource source(*events);
  return internal::EncodeEvents(source, encode);
}

}  // namespace dmboot::wbxml

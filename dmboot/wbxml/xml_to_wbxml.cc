// XmlToWbxml: the XML reader's events straight into the encoder; no tree in between.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/wbxml/wbxml_encoder.h"
#include "dmboot/wbxml/xml_reader.h"
#include "dmboot/wbxml/xml_text.h"

namespace dmboot::wbxml {

Result<std::vector<uint8_t>> XmlToWbxml(std::string_view xml, const XmlParseOptions& parse,
                                        const EncodeOptions& encode) {
  // The encoder copies aside at most the input's bytes (decoding never expands: internal DTD
  // subsets are refused) at 32-bit offsets; WBXML's own lengths are 32-bit too.
  if (xml.size() > UINT32_MAX) {
    return Fail(ErrorCode::kLimitExceeded,
                "XML document of " + std::to_string(xml.size()) + " bytes is over 4 GiB");
  }
  Result<internal::XmlEvents> events = internal::XmlEvents::Parse(xml, parse);
  if (!events) {
    return events.error();
  }
  internal::WbxmlEncoder encoder(encode);
  if (Result<void> r = events->Emit(encoder); !r) {
    return r.error();
  }
  return encoder.Finish();
}

}  // namespace dmboot::wbxml

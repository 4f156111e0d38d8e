// Fuzz target: XML text -> Document (ParseXml, pugixml + our well-formedness checks). Property:
// ParseXml never crashes; when it succeeds, ToXml(doc) succeeds or fails cleanly, and when that
// succeeds ParseXml(ToXml(doc)) gives the same language and root tree (no opaque children occur
// on this path, so the comparison is exact). XmlToWbxml (no tree) gives Encode(ParseXml(xml))
// byte for byte, or the same error.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/wbxml/encoder.h"
#include "dmboot/wbxml/xml_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dmboot::wbxml;
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  XmlParseOptions options;
  dmboot::Result<Document> doc = ParseXml(xml, options);
  if (!doc && doc.error().code == dmboot::ErrorCode::kUnsupported) {
    options.language = Language::kSyncMl12;  // an unknown vocabulary still exercises the tree
    doc = ParseXml(xml, options);
  }
  const dmboot::Result<std::vector<uint8_t>> converted = XmlToWbxml(xml, options);
  if (!doc) {
    if (converted || converted.error().message != doc.error().message) {
      std::abort();
    }
    return 0;
  }
  const dmboot::Result<std::vector<uint8_t>> encoded = Encode(*doc);
  if (converted.has_value() != encoded.has_value() || (encoded && *encoded != *converted) ||
      (!encoded && encoded.error().message != converted.error().message)) {
    std::abort();
  }
  XmlWriteOptions write_options;
  write_options.indent = size > 0 ? data[0] % 3 : 2;
  dmboot::Result<std::string> text = ToXml(*doc, write_options);
  if (!text) {
    return 0;
  }
  XmlParseOptions again_options;
  again_options.language = doc->language;
  dmboot::Result<Document> again = ParseXml(*text, again_options);
  if (!again || !SameTree(*again, *doc)) {
    std::abort();
  }
  return 0;
}

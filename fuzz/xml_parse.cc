// Fuzz target: XML text -> Document (ParseXml, pugixml + our well-formedness checks). Property:
// ParseXml never crashes; when it succeeds, ToXml(doc) succeeds or fails cleanly, and when that
// succeeds ParseXml(ToXml(doc)) gives the same language and root tree (no opaque children occur
// on this path, so the comparison is exact).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

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
  if (!doc) {
    return 0;
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

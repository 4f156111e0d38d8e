// Fuzz target: WBXML decode. Properties: never crashes or reads out of bounds; a decoded tree is
// well formed (named elements, no two adjacent text children, attribute names set); ToXml of it
// either succeeds or fails cleanly, and WbxmlToXml (no tree) gives the same text or the same
// error. The first input byte also selects a forced language, so
// unknown public ids and the PROV attribute tables are reached.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <span>

#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/xml_text.h"

namespace {

void CheckWellFormed(const dmboot::wbxml::Element& element) {
  if (element.name.empty()) {
    std::abort();
  }
  for (const dmboot::wbxml::Attribute& a : element.attributes) {
    if (a.name.empty()) {
      std::abort();
    }
  }
  bool previous_text = false;
  for (const dmboot::wbxml::Node& node : element.children) {
    if (node.is_text() && previous_text) {
      std::abort();
    }
    previous_text = node.is_text();
    if (node.is_element()) {
      CheckWellFormed(node.element());
    }
  }
}

void DecodeOnce(std::span<const uint8_t> input, const dmboot::wbxml::DecodeOptions& options) {
  dmboot::Result<dmboot::wbxml::Document> doc = dmboot::wbxml::Decode(input, options);
  dmboot::Result<std::string> streamed = dmboot::wbxml::WbxmlToXml(input, options);
  if (!doc) {
    if (doc.error().message.empty() || streamed ||
        streamed.error().message != doc.error().message) {
      std::abort();
    }
    return;
  }
  CheckWellFormed(doc->root);
  dmboot::Result<std::string> xml = dmboot::wbxml::ToXml(*doc);
  if (xml.has_value() != streamed.has_value() || (xml && *xml != *streamed) ||
      (!xml && xml.error().message != streamed.error().message)) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  DecodeOnce(input, dmboot::wbxml::DecodeOptions{});
  if (size > 0) {
    dmboot::wbxml::DecodeOptions forced;
    forced.language = static_cast<dmboot::wbxml::Language>(1 + data[0] % 6);
    forced.max_depth = 16;
    DecodeOnce(input.subspan(1), forced);
  }
  return 0;
}

// Fuzz target: WBXML round trip. Property: if the input decodes, encode(tree) succeeds, decodes
// back to the same tree (strict equality: text stays text, opaque stays opaque), and encoding is
// deterministic (the same tree and options give the same bytes twice and after the round trip).
// The last input byte picks the encoder options.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/encoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dmboot::wbxml;
  std::span<const uint8_t> input(data, size);
  DecodeOptions decode_options;
  dmboot::Result<Document> doc = Decode(input, decode_options);
  if (!doc && size > 0) {
    decode_options.language = Language::kSyncMl12;
    doc = Decode(input, decode_options);
  }
  if (!doc) {
    return 0;
  }
  const uint8_t knob = size > 0 ? data[size - 1] : 0;
  EncodeOptions options;
  options.version = static_cast<Version>(knob & 0x03);
  options.string_table = (knob & 0x04) != 0;
  options.public_id = (knob & 0x08) != 0 ? PublicIdForm::kLiteral : PublicIdForm::kNumeric;
  options.data = DataEncoding::kString;

  dmboot::Result<std::vector<uint8_t>> encoded = Encode(*doc, options);
  if (!encoded) {
    std::abort();  // every decoded tree must be encodable
  }
  DecodeOptions again_options;
  again_options.language = doc->language;
  dmboot::Result<Document> again = Decode(*encoded, again_options);
  if (!again || !(again->root == doc->root) || again->language != doc->language) {
    std::abort();
  }
  dmboot::Result<std::vector<uint8_t>> twice = Encode(*again, options);
  if (!twice || *twice != *encoded) {
    std::abort();
  }
  return 0;
}

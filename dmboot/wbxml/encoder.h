#ifndef DMBOOT_WBXML_ENCODER_H_
#define DMBOOT_WBXML_ENCODER_H_

#include <cstdint>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/wbxml/document.h"

namespace dmboot::wbxml {

// DataEncoding is how the text of a SyncML <Data> element (tag page 0, token 0x0F) is written.
enum class DataEncoding : uint8_t {
  kString = 0,  // STR_I (or STR_T when the string table holds it)
  kOpaque = 1,  // OPAQUE, as libwbxml does inside Add/Replace
};

// EncodeOptions are the encoder's only choices; with the same tree and options the output bytes
// are always the same (the bootstrap MAC is computed over them).
struct EncodeOptions {
  Version version = Version::k12;
  // string_table: a text that occurs c >= 2 times with (c-1)*len > c+1 goes to the string table
  // once and is referenced with STR_T, in order of first occurrence (docs/wbxml.md §4). Off:
  // every text is STR_I. A literal public id and LITERAL names always use the table.
  bool string_table = true;
  PublicIdForm public_id = PublicIdForm::kNumeric;
  DataEncoding data = DataEncoding::kString;
};

// Encode writes `document` (its language and root; the header fields of the Document are
// ignored in favour of `options`) as WBXML.
//
// Element names are looked up on the language's tag pages, preferring the current page, then the
// lowest page; names on no page are written as LITERAL. Attributes use the longest matching
// attribute-start token, then a whole-value attribute-value token when one matches exactly, else
// STR_I. Text is written unchanged (no whitespace or newline rewriting). Opaque children are
// written as OPAQUE.
//
// Fails with kInvalidArgument when a text, name or attribute contains a NUL byte (STR_I cannot
// carry it), a name is empty, or the tree nests deeper than kMaxDepthCap; with kUnsupported when
// `document.charset` is not UTF-8.
Result<std::vector<uint8_t>> Encode(const Document& document, const EncodeOptions& options = {});

}  // namespace dmboot::wbxml

#endif  // DMBOOT_WBXML_ENCODER_H_

#ifndef DMBOOT_WBXML_DECODER_H_
#define DMBOOT_WBXML_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "dmboot/core/result.h"
#include "dmboot/wbxml/document.h"
#include "dmboot/wbxml/language.h"

namespace dmboot::wbxml {

// DecodeOptions bounds what a hostile sender can make the decoder do. The defaults fit every DM
// and CP bootstrap seen (a 1.5 KB document of depth 8) with a wide margin.
struct DecodeOptions {
  // language names the document type when the header's public id is unknown (0x01) or not one of
  // ours; when set it also overrides a known public id (as `wbxml2xml -l` does). Unset and
  // unknown: kUnsupported.
  std::optional<Language> language;
  // max_document_len: inputs longer than this fail with kLimitExceeded before any parsing.
  size_t max_document_len = 1u << 20;
  // max_depth: element nesting deeper than this fails with kLimitExceeded (root = depth 1).
  // Values above kMaxDepthCap are clamped to it (the decoder recurses).
  size_t max_depth = 64;
  // max_text_len: total bytes of decoded text, opaque data and names. STR_T can repeat one long
  // table string many times, so output can outgrow the input; this bounds it (kLimitExceeded).
  size_t max_text_len = 16u << 20;
  // max_nodes: elements, texts and opaque children together. Each costs about 100-450 bytes of
  // tree, so this bounds memory independently of the byte count (kLimitExceeded).
  size_t max_nodes = 1u << 16;
};

// kMaxDepthCap is the hard ceiling of DecodeOptions::max_depth (and of XML parsing and encoding).
inline constexpr size_t kMaxDepthCap = 1024;

// Decode parses a WBXML 1.0-1.3 document (WAP-192) into an owning tree.
//
// On success the Document holds the header fields seen and the element tree: adjacent STR_I,
// STR_T and ENTITY pieces are merged into one text child, each OPAQUE is one opaque child, PIs are
// skipped, LITERAL names come from the string table. Failures, each naming the byte offset:
//   kTruncated      the input ends inside a token, string, length or element;
//   kMalformed      a bad token, an mb_u_int32 longer than 5 octets or past 32 bits, a string-table
//                   reference or length outside the table or input, an unterminated string, END
//                   with no open element, SWITCH_PAGE to a page the language lacks, text that is
//                   not UTF-8, bytes after the root element;
//   kUnsupported    a WBXML version above 1.3, a charset other than UTF-8, an unknown public id
//                   with no DecodeOptions::language, an EXT_* token (no supported language
//                   defines extensions);
//   kLimitExceeded  a DecodeOptions limit.
// Memory use is bounded by the input length and max_text_len, never by a declared length.
Result<Document> Decode(std::span<const uint8_t> wbxml, const DecodeOptions& options = {});

}  // namespace dmboot::wbxml

#endif  // DMBOOT_WBXML_DECODER_H_

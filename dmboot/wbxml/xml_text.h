#ifndef DMBOOT_WBXML_XML_TEXT_H_
#define DMBOOT_WBXML_XML_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "dmboot/core/result.h"
#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/document.h"
#include "dmboot/wbxml/encoder.h"
#include "dmboot/wbxml/language.h"

namespace dmboot::wbxml {

// XmlParseOptions bounds and steers ParseXml.
struct XmlParseOptions {
  // language forces the document type. Unset: the DOCTYPE public id, else the root xmlns
  // ("SYNCML:SYNCML1.2", case-insensitive), decides; neither known fails with kUnsupported.
  std::optional<Language> language;
  size_t max_document_len = 1u << 20;
  size_t max_depth = 64;  // clamped to kMaxDepthCap
};

// ParseXml reads UTF-8 XML text (through pugixml, plus the XML 1.0 well-formedness checks that
// pugixml leaves out) into a Document.
//
// Namespace declarations (xmlns, xmlns:*) are dropped from the tree: in WBXML they are implied by
// the code page. Whitespace-only text between child elements is dropped (it is layout); the text
// of a leaf element is kept byte for byte (CDATA sections are plain text; adjacent text, CDATA and
// text split by comments or PIs make one text child). Line ends are normalised (CRLF and CR to
// LF, XML 1.0 §2.11; a &#13; reference stays CR) and attribute values as CDATA (§3.3.3).
// Comments and processing instructions are skipped. The result has version 1.2, a numeric
// public id form and UTF-8.
//
// Fails with kMalformed on XML that is not well formed (undefined entity, bad name, duplicate
// attribute, second root, text outside the root, invalid UTF-8 or a character XML forbids,
// unclosed tag...; message with line and column), with kRefused on a DOCTYPE internal subset
// (entity declarations could expand into large text), with kUnsupported on an encoding other
// than UTF-8 or US-ASCII or when the language cannot be determined, with kLimitExceeded past a
// limit.
Result<Document> ParseXml(std::string_view xml, const XmlParseOptions& options = {});

// XmlToWbxml converts XML text to WBXML without building a tree: the reader's events go straight
// to the encoder, so the result is Encode(ParseXml(xml)) byte for byte at a fraction of the cost.
// Fails as ParseXml does, then as Encode does.
Result<std::vector<uint8_t>> XmlToWbxml(std::string_view xml, const XmlParseOptions& parse = {},
                                        const EncodeOptions& encode = {});

// XmlWriteOptions shape the output of ToXml and WbxmlToXml.
struct XmlWriteOptions {
  // indent: number of spaces per level; the children of an element are laid out one per line
  // until the element has had text (whitespace next to text would join it). 0 writes everything
  // on one line. Text is never reflowed.
  int indent = 2;
  // doctype: write <!DOCTYPE root PUBLIC "fpi" "dtd"> (needed by xml2wbxml for OMA CP).
  bool doctype = true;
};

// ToXml writes `document` as UTF-8 XML text: an XML declaration, the DOCTYPE, the root with
// xmlns = RootNamespace(language), and xmlns="syncml:metinf" on the outermost MetInf elements of
// SyncML documents. CR is written as &#13; (XML parsers would turn it into LF), so
// ParseXml(ToXml(d)) has the same tree as d, except that opaque children come back as text.
//
// Fails with kUnsupported when a text or opaque child is not UTF-8 or holds a character XML 1.0
// cannot carry (e.g. U+0001), or when a name is not an XML name; with kInvalidArgument when the
// tree nests deeper than kMaxDepthCap.
Result<std::string> ToXml(const Document& document, const XmlWriteOptions& options = {});

// WbxmlToXml converts a WBXML document to XML text without building a tree: the decoder's
// events go straight to the writer, so the result is ToXml(Decode(wbxml)) byte for byte at a
// fraction of the cost. Fails as Decode does, then as ToXml does.
Result<std::string> WbxmlToXml(std::span<const uint8_t> wbxml, const DecodeOptions& decode = {},
                               const XmlWriteOptions& write = {});

}  // namespace dmboot::wbxml

#endif  // DMBOOT_WBXML_XML_TEXT_H_

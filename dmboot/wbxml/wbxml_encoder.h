#ifndef DMBOOT_WBXML_WBXML_ENCODER_H_
#define DMBOOT_WBXML_WBXML_ENCODER_H_

// Internal to dmboot/wbxml: the WBXML encoder as a ContentHandler. Encode feeds it a tree,
// XmlToWbxml the XML reader's events.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dmboot/core/byte_writer.h"
#include "dmboot/core/result.h"
#include "dmboot/wbxml/code_pages.h"
#include "dmboot/wbxml/content_handler.h"
#include "dmboot/wbxml/encoder.h"

namespace dmboot::wbxml::internal {

class TextMap;

// WbxmlEncoder takes the events of one document, then Finish writes it as WBXML exactly as
// Encode documents. The body is written as the events come. What depends on the string table,
// which precedes the body and depends on the whole document, is a hole: a text is written as
// STR_I, a LITERAL name stands where its table offset goes. Finish builds the table from the
// holes' bytes and copies the body out, putting STR_T or the offset in the holes that need it.
// Offsets into the body are 32-bit (documents stay under 4 GiB).
class WbxmlEncoder final : public ContentHandler {
 public:
  explicit WbxmlEncoder(const EncodeOptions& options);
  ~WbxmlEncoder() override;

  void Header(const DocumentHeader& header) override;
  void StartElement(std::string_view name, std::span<const Attribute> attributes,
                    std::optional<uint8_t> page) override;
  void Text(std::string_view text) override;
  void Opaque(std::span<const uint8_t> bytes) override;
  void EndElement() override;

  // Finish returns the WBXML, or the first event refused (kInvalidArgument: a NUL byte or an
  // empty name; kUnsupported: a charset other than UTF-8).
  Result<std::vector<uint8_t>> Finish();

 private:
  struct Piece {  // body_[offset, offset + size)
    uint32_t offset;
    uint32_t size;
  };
  static constexpr uint32_t kNoCandidate = UINT32_MAX;
  // Hole is a place in body_ that Finish may rewrite: a text's STR_I (STR_T if the table holds
  // it; `candidate` is its index in texts_ or kNoCandidate) or a LITERAL name (its offset).
  struct Hole {
    uint32_t at;  // body_ offset of the STR_I byte or the name
    bool is_name;
    uint32_t candidate;
    Piece text;  // the text or name
  };
  struct Open {
    std::string_view name;  // valid until EndElement (content_handler.h)
    size_t tag_at;  // body_ offset of the tag byte, whose content bit the first child sets
    bool has_content;
    bool opaque_data;  // a SyncML <Data> whose text goes as OPAQUE
  };

  // MarkContent notes that the open element has content (the first time: its tag's bit).
  void MarkContent();
  void WriteAttribute(std::string_view name, std::string_view value);
  void SwitchAttrPage(uint8_t page);
  // WriteText writes `text` as STR_I, a hole when the table may hold it.
  void WriteText(std::string_view text, bool candidate);
  void WriteOpaque(std::string_view bytes);
  void WriteLiteralName(std::string_view name);
  // ReserveHole is false (and refuses the document) when `len` more bytes would put a hole past
  // 4 GiB.
  bool ReserveHole(size_t len);
  std::string_view View(Piece piece) const {
    const std::span<const uint8_t> bytes = body_.bytes().subspan(piece.offset, piece.size);
    return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }
  void Refuse(ErrorCode code, std::string message);
  void BuildTable();
  void AddToTable(std::string_view text);
  // TableOffset returns the string-table offset of `text`, or -1.
  int64_t TableOffset(std::string_view text) const;
  bool IsOpaqueData(std::string_view name, std::span<const TagCandidate> tags) const;

  const EncodeOptions& options_;
  Language language_ = Language::kSyncMl12;
  const CodePages* pages_ = &PagesFor(Language::kSyncMl12);
  bool syncml_ = true;
  std::optional<Error> failure_;
  uint8_t tag_page_ = 0;
  uint8_t attr_page_ = 0;
  ByteWriter body_;
  std::vector<Hole> holes_;
  std::vector<Open> open_;
  std::vector<Piece> literal_names_;  // LITERAL element and attribute names, in order
  std::vector<Piece> texts_;          // the table candidates, in order
  std::vector<int64_t> text_offsets_;  // per texts_ entry: its table offset, or -1
  std::unique_ptr<TextMap> map_;
  std::string table_;
};

}  // namespace dmboot::wbxml::internal

#endif  // DMBOOT_WBXML_WBXML_ENCODER_H_

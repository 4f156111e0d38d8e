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
// Encode documents. The body is written as the events come, except for what depends on the
// string table, which precedes the body and depends on the whole document: each text and each
// LITERAL name's table offset leaves a hole in the body, and Finish builds the table and fills
// the holes while it copies the body out. Texts and names are copied into one buffer at 32-bit
// offsets (documents stay under 4 GiB).
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
  struct Piece {  // bytes_[offset, offset + size)
    uint32_t offset;
    uint32_t size;
  };
  static constexpr uint32_t kNoCandidate = UINT32_MAX;
  // Hole is a place in body_ that Finish fills: a text (STR_T or STR_I; `candidate` is its
  // index in texts_ or kNoCandidate) or the table offset of a LITERAL name.
  struct Hole {
    uint32_t at;  // body_ offset
    bool is_name;
    uint32_t candidate;
    Piece text;
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
  // WriteText writes `text` as STR_I now, or leaves a hole for it when the table may hold it.
  void WriteText(std::string_view text, bool candidate);
  void WriteOpaque(std::string_view bytes);
  void WriteLiteralName(std::string_view name);
  void AddHole(Hole hole);
  Piece Store(std::string_view bytes);
  std::string_view View(Piece piece) const {
    return std::string_view(bytes_).substr(piece.offset, piece.size);
  }
  void Refuse(ErrorCode code, std::string message);
  void BuildTable();
  void AddToTable(std::string_view text);
  // TableOffset returns the string-table offset of `text`, or -1.
  int64_t TableOffset(std::string_view text) const;
  // FillHole writes what `hole` stands for.
  void FillHole(ByteWriter& out, const Hole& hole) const;
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
  size_t hole_bytes_ = 0;  // the most the holes can take
  std::string bytes_;
  std::vector<Open> open_;
  std::vector<Piece> literal_names_;  // LITERAL element and attribute names, in order
  std::vector<Piece> texts_;          // the table candidates, in order
  std::vector<int64_t> text_offsets_;  // per texts_ entry: its table offset, or -1
  std::unique_ptr<TextMap> map_;
  std::string table_;
};

}  // namespace dmboot::wbxml::internal

#endif  // DMBOOT_WBXML_WBXML_ENCODER_H_

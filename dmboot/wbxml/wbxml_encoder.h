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
// Encode documents. The string table precedes the body and depends on the whole document, so
// the events are checked and recorded (every text, name and value copied into one buffer, at
// 32-bit offsets: documents stay under 4 GiB) and written by Finish.
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
  enum class Op : uint8_t { kStart, kText, kOpaque, kEnd };
  static constexpr uint32_t kNoCandidate = UINT32_MAX;
  // Record is one event: kStart (index into elements_), kText (piece, and index into texts_ or
  // kNoCandidate), kOpaque (piece), kEnd.
  struct Record {
    Op op;
    uint32_t index;
    Piece piece;
  };
  struct ElementInfo {
    std::span<const TagCandidate> tags;  // empty: LITERAL
    Piece literal_name;                  // LITERAL only
    uint32_t first_attribute;            // into attributes_
    uint32_t attributes;
    bool has_content;
    bool opaque_data;  // a SyncML <Data> whose text goes as OPAQUE
  };
  struct Open {
    std::string_view name;
    uint32_t element;
    bool opaque_data;
  };

  void WriteBody(ByteWriter& out);
  void WriteAttribute(ByteWriter& out, std::string_view name, std::string_view value,
                      uint8_t& attr_page) const;
  static void SwitchAttrPage(ByteWriter& out, uint8_t page, uint8_t& attr_page);
  // WriteString writes STR_T when `table_offset` >= 0, else STR_I.
  static void WriteString(ByteWriter& out, std::string_view text, int64_t table_offset);
  static void WriteOpaque(ByteWriter& out, std::string_view bytes);
  Piece Store(std::string_view bytes);
  std::string_view View(Piece piece) const {
    return std::string_view(bytes_).substr(piece.offset, piece.size);
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
  size_t estimate_ = 16;
  std::optional<Error> failure_;
  std::string bytes_;
  std::vector<Record> records_;
  std::vector<ElementInfo> elements_;
  std::vector<std::pair<Piece, Piece>> attributes_;  // name, value
  std::vector<Open> open_;
  std::vector<Piece> literal_names_;  // LITERAL element and attribute names, in order
  std::vector<Piece> texts_;          // the table candidates, in order
  std::vector<int64_t> text_offsets_;  // per texts_ entry: its table offset, or -1
  std::unique_ptr<TextMap> map_;
  std::string table_;
};

}  // namespace dmboot::wbxml::internal

#endif  // DMBOOT_WBXML_WBXML_ENCODER_H_

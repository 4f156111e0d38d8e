#include "dmboot/wbxml/encoder.h"

#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "dmboot/core/byte_writer.h"
#include "dmboot/core/uintvar.h"
#include "dmboot/wbxml/code_pages.h"
#include "dmboot/wbxml/content_handler.h"
#include "dmboot/wbxml/wbxml_encoder.h"
#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/text_util.h"

namespace dmboot::wbxml {
namespace {

// Token values written (WAP-192 §7.1).
constexpr uint8_t kSwitchPage = 0x00;
constexpr uint8_t kEnd = 0x01;
constexpr uint8_t kStrI = 0x03;
constexpr uint8_t kLiteral = 0x04;
constexpr uint8_t kStrT = 0x83;
constexpr uint8_t kOpaque = 0xC3;
constexpr uint8_t kTagHasAttributes = 0x80;
constexpr uint8_t kTagHasContent = 0x40;

// SyncML <Data>: tag page 0, token 0x0F in SyncML 1.1 and 1.2.
constexpr uint8_t kSyncMlDataPage = 0;
constexpr uint8_t kSyncMlDataToken = 0x0F;

}  // namespace

namespace internal {

// TextMap is an open-addressing hash map from text to (count, table offset) sized once for the
// texts of one document: no allocation per entry.
class TextMap {
 public:
  // Entry is 32 bytes, so a slot array of a DM bootstrap stays a few cache lines.
  struct Entry {
    const char* data = nullptr;  // nullptr: the slot is free
    uint32_t size = 0;
    uint32_t hash = 0;
    uint32_t count = 0;
    int64_t offset = -1;  // string-table offset, -1 when not in the table

    std::string_view key() const { return std::string_view(data, size); }
  };

  // The texts are inside the body, which stays under 4 GiB (WbxmlEncoder::ReserveHole).
  explicit TextMap(size_t expected) {
    size_t size = 16;
    while (size < expected * 2) {
      size *= 2;
    }
    slots_.resize(size);
    mask_ = size - 1;
  }

  Entry& FindOrInsert(std::string_view key) {
    const auto hash = static_cast<uint32_t>(internal::HashText(key));
    size_t slot = hash & mask_;
    while (slots_[slot].data != nullptr && !Matches(slots_[slot], key, hash)) {
      slot = (slot + 1) & mask_;
    }
    Entry& e = slots_[slot];
    if (e.data == nullptr) {
      e.data = key.data();
      e.size = static_cast<uint32_t>(key.size());
      e.hash = hash;
    }
    return e;
  }

  const Entry* Find(std::string_view key) const {
    const auto hash = static_cast<uint32_t>(internal::HashText(key));
    for (size_t slot = hash & mask_; slots_[slot].data != nullptr; slot = (slot + 1) & mask_) {
      if (Matches(slots_[slot], key, hash)) {
        return &slots_[slot];
      }
    }
    return nullptr;
  }

 private:
  // Matches skips the byte compare when `key` is the very string the entry was made from
  // (BuildTable looks up the candidate copies it inserted).
  static bool Matches(const Entry& e, std::string_view key, uint32_t hash) {
    return e.hash == hash && ((e.data == key.data() && e.size == key.size()) ||
                              SameBytes(e.key(), key));
  }

  std::vector<Entry> slots_;
  size_t mask_ = 0;
};

// WriteStrI writes `text` inline. Text() refused a NUL in it already.
void WriteStrI(ByteWriter& out, std::string_view text) {
  out.WriteU8(kStrI);
  out.WriteText(text);
  out.WriteU8(0x00);
}

// AppendToTable puts the text of `entry` in the string table `table` once.
void AppendToTable(TextMap::Entry& entry, std::string& table) {
  if (entry.offset >= 0) {
    return;
  }
  entry.offset = static_cast<int64_t>(table.size());
  table.append(entry.key());
  table.push_back('\0');
}

WbxmlEncoder::WbxmlEncoder(const EncodeOptions& options) : options_(options) {
  // A DM bootstrap: ~150 elements, ~1.5 KB of body, ~100 texts; growing past that is rare.
  body_.Reserve(4096);
  holes_.reserve(128);
  texts_.reserve(128);
}
WbxmlEncoder::~WbxmlEncoder() = default;

void WbxmlEncoder::Header(const DocumentHeader& header) {
  if (header.charset != kCharsetUtf8) {
    Refuse(ErrorCode::kUnsupported,
           "charset MIBenum " + std::to_string(header.charset) + " is not UTF-8 (106)");
    return;
  }
  language_ = header.language;
  pages_ = &PagesFor(header.language);
  syncml_ = IsSyncMl(header.language);
}

void WbxmlEncoder::StartElement(std::string_view name, std::span<const Attribute> attributes,
                                std::optional<uint8_t> /*page*/) {
  if (failure_) {
    return;
  }
  // A name found on a code page is a table name: never empty, never with a NUL.
  const std::span<const TagCandidate> tags = pages_->FindTag(name);
  if (tags.empty() && (name.empty() || name.find('\0') != std::string_view::npos)) {
    return Refuse(ErrorCode::kInvalidArgument, "element name is empty or contains NUL");
  }
  for (const Attribute& a : attributes) {
    if (a.name.empty() || a.name.find('\0') != std::string::npos ||
        a.value.find('\0') != std::string::npos) {
      return Refuse(ErrorCode::kInvalidArgument,
                    "attribute of <" + std::string(name) + "> has an empty name or a NUL byte");
    }
  }
  MarkContent();
  const uint8_t flags = attributes.empty() ? 0 : kTagHasAttributes;
  size_t tag_at = 0;
  if (tags.empty()) {
    tag_at = body_.size();
    body_.WriteU8(static_cast<uint8_t>(kLiteral | flags));
    WriteLiteralName(name);
  } else {
    // The current page if the name is on it, else the lowest.
    TagCandidate chosen = tags[0];
    for (const TagCandidate& c : tags) {
      if (c.page == tag_page_) {
        chosen = c;
        break;
      }
    }
    if (chosen.page != tag_page_) {
      body_.WriteU8(kSwitchPage);
      body_.WriteU8(chosen.page);
      tag_page_ = chosen.page;
    }
    tag_at = body_.size();
    body_.WriteU8(static_cast<uint8_t>(chosen.token | flags));
  }
  if (!attributes.empty()) {
    for (const Attribute& a : attributes) {
      WriteAttribute(a.name, a.value);
    }
    body_.WriteU8(kEnd);
  }
  open_.push_back(Open{name, tag_at, false, IsOpaqueData(name, tags)});
}

void WbxmlEncoder::Text(std::string_view text) {
  if (failure_) {
    return;
  }
  if (text.find('\0') != std::string_view::npos) {
    return Refuse(ErrorCode::kInvalidArgument,
                  "text of <" + std::string(open_.back().name) + "> contains a NUL byte");
  }
  MarkContent();
  if (open_.back().opaque_data) {
    return WriteOpaque(text);
  }
  WriteText(text, /*candidate=*/text.size() >= 3);
}

void WbxmlEncoder::Opaque(std::span<const uint8_t> bytes) {
  if (failure_) {
    return;
  }
  MarkContent();
  WriteOpaque(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void WbxmlEncoder::EndElement() {
  if (failure_) {
    return;
  }
  if (open_.back().has_content) {
    body_.WriteU8(kEnd);
  }
  open_.pop_back();
}

Result<std::vector<uint8_t>> WbxmlEncoder::Finish() {
  if (failure_) {
    return *failure_;
  }
  BuildTable();
  ByteWriter out;
  out.Reserve(16 + table_.size() + body_.size());
  out.WriteU8(static_cast<uint8_t>(options_.version));
  if (options_.public_id == PublicIdForm::kLiteral) {
    out.WriteU8(0x00);
    WriteUintvar(out, static_cast<uint32_t>(TableOffset(PublicIdText(language_))));
  } else {
    WriteUintvar(out, PublicIdNumber(language_));
  }
  if (options_.version != Version::k10) {
    WriteUintvar(out, kCharsetUtf8);
  }
  WriteUintvar(out, static_cast<uint32_t>(table_.size()));
  out.WriteText(table_);
  // The body goes out as written, but for the holes the table fills.
  const std::span<const uint8_t> body = body_.bytes();
  size_t from = 0;
  for (const Hole& hole : holes_) {
    const int64_t offset = hole.is_name || hole.candidate == kNoCandidate
                               ? TableOffset(View(hole.text))
                               : text_offsets_[hole.candidate];
    if (!hole.is_name && offset < 0) {
      continue;  // the STR_I written in place stays
    }
    out.WriteBytes(body.subspan(from, hole.at - from));
    if (!hole.is_name) {
      out.WriteU8(kStrT);
    }
    WriteUintvar(out, static_cast<uint32_t>(offset));
    from = hole.text.offset + hole.text.size + (hole.is_name ? 0 : 1);
  }
  out.WriteBytes(body.subspan(from));
  return out.Take();
}

void WbxmlEncoder::MarkContent() {
  if (open_.empty() || open_.back().has_content) {
    return;
  }
  open_.back().has_content = true;
  body_.SetBits(open_.back().tag_at, kTagHasContent);
}

void WbxmlEncoder::WriteAttribute(std::string_view name, std::string_view value) {
  std::string_view rest = value;
  if (const AttrStartEntry* start = pages_->FindAttrStart(name, value, attr_page_)) {
    SwitchAttrPage(start->page);
    body_.WriteU8(start->token);
    rest.remove_prefix(start->value_prefix.size());
  } else {
    body_.WriteU8(kLiteral);
    WriteLiteralName(name);
  }
  if (rest.empty()) {
    return;
  }
  if (const AttrValueEntry* entry = pages_->FindAttrValue(rest, attr_page_)) {
    SwitchAttrPage(entry->page);
    body_.WriteU8(entry->token);
    return;
  }
  WriteText(rest, /*candidate=*/false);
}

void WbxmlEncoder::SwitchAttrPage(uint8_t page) {
  if (page != attr_page_) {
    body_.WriteU8(kSwitchPage);
    body_.WriteU8(page);
    attr_page_ = page;
  }
}

void WbxmlEncoder::WriteText(std::string_view text, bool candidate) {
  if (!options_.string_table) {
    WriteStrI(body_, text);
    return;
  }
  if (!ReserveHole(text.size() + 2)) {
    return;
  }
  // Written as STR_I now; Finish puts STR_T in its place if the table holds the text.
  const auto at = static_cast<uint32_t>(body_.size());
  WriteStrI(body_, text);
  const Piece piece{at + 1, static_cast<uint32_t>(text.size())};
  uint32_t index = kNoCandidate;
  if (candidate) {
    index = static_cast<uint32_t>(texts_.size());
    texts_.push_back(piece);
  }
  holes_.push_back(Hole{at, false, index, piece});
}

void WbxmlEncoder::WriteOpaque(std::string_view bytes) {
  if (bytes.size() > UINT32_MAX) {
    return Refuse(ErrorCode::kInvalidArgument, "opaque data longer than 4 GiB");
  }
  body_.WriteU8(kOpaque);
  WriteUintvar(body_, static_cast<uint32_t>(bytes.size()));
  body_.WriteText(bytes);
}

void WbxmlEncoder::WriteLiteralName(std::string_view name) {
  if (!ReserveHole(name.size())) {
    return;
  }
  // The name stands in the body where Finish writes its table offset.
  const auto at = static_cast<uint32_t>(body_.size());
  body_.WriteText(name);
  const Piece piece{at, static_cast<uint32_t>(name.size())};
  literal_names_.push_back(piece);
  holes_.push_back(Hole{at, true, kNoCandidate, piece});
}

bool WbxmlEncoder::ReserveHole(size_t len) {
  if (len > UINT32_MAX - body_.size()) {
    Refuse(ErrorCode::kInvalidArgument, "document body over 4 GiB");
    return false;
  }
  return true;
}

void WbxmlEncoder::Refuse(ErrorCode code, std::string message) {
  if (!failure_) {
    failure_ = Fail(code, std::move(message));
  }
}

// BuildTable fills the string table: the literal public id first (offset 0, as libwbxml does),
// then LITERAL names, then repeated texts, each in order of first occurrence.
void WbxmlEncoder::BuildTable() {
  const bool literal_id = options_.public_id == PublicIdForm::kLiteral;
  if (!literal_id && literal_names_.empty() && texts_.empty()) {
    return;
  }
  map_ = std::make_unique<TextMap>(texts_.size() + literal_names_.size() + 1);
  table_.reserve(body_.size() + 64);  // more than all the texts and names, with NULs
  if (literal_id) {
    AddToTable(PublicIdText(language_));
  }
  for (Piece name : literal_names_) {
    AddToTable(View(name));
  }
  std::vector<TextMap::Entry*> entries;  // of each candidate (the map never moves its slots)
  entries.reserve(texts_.size());
  for (Piece text : texts_) {
    entries.push_back(&map_->FindOrInsert(View(text)));
    ++entries.back()->count;
  }
  for (size_t i = 0; i < texts_.size(); ++i) {
    // A text pays for its table entry when (count-1)*len > count+1 (STR_I costs len+2 per use;
    // STR_T about 3 per use plus len+1 once).
    TextMap::Entry& entry = *entries[i];
    if (entry.offset < 0 && entry.count >= 2 &&
        (entry.count - 1) * size_t{entry.size} > entry.count + 1) {
      AppendToTable(entry, table_);
    }
  }
  text_offsets_.reserve(texts_.size());
  for (const TextMap::Entry* e : entries) {
    text_offsets_.push_back(e->offset);
  }
}

void WbxmlEncoder::AddToTable(std::string_view text) {
  AppendToTable(map_->FindOrInsert(text), table_);
}

int64_t WbxmlEncoder::TableOffset(std::string_view text) const {
  if (!map_) {
    return -1;
  }
  const TextMap::Entry* e = map_->Find(text);
  return e == nullptr ? -1 : e->offset;
}

bool WbxmlEncoder::IsOpaqueData(std::string_view name, std::span<const TagCandidate> tags) const {
  if (!syncml_ || options_.data != DataEncoding::kOpaque || name != "Data") {
    return false;
  }
  for (const TagCandidate& c : tags) {
    if (c.page == kSyncMlDataPage && c.token == kSyncMlDataToken) {
      return true;
    }
  }
  return false;
}

}  // namespace internal

Result<std::vector<uint8_t>> Encode(const Document& document, const EncodeOptions& options) {
  internal::WbxmlEncoder encoder(options);
  if (Result<void> r = internal::EmitDocument(document, encoder); !r) {
    return r.error();
  }
  return encoder.Finish();
}

}  // namespace dmboot::wbxml

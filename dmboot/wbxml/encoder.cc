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
  struct Entry {
    std::string_view key;
    uint64_t hash = 0;
    uint32_t count = 0;
    int64_t offset = -1;  // string-table offset, -1 when not in the table
    bool used = false;
  };

  explicit TextMap(size_t expected) {
    size_t size = 16;
    while (size < expected * 2) {
      size *= 2;
    }
    slots_.resize(size);
    mask_ = size - 1;
  }

  Entry& FindOrInsert(std::string_view key) {
    const uint64_t hash = internal::HashText(key);
    size_t slot = static_cast<size_t>(hash) & mask_;
    while (slots_[slot].used && !Matches(slots_[slot], key, hash)) {
      slot = (slot + 1) & mask_;
    }
    Entry& e = slots_[slot];
    if (!e.used) {
      e.used = true;
      e.key = key;
      e.hash = hash;
    }
    return e;
  }

  const Entry* Find(std::string_view key) const {
    const uint64_t hash = internal::HashText(key);
    size_t slot = static_cast<size_t>(hash) & mask_;
    while (slots_[slot].used) {
      if (Matches(slots_[slot], key, hash)) {
        return &slots_[slot];
      }
      slot = (slot + 1) & mask_;
    }
    return nullptr;
  }

 private:
  // Matches skips the byte compare when `key` is the very string the entry was made from
  // (BuildTable looks up the candidate copies it inserted).
  static bool Matches(const Entry& e, std::string_view key, uint64_t hash) {
    return e.hash == hash &&
           ((e.key.data() == key.data() && e.key.size() == key.size()) || SameBytes(e.key, key));
  }

  std::vector<Entry> slots_;
  size_t mask_ = 0;
};

// AppendToTable puts the text of `entry` in the string table `table` once.
void AppendToTable(TextMap::Entry& entry, std::string& table) {
  if (entry.offset >= 0) {
    return;
  }
  entry.offset = static_cast<int64_t>(table.size());
  table.append(entry.key);
  table.push_back('\0');
}

WbxmlEncoder::WbxmlEncoder(const EncodeOptions& options) : options_(options) {
  // A DM bootstrap: ~150 elements, ~350 events, ~3 KB of text; growing past that is rare.
  records_.reserve(512);
  elements_.reserve(256);
  bytes_.reserve(4096);
}
WbxmlEncoder::~WbxmlEncoder() = default;

// The encoder reads the events once. The string table precedes the body, and which texts go in
// it depends on the whole document, so the events are validated and recorded first (tags looked
// up, table candidates listed, every text, name and value copied into one buffer), and Finish
// writes the WBXML from the record.

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
  Piece literal_name{0, 0};
  if (tags.empty()) {
    if (name.empty() || name.find('\0') != std::string_view::npos) {
      return Refuse(ErrorCode::kInvalidArgument, "element name is empty or contains NUL");
    }
    literal_name = Store(name);
    literal_names_.push_back(literal_name);
  }
  if (!open_.empty()) {
    elements_[open_.back().element].has_content = true;
  }
  estimate_ += 4;
  const auto first_attribute = static_cast<uint32_t>(attributes_.size());
  for (const Attribute& a : attributes) {
    if (a.name.empty() || a.name.find('\0') != std::string::npos ||
        a.value.find('\0') != std::string::npos) {
      return Refuse(ErrorCode::kInvalidArgument,
                    "attribute of <" + std::string(name) + "> has an empty name or a NUL byte");
    }
    estimate_ += a.value.size() + 4;
    const Piece attr_name = Store(a.name);
    if (pages_->FindAttrStart(a.name, a.value, 0) == nullptr) {
      literal_names_.push_back(attr_name);
    }
    attributes_.push_back({attr_name, Store(a.value)});
  }
  const bool opaque_data = IsOpaqueData(name, tags);
  open_.push_back(Open{name, static_cast<uint32_t>(elements_.size()), opaque_data});
  records_.push_back(Record{Op::kStart, static_cast<uint32_t>(elements_.size()), Piece{0, 0}});
  elements_.push_back(ElementInfo{tags, literal_name, first_attribute,
                                  static_cast<uint32_t>(attributes.size()), false, opaque_data});
}

void WbxmlEncoder::Text(std::string_view text) {
  if (failure_) {
    return;
  }
  if (text.find('\0') != std::string_view::npos) {
    return Refuse(ErrorCode::kInvalidArgument,
                  "text of <" + std::string(open_.back().name) + "> contains a NUL byte");
  }
  elements_[open_.back().element].has_content = true;
  estimate_ += text.size() + 6;
  const Piece piece = Store(text);
  uint32_t candidate = kNoCandidate;
  if (options_.string_table && !open_.back().opaque_data && text.size() >= 3) {
    candidate = static_cast<uint32_t>(texts_.size());
    texts_.push_back(piece);
  }
  records_.push_back(Record{Op::kText, candidate, piece});
}

void WbxmlEncoder::Opaque(std::span<const uint8_t> bytes) {
  if (failure_) {
    return;
  }
  if (bytes.size() > UINT32_MAX) {
    return Refuse(ErrorCode::kInvalidArgument, "opaque data longer than 4 GiB");
  }
  elements_[open_.back().element].has_content = true;
  estimate_ += bytes.size() + 6;
  records_.push_back(Record{
      Op::kOpaque, 0,
      Store(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()))});
}

void WbxmlEncoder::EndElement() {
  if (failure_) {
    return;
  }
  open_.pop_back();
  records_.push_back(Record{Op::kEnd, 0, Piece{0, 0}});
}

Result<std::vector<uint8_t>> WbxmlEncoder::Finish() {
  if (failure_) {
    return *failure_;
  }
  BuildTable();
  ByteWriter out;
  out.Reserve(estimate_ + table_.size());
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
  WriteBody(out);
  return out.Take();
}

void WbxmlEncoder::WriteBody(ByteWriter& out) {
  uint8_t tag_page = 0;
  uint8_t attr_page = 0;
  std::vector<const ElementInfo*> open;
  open.reserve(16);
  for (const Record& record : records_) {
    switch (record.op) {
      case Op::kStart: {
        const ElementInfo& info = elements_[record.index];
        uint8_t flags = 0;
        if (info.attributes != 0) {
          flags |= kTagHasAttributes;
        }
        if (info.has_content) {
          flags |= kTagHasContent;
        }
        if (info.tags.empty()) {
          out.WriteU8(static_cast<uint8_t>(kLiteral | flags));
          WriteUintvar(out, static_cast<uint32_t>(TableOffset(View(info.literal_name))));
        } else {
          // The current page if the name is on it, else the lowest.
          TagCandidate chosen = info.tags[0];
          for (const TagCandidate& c : info.tags) {
            if (c.page == tag_page) {
              chosen = c;
              break;
            }
          }
          if (chosen.page != tag_page) {
            out.WriteU8(kSwitchPage);
            out.WriteU8(chosen.page);
            tag_page = chosen.page;
          }
          out.WriteU8(static_cast<uint8_t>(chosen.token | flags));
        }
        if (info.attributes != 0) {
          for (uint32_t i = 0; i < info.attributes; ++i) {
            const auto& [name, value] = attributes_[info.first_attribute + i];
            WriteAttribute(out, View(name), View(value), attr_page);
          }
          out.WriteU8(kEnd);
        }
        open.push_back(&info);
        break;
      }
      case Op::kText: {
        const std::string_view text = View(record.piece);
        if (open.back()->opaque_data) {
          WriteOpaque(out, text);
        } else if (record.index != kNoCandidate) {
          WriteString(out, text, text_offsets_[record.index]);
        } else {
          WriteString(out, text, options_.string_table ? TableOffset(text) : -1);
        }
        break;
      }
      case Op::kOpaque:
        WriteOpaque(out, View(record.piece));
        break;
      case Op::kEnd:
        if (open.back()->has_content) {
          out.WriteU8(kEnd);
        }
        open.pop_back();
        break;
    }
  }
}

void WbxmlEncoder::WriteAttribute(ByteWriter& out, std::string_view name, std::string_view value,
                                  uint8_t& attr_page) const {
  std::string_view rest = value;
  const AttrStartEntry* start = pages_->FindAttrStart(name, value, attr_page);
  if (start != nullptr) {
    SwitchAttrPage(out, start->page, attr_page);
    out.WriteU8(start->token);
    rest.remove_prefix(start->value_prefix.size());
  } else {
    out.WriteU8(kLiteral);
    WriteUintvar(out, static_cast<uint32_t>(TableOffset(name)));
  }
  if (rest.empty()) {
    return;
  }
  if (const AttrValueEntry* entry = pages_->FindAttrValue(rest, attr_page)) {
    SwitchAttrPage(out, entry->page, attr_page);
    out.WriteU8(entry->token);
    return;
  }
  WriteString(out, rest, options_.string_table ? TableOffset(rest) : -1);
}

void WbxmlEncoder::SwitchAttrPage(ByteWriter& out, uint8_t page, uint8_t& attr_page) {
  if (page != attr_page) {
    out.WriteU8(kSwitchPage);
    out.WriteU8(page);
    attr_page = page;
  }
}

void WbxmlEncoder::WriteString(ByteWriter& out, std::string_view text, int64_t table_offset) {
  if (table_offset >= 0) {
    out.WriteU8(kStrT);
    WriteUintvar(out, static_cast<uint32_t>(table_offset));
    return;
  }
  out.WriteU8(kStrI);
  out.WriteCString(text);
}

void WbxmlEncoder::WriteOpaque(ByteWriter& out, std::string_view bytes) {
  out.WriteU8(kOpaque);
  WriteUintvar(out, static_cast<uint32_t>(bytes.size()));
  out.WriteText(bytes);
}

WbxmlEncoder::Piece WbxmlEncoder::Store(std::string_view bytes) {
  if (bytes.size() > UINT32_MAX - bytes_.size()) {
    Refuse(ErrorCode::kInvalidArgument, "document text, names and values over 4 GiB");
    return Piece{0, 0};
  }
  const Piece piece{static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(bytes.size())};
  bytes_.append(bytes);
  return piece;
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
        (entry.count - 1) * entry.key.size() > entry.count + 1) {
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

#include "dmboot/wbxml/encoder.h"

#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "dmboot/core/byte_writer.h"
#include "dmboot/core/uintvar.h"
#include "dmboot/wbxml/code_pages.h"
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

bool IsSyncMl(Language language) {
  switch (language) {
    case Language::kSyncMl11:
    case Language::kSyncMl12:
      return true;
    case Language::kDevInf11:
    case Language::kDevInf12:
    case Language::kDmDdf12:
    case Language::kProv10:
      return false;
  }
  return false;
}

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
  // Matches skips the byte compare when `key` is the very string the entry was made from (the
  // write pass looks up the texts Prepare collected).
  static bool Matches(const Entry& e, std::string_view key, uint64_t hash) {
    return e.hash == hash &&
           ((e.key.data() == key.data() && e.key.size() == key.size()) || e.key == key);
  }

  std::vector<Entry> slots_;
  size_t mask_ = 0;
};

class Encoder {
 public:
  Encoder(const Document& document, const EncodeOptions& options)
      : document_(document),
        options_(options),
        pages_(internal::PagesFor(document.language)),
        syncml_(IsSyncMl(document.language)) {}

  Result<std::vector<uint8_t>> Run() {
    if (document_.charset != kCharsetUtf8) {
      return Fail(ErrorCode::kUnsupported, "charset MIBenum " + std::to_string(document_.charset) +
                                               " is not UTF-8 (106)");
    }
    // One pass validates, sizes the output and collects table candidates.
    size_t estimate = 16;
    if (Result<void> r = Prepare(document_.root, 1, estimate); !r) {
      return r.error();
    }
    // String table: the literal public id first (offset 0, as libwbxml does), then LITERAL
    // names, then repeated texts, each in order of first occurrence in document order.
    const bool literal_id = options_.public_id == PublicIdForm::kLiteral;
    if (literal_id || !literal_names_.empty() || !texts_.empty()) {
      map_.emplace(texts_.size() + literal_names_.size() + 1);
      if (literal_id) {
        AddToTable(PublicIdText(document_.language));
      }
      for (std::string_view name : literal_names_) {
        AddToTable(name);
      }
      for (std::string_view text : texts_) {
        ++map_->FindOrInsert(text).count;
      }
      for (std::string_view text : texts_) {
        // A text pays for its table entry when (count-1)*len > count+1 (STR_I costs len+2 per
        // use; STR_T about 3 per use plus len+1 once).
        TextMap::Entry& e = map_->FindOrInsert(text);
        const size_t count = e.count;
        if (e.offset < 0 && count >= 2 && (count - 1) * text.size() > count + 1) {
          AddToTable(text);
        }
      }
    }

    ByteWriter out;
    out.Reserve(estimate + table_.size());
    out.WriteU8(static_cast<uint8_t>(options_.version));
    if (literal_id) {
      out.WriteU8(0x00);
      WriteUintvar(out, static_cast<uint32_t>(map_->Find(PublicIdText(document_.language))->offset));
    } else {
      WriteUintvar(out, PublicIdNumber(document_.language));
    }
    if (options_.version != Version::k10) {
      WriteUintvar(out, kCharsetUtf8);
    }
    WriteUintvar(out, static_cast<uint32_t>(table_.size()));
    out.WriteText(table_);
    WriteElement(out, document_.root);
    return out.Take();
  }

 private:
  void AddToTable(std::string_view text) {
    TextMap::Entry& e = map_->FindOrInsert(text);
    if (e.offset >= 0) {
      return;
    }
    e.offset = static_cast<int64_t>(table_.size());
    table_.append(text);
    table_.push_back('\0');
  }

  // TableOffset returns the string-table offset of `text`, or -1.
  int64_t TableOffset(std::string_view text) const {
    if (!map_) {
      return -1;
    }
    const TextMap::Entry* e = map_->Find(text);
    return e == nullptr ? -1 : e->offset;
  }

  // Prepare validates what STR_I and the names cannot carry before any byte is written, adds the
  // output size of `element` to `estimate`, and collects LITERAL names and table candidates.
  Result<void> Prepare(const Element& element, size_t depth, size_t& estimate) {
    if (depth > kMaxDepthCap) {
      return Fail(ErrorCode::kInvalidArgument,
                  "tree nests deeper than " + std::to_string(kMaxDepthCap) + " elements");
    }
    if (element.name.empty() || element.name.find('\0') != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "element name is empty or contains NUL");
    }
    estimate += 4;
    const std::span<const internal::TagCandidate> candidates = pages_.FindTag(element.name);
    tags_.push_back(candidates);
    if (candidates.empty()) {
      literal_names_.push_back(element.name);
    }
    for (const Attribute& a : element.attributes) {
      if (a.name.empty() || a.name.find('\0') != std::string::npos ||
          a.value.find('\0') != std::string::npos) {
        return Fail(ErrorCode::kInvalidArgument,
                    "attribute of <" + element.name + "> has an empty name or a NUL byte");
      }
      estimate += a.value.size() + 4;
      if (pages_.FindAttrStart(a.name, a.value, 0) == nullptr) {
        literal_names_.push_back(a.name);
      }
    }
    const bool collect = options_.string_table && !IsOpaqueData(element, candidates);
    for (const Node& node : element.children) {
      switch (node.kind()) {
        case NodeKind::kElement:
          if (Result<void> r = Prepare(node.element(), depth + 1, estimate); !r) {
            return r;
          }
          break;
        case NodeKind::kText:
          if (node.text().find('\0') != std::string::npos) {
            return Fail(ErrorCode::kInvalidArgument,
                        "text of <" + element.name + "> contains a NUL byte");
          }
          estimate += node.text().size() + 6;
          if (collect && node.text().size() >= 3) {
            texts_.push_back(node.text());
          }
          break;
        case NodeKind::kOpaque:
          if (node.opaque().size() > UINT32_MAX) {
            return Fail(ErrorCode::kInvalidArgument, "opaque data longer than 4 GiB");
          }
          estimate += node.opaque().size() + 6;
          break;
      }
    }
    return Ok();
  }

  // IsOpaqueData is true for a SyncML <Data> (tag `candidates`) whose text the options want as
  // OPAQUE.
  bool IsOpaqueData(const Element& element,
                    std::span<const internal::TagCandidate> candidates) const {
    if (!syncml_ || options_.data != DataEncoding::kOpaque || element.name != "Data") {
      return false;
    }
    for (const internal::TagCandidate& c : candidates) {
      if (c.page == kSyncMlDataPage && c.token == kSyncMlDataToken) {
        return true;
      }
    }
    return false;
  }

  void WriteElement(ByteWriter& out, const Element& element) {
    uint8_t flags = 0;
    if (!element.attributes.empty()) {
      flags |= kTagHasAttributes;
    }
    if (!element.children.empty()) {
      flags |= kTagHasContent;
    }
    // Prepare looked the tags up in the same (document) order.
    const std::span<const internal::TagCandidate> candidates = tags_[next_tag_++];
    if (candidates.empty()) {
      out.WriteU8(static_cast<uint8_t>(kLiteral | flags));
      WriteUintvar(out, static_cast<uint32_t>(TableOffset(element.name)));
    } else {
      internal::TagCandidate chosen = candidates[0];
      for (const internal::TagCandidate& c : candidates) {
        if (c.page == tag_page_) {
          chosen = c;
          break;
        }
      }
      if (chosen.page != tag_page_) {
        out.WriteU8(kSwitchPage);
        out.WriteU8(chosen.page);
        tag_page_ = chosen.page;
      }
      out.WriteU8(static_cast<uint8_t>(chosen.token | flags));
    }
    if (!element.attributes.empty()) {
      for (const Attribute& a : element.attributes) {
        WriteAttribute(out, a);
      }
      out.WriteU8(kEnd);
    }
    if (!element.children.empty()) {
      const bool opaque_data = IsOpaqueData(element, candidates);
      for (const Node& node : element.children) {
        switch (node.kind()) {
          case NodeKind::kElement:
            WriteElement(out, node.element());
            break;
          case NodeKind::kText:
            if (opaque_data) {
              WriteOpaque(out, node.text());
            } else {
              WriteString(out, node.text());
            }
            break;
          case NodeKind::kOpaque: {
            const std::vector<uint8_t>& bytes = node.opaque();
            out.WriteU8(kOpaque);
            WriteUintvar(out, static_cast<uint32_t>(bytes.size()));
            out.WriteBytes(bytes);
            break;
          }
        }
      }
      out.WriteU8(kEnd);
    }
  }

  void WriteAttribute(ByteWriter& out, const Attribute& a) {
    std::string_view rest = a.value;
    const internal::AttrStartEntry* start = pages_.FindAttrStart(a.name, a.value, attr_page_);
    if (start != nullptr) {
      SwitchAttrPage(out, start->page);
      out.WriteU8(start->token);
      rest.remove_prefix(start->value_prefix.size());
    } else {
      out.WriteU8(kLiteral);
      WriteUintvar(out, static_cast<uint32_t>(TableOffset(a.name)));
    }
    if (rest.empty()) {
      return;
    }
    if (const internal::AttrValueEntry* value = pages_.FindAttrValue(rest, attr_page_)) {
      SwitchAttrPage(out, value->page);
      out.WriteU8(value->token);
      return;
    }
    WriteString(out, rest);
  }

  void SwitchAttrPage(ByteWriter& out, uint8_t page) {
    if (page != attr_page_) {
      out.WriteU8(kSwitchPage);
      out.WriteU8(page);
      attr_page_ = page;
    }
  }

  void WriteString(ByteWriter& out, std::string_view text) {
    const int64_t offset = options_.string_table ? TableOffset(text) : -1;
    if (offset >= 0) {
      out.WriteU8(kStrT);
      WriteUintvar(out, static_cast<uint32_t>(offset));
      return;
    }
    out.WriteU8(kStrI);
    out.WriteCString(text);
  }

  static void WriteOpaque(ByteWriter& out, std::string_view text) {
    out.WriteU8(kOpaque);
    WriteUintvar(out, static_cast<uint32_t>(text.size()));
    out.WriteText(text);
  }

  const Document& document_;
  const EncodeOptions& options_;
  const internal::CodePages& pages_;
  const bool syncml_;
  std::vector<std::span<const internal::TagCandidate>> tags_;  // of each element, in order
  size_t next_tag_ = 0;
  std::vector<std::string_view> literal_names_;
  std::vector<std::string_view> texts_;
  std::optional<TextMap> map_;
  std::string table_;
  uint8_t tag_page_ = 0;
  uint8_t attr_page_ = 0;
};

}  // namespace

Result<std::vector<uint8_t>> Encode(const Document& document, const EncodeOptions& options) {
  Encoder encoder(document, options);
  return encoder.Run();
}

}  // namespace dmboot::wbxml

#include "dmboot/wbxml/encoder.h"

#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "dmboot/core/byte_writer.h"
#include "dmboot/core/uintvar.h"
#include "dmboot/wbxml/code_pages.h"
#include "dmboot/wbxml/content_handler.h"
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
  // Matches skips the byte compare when `key` is the very string the entry was made from
  // (BuildTable looks up the candidate copies it inserted).
  static bool Matches(const Entry& e, std::string_view key, uint64_t hash) {
    return e.hash == hash &&
           ((e.key.data() == key.data() && e.key.size() == key.size()) || e.key == key);
  }

  std::vector<Entry> slots_;
  size_t mask_ = 0;
};

// Encoder writes the events of an EventSource as WBXML in two passes over them: the first
// validates, sizes the output, looks every tag up and collects the string-table candidates (the
// table precedes the body); the second writes.
class Encoder {
 public:
  explicit Encoder(const EncodeOptions& options) : options_(options) {}

  Result<std::vector<uint8_t>> Run(const internal::EventSource& source) {
    Preparer preparer(*this);
    if (Result<void> r = source.Emit(preparer); !r) {
      return r.error();
    }
    if (preparer.failure) {
      return *preparer.failure;
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
    Writer writer(*this, out);
    if (Result<void> r = source.Emit(writer); !r) {
      return r.error();  // a source fails the same way each time: not reached after pass one
    }
    return out.Take();
  }

 private:
  // ElementInfo is what the first pass learns of an element for the second, in document order.
  struct ElementInfo {
    std::span<const internal::TagCandidate> tags;  // empty: LITERAL
    bool has_content = false;
  };

  // Preparer is the first pass.
  class Preparer final : public internal::ContentHandler {
   public:
    explicit Preparer(Encoder& encoder) : e_(encoder) {}

    void Header(const internal::DocumentHeader& header) override {
      if (header.charset != kCharsetUtf8) {
        Refuse(ErrorCode::kUnsupported,
               "charset MIBenum " + std::to_string(header.charset) + " is not UTF-8 (106)");
        return;
      }
      e_.language_ = header.language;
      e_.pages_ = &internal::PagesFor(header.language);
      e_.syncml_ = IsSyncMl(header.language);
    }

    void StartElement(std::string_view name, std::span<const Attribute> attributes,
                      std::optional<uint8_t> /*page*/) override {
      if (failure) {
        return;
      }
      // A name found on a code page is a table name: never empty, never with a NUL.
      const std::span<const internal::TagCandidate> tags = e_.pages_->FindTag(name);
      if (tags.empty()) {
        if (name.empty() || name.find('\0') != std::string_view::npos) {
          return Refuse(ErrorCode::kInvalidArgument, "element name is empty or contains NUL");
        }
        e_.AddCandidate(e_.literal_names_, name);
      }
      if (!open_.empty()) {
        e_.elements_[open_.back().index].has_content = true;
      }
      e_.estimate_ += 4;
      for (const Attribute& a : attributes) {
        if (a.name.empty() || a.name.find('\0') != std::string::npos ||
            a.value.find('\0') != std::string::npos) {
          return Refuse(ErrorCode::kInvalidArgument, "attribute of <" + std::string(name) +
                                                         "> has an empty name or a NUL byte");
        }
        e_.estimate_ += a.value.size() + 4;
        if (e_.pages_->FindAttrStart(a.name, a.value, 0) == nullptr) {
          e_.AddCandidate(e_.literal_names_, a.name);
        }
      }
      open_.push_back(Open{name, e_.elements_.size(), !e_.IsOpaqueData(name, tags)});
      e_.elements_.push_back(ElementInfo{tags});
    }

    void Text(std::string_view text) override {
      if (failure) {
        return;
      }
      if (text.find('\0') != std::string_view::npos) {
        return Refuse(ErrorCode::kInvalidArgument,
                      "text of <" + std::string(open_.back().name) + "> contains a NUL byte");
      }
      e_.elements_[open_.back().index].has_content = true;
      e_.estimate_ += text.size() + 6;
      if (e_.options_.string_table && open_.back().collect_texts && text.size() >= 3) {
        e_.text_candidates_.push_back(static_cast<int32_t>(e_.texts_.size()));
        e_.AddCandidate(e_.texts_, text);
      } else {
        e_.text_candidates_.push_back(-1);
      }
    }

    void Opaque(std::span<const uint8_t> bytes) override {
      if (failure) {
        return;
      }
      if (bytes.size() > UINT32_MAX) {
        return Refuse(ErrorCode::kInvalidArgument, "opaque data longer than 4 GiB");
      }
      e_.elements_[open_.back().index].has_content = true;
      e_.estimate_ += bytes.size() + 6;
    }

    void EndElement() override {
      if (!failure) {
        open_.pop_back();
      }
    }

    std::optional<Error> failure;

   private:
    struct Open {
      std::string_view name;
      size_t index;        // into elements_
      bool collect_texts;  // false in a <Data> written as OPAQUE
    };

    void Refuse(ErrorCode code, std::string message) {
      if (!failure) {
        failure = Fail(code, std::move(message));
      }
    }

    Encoder& e_;
    std::vector<Open> open_;
  };

  // Writer is the second pass.
  class Writer final : public internal::ContentHandler {
   public:
    Writer(Encoder& encoder, ByteWriter& out) : e_(encoder), out_(out) {}

    void Header(const internal::DocumentHeader& /*header*/) override {}

    void StartElement(std::string_view name, std::span<const Attribute> attributes,
                      std::optional<uint8_t> /*page*/) override {
      // The first pass saw the same elements in the same order.
      const ElementInfo& info = e_.elements_[next_element_++];
      uint8_t flags = 0;
      if (!attributes.empty()) {
        flags |= kTagHasAttributes;
      }
      if (info.has_content) {
        flags |= kTagHasContent;
      }
      if (info.tags.empty()) {
        out_.WriteU8(static_cast<uint8_t>(kLiteral | flags));
        WriteUintvar(out_, static_cast<uint32_t>(e_.TableOffset(name)));
      } else {
        internal::TagCandidate chosen = info.tags[0];
        for (const internal::TagCandidate& c : info.tags) {
          if (c.page == tag_page_) {
            chosen = c;
            break;
          }
        }
        if (chosen.page != tag_page_) {
          out_.WriteU8(kSwitchPage);
          out_.WriteU8(chosen.page);
          tag_page_ = chosen.page;
        }
        out_.WriteU8(static_cast<uint8_t>(chosen.token | flags));
      }
      if (!attributes.empty()) {
        for (const Attribute& a : attributes) {
          WriteAttribute(a);
        }
        out_.WriteU8(kEnd);
      }
      open_.push_back(Open{info.has_content, e_.IsOpaqueData(name, info.tags)});
    }

    void Text(std::string_view text) override {
      // The first pass listed every text in this order; a table candidate's offset is known.
      const int32_t candidate = e_.text_candidates_[next_text_++];
      if (open_.back().opaque_data) {
        WriteOpaque(text);
      } else if (candidate >= 0) {
        WriteString(text, e_.text_offsets_[static_cast<size_t>(candidate)]);
      } else {
        WriteString(text);
      }
    }

    void Opaque(std::span<const uint8_t> bytes) override {
      out_.WriteU8(kOpaque);
      WriteUintvar(out_, static_cast<uint32_t>(bytes.size()));
      out_.WriteBytes(bytes);
    }

    void EndElement() override {
      if (open_.back().has_content) {
        out_.WriteU8(kEnd);
      }
      open_.pop_back();
    }

   private:
    struct Open {
      bool has_content;
      bool opaque_data;
    };

    void WriteAttribute(const Attribute& a) {
      std::string_view rest = a.value;
      const internal::AttrStartEntry* start =
          e_.pages_->FindAttrStart(a.name, a.value, attr_page_);
      if (start != nullptr) {
        SwitchAttrPage(start->page);
        out_.WriteU8(start->token);
        rest.remove_prefix(start->value_prefix.size());
      } else {
        out_.WriteU8(kLiteral);
        WriteUintvar(out_, static_cast<uint32_t>(e_.TableOffset(a.name)));
      }
      if (rest.empty()) {
        return;
      }
      if (const internal::AttrValueEntry* value = e_.pages_->FindAttrValue(rest, attr_page_)) {
        SwitchAttrPage(value->page);
        out_.WriteU8(value->token);
        return;
      }
      WriteString(rest);
    }

    void SwitchAttrPage(uint8_t page) {
      if (page != attr_page_) {
        out_.WriteU8(kSwitchPage);
        out_.WriteU8(page);
        attr_page_ = page;
      }
    }

    // WriteString writes `text` as STR_T when the table holds it at `offset` (looked up when not
    // given), else as STR_I.
    void WriteString(std::string_view text, std::optional<int64_t> known_offset = std::nullopt) {
      const int64_t offset = known_offset  ? *known_offset
                             : e_.options_.string_table ? e_.TableOffset(text)
                                                        : -1;
      if (offset >= 0) {
        out_.WriteU8(kStrT);
        WriteUintvar(out_, static_cast<uint32_t>(offset));
        return;
      }
      out_.WriteU8(kStrI);
      out_.WriteCString(text);
    }

    void WriteOpaque(std::string_view text) {
      out_.WriteU8(kOpaque);
      WriteUintvar(out_, static_cast<uint32_t>(text.size()));
      out_.WriteText(text);
    }

    Encoder& e_;
    ByteWriter& out_;
    size_t next_element_ = 0;
    size_t next_text_ = 0;
    std::vector<Open> open_;
    uint8_t tag_page_ = 0;
    uint8_t attr_page_ = 0;
  };

  // AddCandidate copies `text` (a source's views need not outlive its Emit) and lists it.
  void AddCandidate(std::vector<std::pair<size_t, size_t>>& list, std::string_view text) {
    list.emplace_back(candidate_bytes_.size(), text.size());
    candidate_bytes_.append(text);
  }

  std::string_view Candidate(std::pair<size_t, size_t> at) const {
    return std::string_view(candidate_bytes_).substr(at.first, at.second);
  }

  // BuildTable fills the string table: the literal public id first (offset 0, as libwbxml
  // does), then LITERAL names, then repeated texts, each in order of first occurrence.
  void BuildTable() {
    const bool literal_id = options_.public_id == PublicIdForm::kLiteral;
    if (!literal_id && literal_names_.empty() && texts_.empty()) {
      return;
    }
    map_.emplace(texts_.size() + literal_names_.size() + 1);
    if (literal_id) {
      AddToTable(PublicIdText(language_));
    }
    for (std::pair<size_t, size_t> name : literal_names_) {
      AddToTable(Candidate(name));
    }
    std::vector<TextMap::Entry*> entries;  // of each candidate (the map never moves its slots)
    entries.reserve(texts_.size());
    for (std::pair<size_t, size_t> text : texts_) {
      entries.push_back(&map_->FindOrInsert(Candidate(text)));
      ++entries.back()->count;
    }
    for (size_t i = 0; i < texts_.size(); ++i) {
      // A text pays for its table entry when (count-1)*len > count+1 (STR_I costs len+2 per
      // use; STR_T about 3 per use plus len+1 once).
      const std::string_view text = Candidate(texts_[i]);
      const size_t count = entries[i]->count;
      if (entries[i]->offset < 0 && count >= 2 && (count - 1) * text.size() > count + 1) {
        AddToTable(text);
      }
    }
    text_offsets_.reserve(texts_.size());
    for (const TextMap::Entry* e : entries) {
      text_offsets_.push_back(e->offset);
    }
  }

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

  // IsOpaqueData is true for a SyncML <Data> (tag `tags`) whose text the options want as OPAQUE.
  bool IsOpaqueData(std::string_view name, std::span<const internal::TagCandidate> tags) const {
    if (!syncml_ || options_.data != DataEncoding::kOpaque || name != "Data") {
      return false;
    }
    for (const internal::TagCandidate& c : tags) {
      if (c.page == kSyncMlDataPage && c.token == kSyncMlDataToken) {
        return true;
      }
    }
    return false;
  }

  const EncodeOptions& options_;
  Language language_ = Language::kSyncMl12;
  const internal::CodePages* pages_ = &internal::PagesFor(Language::kSyncMl12);
  bool syncml_ = true;
  size_t estimate_ = 16;
  std::vector<ElementInfo> elements_;
  // Copies of the table candidates, as (offset, length) in candidate_bytes_.
  std::string candidate_bytes_;
  std::vector<std::pair<size_t, size_t>> literal_names_;
  std::vector<std::pair<size_t, size_t>> texts_;
  // Per text event, in order: its index in texts_, or -1 when it is no table candidate.
  std::vector<int32_t> text_candidates_;
  std::vector<int64_t> text_offsets_;  // per texts_ entry: its table offset, or -1
  std::optional<TextMap> map_;
  std::string table_;
};

// TreeSource reports a Document's tree.
class TreeSource final : public internal::EventSource {
 public:
  explicit TreeSource(const Document& document) : document_(document) {}
  Result<void> Emit(internal::ContentHandler& handler) const override {
    return internal::EmitDocument(document_, handler);
  }

 private:
  const Document& document_;
};

}  // namespace

namespace internal {

Result<std::vector<uint8_t>> EncodeEvents(const EventSource& source,
                                          const EncodeOptions& options) {
  Encoder encoder(options);
  return encoder.Run(source);
}

}  // namespace internal

Result<std::vector<uint8_t>> Encode(const Document& document, const EncodeOptions& options) {
  TreeSource source(document);
  return internal::EncodeEvents(source, options);
}

}  // namespace dmboot::wbxml

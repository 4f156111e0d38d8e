#ifndef DMBOOT_WBXML_CODE_PAGES_H_
#define DMBOOT_WBXML_CODE_PAGES_H_

// Internal to dmboot/wbxml: the token tables of each language and their lookup structures.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dmboot/wbxml/language.h"

namespace dmboot::wbxml::internal {

// kNumPages is one past the highest code page any supported language uses (DM DDF: page 2).
inline constexpr size_t kNumPages = 3;

struct TagEntry {
  std::string_view name;
  uint8_t page;
  uint8_t token;  // 0x05..0x3F
};

// AttrStartEntry: an attribute-start token names the attribute and may carry a value prefix
// (WAP-192 §5.8.2), e.g. PROV page 0 token 0x07 = name="NAME".
struct AttrStartEntry {
  std::string_view name;
  std::string_view value_prefix;
  uint8_t page;
  uint8_t token;  // 0x05..0x7F, not a global token
  bool encode;    // false: accepted on decode only
};

struct AttrValueEntry {
  std::string_view value;
  uint8_t page;
  uint8_t token;  // 0x85..0xFF, not a global token
  bool encode;    // false: accepted on decode only
};

// TagCandidate is one (page, token) for an element name.
struct TagCandidate {
  uint8_t page;
  uint8_t token;
};

// StringIndex maps a (first, second) pair of strings to a small integer through an
// open-addressing hash table built once (HashText). Lookups never allocate.
class StringIndex {
 public:
  // Build indexes `keys`; Find(keys[i]) returns i (the first i for duplicate keys).
  void Build(const std::vector<std::pair<std::string_view, std::string_view>>& keys);
  // Find returns the index of (`first`, `second`), or -1.
  int32_t Find(std::string_view first, std::string_view second) const;
  // Find returns the index of (`key`, ""), or -1: one hash, for the single-key indexes.
  int32_t Find(std::string_view key) const;

 private:
  static uint32_t Hash(std::string_view first, std::string_view second);
  // Probe returns the index of the first slot with `hash` whose key `matches`, or -1.
  template <typename Matches>
  int32_t Probe(uint32_t hash, Matches matches) const;

  std::vector<std::pair<std::string_view, std::string_view>> keys_;
  // A slot holds the key's index and its hash, so a probe reads one array and most mismatches
  // end without touching the key.
  struct Slot {
    uint32_t hash;
    int32_t index;  // -1 = empty
  };
  std::vector<Slot> slots_;  // power-of-two size
  uint32_t mask_ = 0;
};

// CodePages holds one language's tables with O(1) decode lookups and sorted encode lookups.
class CodePages {
 public:
  CodePages(Language language, std::span<const TagEntry> tags,
            std::span<const AttrStartEntry> attr_starts, std::span<const AttrValueEntry> attr_values);

  Language language() const { return language_; }

  // HasTagPage / HasAttrPage: whether SWITCH_PAGE to `page` is valid in tag / attribute state.
  bool HasTagPage(uint32_t page) const {
    return page < kNumPages && tag_pages_[page];
  }
  bool HasAttrPage(uint32_t page) const {
    return page < kNumPages && attr_pages_[page];
  }

  // TagName returns the name of tag `token` (0..63) on `page`, or an empty view.
  std::string_view TagName(uint8_t page, uint8_t token) const {
    return page < kNumPages ? tag_names_[page][token & 0x3F] : std::string_view();
  }
  // AttrStart returns the entry of attribute-start `token` (0..127) on `page`, or nullptr.
  const AttrStartEntry* AttrStart(uint8_t page, uint8_t token) const {
    return page < kNumPages ? attr_starts_[page][token & 0x7F] : nullptr;
  }
  // AttrValue returns the entry of attribute-value `token` (128..255) on `page`, or nullptr.
  const AttrValueEntry* AttrValue(uint8_t page, uint8_t token) const {
    return page < kNumPages ? attr_values_[page][token & 0x7F] : nullptr;
  }

  // FindTag returns the candidates for `name` (sorted by page), empty when the name is on no page.
  std::span<const TagCandidate> FindTag(std::string_view name) const;

  // FindAttrStart returns the encodable start entry for `name` whose prefix is the longest
  // prefix of `value`, preferring `current_page` among equals; nullptr when none.
  const AttrStartEntry* FindAttrStart(std::string_view name, std::string_view value,
                                      uint8_t current_page) const;

  // FindAttrValue returns the encodable value entry equal to `value`, preferring `current_page`;
  // nullptr when none.
  const AttrValueEntry* FindAttrValue(std::string_view value, uint8_t current_page) const;

 private:
  struct NamedTag {
    std::string_view name;
    uint32_t first;  // index into candidates_
    uint32_t count;
  };

  Language language_;
  std::array<bool, kNumPages> tag_pages_{};
  std::array<bool, kNumPages> attr_pages_{};
  std::array<std::array<std::string_view, 64>, kNumPages> tag_names_{};
  std::array<std::array<const AttrStartEntry*, 128>, kNumPages> attr_starts_{};
  std::array<std::array<const AttrValueEntry*, 128>, kNumPages> attr_values_{};
  std::vector<NamedTag> named_tags_;  // sorted by name
  std::vector<TagCandidate> candidates_;
  StringIndex tag_index_;  // name -> named_tags_ index
  std::span<const AttrStartEntry> attr_start_list_;
  std::span<const AttrValueEntry> attr_value_list_;
  // Encodable attribute starts: exact (name, prefix) -> group of entries (pages ascending), and
  // every entry sorted by descending prefix length for the longest-prefix fallback.
  StringIndex attr_start_index_;
  std::vector<std::vector<const AttrStartEntry*>> attr_start_groups_;
  StringIndex attr_name_index_;  // attribute name -> attr_starts_by_name_ index
  std::vector<std::vector<const AttrStartEntry*>> attr_starts_by_name_;  // longest prefix first
  // Encodable attribute values: value -> group of entries (pages ascending).
  StringIndex attr_value_index_;
  std::vector<std::vector<const AttrValueEntry*>> attr_value_groups_;
};

// PagesFor returns the tables of `language` (built once, thread-safe).
const CodePages& PagesFor(Language language);

}  // namespace dmboot::wbxml::internal

#endif  // DMBOOT_WBXML_CODE_PAGES_H_

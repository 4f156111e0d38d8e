#include "dmboot/wbxml/encoder.h"

#include <string>
#include <string_view>
#include <unordered_map>

#include "dmboot/core/byte_writer.h"
#include "dmboot/core/uintvar.h"
#include "dmboot/wbxml/code_pages.h"
#include "dmboot/wbxml/decoder.h"

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

// StringTable assigns offsets in insertion order; Add is idempotent.
class StringTable {
 public:
  void Add(std::string_view text) {
    if (offsets_.find(text) != offsets_.end()) {
      return;
    }
    offsets_.emplace(text, static_cast<uint32_t>(bytes_.size()));
    bytes_.append(text);
    bytes_.push_back('\0');
  }
  // Find returns the offset of `text`, or -1.
  int64_t Find(std::string_view text) const {
    if (offsets_.empty()) {
      return -1;
    }
    auto it = offsets_.find(text);
    return it == offsets_.end() ? -1 : static_cast<int64_t>(it->second);
  }
  const std::string& bytes() const { return bytes_; }

 private:
  std::unordered_map<std::string_view, uint32_t> offsets_;
  std::string bytes_;
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
    if (Result<void> r = Check(document_.root, 1); !r) {
      return r.error();
    }
    // String table: the literal public id first (offset 0, as libwbxml does), then LITERAL
    // names, then repeated texts, each in order of first occurrence in document order.
    if (options_.public_id == PublicIdForm::kLiteral) {
      table_.Add(PublicIdText(document_.language));
    }
    CollectLiteralNames(document_.root);
    if (options_.string_table) {
      std::unordered_map<std::string_view, uint32_t> counts;
      std::vector<std::string_view> order;
      CountTexts(document_.root, counts, order);
      for (std::string_view text : order) {
        // A text pays for its table entry when (count-1)*len > count+1 (STR_I costs len+2 per
        // use; STR_T about 3 per use plus len+1 once).
        const size_t count = counts[text];
        if (count >= 2 && (count - 1) * text.size() > count + 1) {
          table_.Add(text);
        }
      }
    }

    ByteWriter out;
    out.Reserve(EstimateSize(document_.root) + table_.bytes().size() + 16);
    out.WriteU8(static_cast<uint8_t>(options_.version));
    if (options_.public_id == PublicIdForm::kLiteral) {
      out.WriteU8(0x00);
      WriteUintvar(out, static_cast<uint32_t>(table_.Find(PublicIdText(document_.language))));
    } else {
      WriteUintvar(out, PublicIdNumber(document_.language));
    }
    if (options_.version != Version::k10) {
      WriteUintvar(out, kCharsetUtf8);
    }
    WriteUintvar(out, static_cast<uint32_t>(table_.bytes().size()));
    out.WriteText(table_.bytes());
    WriteElement(out, document_.root);
    return out.Take();
  }

 private:
  // Check validates what STR_I and the names cannot carry, before any byte is written.
  Result<void> Check(const Element& element, size_t depth) const {
    if (depth > kMaxDepthCap) {
      return Fail(ErrorCode::kInvalidArgument,
                  "tree nests deeper than " + std::to_string(kMaxDepthCap) + " elements");
    }
    if (element.name.empty() || element.name.find('\0') != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "element name is empty or contains NUL");
    }
    for (const Attribute& a : element.attributes) {
      if (a.name.empty() || a.name.find('\0') != std::string::npos ||
          a.value.find('\0') != std::string::npos) {
        return Fail(ErrorCode::kInvalidArgument,
                    "attribute of <" + element.name + "> has an empty name or a NUL byte");
      }
    }
    for (const Node& node : element.children) {
      switch (node.kind()) {
        case NodeKind::kElement:
          if (Result<void> r = Check(node.element(), depth + 1); !r) {
            return r;
          }
          break;
        case NodeKind::kText:
          if (node.text().find('\0') != std::string::npos) {
            return Fail(ErrorCode::kInvalidArgument,
                        "text of <" + element.name + "> contains a NUL byte");
          }
          break;
        case NodeKind::kOpaque:
          if (node.opaque().size() > UINT32_MAX) {
            return Fail(ErrorCode::kInvalidArgument, "opaque data longer than 4 GiB");
          }
          break;
      }
    }
    return Ok();
  }

  void CollectLiteralNames(const Element& element) {
    if (pages_.FindTag(element.name).empty()) {
      table_.Add(element.name);
    }
    for (const Attribute& a : element.attributes) {
      if (pages_.FindAttrStart(a.name, a.value, 0) == nullptr) {
        table_.Add(a.name);
      }
    }
    for (const Node& node : element.children) {
      if (node.is_element()) {
        CollectLiteralNames(node.element());
      }
    }
  }

  void CountTexts(const Element& element, std::unordered_map<std::string_view, uint32_t>& counts,
                  std::vector<std::string_view>& order) const {
    const bool opaque_data = IsOpaqueData(element);
    for (const Node& node : element.children) {
      if (node.is_element()) {
        CountTexts(node.element(), counts, order);
      } else if (node.is_text() && !opaque_data && node.text().size() >= 3) {
        uint32_t& count = counts[node.text()];
        if (count++ == 0) {
          order.push_back(node.text());
        }
      }
    }
  }

  static size_t EstimateSize(const Element& element) {
    size_t size = 4;
    for (const Attribute& a : element.attributes) {
      size += a.value.size() + 4;
    }
    for (const Node& node : element.children) {
      switch (node.kind()) {
        case NodeKind::kElement:
          size += EstimateSize(node.element());
          break;
        case NodeKind::kText:
          size += node.text().size() + 2;
          break;
        case NodeKind::kOpaque:
          size += node.opaque().size() + 6;
          break;
      }
    }
    return size;
  }

  // IsOpaqueData is true for a SyncML <Data> whose text the options want as OPAQUE.
  bool IsOpaqueData(const Element& element) const {
    if (!syncml_ || options_.data != DataEncoding::kOpaque || element.name != "Data") {
      return false;
    }
    for (const internal::TagCandidate& c : pages_.FindTag(element.name)) {
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
    std::span<const internal::TagCandidate> candidates = pages_.FindTag(element.name);
    if (candidates.empty()) {
      out.WriteU8(static_cast<uint8_t>(kLiteral | flags));
      WriteUintvar(out, static_cast<uint32_t>(table_.Find(element.name)));
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
      const bool opaque_data = IsOpaqueData(element);
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
      WriteUintvar(out, static_cast<uint32_t>(table_.Find(a.name)));
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
    const int64_t offset = table_.Find(text);
    if (offset >= 0 && options_.string_table) {
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
  StringTable table_;
  uint8_t tag_page_ = 0;
  uint8_t attr_page_ = 0;
};

}  // namespace

Result<std::vector<uint8_t>> Encode(const Document& document, const EncodeOptions& options) {
  Encoder encoder(document, options);
  return encoder.Run();
}

}  // namespace dmboot::wbxml

#include "dmboot/wbxml/decoder.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "dmboot/core/byte_reader.h"
#include "dmboot/core/uintvar.h"
#include "dmboot/wbxml/code_pages.h"
#include "dmboot/wbxml/content_handler.h"
#include "dmboot/wbxml/text_util.h"

namespace dmboot::wbxml {
namespace {

// Global tokens, valid on every code page (WAP-192 §7.1).
enum class GlobalToken : uint8_t {
  kSwitchPage = 0x00,
  kEnd = 0x01,
  kEntity = 0x02,
  kStrI = 0x03,
  kLiteral = 0x04,
  kExtI0 = 0x40,
  kExtI1 = 0x41,
  kExtI2 = 0x42,
  kPi = 0x43,
  kLiteralC = 0x44,
  kExtT0 = 0x80,
  kExtT1 = 0x81,
  kExtT2 = 0x82,
  kStrT = 0x83,
  kLiteralA = 0x84,
  kExt0 = 0xC0,
  kExt1 = 0xC1,
  kExt2 = 0xC2,
  kOpaque = 0xC3,
  kLiteralAc = 0xC4,
};

constexpr uint8_t kTagHasAttributes = 0x80;  // WAP-192 §5.8.2
constexpr uint8_t kTagHasContent = 0x40;

// IsGlobal is true for the 20 global token values (low 6 bits 0..4 in every quadrant).
constexpr bool IsGlobal(uint8_t b) { return (b & 0x3F) <= 0x04; }

std::string Hex2(uint32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(value));
  return buf;
}

std::string At(size_t offset) { return " at offset " + std::to_string(offset); }

// Decoder reads one WBXML document and reports it to a ContentHandler.
class Decoder {
 public:
  Decoder(std::span<const uint8_t> input, const DecodeOptions& options,
          internal::ContentHandler& handler)
      : input_(input),
        reader_(input),
        options_(options),
        handler_(handler),
        max_depth_(std::min(options.max_depth, kMaxDepthCap)),
        text_budget_(options.max_text_len) {}

  Result<void> Run() {
    if (input_.size() > options_.max_document_len) {
      return Fail(ErrorCode::kLimitExceeded,
                  "WBXML document of " + std::to_string(input_.size()) +
                      " bytes is longer than the limit of " +
                      std::to_string(options_.max_document_len));
    }
    internal::DocumentHeader header;
    if (Result<void> r = ParseHeader(header); !r) {
      return r;
    }
    handler_.Header(header);
    return ParseBody();
  }

 private:
  // --- Header (WAP-192 §5.3-5.7) --------------------------------------------------------------

  Result<void> ParseHeader(internal::DocumentHeader& header) {
    Result<uint8_t> version = reader_.ReadU8();
    if (!version) {
      return Fail(ErrorCode::kTruncated, "empty WBXML document" + At(0));
    }
    if (*version > 0x03) {
      return Fail(ErrorCode::kUnsupported, "WBXML version byte " + Hex2(*version) + At(0) +
                                               " is not 1.0, 1.1, 1.2 or 1.3");
    }
    header.version = static_cast<Version>(*version);

    const size_t public_id_offset = reader_.offset();
    Result<uint32_t> public_id = ReadMbUInt32("public id");
    if (!public_id) {
      return public_id.error();
    }
    std::optional<uint32_t> public_id_index;
    size_t public_id_index_offset = 0;
    if (*public_id == 0) {
      // 0x00 then the string-table index of the formal public identifier (§5.5).
      public_id_index_offset = reader_.offset();
      Result<uint32_t> index = ReadMbUInt32("public id string-table index");
      if (!index) {
        return index.error();
      }
      public_id_index = *index;
      header.public_id_form = PublicIdForm::kLiteral;
    } else {
      header.public_id_form = PublicIdForm::kNumeric;
    }

    header.charset = kCharsetUtf8;  // WBXML 1.0 has no charset field; UTF-8 is its default
    if (header.version != Version::k10) {
      const size_t charset_offset = reader_.offset();
      Result<uint32_t> charset = ReadMbUInt32("charset");
      if (!charset) {
        return charset.error();
      }
      if (*charset != kCharsetUtf8) {
        return Fail(ErrorCode::kUnsupported,
                    "charset MIBenum " + std::to_string(*charset) + At(charset_offset) +
                        " is not UTF-8 (106), the only charset supported");
      }
      header.charset = *charset;
    }

    const size_t table_len_offset = reader_.offset();
    Result<uint32_t> table_len = ReadMbUInt32("string table length");
    if (!table_len) {
      return table_len.error();
    }
    Result<std::span<const uint8_t>> table = reader_.ReadBytes(*table_len);
    if (!table) {
      return Fail(ErrorCode::kTruncated, "string table length " + std::to_string(*table_len) +
                                             At(table_len_offset) + " runs past the end (" +
                                             std::to_string(reader_.remaining()) + " bytes left)");
    }
    table_ = *table;

    std::optional<Language> language;
    std::string fpi;
    if (public_id_index) {
      Result<std::string_view> text = TableString(*public_id_index, public_id_index_offset);
      if (!text) {
        return text.error();
      }
      fpi = std::string(*text);
      language = LanguageFromPublicIdText(*text);
    } else {
      language = LanguageFromPublicId(*public_id);
    }
    if (options_.language) {
      language = options_.language;
    }
    if (!language) {
      const std::string what = public_id_index ? "public id \"" + fpi + "\""
                                               : "public id " + Hex2(*public_id);
      return Fail(ErrorCode::kUnsupported,
                  what + At(public_id_offset) +
                      " is not a known language; name one (e.g. --language SYNCML12)");
    }
    header.language = *language;
    pages_ = &internal::PagesFor(*language);
    return Ok();
  }

  // --- Body (WAP-192 §5.8) --------------------------------------------------------------------

  Result<void> ParseBody() {
    // body = *pi element *pi; a SWITCH_PAGE may precede the root tag.
    bool have_root = false;
    while (true) {
      const size_t offset = reader_.offset();
      if (reader_.remaining() == 0) {  // the usual end: no error built to be dropped
        if (have_root) {
          return Ok();
        }
        return Fail(ErrorCode::kTruncated, "document ends before its root element" + At(offset));
      }
      const uint8_t token = *reader_.ReadU8();
      if (token == static_cast<uint8_t>(GlobalToken::kPi)) {
        if (Result<void> r = SkipPi(offset); !r) {
          return r;
        }
        continue;
      }
      if (have_root) {
        if (token == static_cast<uint8_t>(GlobalToken::kEnd)) {
          return Fail(ErrorCode::kMalformed, "END without an open element" + At(offset));
        }
        return Fail(ErrorCode::kMalformed,
                    "token " + Hex2(token) + At(offset) + " after the root element");
      }
      if (token == static_cast<uint8_t>(GlobalToken::kSwitchPage)) {
        if (Result<void> r = SwitchTagPage(offset); !r) {
          return r;
        }
        continue;
      }
      if (token == static_cast<uint8_t>(GlobalToken::kEnd)) {
        return Fail(ErrorCode::kMalformed, "END without an open element" + At(offset));
      }
      if (IsGlobal(token) && (token & 0x3F) != static_cast<uint8_t>(GlobalToken::kLiteral)) {
        return Fail(ErrorCode::kMalformed,
                    "token " + Hex2(token) + At(offset) + " where the root element must start");
      }
      if (Result<void> r = ParseElement(token, offset, 1); !r) {
        return r;
      }
      have_root = true;
    }
  }

  // ParseElement reads one element whose tag byte `tag` (at `offset`) was just consumed.
  Result<void> ParseElement(uint8_t tag, size_t offset, size_t depth) {
    if (depth > max_depth_) {
      return Fail(ErrorCode::kLimitExceeded, "element nesting deeper than " +
                                                 std::to_string(max_depth_) + At(offset));
    }
    const auto id = static_cast<uint8_t>(tag & 0x3F);
    std::string_view name;
    std::optional<uint8_t> page;
    if (id == static_cast<uint8_t>(GlobalToken::kLiteral)) {
      // LITERAL, LITERAL_C, LITERAL_A, LITERAL_AC: the name is in the string table (§5.8.4.5).
      const size_t index_offset = reader_.offset();
      Result<uint32_t> index = ReadMbUInt32("LITERAL name index");
      if (!index) {
        return index.error();
      }
      Result<std::string_view> literal = TableName(*index, index_offset);
      if (!literal) {
        return literal.error();
      }
      name = *literal;
    } else {
      name = pages_->TagName(tag_page_, id);
      page = tag_page_;
      if (name.empty()) {
        return Fail(ErrorCode::kMalformed, "unknown tag token " + Hex2(id) + " on code page " +
                                               std::to_string(tag_page_) + " of " +
                                               std::string(LanguageName(pages_->language())) +
                                               At(offset));
      }
      if (Result<void> r = Spend(name.size(), offset); !r) {
        return r;
      }
    }
    num_attributes_ = 0;
    if ((tag & kTagHasAttributes) != 0) {
      if (Result<void> r = ParseAttributes(offset); !r) {
        return r;
      }
    }
    handler_.StartElement(name, std::span<const Attribute>(attributes_.data(), num_attributes_),
                          page);
    if ((tag & kTagHasContent) != 0) {
      if (Result<void> r = ParseContent(name, offset, depth); !r) {
        return r;
      }
    }
    handler_.EndElement();
    return Ok();
  }

  // CountNode counts an element, text or opaque node against max_nodes.
  Result<void> CountNode(size_t offset) {
    if (++num_nodes_ > options_.max_nodes) [[unlikely]] {
      return TooManyNodes(offset);
    }
    return Ok();
  }

  [[gnu::noinline]] Error TooManyNodes(size_t offset) const {
    return Fail(ErrorCode::kLimitExceeded, "document has more than " +
                                               std::to_string(options_.max_nodes) + " nodes" +
                                               At(offset));
  }

  // ParseContent reads the content of the element `name` (opened at `element_offset`) up to its
  // END.
  Result<void> ParseContent(std::string_view name, size_t element_offset, size_t depth) {
    // Text pieces (STR_I, STR_T, ENTITY) in a row form one text node; PI and SWITCH_PAGE between
    // them do not split it.
    bool in_text = false;
    while (true) {
      const size_t offset = reader_.offset();
      Result<uint8_t> b = reader_.ReadU8();
      if (!b) {
        return Fail(ErrorCode::kTruncated, "document ends inside <" + std::string(name) +
                                               "> opened" + At(element_offset));
      }
      const uint8_t token = *b;
      if (!IsGlobal(token) || (token & 0x3F) == static_cast<uint8_t>(GlobalToken::kLiteral)) {
        if (Result<void> r = CountNode(offset); !r) {
          return r;
        }
        if (Result<void> r = ParseElement(token, offset, depth + 1); !r) {
          return r;
        }
        in_text = false;
        continue;
      }
      std::string_view text;
      switch (static_cast<GlobalToken>(token)) {
        case GlobalToken::kEnd:
          return Ok();
        case GlobalToken::kSwitchPage:
          if (Result<void> r = SwitchTagPage(offset); !r) {
            return r;
          }
          continue;
        case GlobalToken::kStrI: {
          Result<std::string_view> piece = ReadInlineString(offset);
          if (!piece) {
            return piece.error();
          }
          text = *piece;
          break;
        }
        case GlobalToken::kStrT: {
          Result<std::string_view> piece = ReadTableReference(offset);
          if (!piece) {
            return piece.error();
          }
          text = *piece;
          break;
        }
        case GlobalToken::kEntity: {
          Result<std::string_view> piece = ReadEntity(offset);
          if (!piece) {
            return piece.error();
          }
          text = *piece;
          break;
        }
        case GlobalToken::kOpaque: {
          Result<std::span<const uint8_t>> bytes = ReadOpaque(offset);
          if (!bytes) {
            return bytes.error();
          }
          if (Result<void> r = CountNode(offset); !r) {
            return r;
          }
          handler_.Opaque(*bytes);
          in_text = false;
          continue;
        }
        case GlobalToken::kPi:
          if (Result<void> r = SkipPi(offset); !r) {
            return r;
          }
          continue;
        case GlobalToken::kExtI0:
        case GlobalToken::kExtI1:
        case GlobalToken::kExtI2:
        case GlobalToken::kExtT0:
        case GlobalToken::kExtT1:
        case GlobalToken::kExtT2:
        case GlobalToken::kExt0:
        case GlobalToken::kExt1:
        case GlobalToken::kExt2:
          return ExtRefused(token, offset);
        case GlobalToken::kLiteral:
        case GlobalToken::kLiteralC:
        case GlobalToken::kLiteralA:
        case GlobalToken::kLiteralAc:
          // Handled above as element starts.
          return Fail(ErrorCode::kInternal, "literal tag not dispatched" + At(offset));
      }
      if (!in_text) {
        if (Result<void> r = CountNode(offset); !r) {
          return r;
        }
        in_text = true;
      }
      handler_.Text(text);
    }
  }

  // ParseAttributes reads `attribute* END` (§5.8.3) into attributes_[0, num_attributes_).
  Result<void> ParseAttributes(size_t element_offset) {
    num_attributes_ = 0;
    bool have_attribute = false;
    while (true) {
      const size_t offset = reader_.offset();
      Result<uint8_t> b = reader_.ReadU8();
      if (!b) {
        return Fail(ErrorCode::kTruncated,
                    "document ends inside the attribute list started" + At(element_offset));
      }
      const uint8_t token = *b;
      if (!IsGlobal(token)) {
        if (token < 0x80) {
          const internal::AttrStartEntry* entry = pages_->AttrStart(attr_page_, token);
          if (entry == nullptr) {
            return Fail(ErrorCode::kMalformed,
                        "unknown attribute start token " + Hex2(token) + " on code page " +
                            std::to_string(attr_page_) + " of " +
                            std::string(LanguageName(pages_->language())) + At(offset));
          }
          if (Result<void> r = Spend(entry->name.size() + entry->value_prefix.size(), offset);
              !r) {
            return r;
          }
          NewAttribute(entry->name, entry->value_prefix);
          have_attribute = true;
        } else {
          const internal::AttrValueEntry* entry = pages_->AttrValue(attr_page_, token);
          if (entry == nullptr) {
            return Fail(ErrorCode::kMalformed,
                        "unknown attribute value token " + Hex2(token) + " on code page " +
                            std::to_string(attr_page_) + " of " +
                            std::string(LanguageName(pages_->language())) + At(offset));
          }
          if (!have_attribute) {
            return ValueWithoutAttribute(offset);
          }
          if (Result<void> r = Spend(entry->value.size(), offset); !r) {
            return r;
          }
          LastAttribute().append(entry->value);
        }
        continue;
      }
      switch (static_cast<GlobalToken>(token)) {
        case GlobalToken::kEnd:
          return Ok();
        case GlobalToken::kSwitchPage: {
          const size_t page_offset = reader_.offset();
          Result<uint8_t> page = reader_.ReadU8();
          if (!page) {
            return Fail(ErrorCode::kTruncated, "SWITCH_PAGE without its page" + At(offset));
          }
          if (!pages_->HasAttrPage(*page)) {
            return Fail(ErrorCode::kMalformed,
                        "SWITCH_PAGE to attribute code page " + std::to_string(*page) +
                            " unknown in " + std::string(LanguageName(pages_->language())) +
                            At(page_offset));
          }
          attr_page_ = *page;
          break;
        }
        case GlobalToken::kLiteral: {
          const size_t index_offset = reader_.offset();
          Result<uint32_t> index = ReadMbUInt32("LITERAL attribute name index");
          if (!index) {
            return index.error();
          }
          Result<std::string_view> name = TableName(*index, index_offset);
          if (!name) {
            return name.error();
          }
          NewAttribute(*name, {});
          have_attribute = true;
          break;
        }
        case GlobalToken::kStrI: {
          Result<std::string_view> text = ReadInlineString(offset);
          if (!text) {
            return text.error();
          }
          if (!have_attribute) {
            return ValueWithoutAttribute(offset);
          }
          LastAttribute().append(*text);
          break;
        }
        case GlobalToken::kStrT: {
          Result<std::string_view> text = ReadTableReference(offset);
          if (!text) {
            return text.error();
          }
          if (!have_attribute) {
            return ValueWithoutAttribute(offset);
          }
          LastAttribute().append(*text);
          break;
        }
        case GlobalToken::kEntity: {
          Result<std::string_view> text = ReadEntity(offset);
          if (!text) {
            return text.error();
          }
          if (!have_attribute) {
            return ValueWithoutAttribute(offset);
          }
          LastAttribute().append(*text);
          break;
        }
        case GlobalToken::kOpaque: {
          // WBXML 1.3 allows OPAQUE in attribute values; it must still be UTF-8 text here.
          Result<std::span<const uint8_t>> bytes = ReadOpaque(offset);
          if (!bytes) {
            return bytes.error();
          }
          std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
          if (!internal::IsValidUtf8(text) || text.find('\0') != std::string_view::npos) {
            return Fail(ErrorCode::kMalformed,
                        "OPAQUE attribute value is not UTF-8 text" + At(offset));
          }
          if (!have_attribute) {
            return ValueWithoutAttribute(offset);
          }
          LastAttribute().append(text);
          break;
        }
        case GlobalToken::kExtI0:
        case GlobalToken::kExtI1:
        case GlobalToken::kExtI2:
        case GlobalToken::kExtT0:
        case GlobalToken::kExtT1:
        case GlobalToken::kExtT2:
        case GlobalToken::kExt0:
        case GlobalToken::kExt1:
        case GlobalToken::kExt2:
          return ExtRefused(token, offset);
        case GlobalToken::kPi:
        case GlobalToken::kLiteralC:
        case GlobalToken::kLiteralA:
        case GlobalToken::kLiteralAc:
          return Fail(ErrorCode::kMalformed,
                      "token " + Hex2(token) + At(offset) + " is not allowed in an attribute list");
      }
    }
  }

  // NewAttribute starts attribute `name` = `value` in the next slot of attributes_, reusing the
  // slot's strings (their capacity survives from element to element).
  void NewAttribute(std::string_view name, std::string_view value) {
    if (num_attributes_ == attributes_.size()) {
      attributes_.emplace_back();
    }
    Attribute& a = attributes_[num_attributes_++];
    a.name.assign(name);
    a.value.assign(value);
  }

  std::string& LastAttribute() { return attributes_[num_attributes_ - 1].value; }

  // SkipPi reads `PI attrStart *attrValue END` (§5.8.4.4) and discards it.
  Result<void> SkipPi(size_t offset) { return ParseAttributes(offset); }

  // --- Primitives -------------------------------------------------------------------------------

  Result<uint32_t> ReadMbUInt32(const char* what) {
    const size_t offset = reader_.offset();
    Result<uint32_t> value = ReadUintvar(reader_);
    if (!value) {
      // The core message names the offset; add which field it was.
      return Fail(value.error().code, std::string(what) + ": " + value.error().message +
                                          (value.error().code == ErrorCode::kTruncated
                                               ? ""
                                               : " (mb_u_int32" + At(offset) + ")"));
    }
    return *value;
  }

  Result<void> SwitchTagPage(size_t offset) {
    const size_t page_offset = reader_.offset();
    Result<uint8_t> page = reader_.ReadU8();
    if (!page) {
      return Fail(ErrorCode::kTruncated, "SWITCH_PAGE without its page" + At(offset));
    }
    if (!pages_->HasTagPage(*page)) {
      return Fail(ErrorCode::kMalformed, "SWITCH_PAGE to tag code page " +
                                             std::to_string(*page) + " unknown in " +
                                             std::string(LanguageName(pages_->language())) +
                                             At(page_offset));
    }
    tag_page_ = *page;
    return Ok();
  }

  // Spend takes `len` bytes of decoded text from the max_text_len budget. The failure is built
  // out of line so the per-token fast path inlines.
  Result<void> Spend(size_t len, size_t offset) {
    if (len > text_budget_) [[unlikely]] {
      return OverBudget(offset);
    }
    text_budget_ -= len;
    return Ok();
  }

  [[gnu::noinline]] Error OverBudget(size_t offset) const {
    return Fail(ErrorCode::kLimitExceeded, "decoded text exceeds the limit of " +
                                               std::to_string(options_.max_text_len) + " bytes" +
                                               At(offset));
  }

  // ReadInlineString reads the NUL-terminated string of an STR_I whose token is at `offset`; the
  // view points into the input.
  Result<std::string_view> ReadInlineString(size_t offset) {
    std::span<const uint8_t> rest = input_.subspan(reader_.offset());
    const auto* begin = reinterpret_cast<const char*>(rest.data());
    const auto* nul = static_cast<const char*>(std::memchr(begin, 0, rest.size()));
    if (nul == nullptr) {
      return Fail(ErrorCode::kTruncated, "unterminated STR_I string" + At(offset));
    }
    std::string_view text(begin, static_cast<size_t>(nul - begin));
    if (Result<void> r = Spend(text.size(), offset); !r) {
      return r.error();
    }
    if (!internal::IsValidUtf8(text)) {
      return Fail(ErrorCode::kMalformed, "STR_I string is not UTF-8" + At(offset));
    }
    if (Result<void> r = reader_.Skip(text.size() + 1); !r) {
      return r.error();
    }
    return text;
  }

  // TableString returns the NUL-terminated string at `index` of the string table.
  Result<std::string_view> TableString(uint32_t index, size_t offset) {
    if (index >= table_.size()) {
      return Fail(ErrorCode::kMalformed, "string table offset " + std::to_string(index) +
                                             At(offset) + " is outside the " +
                                             std::to_string(table_.size()) + "-byte table");
    }
    ByteReader table(table_);
    if (Result<void> r = table.Skip(index); !r) {
      return r.error();
    }
    std::span<const uint8_t> rest = table.ReadRest();
    const auto* begin = reinterpret_cast<const char*>(rest.data());
    const auto* nul = static_cast<const char*>(std::memchr(begin, 0, rest.size()));
    if (nul == nullptr) {
      return Fail(ErrorCode::kMalformed, "string at string table offset " +
                                             std::to_string(index) + At(offset) +
                                             " is not NUL-terminated");
    }
    std::string_view text(begin, static_cast<size_t>(nul - begin));
    if (!internal::IsValidUtf8(text)) {
      return Fail(ErrorCode::kMalformed, "string at string table offset " +
                                             std::to_string(index) + At(offset) +
                                             " is not UTF-8");
    }
    return text;
  }

  Result<std::string_view> TableName(uint32_t index, size_t offset) {
    Result<std::string_view> name = TableString(index, offset);
    if (!name) {
      return name;
    }
    if (!internal::IsXmlName(*name)) {
      return Fail(ErrorCode::kMalformed, "LITERAL name at string table offset " +
                                             std::to_string(index) + At(offset) +
                                             " is not an XML name");
    }
    if (Result<void> r = Spend(name->size(), offset); !r) {
      return r.error();
    }
    return name;
  }

  Result<std::string_view> ReadTableReference(size_t offset) {
    Result<uint32_t> index = ReadMbUInt32("STR_T offset");
    if (!index) {
      return index.error();
    }
    Result<std::string_view> text = TableString(*index, offset);
    if (!text) {
      return text;
    }
    if (Result<void> r = Spend(text->size(), offset); !r) {
      return r.error();
    }
    return text;
  }

  // ReadEntity reads the code point of an ENTITY whose token is at `offset` and returns its
  // UTF-8 form (valid until the next call).
  Result<std::string_view> ReadEntity(size_t offset) {
    Result<uint32_t> code_point = ReadMbUInt32("ENTITY");
    if (!code_point) {
      return code_point.error();
    }
    if (Result<void> r = Spend(4, offset); !r) {
      return r.error();
    }
    entity_.clear();
    if (!internal::AppendUtf8(entity_, *code_point)) {
      return Fail(ErrorCode::kMalformed,
                  "ENTITY " + Hex2(*code_point) + At(offset) + " is not a Unicode scalar value");
    }
    return std::string_view(entity_);
  }

  // ReadOpaque reads the length and bytes of an OPAQUE whose token is at `offset`; the view
  // points into the input.
  Result<std::span<const uint8_t>> ReadOpaque(size_t offset) {
    const size_t len_offset = reader_.offset();
    Result<uint32_t> len = ReadMbUInt32("OPAQUE length");
    if (!len) {
      return len.error();
    }
    if (*len > reader_.remaining()) {
      return Fail(ErrorCode::kTruncated, "OPAQUE length " + std::to_string(*len) +
                                             At(len_offset) + " runs past the end (" +
                                             std::to_string(reader_.remaining()) +
                                             " bytes left)");
    }
    if (Result<void> r = Spend(*len, offset); !r) {
      return r.error();
    }
    return reader_.ReadBytes(*len);
  }

  Error ExtRefused(uint8_t token, size_t offset) const {
    return Fail(ErrorCode::kUnsupported,
                "extension token " + Hex2(token) + At(offset) + " is not defined by " +
                    std::string(LanguageName(pages_->language())));
  }

  static Error ValueWithoutAttribute(size_t offset) {
    return Fail(ErrorCode::kMalformed, "attribute value before any attribute start" + At(offset));
  }

  std::span<const uint8_t> input_;
  ByteReader reader_;
  const DecodeOptions& options_;
  internal::ContentHandler& handler_;
  size_t max_depth_;
  size_t text_budget_;
  size_t num_nodes_ = 1;  // the root
  std::span<const uint8_t> table_;
  std::vector<Attribute> attributes_;  // of the element being started; slots are reused
  size_t num_attributes_ = 0;
  std::string entity_;  // the UTF-8 of the last ENTITY
  const internal::CodePages* pages_ = nullptr;
  uint8_t tag_page_ = 0;
  uint8_t attr_page_ = 0;
};

}  // namespace

namespace internal {

Result<void> DecodeEvents(std::span<const uint8_t> wbxml, const DecodeOptions& options,
                          ContentHandler& handler) {
  Decoder decoder(wbxml, options, handler);
  return decoder.Run();
}

}  // namespace internal

Result<Document> Decode(std::span<const uint8_t> wbxml, const DecodeOptions& options) {
  Document document;
  internal::TreeBuilder builder(document);
  if (Result<void> r = internal::DecodeEvents(wbxml, options, builder); !r) {
    return r.error();
  }
  return document;
}

}  // namespace dmboot::wbxml

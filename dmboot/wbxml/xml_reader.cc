#include "dmboot/wbxml/xml_text.h"

#include <expat.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dmboot/wbxml/decoder.h"

namespace dmboot::wbxml {
namespace {

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool AllSpace(const std::string& text) {
  return std::all_of(text.begin(), text.end(), IsXmlSpace);
}

bool IsNamespaceDeclaration(std::string_view name) {
  return name == "xmlns" || name.substr(0, 6) == "xmlns:";
}

// XmlReader is the expat callback state of one ParseXml call.
class XmlReader {
 public:
  explicit XmlReader(const XmlParseOptions& options)
      : options_(options), max_depth_(std::min(options.max_depth, kMaxDepthCap)) {}

  Result<Document> Parse(std::string_view xml) {
    if (xml.size() > options_.max_document_len) {
      return Fail(ErrorCode::kLimitExceeded, "XML document of " + std::to_string(xml.size()) +
                                                 " bytes is longer than the limit of " +
                                                 std::to_string(options_.max_document_len));
    }
    if (xml.size() > static_cast<size_t>(INT32_MAX)) {
      return Fail(ErrorCode::kLimitExceeded, "XML document too large");
    }
    XML_Parser parser = XML_ParserCreate(nullptr);
    if (parser == nullptr) {
      return Fail(ErrorCode::kInternal, "expat could not create a parser");
    }
    parser_ = parser;
    XML_SetUserData(parser, this);
    XML_SetElementHandler(parser, &XmlReader::OnStart, &XmlReader::OnEnd);
    XML_SetCharacterDataHandler(parser, &XmlReader::OnText);
    XML_SetStartDoctypeDeclHandler(parser, &XmlReader::OnDoctype);
    XML_SetEntityDeclHandler(parser, &XmlReader::OnEntityDecl);
    const XML_Status status =
        XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE);
    std::optional<Error> failure = error_;
    if (status != XML_STATUS_OK && !failure) {
      failure = Fail(ErrorCode::kMalformed,
                     std::string("malformed XML at line ") +
                         std::to_string(XML_GetCurrentLineNumber(parser)) + " column " +
                         std::to_string(XML_GetCurrentColumnNumber(parser)) + ": " +
                         XML_ErrorString(XML_GetErrorCode(parser)));
    }
    XML_ParserFree(parser);
    if (failure) {
      return *failure;
    }
    if (!have_root_) {
      return Fail(ErrorCode::kMalformed, "XML document has no root element");
    }
    // Language: the caller's, else the DOCTYPE's public id, else the root namespace, else the
    // root element when only one language uses it.
    std::optional<Language> language = options_.language;
    if (!language && !doctype_public_id_.empty()) {
      language = LanguageFromPublicIdText(doctype_public_id_);
    }
    if (!language && !root_xmlns_.empty()) {
      language = LanguageFromNamespace(root_xmlns_);
    }
    if (!language && doc_.root.name == "wap-provisioningdoc") {
      language = Language::kProv10;
    }
    if (!language && doc_.root.name == "MgmtTree") {
      language = Language::kDmDdf12;
    }
    if (!language) {
      return Fail(ErrorCode::kUnsupported,
                  "cannot tell the WBXML language of <" + doc_.root.name +
                      "> (DOCTYPE \"" + doctype_public_id_ + "\", xmlns \"" + root_xmlns_ +
                      "\"); name one (e.g. --language SYNCML12)");
    }
    doc_.language = *language;
    return std::move(doc_);
  }

 private:
  static void XMLCALL OnStart(void* user, const XML_Char* name, const XML_Char** attrs) {
    static_cast<XmlReader*>(user)->Start(name, attrs);
  }
  static void XMLCALL OnEnd(void* user, const XML_Char* /*name*/) {
    static_cast<XmlReader*>(user)->End();
  }
  static void XMLCALL OnText(void* user, const XML_Char* text, int len) {
    auto* self = static_cast<XmlReader*>(user);
    if (!self->open_.empty()) {
      self->open_.back().pending.append(text, static_cast<size_t>(len));
    }
  }
  static void XMLCALL OnDoctype(void* user, const XML_Char* /*name*/, const XML_Char* /*sysid*/,
                                const XML_Char* pubid, int /*has_internal_subset*/) {
    if (pubid != nullptr) {
      static_cast<XmlReader*>(user)->doctype_public_id_ = pubid;
    }
  }
  static void XMLCALL OnEntityDecl(void* user, const XML_Char* name, int /*is_parameter*/,
                                   const XML_Char* /*value*/, int /*value_len*/,
                                   const XML_Char* /*base*/, const XML_Char* /*system_id*/,
                                   const XML_Char* /*public_id*/, const XML_Char* /*notation*/) {
    static_cast<XmlReader*>(user)->Stop(
        Fail(ErrorCode::kRefused,
             "XML entity declaration \"" + std::string(name) + "\" refused (no DTD entities)"));
  }

  struct Open {
    Element* element;
    std::string pending;
  };

  void Stop(Error error) {
    if (!error_) {
      error_ = std::move(error);
    }
    XML_StopParser(parser_, XML_FALSE);
  }

  void Start(const XML_Char* name, const XML_Char** attrs) {
    if (error_) {
      return;
    }
    if (open_.size() + 1 > max_depth_) {
      Stop(Fail(ErrorCode::kLimitExceeded,
                "XML element nesting deeper than " + std::to_string(max_depth_) + " at line " +
                    std::to_string(XML_GetCurrentLineNumber(parser_))));
      return;
    }
    Element* element = nullptr;
    if (open_.empty()) {
      if (have_root_) {
        Stop(Fail(ErrorCode::kMalformed, "second root element"));
        return;
      }
      have_root_ = true;
      element = &doc_.root;
    } else {
      Open& parent = open_.back();
      Flush(parent, /*has_element_children=*/true);
      parent.element->children.push_back(Node::FromElement(Element()));
      element = &parent.element->children.back().element();
    }
    element->name = name;
    for (size_t i = 0; attrs[i] != nullptr; i += 2) {
      std::string_view attr_name = attrs[i];
      if (IsNamespaceDeclaration(attr_name)) {
        if (open_.empty() && attr_name == "xmlns") {
          root_xmlns_ = attrs[i + 1];
        }
        continue;
      }
      element->attributes.push_back(Attribute{std::string(attr_name), attrs[i + 1]});
    }
    open_.push_back(Open{element, std::string()});
  }

  void End() {
    if (error_ || open_.empty()) {
      return;
    }
    Open& top = open_.back();
    bool has_element_children = false;
    for (const Node& node : top.element->children) {
      has_element_children = has_element_children || node.is_element();
    }
    Flush(top, has_element_children);
    open_.pop_back();
  }

  // Flush turns pending character data into a text child. Whitespace-only text next to element
  // children is layout and is dropped; any other text is kept byte for byte.
  static void Flush(Open& open, bool has_element_children) {
    if (open.pending.empty()) {
      return;
    }
    if (!(has_element_children && AllSpace(open.pending))) {
      std::vector<Node>& children = open.element->children;
      if (!children.empty() && children.back().is_text()) {
        children.back().text().append(open.pending);
      } else {
        children.push_back(Node::FromText(std::move(open.pending)));
      }
    }
    open.pending.clear();
  }

  const XmlParseOptions& options_;
  size_t max_depth_;
  XML_Parser parser_ = nullptr;
  Document doc_;
  bool have_root_ = false;
  std::vector<Open> open_;
  std::string doctype_public_id_;
  std::string root_xmlns_;
  std::optional<Error> error_;
};

}  // namespace

Result<Document> ParseXml(std::string_view xml, const XmlParseOptions& options) {
  XmlReader reader(options);
  return reader.Parse(xml);
}

}  // namespace dmboot::wbxml

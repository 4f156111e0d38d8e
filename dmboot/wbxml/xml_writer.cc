#include "dmboot/wbxml/xml_text.h"

#include <algorithm>
#include <string>

#include "dmboot/wbxml/code_pages.h"
#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/text_util.h"

namespace dmboot::wbxml {
namespace {

// NeedsEscape is true for the bytes AppendEscaped rewrites.
constexpr bool NeedsEscape(char c, bool attribute) {
  return c == '&' || c == '<' || c == '>' || c == '\r' ||
         (attribute && (c == '"' || c == '\n' || c == '\t'));
}

void AppendEscaped(std::string& out, std::string_view text, bool attribute) {
  size_t run = 0;  // start of the pending run of bytes copied as they are
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!NeedsEscape(c, attribute)) {
      continue;
    }
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\r':
        // XML parsers turn CR and CRLF into LF (XML 1.0 §2.11); a character reference keeps it.
        out += "&#13;";
        break;
      case '\n':
        out += "&#10;";  // attribute-value normalisation (§3.3.3) would turn it into a space
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        break;
    }
  }
  out.append(text.data() + run, text.size() - run);
}

class XmlWriter {
 public:
  XmlWriter(const Document& document, const XmlWriteOptions& options)
      : document_(document),
        options_(options),
        pages_(internal::PagesFor(document.language)),
        syncml_(document.language == Language::kSyncMl11 ||
                document.language == Language::kSyncMl12) {}

  Result<std::string> Run() {
    out_.reserve(4096);
    out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    Newline(0);
    if (options_.doctype) {
      if (!internal::IsXmlName(document_.root.name)) {
        return Fail(ErrorCode::kUnsupported, "element name is not an XML name");
      }
      out_ += "<!DOCTYPE ";
      out_ += document_.root.name;
      out_ += " PUBLIC \"";
      out_ += PublicIdText(document_.language);
      out_ += "\" \"";
      out_ += DtdUrl(document_.language);
      out_ += "\">";
      Newline(0);
    }
    if (Result<void> r = WriteElement(document_.root, 0, true, false); !r) {
      return r.error();
    }
    out_ += '\n';
    return std::move(out_);
  }

 private:
  // IsMetInf: the element's name is on SyncML tag page 1 only.
  bool IsMetInf(const Element& element) const {
    if (!syncml_) {
      return false;
    }
    std::span<const internal::TagCandidate> c = pages_.FindTag(element.name);
    return !c.empty() && c[0].page == 1;
  }

  void Newline(int depth) {
    if (options_.indent > 0) {
      out_ += '\n';
      out_.append(static_cast<size_t>(depth * options_.indent), ' ');
    }
  }

  Result<void> WriteElement(const Element& element, int depth, bool root, bool in_metinf) {
    if (depth > static_cast<int>(kMaxDepthCap)) {
      return Fail(ErrorCode::kUnsupported, "tree nests deeper than the cap");
    }
    if (!internal::IsXmlName(element.name)) {
      return Fail(ErrorCode::kUnsupported,
                  "element name \"" + element.name + "\" is not an XML name");
    }
    out_ += '<';
    out_ += element.name;
    const bool metinf = IsMetInf(element);
    if (root && !RootNamespace(document_.language).empty()) {
      out_ += " xmlns=\"";
      out_ += RootNamespace(document_.language);
      out_ += '"';
    } else if (metinf && !in_metinf) {
      out_ += " xmlns=\"syncml:metinf\"";
    }
    for (const Attribute& a : element.attributes) {
      if (!internal::IsXmlName(a.name) || !internal::IsXmlText(a.value)) {
        return Fail(ErrorCode::kUnsupported, "attribute \"" + a.name + "\" of <" +
                                                 element.name + "> cannot be written as XML");
      }
      out_ += ' ';
      out_ += a.name;
      out_ += "=\"";
      AppendEscaped(out_, a.value, true);
      out_ += '"';
    }
    if (element.children.empty()) {
      out_ += "/>";
      return Ok();
    }
    out_ += '>';
    const bool only_elements =
        std::all_of(element.children.begin(), element.children.end(),
                    [](const Node& n) { return n.is_element(); });
    for (const Node& node : element.children) {
      switch (node.kind()) {
        case NodeKind::kElement:
          if (only_elements) {
            Newline(depth + 1);
          }
          if (Result<void> r = WriteElement(node.element(), depth + 1, false, metinf); !r) {
            return r;
          }
          break;
        case NodeKind::kText:
          if (!internal::IsXmlText(node.text())) {
            return Fail(ErrorCode::kUnsupported,
                        "text of <" + element.name + "> holds characters XML cannot carry");
          }
          AppendEscaped(out_, node.text(), false);
          break;
        case NodeKind::kOpaque: {
          std::string_view bytes(reinterpret_cast<const char*>(node.opaque().data()),
                                 node.opaque().size());
          if (!internal::IsXmlText(bytes)) {
            return Fail(ErrorCode::kUnsupported, "opaque data of <" + element.name +
                                                     "> is not UTF-8 text XML can carry");
          }
          AppendEscaped(out_, bytes, false);
          break;
        }
      }
    }
    if (only_elements) {
      Newline(depth);
    }
    out_ += "</";
    out_ += element.name;
    out_ += '>';
    return Ok();
  }

  const Document& document_;
  const XmlWriteOptions& options_;
  const internal::CodePages& pages_;
  const bool syncml_;
  std::string out_;
};

}  // namespace

Result<std::string> ToXml(const Document& document, const XmlWriteOptions& options) {
  XmlWriter writer(document, options);
  return writer.Run();
}

}  // namespace dmboot::wbxml

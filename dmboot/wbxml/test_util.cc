#include "dmboot/wbxml/test_util.h"

#include <gtest/gtest.h>

#include <sstream>

namespace dmboot::wbxml::testing {

Element Normalized(const Element& element) {
  Element out(element.name);
  out.attributes = element.attributes;
  for (const Node& node : element.children) {
    std::string text;
    switch (node.kind()) {
      case NodeKind::kElement:
        out.children.push_back(Node::FromElement(Normalized(node.element())));
        continue;
      case NodeKind::kText:
        text = node.text();
        break;
      case NodeKind::kOpaque:
        text.assign(node.opaque().begin(), node.opaque().end());
        break;
    }
    if (!out.children.empty() && out.children.back().is_text()) {
      out.children.back().text() += text;
    } else {
      out.children.push_back(Node::FromText(std::move(text)));
    }
  }
  return out;
}

EncodeOptions ParseFlags(std::string_view flags) {
  EncodeOptions options;
  std::istringstream in{std::string(flags)};
  std::string flag;
  while (in >> flag) {
    if (flag == "--wbxml-version") {
      std::string v;
      in >> v;
      Result<Version> version = VersionFromName(v);
      EXPECT_TRUE(version.has_value()) << v;
      if (version) {
        options.version = *version;
      }
    } else if (flag == "--no-string-table") {
      options.string_table = false;
    } else if (flag == "--public-id") {
      std::string v;
      in >> v;
      EXPECT_TRUE(v == "numeric" || v == "literal") << v;
      options.public_id = v == "literal" ? PublicIdForm::kLiteral : PublicIdForm::kNumeric;
    } else if (flag == "--opaque-data") {
      options.data = DataEncoding::kOpaque;
    } else {
      ADD_FAILURE() << "unknown flag " << flag;
    }
  }
  return options;
}

std::vector<EncodeOptions> AllOptions() {
  std::vector<EncodeOptions> all;
  for (Version v : {Version::k10, Version::k11, Version::k12, Version::k13}) {
    for (bool table : {true, false}) {
      for (PublicIdForm form : {PublicIdForm::kNumeric, PublicIdForm::kLiteral}) {
        for (DataEncoding data : {DataEncoding::kString, DataEncoding::kOpaque}) {
          EncodeOptions o;
          o.version = v;
          o.string_table = table;
          o.public_id = form;
          o.data = data;
          all.push_back(o);
        }
      }
    }
  }
  return all;
}

std::string Describe(const EncodeOptions& options) {
  std::string s = "v" + std::string(VersionName(options.version));
  s += options.string_table ? " strtbl" : " no-strtbl";
  s += options.public_id == PublicIdForm::kLiteral ? " literal" : " numeric";
  s += options.data == DataEncoding::kOpaque ? " opaque-data" : " string-data";
  return s;
}

}  // namespace dmboot::wbxml::testing

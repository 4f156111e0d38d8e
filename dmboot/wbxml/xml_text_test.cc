// The XML text bridge (pugixml + our well-formedness checks) and the tree API.
#include <gtest/gtest.h>

#include <string>

#include "dmboot/wbxml/document.h"
#include "dmboot/wbxml/language.h"
#include "dmboot/wbxml/xml_text.h"

namespace dmboot::wbxml {
namespace {

TEST(WbxmlXml, LanguageFromDoctypeNamespaceOrRoot) {
  struct Case {
    const char* xml;
    Language language;
  };
  const Case cases[] = {
      {"<SyncML xmlns='SYNCML:SYNCML1.2'/>", Language::kSyncMl12},
      {"<SyncML xmlns='syncml:syncml1.1'/>", Language::kSyncMl11},  // Horde writes lower case
      {"<!DOCTYPE DevInf PUBLIC '-//SYNCML//DTD DevInf 1.2//EN' 'x'><DevInf xmlns='syncml:devinf'/>",
       Language::kDevInf12},
      {"<!DOCTYPE DevInf PUBLIC '-//SYNCML//DTD DevInf 1.1//EN' 'x'><DevInf/>", Language::kDevInf11},
      {"<MgmtTree xmlns='syncml:dmddf1.2'/>", Language::kDmDdf12},
      {"<wap-provisioningdoc/>", Language::kProv10},
  };
  for (const Case& c : cases) {
    Result<Document> doc = ParseXml(c.xml);
    ASSERT_TRUE(doc.has_value()) << c.xml << ": " << doc.error().message;
    EXPECT_EQ(doc->language, c.language) << c.xml;
    EXPECT_TRUE(doc->root.attributes.empty()) << "xmlns must not be kept: " << c.xml;
  }
  Result<Document> unknown = ParseXml("<SyncML/>");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnsupported);
  XmlParseOptions forced;
  forced.language = Language::kSyncMl11;
  Result<Document> doc = ParseXml("<SyncML xmlns='SYNCML:SYNCML1.2'/>", forced);
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->language, Language::kSyncMl11);
}

TEST(WbxmlXml, WhitespaceCdataAndEntities) {
  Result<Document> doc = ParseXml(
      "<SyncML xmlns='SYNCML:SYNCML1.2'>\n  <SyncBody>\n    <Data><![CDATA[a<b]]> &amp; "
      "&#13;x</Data>\n    <LocURI>  </LocURI>\n  </SyncBody>\n  <!-- c --><?pi x?>\n</SyncML>");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  const Element expected = Element("SyncML").Child(
      Element("SyncBody").Child(Element("Data").Text("a<b & \rx")).Child(Element("LocURI").Text("  ")));
  EXPECT_TRUE(doc->root == expected);
}

TEST(WbxmlXml, RefusesEntityDeclarationsAndBadXml) {
  Result<Document> doc = ParseXml(
      "<!DOCTYPE SyncML [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>"
      "<SyncML xmlns='SYNCML:SYNCML1.2'>&b;</SyncML>");
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kRefused);
  doc = ParseXml("<SyncML xmlns='SYNCML:SYNCML1.2'><a></b></SyncML>");
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kMalformed);
  EXPECT_NE(doc.error().message.find("line 1"), std::string::npos) << doc.error().message;
  std::string deep = "<SyncML xmlns='SYNCML:SYNCML1.2'>";
  for (int i = 0; i < 80; ++i) {
    deep += "<Item>";
  }
  doc = ParseXml(deep);
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kLimitExceeded);
  XmlParseOptions small;
  small.max_document_len = 10;
  doc = ParseXml("<SyncML xmlns='SYNCML:SYNCML1.2'/>", small);
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kLimitExceeded);
}

// Malformed XML (XML 1.0 well-formedness) that pugixml alone would accept or that expat refused:
// every case must fail with kMalformed and name a line and column.
TEST(WbxmlXml, RejectsMalformedXml) {
  struct Case {
    const char* what;
    std::string xml;
  };
  const std::string root = "<SyncML xmlns='SYNCML:SYNCML1.2'>";
  const Case cases[] = {
      {"undefined entity", root + "&foo;</SyncML>"},
      {"undefined entity in an attribute", "<wap-provisioningdoc a='&nbsp;'/>"},
      {"bare &", root + "a & b</SyncML>"},
      {"& without ;", root + "a &amp b</SyncML>"},
      {"bare <", root + "a < b</SyncML>"},
      {"< in an attribute value", "<wap-provisioningdoc a='<'/>"},
      {"]]> in text", root + "a ]]> b</SyncML>"},
      {"invalid UTF-8", root + "\xC3\x28</SyncML>"},
      {"overlong UTF-8", root + "\xC0\xAF</SyncML>"},
      {"UTF-8 surrogate", root + "\xED\xA0\x80</SyncML>"},
      {"truncated UTF-8", root + "</SyncML>\xE2\x82"},
      {"U+0001", root + "\x01</SyncML>"},
      {"NUL", root + std::string(1, '\0') + "</SyncML>"},
      {"U+FFFE", root + "\xEF\xBF\xBE</SyncML>"},
      {"char ref to U+0001", root + "&#1;</SyncML>"},
      {"char ref to U+0000", root + "&#x0;</SyncML>"},
      {"char ref to a surrogate", root + "&#xD800;</SyncML>"},
      {"char ref past U+10FFFF", root + "&#x110000;</SyncML>"},
      {"char ref without digits", root + "&#x;</SyncML>"},
      {"char ref with a bad digit", root + "&#12a;</SyncML>"},
      {"bad element name", "<-SyncML/>"},
      {"bad child name", root + "<.Item/></SyncML>"},
      {"bad attribute name", "<wap-provisioningdoc 1a='x'/>"},
      {"duplicate attribute", "<wap-provisioningdoc a='1' a='2'/>"},
      {"duplicate xmlns", "<SyncML xmlns='SYNCML:SYNCML1.2' xmlns='SYNCML:SYNCML1.1'/>"},
      {"second root element", root + "</SyncML><SyncML/>"},
      {"text after the root", root + "</SyncML>x"},
      {"text before the root", "x" + root + "</SyncML>"},
      {"CDATA outside the root", root + "</SyncML><![CDATA[x]]>"},
      {"unclosed tag", root + "<Item>"},
      {"unclosed root", root},
      {"mismatched tag", root + "<Item></Data></SyncML>"},
      {"stray end tag", root + "</SyncML></Item>"},
      {"empty input", ""},
      {"only whitespace", " \n"},
      {"only a comment", "<!-- c -->"},
      {"-- in a comment", root + "<!-- a -- b --></SyncML>"},
      {"XML declaration not first", " <?xml version='1.0'?>" + root + "</SyncML>"},
      {"XML declaration without version", "<?xml encoding='UTF-8'?>" + root + "</SyncML>"},
      {"reserved PI target", root + "<?XML x?></SyncML>"},
      {"declaration target not lower case", "<?xmL version='1.0'?>" + root + "</SyncML>"},
      {"bad encoding name", "<?xml version='1.0' encoding='UTF/8'?>" + root + "</SyncML>"},
      {"U+00D7 in a name (not a NameChar)", root + "<a\xC3\x97/></SyncML>"},
      {"U+0300 starting a name", root + "<\xCC\x80" "a/></SyncML>"},
      {"non-ASCII in a US-ASCII document",
       "<?xml version='1.0' encoding='US-ASCII'?>" + root + "\xC3\xA9</SyncML>"},
      {"DOCTYPE after the root", root + "</SyncML><!DOCTYPE SyncML>"},
      {"attribute without a value", "<wap-provisioningdoc a/>"},
  };
  for (const Case& c : cases) {
    Result<Document> doc = ParseXml(c.xml);
    ASSERT_FALSE(doc.has_value()) << c.what;
    EXPECT_EQ(doc.error().code, ErrorCode::kMalformed) << c.what << ": " << doc.error().message;
    EXPECT_NE(doc.error().message.find("line "), std::string::npos) << c.what;
    EXPECT_NE(doc.error().message.find(" column "), std::string::npos) << c.what;
  }
}

TEST(WbxmlXml, ErrorPositionIsLineAndColumn) {
  Result<Document> doc = ParseXml(
      "<SyncML xmlns='SYNCML:SYNCML1.2'>\r\n  <Item>\n  x &bad;</Item></SyncML>");
  ASSERT_FALSE(doc.has_value());
  EXPECT_NE(doc.error().message.find("line 3 column 5"), std::string::npos)
      << doc.error().message;
}

TEST(WbxmlXml, EncodingDeclarationAndBom) {
  const std::string body = "<SyncML xmlns='SYNCML:SYNCML1.2'><Data>\xC3\xA9</Data></SyncML>";
  for (const std::string& xml :
       {"\xEF\xBB\xBF" + body, "<?xml version='1.0' encoding='utf-8'?>" + body,
        "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\" standalone='yes'?>\n" + body}) {
    Result<Document> doc = ParseXml(xml);
    ASSERT_TRUE(doc.has_value()) << xml << ": " << doc.error().message;
    EXPECT_EQ(doc->root.FindChild("Data")->TextContent(), "\xC3\xA9");
  }
  Result<Document> doc = ParseXml("<?xml version='1.0' encoding='US-ASCII'?><SyncML "
                                  "xmlns='SYNCML:SYNCML1.2'>&#xE9;</SyncML>");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(doc->root.TextContent(), "\xC3\xA9");
  for (const std::string& xml : {"<?xml version='1.0' encoding='ISO-8859-1'?>" + body,
                                 std::string("\xFF\xFE<\0a\0/\0>\0", 10)}) {
    doc = ParseXml(xml);
    ASSERT_FALSE(doc.has_value());
    EXPECT_EQ(doc.error().code, ErrorCode::kUnsupported) << doc.error().message;
  }
}

// XML 1.0 §2.11 line ends, §3.3.3 attribute-value normalisation, §4.1/§4.6 references.
TEST(WbxmlXml, LineEndsAttributeValuesAndReferences) {
  Result<Document> doc = ParseXml(
      "<wap-provisioningdoc>\r\n <parm name='a\r\nb\tc\nd\re' value='&#9;&#10;&#13;&lt;&amp;&gt;"
      "&apos;&quot;'/>\r\n <parm name='x'>a\r\nb\rc&#13;\r\n<![CDATA[d\re\r\n]]>&#x41;&#66;&#x1F600;"
      "</parm>\r\n</wap-provisioningdoc>\r\n");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  const Element expected =
      Element("wap-provisioningdoc")
          .Child(Element("parm").Attr("name", "a b c d e").Attr("value", "\t\n\r<&>'\""))
          .Child(Element("parm").Attr("name", "x").Text("a\nb\nc\r\nd\ne\nAB\xF0\x9F\x98\x80"));
  EXPECT_TRUE(doc->root == expected);
  EXPECT_EQ(doc->language, Language::kProv10);
}

// The reader scans the document 16 bytes at a time and hands plain text on without decoding it
// when the document holds no '&', CR or ']'. Each of those, a forbidden control byte and a
// two-byte character is slid across every offset of a block and of the tail.
TEST(WbxmlXml, EveryOffsetOfTheCharacterScan) {
  const std::string head = "<SyncML xmlns='SYNCML:SYNCML1.2'><Data>";
  const std::string tail = "</Data></SyncML>";
  struct Case {
    std::string raw;
    std::string decoded;  // empty: the document is malformed
  };
  const Case cases[] = {{"&amp;", "&"}, {"&#x41;", "A"},  {"\r\n", "\n"},
                        {"\r", "\n"},   {"]", "]"},       {"\xC3\xA9", "\xC3\xA9"},
                        {"\x01", ""},    {"\x7F", "\x7F"}, {"\xC3", ""},
                        {"]]>", ""}};
  for (const Case& c : cases) {
    for (size_t pad = 0; pad < 40; ++pad) {
      const std::string before(pad, 'x');
      const std::string xml = head + before + c.raw + "yz" + tail;
      Result<Document> doc = ParseXml(xml);
      if (c.decoded.empty()) {
        ASSERT_FALSE(doc.has_value()) << pad << " " << xml;
        EXPECT_EQ(doc.error().code, ErrorCode::kMalformed) << doc.error().message;
        continue;
      }
      ASSERT_TRUE(doc.has_value()) << pad << " " << xml << ": " << doc.error().message;
      EXPECT_EQ(doc->root.FindChild("Data")->TextContent(), before + c.decoded + "yz") << pad;
    }
  }
}

// Text pieces split by comments, PIs and CDATA are one text child; whitespace-only text is kept
// in a leaf, dropped beside element children; comments, PIs and whitespace around the root are
// skipped.
TEST(WbxmlXml, TextPiecesMergeIntoOneChild) {
  Result<Document> doc = ParseXml(
      "<?xml version='1.0'?>\n<!-- before -->\n<?pi x?>\n<SyncML xmlns='SYNCML:SYNCML1.2'>"
      "<Data>x<!--c-->y<?p q?>z<![CDATA[w]]>&amp;</Data><LocURI> <!--c--> </LocURI>"
      "<Item> <Data/> <!--c--> </Item>a<Final/>b</SyncML>\n<!-- after -->\n");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  const Element expected = Element("SyncML")
                               .Child(Element("Data").Text("xyzw&"))
                               .Child(Element("LocURI").Text("  "))
                               .Child(Element("Item").Child(Element("Data")))
                               .Text("a")
                               .Child(Element("Final"))
                               .Text("b");
  EXPECT_TRUE(doc->root == expected);
  ASSERT_EQ(doc->root.FindChild("Data")->children.size(), 1u);
}

// Non-ASCII names follow XML 1.0 fifth edition §2.3 (expat used the stricter fourth-edition
// tables): U+00E9, U+FEFF and U+E0100 (plane 14) are name characters, U+00B7 after the first.
TEST(WbxmlXml, FifthEditionNames) {
  Result<Document> doc = ParseXml(
      "<SyncML xmlns='SYNCML:SYNCML1.2'><caf\xC3\xA9 \xEF\xBB\xBF" "a='1'/><a\xC2\xB7" "b/>"
      "<\xF3\xA0\x84\x80/></SyncML>");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  ASSERT_EQ(doc->root.children.size(), 3u);
  EXPECT_EQ(doc->root.children[0].element().name, "caf\xC3\xA9");
  EXPECT_EQ(*doc->root.children[0].element().FindAttribute("\xEF\xBB\xBF" "a"), "1");
}

TEST(WbxmlXml, DoctypeForms) {
  Result<Document> doc = ParseXml(
      "<!DOCTYPE SyncML PUBLIC \"-//SYNCML//DTD\n  SyncML 1.1//EN\" 'http://x'  [ ]  >"
      "<SyncML/>");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(doc->language, Language::kSyncMl11);  // public id whitespace normalised (§4.2.2)
  doc = ParseXml("<!DOCTYPE wap-provisioningdoc SYSTEM 'x.dtd'><wap-provisioningdoc/>");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  doc = ParseXml("<!DOCTYPE SyncML [<!ATTLIST SyncML a CDATA 'x'>]><SyncML/>");
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kRefused);
  for (const char* xml : {"<!DOCTYPE SyncML PUBLIC 'a{b' 'x'><SyncML/>",
                          "<!DOCTYPE SyncML PUBLIC 'x'><SyncML/>", "<!DOCTYPE><SyncML/>",
                          "<!DOCTYPE SyncML junk><SyncML/>"}) {
    doc = ParseXml(xml);
    ASSERT_FALSE(doc.has_value()) << xml;
    EXPECT_EQ(doc.error().code, ErrorCode::kMalformed) << xml << ": " << doc.error().message;
  }
}

TEST(WbxmlXml, ToXmlRoundTripsTextExactly) {
  Document doc;
  doc.root = Element("SyncML").Child(
      Element("SyncBody")
          .Child(Element("Meta").Child(Element("Type").Text("a\r\nb\tc <&> \"q\"")))
          .Child(Element("Data").Text("  spaced  "))
          .Child(Element("Final")));
  Result<std::string> xml = ToXml(doc);
  ASSERT_TRUE(xml.has_value()) << xml.error().message;
  EXPECT_NE(xml->find("<SyncML xmlns=\"SYNCML:SYNCML1.2\">"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<Meta>"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<Type xmlns=\"syncml:metinf\">"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<!DOCTYPE SyncML PUBLIC \"-//SYNCML//DTD SyncML 1.2//EN\""),
            std::string::npos);
  Result<Document> back = ParseXml(*xml);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_TRUE(back->root == doc.root) << *xml;

  Document prov;
  prov.language = Language::kProv10;
  prov.root = Element("wap-provisioningdoc")
                  .Child(Element("parm").Attr("name", "NAME").Attr("value", "a\"b\n\tc&"));
  xml = ToXml(prov);
  ASSERT_TRUE(xml.has_value());
  back = ParseXml(*xml);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_TRUE(back->root == prov.root) << *xml;
}

TEST(WbxmlXml, ToXmlRefusesWhatXmlCannotCarry) {
  Document doc;
  doc.root = Element("SyncML").Text("\x01");
  Result<std::string> xml = ToXml(doc);
  ASSERT_FALSE(xml.has_value());
  EXPECT_EQ(xml.error().code, ErrorCode::kUnsupported);
  doc.root = Element("SyncML").Opaque({0xFF, 0xFE});
  xml = ToXml(doc);
  ASSERT_FALSE(xml.has_value());
  doc.root = Element("1bad");
  xml = ToXml(doc);
  ASSERT_FALSE(xml.has_value());
}

// Documents without comments, PIs or CDATA in the root are parsed with pugixml dropping layout
// whitespace itself; a comment in the root forces the mode that keeps every text. Both must give
// the same tree.
TEST(WbxmlXml, LayoutModeGivesTheExactModeTree) {
  for (const char* body : {
           "<LocURI>  </LocURI>",
           "\n  <Data>\n</Data>\n  <Final/>\n",
           "<Data> x </Data>  <Data>\r\n</Data>",
           "<Item>x <Data/> y </Item>",
           "<Item> <Data/> <Data> </Data> </Item>",
           "<Item>\t<Meta><Type>a</Type>\n</Meta>\n</Item>",
           "<Data>&#32;&#10;</Data><Data>&amp; </Data>",
       }) {
    const std::string layout =
        std::string("<SyncML xmlns='SYNCML:SYNCML1.2'>") + body + "</SyncML>";
    const std::string exact =
        std::string("<SyncML xmlns='SYNCML:SYNCML1.2'><!--c-->") + body + "</SyncML>";
    Result<Document> a = ParseXml(layout);
    Result<Document> b = ParseXml(exact);
    ASSERT_TRUE(a.has_value()) << body << ": " << a.error().message;
    ASSERT_TRUE(b.has_value()) << body << ": " << b.error().message;
    EXPECT_TRUE(a->root == b->root) << body;
  }
}

TEST(WbxmlTree, BuilderAndQueries) {
  Element add = Element("Add")
                    .Child(Element("CmdID").Text("1"))
                    .Child(Element("Item").Child(Element("Data").Text("a").Opaque({'b'})));
  ASSERT_NE(add.FindChild("Item"), nullptr);
  EXPECT_EQ(add.FindChild("Item")->FindChild("Data")->TextContent(), "ab");
  EXPECT_EQ(add.FindChild("Nope"), nullptr);
  Element parm("parm");
  parm.Attr("name", "NAME").Attr("value", "x");
  EXPECT_EQ(*parm.FindAttribute("value"), "x");
  EXPECT_EQ(parm.FindAttribute("type"), nullptr);
  Element copy = add;
  EXPECT_TRUE(copy == add);
  copy.FindChild("CmdID")->children[0].text() = "2";
  EXPECT_FALSE(copy == add);
  EXPECT_EQ(add.children[0].kind(), NodeKind::kElement);
  // Text and opaque with the same bytes are different kinds.
  EXPECT_FALSE(Element("Data").Text("b") == Element("Data").Opaque({'b'}));
}

TEST(WbxmlLanguage, NamesAndIds) {
  for (Language l : {Language::kSyncMl11, Language::kSyncMl12, Language::kDevInf11,
                     Language::kDevInf12, Language::kDmDdf12, Language::kProv10}) {
    Result<Language> back = LanguageFromName(LanguageName(l));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, l);
    EXPECT_EQ(LanguageFromPublicIdText(PublicIdText(l)), l);
    if (PublicIdNumber(l) != kPublicIdUnknown) {
      EXPECT_EQ(LanguageFromPublicId(PublicIdNumber(l)), l);
    }
  }
  EXPECT_EQ(*LanguageFromName("syncml12"), Language::kSyncMl12);
  EXPECT_FALSE(LanguageFromName("WML13").has_value());
  EXPECT_EQ(PublicIdNumber(Language::kSyncMl12), 0x1201u);
  EXPECT_EQ(PublicIdNumber(Language::kSyncMl11), 0x0FD3u);
  EXPECT_EQ(PublicIdNumber(Language::kProv10), 0x0Bu);
  EXPECT_EQ(PublicIdNumber(Language::kDmDdf12), kPublicIdUnknown);
  EXPECT_FALSE(LanguageFromPublicId(0x01).has_value());
  EXPECT_EQ(*VersionFromName("1.3"), Version::k13);
  EXPECT_FALSE(VersionFromName("2.0").has_value());
}

}  // namespace
}  // namespace dmboot::wbxml

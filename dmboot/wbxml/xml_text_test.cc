// The XML text bridge (expat) and the tree API.
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

// Decoder and encoder against golden files, libwbxml-made samples and negative vectors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dmboot/core/hex.h"
#include "dmboot/wbxml/code_pages.h"
#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/encoder.h"
#include "dmboot/wbxml/test_util.h"
#include "dmboot/wbxml/text_util.h"
#include "dmboot/wbxml/xml_text.h"
#include "testing/test_data.h"
#include "testing/vector_file.h"

namespace dmboot::wbxml {
namespace {

using testing::AllOptions;
using testing::Describe;
using testing::Normalized;
using testing::ParseFlags;

std::string HexOf(std::string_view text) {
  return HexEncode(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()),
                                            text.size()));
}

constexpr char kDir[] = "dmboot/wbxml/testdata/";

std::vector<uint8_t> ReadBytes(const std::string& name) {
  return dmboot::testing::ReadTestFile(std::string(kDir) + name);
}

Document ParseXmlFile(const std::string& name, std::optional<Language> language = std::nullopt) {
  std::vector<uint8_t> bytes = ReadBytes(name);
  XmlParseOptions options;
  options.language = language;
  Result<Document> doc =
      ParseXml(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
               options);
  EXPECT_TRUE(doc.has_value()) << name << ": " << (doc ? "" : doc.error().message);
  return doc ? std::move(*doc) : Document{};
}

TEST(WbxmlGolden, EncodeIsExactAndDecodesBack) {
  dmboot::testing::ForEachVector("dmboot/wbxml/testdata/golden.txt", [](dmboot::testing::Vector& v) {
    const std::string xml_name = v.Text("Xml");
    const std::string wbxml_name = v.Text("Wbxml");
    const EncodeOptions options = ParseFlags(v.Text("Options"));
    const Document source = ParseXmlFile(xml_name);
    const std::vector<uint8_t> golden = ReadBytes(wbxml_name);

    Result<std::vector<uint8_t>> encoded = Encode(source, options);
    ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
    EXPECT_EQ(HexEncode(*encoded), HexEncode(golden)) << wbxml_name;
    // The tree-less conversion writes the same bytes.
    const std::vector<uint8_t> xml = ReadBytes(xml_name);
    Result<std::vector<uint8_t>> converted = XmlToWbxml(
        std::string_view(reinterpret_cast<const char*>(xml.data()), xml.size()), {}, options);
    ASSERT_TRUE(converted.has_value()) << converted.error().message;
    EXPECT_EQ(HexEncode(*converted), HexEncode(golden)) << wbxml_name;
    // Deterministic: a second run gives the same bytes.
    Result<std::vector<uint8_t>> again = Encode(source, options);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*encoded, *again);

    DecodeOptions decode_options;
    if (source.language == Language::kDmDdf12 && options.public_id == PublicIdForm::kNumeric) {
      decode_options.language = Language::kDmDdf12;  // no registered numeric id
    }
    Result<Document> decoded = Decode(golden, decode_options);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->language, source.language);
    EXPECT_EQ(decoded->version, options.version);
    EXPECT_EQ(decoded->public_id_form, options.public_id);
    if (options.data == DataEncoding::kString) {
      EXPECT_TRUE(decoded->root == source.root) << wbxml_name;
    }
    EXPECT_TRUE(Normalized(decoded->root) == Normalized(source.root)) << wbxml_name;
  });
}

TEST(WbxmlDecode, MatchesWbxml2xmlOutput) {
  dmboot::testing::ForEachVector("dmboot/wbxml/testdata/decode.txt", [](dmboot::testing::Vector& v) {
    const std::string wbxml_name = v.Text("Wbxml");
    const std::string language_name = v.Text("Language");
    DecodeOptions options;
    if (!language_name.empty()) {
      Result<Language> language = LanguageFromName(language_name);
      ASSERT_TRUE(language.has_value());
      options.language = *language;
    }
    const Document expected = ParseXmlFile(v.Text("Xml"), options.language);
    Result<Document> decoded = Decode(ReadBytes(wbxml_name), options);
    ASSERT_TRUE(decoded.has_value()) << wbxml_name << ": " << decoded.error().message;
    EXPECT_EQ(decoded->language, expected.language) << wbxml_name;
    EXPECT_TRUE(Normalized(decoded->root) == Normalized(expected.root)) << wbxml_name;
  });
}

// decode(encode(tree)) == tree for every sample and every option combination.
TEST(WbxmlRoundTrip, EverySampleEveryOption) {
  for (const char* name : {"dm12_bootstrap.xml", "dm11_bootstrap.xml", "devinf11.xml",
                           "devinf12.xml", "tnds_dmacc.xml", "cp_bootstrap.xml"}) {
    const Document source = ParseXmlFile(name);
    for (const EncodeOptions& options : AllOptions()) {
      SCOPED_TRACE(std::string(name) + " " + Describe(options));
      Result<std::vector<uint8_t>> encoded = Encode(source, options);
      ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
      DecodeOptions decode_options;
      if (source.language == Language::kDmDdf12 && options.public_id == PublicIdForm::kNumeric) {
        decode_options.language = Language::kDmDdf12;  // no registered numeric id
      }
      Result<Document> decoded = Decode(*encoded, decode_options);
      ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
      EXPECT_EQ(decoded->language, source.language);
      if (options.data == DataEncoding::kString) {
        EXPECT_TRUE(decoded->root == source.root);
      } else {
        EXPECT_TRUE(Normalized(decoded->root) == Normalized(source.root));
      }
      // And the decoded tree re-encodes to the same bytes.
      Result<std::vector<uint8_t>> reencoded = Encode(*decoded, options);
      ASSERT_TRUE(reencoded.has_value());
      if (options.data == DataEncoding::kString) {
        EXPECT_EQ(*reencoded, *encoded);
      }
      // The tree-less conversion writes what ToXml writes of the decoded tree, in both layouts.
      for (int indent : {0, 2}) {
        XmlWriteOptions write;
        write.indent = indent;
        Result<std::string> streamed = WbxmlToXml(*encoded, decode_options, write);
        Result<std::string> from_tree = ToXml(*decoded, write);
        ASSERT_TRUE(streamed.has_value()) << streamed.error().message;
        ASSERT_TRUE(from_tree.has_value()) << from_tree.error().message;
        EXPECT_EQ(*streamed, *from_tree) << "indent " << indent;
      }
    }
  }
}

// XmlToWbxml fails exactly as ParseXml (then Encode) does.
TEST(WbxmlXmlToWbxml, FailsAsParseXmlThenEncode) {
  for (const char* xml : {
           "",                                                         // no root
           "<SyncML xmlns='SYNCML:SYNCML1.2'><a></b></SyncML>",        // mismatched tag
           "<SyncML/>",                                                // unknown language
           "<SyncML xmlns='SYNCML:SYNCML1.2'>&nope;</SyncML>",         // undefined entity
           "<SyncML xmlns='SYNCML:SYNCML1.2'><Data>&#0;</Data></SyncML>",  // not a Char
           "<SyncML xmlns='SYNCML:SYNCML1.2' a='1' a='2'/>",           // duplicate attribute
       }) {
    Result<Document> parsed = ParseXml(xml);
    Result<std::vector<uint8_t>> converted = XmlToWbxml(xml);
    ASSERT_FALSE(parsed.has_value()) << xml;
    ASSERT_FALSE(converted.has_value()) << xml;
    EXPECT_EQ(converted.error().code, parsed.error().code) << xml;
    EXPECT_EQ(converted.error().message, parsed.error().message) << xml;
  }
}

// What the XML writer relies on instead of checking per element: every tag and attribute name of
// every code page is an XML name, and no SyncML name is on both page 0 and page 1 (MetInf), so the
// tag page alone says whether an element is MetInf.
TEST(WbxmlCodePages, NamesAreXmlNamesAndMetInfIsPageOneOnly) {
  for (Language l : {Language::kSyncMl11, Language::kSyncMl12, Language::kDevInf11,
                     Language::kDevInf12, Language::kDmDdf12, Language::kProv10}) {
    const internal::CodePages& pages = internal::PagesFor(l);
    size_t names = 0;
    for (uint8_t page = 0; page < internal::kNumPages; ++page) {
      for (uint8_t token = 0; token < 64; ++token) {
        const std::string_view name = pages.TagName(page, token);
        if (name.empty()) {
          continue;
        }
        ++names;
        EXPECT_TRUE(internal::IsXmlName(name)) << LanguageName(l) << " " << name;
        if (l == Language::kSyncMl11 || l == Language::kSyncMl12) {
          EXPECT_EQ(pages.FindTag(name)[0].page, page) << LanguageName(l) << " " << name;
        }
      }
      for (uint8_t token = 0; token < 128; ++token) {
        if (const internal::AttrStartEntry* e = pages.AttrStart(page, token)) {
          EXPECT_TRUE(internal::IsXmlName(e->name)) << LanguageName(l) << " " << e->name;
        }
      }
    }
    EXPECT_GE(names, 5u) << LanguageName(l);  // PROV 1.0 has the fewest tags: 5
  }
}

// The XML layout: children one per line until the element has had text, then nothing added.
TEST(WbxmlXmlLayout, IndentStopsAtText) {
  Document doc;
  doc.root = Element("SyncML").Child(
      Element("SyncBody")
          .Child(Element("Final"))
          .Child(Element("Data").Text("x"))
          .Child(Element("Item").Child(Element("Data")).Text("t").Child(Element("Data"))));
  Result<std::string> xml = ToXml(doc);
  ASSERT_TRUE(xml.has_value()) << xml.error().message;
  const std::string body = xml->substr(xml->find("<SyncML"));
  EXPECT_EQ(body,
            "<SyncML xmlns=\"SYNCML:SYNCML1.2\">\n"
            "  <SyncBody>\n"
            "    <Final/>\n"
            "    <Data>x</Data>\n"
            "    <Item>\n"
            "      <Data/>t<Data/></Item>\n"
            "  </SyncBody>\n"
            "</SyncML>\n");
  Result<Document> back = ParseXml(*xml);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_TRUE(back->root == doc.root);
}

TEST(WbxmlNegative, Vectors) {
  dmboot::testing::ForEachVector("dmboot/wbxml/testdata/negative.txt", [](dmboot::testing::Vector& v) {
    const std::vector<uint8_t> input = v.Bytes("Input");
    const std::string error = v.Text("Error");
    const std::string message = v.Text("Message");
    Result<Document> decoded = Decode(input);
    ASSERT_FALSE(decoded.has_value()) << "decoded " << HexEncode(input);
    EXPECT_EQ(ErrorCodeName(decoded.error().code), error) << decoded.error().message;
    Result<std::string> streamed = WbxmlToXml(input);
    ASSERT_FALSE(streamed.has_value()) << "converted " << HexEncode(input);
    EXPECT_EQ(streamed.error().message, decoded.error().message);
    EXPECT_NE(decoded.error().message.find(message), std::string::npos)
        << "message: " << decoded.error().message;
    EXPECT_NE(decoded.error().message.find("offset"), std::string::npos)
        << "message names no offset: " << decoded.error().message;
  });
}

// Every strict prefix of real documents fails with kTruncated, never anything else.
TEST(WbxmlNegative, TruncationAtEveryOffset) {
  for (const char* name : {"dm12_bootstrap.v12.wbxml", "dm12_bootstrap.v13.literal.opaque.wbxml",
                           "cp_bootstrap.wbxml", "nowsms_cp.wbxml", "tnds_dmacc.wbxml"}) {
    const std::vector<uint8_t> full = ReadBytes(name);
    ASSERT_TRUE(Decode(full).has_value()) << name;
    for (size_t len = 0; len < full.size(); ++len) {
      const std::span<const uint8_t> prefix(full.data(), len);
      Result<Document> decoded = Decode(prefix);
      ASSERT_FALSE(decoded.has_value()) << name << " prefix " << len;
      EXPECT_EQ(decoded.error().code, ErrorCode::kTruncated)
          << name << " prefix " << len << ": " << decoded.error().message;
      Result<std::string> streamed = WbxmlToXml(prefix);
      ASSERT_FALSE(streamed.has_value()) << name << " prefix " << len;
      EXPECT_EQ(streamed.error().code, ErrorCode::kTruncated) << streamed.error().message;
    }
  }
}

// The depth bound at its edge (root = depth 1): <SyncML> around 63 nested <Item> is 64 levels and
// decodes with the default max_depth of 64; one more level is refused.
TEST(WbxmlLimits, DepthBoundIsExact) {
  auto nested = [](int items) {
    std::vector<uint8_t> doc = {0x02, 0xA4, 0x01, 0x6A, 0x00, 0x6D};
    doc.insert(doc.end(), static_cast<size_t>(items), 0x54);
    doc.insert(doc.end(), static_cast<size_t>(items) + 1, 0x01);
    return doc;
  };
  Result<Document> at_limit = Decode(nested(63));
  EXPECT_TRUE(at_limit.has_value()) << at_limit.error().message;
  Result<Document> past = Decode(nested(64));
  ASSERT_FALSE(past.has_value());
  EXPECT_EQ(past.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(past.error().message.find("nesting deeper than 64"), std::string::npos);
}

TEST(WbxmlLimits, DepthDocumentAndTextBudget) {
  // 70 nested <Item> inside <SyncML>: past the default depth of 64.
  std::vector<uint8_t> deep = {0x02, 0xA4, 0x01, 0x6A, 0x00, 0x6D};
  for (int i = 0; i < 70; ++i) {
    deep.push_back(0x54);
  }
  for (int i = 0; i < 71; ++i) {
    deep.push_back(0x01);
  }
  Result<Document> decoded = Decode(deep);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(decoded.error().message.find("nesting deeper than 64"), std::string::npos);
  DecodeOptions wide;
  wide.max_depth = 100;
  EXPECT_TRUE(Decode(deep, wide).has_value());
  // The cap holds even when the caller asks for more.
  wide.max_depth = 1u << 30;
  std::vector<uint8_t> very_deep = {0x02, 0xA4, 0x01, 0x6A, 0x00, 0x6D};
  very_deep.insert(very_deep.end(), kMaxDepthCap + 10, 0x54);
  decoded = Decode(very_deep, wide);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, ErrorCode::kLimitExceeded);

  DecodeOptions few_nodes;
  few_nodes.max_nodes = 50;
  decoded = Decode(ReadBytes("dm12_bootstrap.v12.wbxml"), few_nodes);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(decoded.error().message.find("more than 50 nodes"), std::string::npos);

  DecodeOptions small;
  small.max_document_len = 100;
  decoded = Decode(ReadBytes("dm12_bootstrap.v12.wbxml"), small);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, ErrorCode::kLimitExceeded);

  // STR_T repeats one 1000-byte table string 2000 times: 2 MB of text from a 5 KB input.
  std::vector<uint8_t> bomb = {0x02, 0xA4, 0x01, 0x6A, 0x87, 0x69};  // table length 1001
  bomb.insert(bomb.end(), 1000, 'a');
  bomb.push_back(0x00);
  bomb.push_back(0x6D);
  for (int i = 0; i < 2000; ++i) {
    bomb.push_back(0x83);
    bomb.push_back(0x00);
  }
  bomb.push_back(0x01);
  DecodeOptions budget;
  budget.max_text_len = 1u << 20;
  decoded = Decode(bomb, budget);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, ErrorCode::kLimitExceeded);
  budget.max_text_len = 4u << 20;
  EXPECT_TRUE(Decode(bomb, budget).has_value());
}

TEST(WbxmlDecode, LanguageOverrideAndLiteralPublicId) {
  // Unknown public id 0x01 decodes when the caller names the language.
  const std::vector<uint8_t> unknown = {0x02, 0x01, 0x6A, 0x00, 0x6D, 0x12, 0x01};
  DecodeOptions options;
  options.language = Language::kSyncMl12;
  Result<Document> decoded = Decode(unknown, options);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_TRUE(decoded->root == Element("SyncML").Child(Element("Final")));
  // Literal form: 02 00 00 6A 1E "-//SYNCML//DTD SyncML 1.2//EN" 00 (oma-dm-bootstrap.md §5.3).
  std::vector<uint8_t> literal = {0x02, 0x00, 0x00, 0x6A, 0x1E};
  const std::string fpi = "-//SYNCML//DTD SyncML 1.2//EN";
  literal.insert(literal.end(), fpi.begin(), fpi.end());
  literal.push_back(0x00);
  literal.push_back(0x2D);
  decoded = Decode(literal);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_EQ(decoded->language, Language::kSyncMl12);
  EXPECT_EQ(decoded->public_id_form, PublicIdForm::kLiteral);
  // WBXML 1.0 has no charset byte.
  decoded = Decode(std::vector<uint8_t>{0x00, 0xA4, 0x01, 0x00, 0x2D});
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_EQ(decoded->version, Version::k10);
  // Non-minimal mb_u_int32 (leading 0x80 octets) is accepted, as core's uintvar does.
  decoded = Decode(std::vector<uint8_t>{0x02, 0x80, 0xA4, 0x01, 0x80, 0x6A, 0x80, 0x00, 0x2D});
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_EQ(decoded->language, Language::kSyncMl12);
}

TEST(WbxmlDecode, TokensMergePiSkipEntityLiteral) {
  // String table "ab\0Foo\0". <SyncML> PI(LITERAL "ab" STR_I "x") STR_I "a" STR_T "ab" ENTITY
  // U+00E9 <Foo/ as LITERAL> OPAQUE "zz" END.
  const std::vector<uint8_t> doc = {
      0x02, 0xA4, 0x01, 0x6A, 0x07, 'a', 'b', 0x00, 'F', 'o', 'o', 0x00,  //
      0x6D,                                                              // <SyncML>
      0x43, 0x04, 0x00, 0x03, 'x', 0x00, 0x01,                           // PI
      0x03, 'a', 0x00, 0x83, 0x00, 0x02, 0x81, 0x69,                     // text
      0x04, 0x03,                                                        // <Foo/>
      0xC3, 0x02, 'z', 'z',                                              // OPAQUE
      0x01};
  Result<Document> decoded = Decode(doc);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  const Element expected =
      Element("SyncML").Text("aab\xC3\xA9").Child(Element("Foo")).Opaque({'z', 'z'});
  EXPECT_TRUE(decoded->root == expected);
}

TEST(WbxmlDecode, LiteralTagVariantsAndLiteralAttributeNames) {
  // String table "Foo\0bar\0". <SyncML> LITERAL_AC "Foo" (LITERAL attr "bar" = "v") content
  // "t" END; LITERAL_A "Foo" (bar = "") ; END.
  const std::vector<uint8_t> doc = {
      0x02, 0xA4, 0x01, 0x6A, 0x08, 'F', 'o', 'o', 0x00, 'b', 'a', 'r', 0x00,  //
      0x6D,                                                                  // <SyncML>
      0xC4, 0x00, 0x04, 0x04, 0x03, 'v', 0x00, 0x01, 0x03, 't', 0x00, 0x01,  // <Foo bar="v">t
      0x84, 0x00, 0x04, 0x04, 0x01,                                          // <Foo bar=""/>
      0x01};
  Result<Document> decoded = Decode(doc);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  const Element expected = Element("SyncML")
                               .Child(Element("Foo").Attr("bar", "v").Text("t"))
                               .Child(Element("Foo").Attr("bar", ""));
  EXPECT_TRUE(decoded->root == expected);
  // Our encoder writes the same tree back with LITERAL names.
  Result<std::vector<uint8_t>> encoded = Encode(*decoded);
  ASSERT_TRUE(encoded.has_value());
  Result<Document> again = Decode(*encoded);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_TRUE(again->root == expected);
}

TEST(WbxmlDecode, ProvAttributesFoldPrefixesAndValueTokens) {
  // NowSMS CP document (oma-dm-bootstrap.md §6.1): characteristic type="NAPDEF" ...
  Result<Document> decoded = Decode(ReadBytes("nowsms_cp.wbxml"));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_EQ(decoded->language, Language::kProv10);
  EXPECT_EQ(decoded->version, Version::k13);
  const Element& root = decoded->root;
  ASSERT_EQ(root.name, "wap-provisioningdoc");
  ASSERT_EQ(root.children.size(), 2u);
  const Element& napdef = root.children[1].element();
  EXPECT_EQ(*napdef.FindAttribute("type"), "NAPDEF");
  // <parm name="BEARER" value="GSM-GPRS"/>: start token 0x10 then value token 0xAB.
  bool found = false;
  for (const Node& n : napdef.children) {
    if (n.is_element() && n.element().attributes.size() == 2 &&
        n.element().attributes[0].value == "BEARER") {
      EXPECT_EQ(n.element().attributes[1].value, "GSM-GPRS");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(WbxmlEncode, ChoosesTokensAndPages) {
  Document doc;
  doc.language = Language::kProv10;
  doc.root = Element("wap-provisioningdoc")
                 .Child(Element("characteristic")
                            .Attr("type", "APPLICATION")
                            .Child(Element("parm").Attr("name", "ADDRTYPE").Attr("value", "IPV6")));
  EncodeOptions options;
  options.string_table = false;
  Result<std::vector<uint8_t>> out = Encode(doc, options);
  ASSERT_TRUE(out.has_value());
  // 02 0B 6A 00 | 45 wap-provisioningdoc (content) | C6 characteristic (attrs+content)
  // 00 01 55 (attr page 1, type="APPLICATION") 01 | 87 parm 35 (name="ADDRTYPE", page 1)
  // 06 (value=, page 1) 86 ("IPV6", page 1) 01 | 01 01
  EXPECT_EQ(HexEncode(*out), "020b6a0045c60001550187350686010101");
  // Unknown element names become LITERAL with the name in the string table.
  Document syncml;
  syncml.root = Element("SyncML").Child(Element("X-Vendor").Text("v"));
  out = Encode(syncml, options);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(HexEncode(*out), "02a4016a09582d56656e646f72006d44000376000101");
  Result<Document> back = Decode(*out);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_TRUE(back->root == syncml.root);
}

// The string table decides bytes written before it is known: a repeated text becomes STR_T, a
// text equal to a LITERAL name shares the name's entry, a short text stays STR_I. Hand-computed
// (WAP-192 §5.7, §5.8.4.1; tokens from oma-dm-bootstrap.md §5), cross-checked with wbxml2xml.
TEST(WbxmlEncode, StringTableReferencesAreExact) {
  Document doc;
  doc.root = Element("SyncML")
                 .Child(Element("X-A").Text("hello"))
                 .Child(Element("X-A").Text("hello"))
                 .Child(Element("LocURI").Text("X-A"))
                 .Child(Element("MsgID").Text("ab"));
  Result<std::vector<uint8_t>> out = Encode(doc);
  ASSERT_TRUE(out.has_value()) << out.error().message;
  // 02 A4 01 6A | table 0A: "X-A\0" at 0, "hello\0" at 4 | 6D <SyncML>
  // 44 00 83 04 01 (LITERAL_C "X-A", STR_T 4, END) twice | 57 83 00 01 <LocURI> STR_T 0
  // | 5B 03 "ab" 00 01 <MsgID> STR_I | 01
  EXPECT_EQ(HexEncode(*out),
            "02a4016a0a582d410068656c6c6f00"
            "6d"
            "4400830401"
            "4400830401"
            "57830001"
            "5b0361620001"
            "01");
  Result<Document> back = Decode(*out);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_TRUE(back->root == doc.root);
}

TEST(WbxmlEncode, DataAsOpaqueAndContentNeverRewritten) {
  Document doc;
  doc.root = Element("SyncML").Child(
      Element("SyncBody").Child(Element("Add").Child(Element("Item").Child(
          Element("Meta").Child(Element("Type").Text("application/vnd.syncml.dmtnds+xml"))).Child(
          Element("Data").Text("line1\nline2\r\n")))));
  EncodeOptions options;
  options.string_table = false;
  options.data = DataEncoding::kOpaque;
  Result<std::vector<uint8_t>> out = Encode(doc, options);
  ASSERT_TRUE(out.has_value());
  const std::string hex = HexEncode(*out);
  // "+xml" stays "+xml" (libwbxml would write "+wbxml"); Data is OPAQUE of 13 bytes, LF not CRLF.
  EXPECT_NE(hex.find(HexOf(("dmtnds+xml"))), std::string::npos);
  EXPECT_NE(hex.find("c30d" + HexOf(("line1\nline2\r\n"))), std::string::npos);
  Result<Document> back = Decode(*out);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(Normalized(back->root) == doc.root);
}

TEST(WbxmlEncode, RefusesWhatStrICannotCarry) {
  Document doc;
  doc.root = Element("SyncML").Text(std::string("a\0b", 3));
  Result<std::vector<uint8_t>> out = Encode(doc);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
  doc.root = Element("");
  out = Encode(doc);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
  doc.root = Element("SyncML");
  doc.charset = 4;
  out = Encode(doc);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace dmboot::wbxml

#include "dmboot/bootstrap/bootstrap_document.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/language.h"
#include "testing/test_data.h"

namespace dmboot::bootstrap {
namespace {

Account Example() {
  const std::vector<uint8_t> bytes = testing::ReadTestFile("dmboot/bootstrap/testdata/account.json");
  return *ParseAccountJson(std::string(bytes.begin(), bytes.end()));
}

// Canonical orders the credentials (CLCRED first): a document does not fix their order.
std::string Canonical(Account a) {
  std::stable_sort(a.credentials.begin(), a.credentials.end(),
                   [](const AppAuth& x, const AppAuth& y) { return x.level < y.level; });
  return AccountToJson(a);
}

const MessageHeader kHeader{.device_id = "IMEI:490154203237518"};

class ProfileTest : public ::testing::TestWithParam<Profile> {};

TEST_P(ProfileTest, EncodeDecodeExtractGivesTheSameAccount) {
  const Account account = Example();
  Result<std::vector<uint8_t>> wbxml = BuildBootstrapWbxml(account, GetParam(), kHeader);
  ASSERT_TRUE(wbxml) << wbxml.error().message;
  Result<wbxml::Document> decoded = wbxml::Decode(*wbxml);
  ASSERT_TRUE(decoded) << decoded.error().message;
  Result<wbxml::Document> built = BuildBootstrapDocument(account, GetParam(), kHeader);
  ASSERT_TRUE(built);
  EXPECT_TRUE(wbxml::SameTree(*decoded, *built));
  Result<Account> back = ExtractAccount(*decoded);
  ASSERT_TRUE(back) << back.error().message;
  Account expected = account;
  if (GetParam() == Profile::kDm11) {
    // DM 1.1.2 has no per-credential type or server AAuthName: they come back as AuthPref and
    // the ServerId.
    expected.credentials[0].name = expected.server_id;
  }
  if (GetParam() == Profile::kCp) {
    expected.node_name = "dm.example.test";  // CP has no node name: PROVIDER-ID stands in
  }
  EXPECT_EQ(Canonical(std::move(back).value()), Canonical(std::move(expected)));
}

TEST_P(ProfileTest, Deterministic) {
  const Account account = Example();
  EXPECT_EQ(*BuildBootstrapWbxml(account, GetParam(), kHeader),
            *BuildBootstrapWbxml(account, GetParam(), kHeader));
}

INSTANTIATE_TEST_SUITE_P(AllProfiles, ProfileTest,
                         ::testing::Values(Profile::kDm12Inbox, Profile::kDm12DmAcc, Profile::kDm11,
                                           Profile::kCp),
                         [](const auto& param_info) {
                           std::string name(ProfileName(param_info.param));
                           for (char& c : name) {
                             c = c == '-' ? '_' : c;
                           }
                           return name;
                         });

TEST(BootstrapDocumentTest, HeadersAndLanguages) {
  const Account account = Example();
  const wbxml::Document dm12 = *BuildBootstrapDocument(account, Profile::kDm12Inbox, kHeader);
  EXPECT_EQ(dm12.language, wbxml::Language::kSyncMl12);
  const wbxml::Element* hdr = dm12.root.FindChild("SyncHdr");
  ASSERT_NE(hdr, nullptr);
  EXPECT_EQ(hdr->FindChild("VerDTD")->TextContent(), "1.2");
  EXPECT_EQ(hdr->FindChild("VerProto")->TextContent(), "DM/1.2");
  EXPECT_EQ(hdr->FindChild("Target")->FindChild("LocURI")->TextContent(), "IMEI:490154203237518");
  EXPECT_EQ(hdr->FindChild("Source")->FindChild("LocURI")->TextContent(), "dm.example.test");
  const wbxml::Document dm11 = *BuildBootstrapDocument(account, Profile::kDm11, kHeader);
  EXPECT_EQ(dm11.language, wbxml::Language::kSyncMl11);
  EXPECT_EQ(dm11.root.FindChild("SyncHdr")->FindChild("VerProto")->TextContent(), "DM/1.1");
  EXPECT_EQ(BuildBootstrapDocument(account, Profile::kCp, kHeader)->language, wbxml::Language::kProv10);
  // The DM 1.2 header starts with WBXML 1.2 and the SyncML 1.2 public id (a4 01), UTF-8.
  const std::vector<uint8_t> bytes = *BuildBootstrapWbxml(account, Profile::kDm12Inbox, kHeader);
  ASSERT_GE(bytes.size(), 4u);
  EXPECT_EQ(bytes[0], 0x02);
  EXPECT_EQ(bytes[1], 0xa4);
  EXPECT_EQ(bytes[2], 0x01);
  EXPECT_EQ(bytes[3], 0x6a);
}

TEST(BootstrapDocumentTest, RefusesInvalidInput) {
  Account account = Example();
  EXPECT_EQ(BuildBootstrapDocument(account, Profile::kDm12Inbox, {}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(BuildBootstrapDocument(account, Profile::kDm12Inbox, {.device_id = "IMEI:1 2"}).error().code,
            ErrorCode::kInvalidArgument);
  account.addresses.clear();
  EXPECT_EQ(BuildBootstrapDocument(account, Profile::kCp, kHeader).error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(ParseProfile("dm13"));
}

TEST(BootstrapDocumentTest, ExtractRefusesForeignDocuments) {
  // A DM bootstrap that also Replaces another node is not a plain account creation.
  wbxml::Document doc = *BuildBootstrapDocument(Example(), Profile::kDm12DmAcc, kHeader);
  doc.root.FindChild("SyncBody")->children.insert(
      doc.root.FindChild("SyncBody")->children.begin(),
      wbxml::Node::FromElement(wbxml::Element("Replace").Child(wbxml::Element("CmdID").Text("9"))));
  Result<Account> r = ExtractAccount(doc);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
  // Nodes outside ./DMAcc are refused.
  wbxml::Document outside = *BuildBootstrapDocument(Example(), Profile::kDm12DmAcc, kHeader);
  wbxml::Element& add = outside.root.FindChild("SyncBody")->children[0].element();
  add.FindChild("Item")->FindChild("Target")->FindChild("LocURI")->children[0].text() = "./Vendor/X";
  EXPECT_EQ(ExtractAccount(outside).error().code, ErrorCode::kMalformed);
}

TEST(BootstrapDocumentTest, LibwbxmlSampleYieldsItsAccount) {
  Result<wbxml::Document> doc =
      wbxml::Decode(testing::ReadTestFile("dmboot/bootstrap/testdata/dm12_bootstrap.v12.wbxml"));
  ASSERT_TRUE(doc) << doc.error().message;
  Result<Account> account = ExtractAccount(*doc);
  ASSERT_TRUE(account) << account.error().message;
  EXPECT_EQ(account->node_name, "ExampleDM");
  EXPECT_EQ(account->server_id, "dm.example.test");
  EXPECT_EQ(account->ClientCredential()->type, "DIGEST");
  EXPECT_EQ(account->ServerCredential()->nonce_b64, "c3J2LW5vbmNlLTAwMDE=");
  EXPECT_EQ(account->addresses.at(0).addr, "https://dm.example.test/dm");
}

}  // namespace
}  // namespace dmboot::bootstrap

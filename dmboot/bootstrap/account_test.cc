#include "dmboot/bootstrap/account.h"

#include <gtest/gtest.h>

#include "testing/test_data.h"

namespace dmboot::bootstrap {
namespace {

std::string ExampleJson() {
  const std::vector<uint8_t> bytes = testing::ReadTestFile("dmboot/bootstrap/testdata/account.json");
  return std::string(bytes.begin(), bytes.end());
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(AccountTest, ParsesTheExampleAndRoundTrips) {
  Result<Account> a = ParseAccountJson(ExampleJson());
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->node_name, "ExampleDM");
  EXPECT_EQ(a->addresses.at(0).port, 443);
  ASSERT_NE(a->ClientCredential(), nullptr);
  EXPECT_EQ(a->ClientCredential()->name, "device-0001");
  EXPECT_EQ(a->ServerCredential()->nonce_b64, "c3J2LW5vbmNlLTAwMDE=");
  Result<Account> again = ParseAccountJson(AccountToJson(*a));
  ASSERT_TRUE(again);
  EXPECT_EQ(AccountToJson(*again), AccountToJson(*a));
}

TEST(AccountTest, EachInvalidFieldIsNamed) {
  const std::string good = ExampleJson();
  struct Case {
    std::string from, to, message;
  };
  const Case cases[] = {
      {"\"https://dm.example.test/dm\"", "\"ftp://dm.example.test/dm\"", "must start with http:// or https://"},
      {"\"node_name\": \"ExampleDM\"", "\"node_name\": \"Example DM\"", "node_name 'Example DM'"},
      {"\"node_name\": \"ExampleDM\"", "\"node_name\": \"\"", "node_name must be 1 to 64"},
      {"\"level\": \"CLCRED\"", "\"level\": \"CLIENT\"", "AAuthLevel 'CLIENT' must be CLCRED or SRVCRED"},
      {"\"level\": \"CLCRED\"", "\"level\": \"SRVCRED\"", "a second SRVCRED entry"},
      {"\"type\": \"HMAC\", \"name\": \"device-0001\"", "\"type\": \"MD5\", \"name\": \"device-0001\"", "unknown AAuthType 'MD5'"},
      {"\"port\": 443", "\"port\": 70000", "port must be an integer 1 to 65535"},
      {"\"auth_pref\": \"HMAC\"", "\"auth_pref\": \"DIGEST\"", "auth_pref 'DIGEST' is not the type of any credential"},
      {"\"nonce\": \"Y2xpLW5vbmNlLTAwMDE=\"", "\"nonce\": \"not base64!\"", "nonce is not base64"},
      {"\"server_id\": \"dm.example.test\",", "", "missing 'server_id'"},
      {"\"name\": \"Example DM Server\"", "\"name\": \"Example DM Server\", \"nmae\": \"x\"", "unknown key 'nmae'"},
      {"\"addr_type\": \"URI\"", "\"addr_type\": \"IPv4\"", "is not a dotted-quad IPv4 address"},
      {"\"secret\": \"cli-secret-0001\"", "\"secret\": \"\"", "AAuthSecret must be non-empty printable text"},
  };
  for (const Case& c : cases) {
    Result<Account> a = ParseAccountJson(Replace(good, c.from, c.to));
    ASSERT_FALSE(a) << c.message;
    EXPECT_NE(a.error().message.find(c.message), std::string::npos) << a.error().message;
    EXPECT_EQ(a.error().message.find("secret-0001"), std::string::npos) << "no secret in messages";
  }
}

TEST(AccountTest, ClientCredentialIsRequired) {
  Account a = *ParseAccountJson(ExampleJson());
  a.credentials.erase(a.credentials.begin() + 1);
  Result<void> r = ValidateAccount(a);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("CLCRED credential is required"), std::string::npos);
}

TEST(AccountTest, BadJson) {
  EXPECT_EQ(ParseAccountJson("{").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ParseAccountJson("[]").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ParseAccountJson(Replace(ExampleJson(), "\"port\": 443", "\"port\": \"443\"")).error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace dmboot::bootstrap

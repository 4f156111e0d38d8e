#include "dmboot/bootstrap/content_type.h"

#include <gtest/gtest.h>

namespace dmboot::bootstrap {
namespace {

constexpr char kMac[] = "47D644FE45B4E15A7A15ED13C0D5096E8E263D9C";

TEST(ContentTypeTest, FormatsAsTheSpecWritesIt) {
  EXPECT_EQ(FormatContentType(SecurityType::kUserPin, kMac),
            std::string("application/vnd.syncml.dm+wbxml; SEC=USERPIN; MAC=") + kMac);
  EXPECT_EQ(FormatContentType(SecurityType::kCpUserNetwPin, kMac),
            std::string("application/vnd.wap.connectivity-wbxml; SEC=USERNETWPIN; MAC=") + kMac);
  EXPECT_EQ(FormatContentType(SecurityType::kCpUserPinMac, ""),
            "application/vnd.wap.connectivity-wbxml; SEC=USERPINMAC");
}

TEST(ContentTypeTest, RoundTripsEveryType) {
  for (SecurityType t : {SecurityType::kNetworkId, SecurityType::kUserPin, SecurityType::kUserPinNetworkId,
                         SecurityType::kNetworkIdGba, SecurityType::kUserPinNetworkIdGba,
                         SecurityType::kCpNetwPin, SecurityType::kCpUserPin, SecurityType::kCpUserNetwPin}) {
    Result<BootstrapContentType> parsed = ParseContentType(FormatContentType(t, kMac));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->sec, t);
    EXPECT_EQ(parsed->media, MediaOf(t));
    EXPECT_EQ(parsed->macs, std::vector<std::string>{kMac});
  }
}

TEST(ContentTypeTest, ToleratesSpacesQuotingAndCase) {
  for (const char* text : {
           "Application/Vnd.SyncML.DM+WBXML;SEC=userpin;MAC=47D644FE45B4E15A7A15ED13C0D5096E8E263D9C",
           "application/vnd.syncml.dm+wbxml ; sec = USERPIN ; mac = \"47D644FE45B4E15A7A15ED13C0D5096E8E263D9C\" ;",
           "\tapplication/vnd.syncml.dm+wbxml;\tSEC=\"USER\\PIN\"; charset=utf-8; MAC=47D644FE45B4E15A7A15ED13C0D5096E8E263D9C",
           "application/vnd.syncml.dm+wbxml; SEC=1; MAC=47D644FE45B4E15A7A15ED13C0D5096E8E263D9C",
       }) {
    Result<BootstrapContentType> parsed = ParseContentType(text);
    ASSERT_TRUE(parsed) << text << ": " << parsed.error().message;
    EXPECT_EQ(parsed->sec, SecurityType::kUserPin) << text;
    EXPECT_EQ(parsed->macs, std::vector<std::string>{kMac}) << text;
  }
}

TEST(ContentTypeTest, CpNumericCodes) {
  const char* names[] = {"NETWPIN", "USERPIN", "USERNETWPIN", "USERPINMAC"};
  for (int code = 0; code <= 3; ++code) {
    Result<BootstrapContentType> parsed = ParseContentType(
        "application/vnd.wap.connectivity-wbxml; SEC=" + std::to_string(code) + "; MAC=00");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(SecurityTypeName(*parsed->sec), names[code]);
  }
}

TEST(ContentTypeTest, RefusesXmlAndOtherMediaFamilies) {
  Result<BootstrapContentType> xml = ParseContentType("application/vnd.syncml.dm+xml; SEC=USERPIN; MAC=00");
  ASSERT_FALSE(xml);
  EXPECT_EQ(xml.error().code, ErrorCode::kRefused);
  EXPECT_NE(xml.error().message.find("cannot use XML"), std::string::npos);
  EXPECT_EQ(ParseContentType("application/vnd.wap.connectivity-xml").error().code, ErrorCode::kRefused);
  EXPECT_EQ(ParseContentType("text/plain; SEC=USERPIN").error().code, ErrorCode::kUnsupported);
  // The DM combined rule on CP and the CP rule on DM are refused.
  EXPECT_EQ(ParseContentType("application/vnd.wap.connectivity-wbxml; SEC=USERPIN_NETWORKID; MAC=00")
                .error().code,
            ErrorCode::kRefused);
  EXPECT_EQ(ParseContentType("application/vnd.syncml.dm+wbxml; SEC=USERNETWPIN; MAC=00").error().code,
            ErrorCode::kRefused);
}

TEST(ContentTypeTest, MalformedHeaders) {
  EXPECT_EQ(ParseContentType("").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ParseContentType("application/vnd.syncml.dm+wbxml; SEC=USERPIN; SEC=NETWORKID").error().code,
            ErrorCode::kMalformed);
  EXPECT_EQ(ParseContentType("application/vnd.syncml.dm+wbxml; SEC=\"USERPIN").error().code,
            ErrorCode::kMalformed);
  EXPECT_EQ(ParseContentType("application/vnd.syncml.dm+wbxml; SEC").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ParseContentType("application/vnd.syncml.dm+wbxml x").error().code, ErrorCode::kMalformed);
}

TEST(ContentTypeTest, MissingSecIsNotAnErrorHereButIsAbsent) {
  Result<BootstrapContentType> unsigned_push = ParseContentType("application/vnd.syncml.dm+wbxml");
  ASSERT_TRUE(unsigned_push);
  EXPECT_FALSE(unsigned_push->sec.has_value());
  EXPECT_TRUE(unsigned_push->macs.empty());
}

// A repeated MAC is not a syntax error: the parser keeps every one, in order, and the verifier
// fails the header as it fails any MAC it cannot check (verifier_test).
TEST(ContentTypeTest, RepeatedMacIsKeptInOrder) {
  Result<BootstrapContentType> twice =
      ParseContentType("application/vnd.syncml.dm+wbxml; SEC=USERPIN; MAC=00; mac=\"11\"");
  ASSERT_TRUE(twice) << twice.error().message;
  EXPECT_EQ(twice->macs, (std::vector<std::string>{"00", "11"}));
}

}  // namespace
}  // namespace dmboot::bootstrap

#include "dmboot/bootstrap/security_type.h"

#include <gtest/gtest.h>

namespace dmboot::bootstrap {
namespace {

TEST(SecurityTypeTest, NamesAreCaseInsensitivePerMedia) {
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kDm, "NETWORKID"), SecurityType::kNetworkId);
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kDm, "userpin_networkid"), SecurityType::kUserPinNetworkId);
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kDm, "UserPin_NetworkId_Gba"),
            SecurityType::kUserPinNetworkIdGba);
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kDm, "USERPIN"), SecurityType::kUserPin);
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kCp, "USERPIN"), SecurityType::kCpUserPin);
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kCp, "netwpin"), SecurityType::kCpNetwPin);
}

TEST(SecurityTypeTest, NumericCodes) {
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kCp, "0"), SecurityType::kCpNetwPin);
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kCp, "1"), SecurityType::kCpUserPin);
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kCp, "2"), SecurityType::kCpUserNetwPin);
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kCp, "3"), SecurityType::kCpUserPinMac);
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kDm, "0"), SecurityType::kNetworkId);
  EXPECT_EQ(*ParseSecurityType(BootstrapMedia::kDm, "2"), SecurityType::kUserPinNetworkId);
  EXPECT_EQ(ParseSecurityType(BootstrapMedia::kDm, "3").error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(ParseSecurityType(BootstrapMedia::kCp, "4").error().code, ErrorCode::kUnsupported);
  for (SecurityType t : {SecurityType::kNetworkIdGba, SecurityType::kUserPinNetworkIdGba}) {
    EXPECT_FALSE(WspCodeOf(t).has_value()) << "GBA types travel as text";
  }
}

TEST(SecurityTypeTest, OtherMediaTypeIsRefusedUnknownIsUnsupported) {
  Result<SecurityType> cp_on_dm = ParseSecurityType(BootstrapMedia::kDm, "USERNETWPIN");
  ASSERT_FALSE(cp_on_dm);
  EXPECT_EQ(cp_on_dm.error().code, ErrorCode::kRefused);
  Result<SecurityType> dm_on_cp = ParseSecurityType(BootstrapMedia::kCp, "USERPIN_NETWORKID");
  ASSERT_FALSE(dm_on_cp);
  EXPECT_EQ(dm_on_cp.error().code, ErrorCode::kRefused);
  Result<SecurityType> unknown = ParseSecurityType(BootstrapMedia::kDm, "NONE");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(unknown.error().message, "unknown SEC type 'NONE'");
  EXPECT_FALSE(ParseSecurityType(BootstrapMedia::kDm, ""));
}

}  // namespace
}  // namespace dmboot::bootstrap

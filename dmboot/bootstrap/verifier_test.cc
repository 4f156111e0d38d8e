#include "dmboot/bootstrap/verifier.h"

#include <gtest/gtest.h>

#include "dmboot/bootstrap/bootstrap_mac.h"
#include "dmboot/bootstrap/content_type.h"
#include "dmboot/bootstrap/test_util.h"

namespace dmboot::bootstrap {
namespace {

class VerifierTest : public ::testing::Test {
 protected:
  VerifierTest() : doc_(test::Dm12Document()) {
    server_.network_id = test::TestImsi();
    server_.pin = test::TestPin();
    server_.ks_naf = *KsNaf::Create(crypto::SecretBytes(std::vector<uint8_t>(32, 0x42)));
    device_.network_id = test::TestImsi();
    device_.pin_supplier = [this]() -> Result<Pin> {
      ++pin_requests_;
      return *Pin::Parse(typed_pin_);
    };
    device_.ks_naf_lookup = []() -> Result<KsNaf> {
      return *KsNaf::Create(crypto::SecretBytes(std::vector<uint8_t>(32, 0x42)));
    };
  }

  std::string Signed(SecurityType type) {
    return FormatContentType(type, *ComputeBootstrapMac(type, server_, doc_));
  }

  Result<SecurityType> Verify(const std::string& content_type) {
    return VerifyBootstrapBytes(doc_, content_type, device_, policy_, attempts_);
  }

  std::vector<uint8_t> doc_;
  BootstrapCredentials server_;
  DeviceCredentials device_;
  VerificationPolicy policy_;
  PinAttemptCounter attempts_;
  std::string typed_pin_ = "1234";
  int pin_requests_ = 0;
};

TEST_F(VerifierTest, AcceptsEveryAllowedDmType) {
  for (SecurityType t : {SecurityType::kUserPin, SecurityType::kUserPinNetworkId,
                         SecurityType::kNetworkIdGba, SecurityType::kUserPinNetworkIdGba}) {
    Result<SecurityType> r = Verify(Signed(t));
    ASSERT_TRUE(r) << SecurityTypeName(t) << ": " << r.error().message;
    EXPECT_EQ(*r, t);
  }
}

TEST_F(VerifierTest, NetworkIdOnlyWhenThePolicyAllowsIt) {
  Result<SecurityType> refused = Verify(Signed(SecurityType::kNetworkId));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kRefused);
  policy_.allowed.insert(SecurityType::kNetworkId);
  EXPECT_TRUE(Verify(Signed(SecurityType::kNetworkId)));
}

TEST_F(VerifierTest, FailsClosedOnMissingOrUnknownSec) {
  Result<SecurityType> unsigned_push = Verify("application/vnd.syncml.dm+wbxml");
  ASSERT_FALSE(unsigned_push);
  EXPECT_EQ(unsigned_push.error().code, ErrorCode::kRefused);
  Result<SecurityType> unknown = Verify("application/vnd.syncml.dm+wbxml; SEC=TRUSTME; MAC=00");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(Verify("application/vnd.syncml.dm+xml; SEC=USERPIN; MAC=00").error().code, ErrorCode::kRefused);
  EXPECT_EQ(pin_requests_, 0) << "no PIN is asked for a push refused on its header";
}

TEST_F(VerifierTest, WrongPinLocksOutAfterThePolicyLimit) {
  const std::string content_type = Signed(SecurityType::kUserPin);
  typed_pin_ = "9999";
  for (unsigned i = 0; i < policy_.max_pin_failures; ++i) {
    Result<SecurityType> r = Verify(content_type);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
    EXPECT_EQ(r.error().message, "verification failed");
  }
  EXPECT_TRUE(attempts_.locked(policy_));
  typed_pin_ = "1234";
  const int requests_before = pin_requests_;
  Result<SecurityType> locked = Verify(content_type);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::kRefused);
  EXPECT_EQ(pin_requests_, requests_before) << "a locked device does not even ask";
  // A non-PIN type still works while PINs are locked.
  EXPECT_TRUE(Verify(Signed(SecurityType::kNetworkIdGba)));
  attempts_.Reset();
  EXPECT_TRUE(Verify(content_type));
}

TEST_F(VerifierTest, SuccessResetsTheFailureCount) {
  const std::string content_type = Signed(SecurityType::kUserPin);
  typed_pin_ = "9999";
  EXPECT_FALSE(Verify(content_type));
  EXPECT_EQ(attempts_.failures(), 1u);
  typed_pin_ = "1234";
  EXPECT_TRUE(Verify(content_type));
  EXPECT_EQ(attempts_.failures(), 0u);
}

TEST_F(VerifierTest, GbaWithoutSecurityAssociation) {
  device_.ks_naf_lookup = []() -> Result<KsNaf> {
    return Fail(ErrorCode::kNotFound, "no NAF security association (expired or never made)");
  };
  Result<SecurityType> r = Verify(Signed(SecurityType::kNetworkIdGba));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  device_.ks_naf_lookup = nullptr;
  EXPECT_EQ(Verify(Signed(SecurityType::kNetworkIdGba)).error().code, ErrorCode::kNotFound);
}

TEST_F(VerifierTest, TamperedBodyFails) {
  const std::string content_type = Signed(SecurityType::kNetworkIdGba);
  doc_[doc_.size() / 2] ^= 0x01;
  Result<SecurityType> r = Verify(content_type);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
}

TEST_F(VerifierTest, CpTypes) {
  EXPECT_TRUE(Verify(Signed(SecurityType::kCpUserNetwPin)));
  EXPECT_FALSE(Verify(Signed(SecurityType::kCpNetwPin)));  // IMSI-only: off by default
  typed_pin_ = "1234" + *ComputeBootstrapMac(SecurityType::kCpUserPinMac, server_, doc_);
  EXPECT_TRUE(Verify(Signed(SecurityType::kCpUserPinMac)));
}

}  // namespace
}  // namespace dmboot::bootstrap

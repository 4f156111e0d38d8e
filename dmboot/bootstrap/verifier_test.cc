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

// The HMAC types (every type but USERPINMAC, whose MAC the user holds). The policy allows them all
// so that each one reaches the MAC check.
constexpr SecurityType kHmacTypes[] = {
    SecurityType::kNetworkId,    SecurityType::kUserPin,     SecurityType::kUserPinNetworkId,
    SecurityType::kNetworkIdGba, SecurityType::kUserPinNetworkIdGba, SecurityType::kCpNetwPin,
    SecurityType::kCpUserPin,    SecurityType::kCpUserNetwPin,
};

// Every MAC the device cannot check is one answer, "verification failed", counted for PIN types:
// missing, empty, repeated (even twice the right MAC), truncated, one byte off at either end, too
// long or not hex. A verifier that skips the check when the MAC is absent, compares a prefix or
// picks one of two MACs fails here.
TEST_F(VerifierTest, EveryUncheckableMacFailsVerificationUnderEveryType) {
  for (SecurityType t : kHmacTypes) {
    policy_.allowed.insert(t);
  }
  for (SecurityType t : kHmacTypes) {
    const std::string mac = *ComputeBootstrapMac(t, server_, doc_);
    ASSERT_EQ(mac.size(), 40u);
    const std::string header =
        std::string(MediaTypeName(MediaOf(t))) + "; SEC=" + std::string(SecurityTypeName(t));
    std::string last_byte_off = mac;
    last_byte_off[39] = last_byte_off[39] == '0' ? '1' : '0';
    std::string first_byte_off = mac;
    first_byte_off[0] = first_byte_off[0] == '0' ? '1' : '0';
    const std::pair<const char*, std::string> cases[] = {
        {"missing", header},
        {"empty", header + "; MAC="},
        {"empty quoted", header + "; MAC=\"\""},
        {"repeated right MAC", header + "; MAC=" + mac + "; MAC=" + mac},
        {"wrong then right", header + "; MAC=" + last_byte_off + "; MAC=" + mac},
        {"right then wrong", header + "; MAC=" + mac + "; MAC=" + last_byte_off},
        {"right then empty", header + "; MAC=" + mac + "; MAC="},
        {"truncated by one digit", header + "; MAC=" + mac.substr(0, 39)},
        {"first 10 bytes", header + "; MAC=" + mac.substr(0, 20)},
        {"last byte differs", header + "; MAC=" + last_byte_off},
        {"first byte differs", header + "; MAC=" + first_byte_off},
        {"one digit too many", header + "; MAC=" + mac + "0"},
        {"not hex", header + "; MAC=" + mac.substr(0, 38) + "GG"},
    };
    // Sanity: the right MAC verifies, so each failure below is the anomaly's.
    ASSERT_TRUE(Verify(header + "; MAC=" + mac)) << SecurityTypeName(t);
    for (const auto& [what, content_type] : cases) {
      attempts_.Reset();
      Result<SecurityType> r = Verify(content_type);
      ASSERT_FALSE(r) << SecurityTypeName(t) << ", " << what << " MAC: verified";
      EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed) << SecurityTypeName(t) << ", " << what;
      EXPECT_EQ(r.error().message, "verification failed") << SecurityTypeName(t) << ", " << what;
      EXPECT_EQ(attempts_.failures(), NeedsPin(t) ? 1u : 0u) << SecurityTypeName(t) << ", " << what;
    }
  }
}

// USERPINMAC: the MAC is the second half m of the user string K ‖ m (OMA PROVBOOT 1.1 §5.3); a
// missing, truncated or off-by-one m fails and counts, and a MAC parameter in the header changes
// nothing (the user's m is what is checked).
TEST_F(VerifierTest, UserPinMacFailsOnEveryWrongUserString) {
  const std::string m = *ComputeBootstrapMac(SecurityType::kCpUserPinMac, server_, doc_);
  ASSERT_EQ(m.size(), 4u);
  std::string last_off = m;
  last_off[3] = last_off[3] == '0' ? '1' : '0';
  const std::string header = FormatContentType(SecurityType::kCpUserPinMac, "");
  for (const std::string& user : {std::string("1234"), "1234" + m.substr(0, 3), "1234" + last_off,
                                  "1234" + m + m, "9234" + m}) {
    typed_pin_ = user;
    attempts_.Reset();
    for (const std::string& content_type : {header, header + "; MAC=" + m, header + "; MAC=1234" + m}) {
      Result<SecurityType> r = Verify(content_type);
      ASSERT_FALSE(r) << "user string of " << user.size() << " digits verified";
      EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
      EXPECT_EQ(r.error().message, "verification failed");
    }
    EXPECT_EQ(attempts_.failures(), 3u);
  }
}

}  // namespace
}  // namespace dmboot::bootstrap

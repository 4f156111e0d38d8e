#include "nf/contracts/identity.h"

#include <gtest/gtest.h>

#include <string>

namespace dmboot::nf::contracts {
namespace {

TEST(IdentityTest, NamesRoundTrip) {
  for (IdentityKind kind : {IdentityKind::kImpi, IdentityKind::kImsi, IdentityKind::kMsisdn}) {
    EXPECT_EQ(*ParseIdentityKind(IdentityKindName(kind), "ueIdType"), kind);
  }
  Result<IdentityKind> bad = ParseIdentityKind("IMSI", "ueIdType");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "ueIdType: must be one of impi, imsi, msisdn");
}

// The bounds of TS 23.003 §2.2 (IMSI at most 15 digits; 6 is the MCC + MNC + 1 floor we take),
// E.164 (at most 15 digits) and the IMPI as a NAI (printable, no spaces).
TEST(IdentityTest, SyntaxBoundsAreExact) {
  EXPECT_TRUE(ValidateIdentity(IdentityKind::kImsi, "001010", "imsi"));
  EXPECT_TRUE(ValidateIdentity(IdentityKind::kImsi, "001010123456789", "imsi"));
  EXPECT_FALSE(ValidateIdentity(IdentityKind::kImsi, "00101", "imsi"));
  EXPECT_FALSE(ValidateIdentity(IdentityKind::kImsi, "0010101234567890", "imsi"));
  EXPECT_EQ(ValidateIdentity(IdentityKind::kImsi, "00101012345678a", "ueId").error().message,
            "ueId: an IMSI must be 6 to 15 digits");
  EXPECT_TRUE(ValidateIdentity(IdentityKind::kMsisdn, "1", "msisdn"));
  EXPECT_FALSE(ValidateIdentity(IdentityKind::kMsisdn, "", "msisdn"));
  EXPECT_FALSE(ValidateIdentity(IdentityKind::kMsisdn, "+15550001", "msisdn"));
  EXPECT_TRUE(ValidateIdentity(IdentityKind::kImpi, "001010123456789@ims.mnc001.mcc001.3gppnetwork.org", "impi"));
  EXPECT_FALSE(ValidateIdentity(IdentityKind::kImpi, "a b@x", "impi"));
  EXPECT_TRUE(ValidateIdentity(IdentityKind::kImpi, std::string(255, 'a'), "impi"));
  EXPECT_FALSE(ValidateIdentity(IdentityKind::kImpi, std::string(256, 'a'), "impi"));
}

}  // namespace
}  // namespace dmboot::nf::contracts

#include "nf/contracts/zh.h"

#include <gtest/gtest.h>

#include <string>

#include "dmboot/core/hex.h"

namespace dmboot::nf::contracts {
namespace {

// Values computed by us (not a spec vector): the codec is checked by the round trip and by
// field-level refusals, the AV arithmetic is tested in dmboot/gba against TS 35.208.
ZhVector SampleVector() {
  ZhVector v;
  v.impi = "001010123456789@ims.mnc001.mcc001.3gppnetwork.org";
  v.av.rand.bytes.fill(0x11);
  v.av.autn.bytes.fill(0x22);
  v.av.xres = *gba::Res::FromSpan(std::vector<uint8_t>(8, 0x33));
  v.av.ck = *gba::Ck::FromSpan(std::vector<uint8_t>(16, 0x44));
  v.av.ik = *gba::Ik::FromSpan(std::vector<uint8_t>(16, 0x55));
  return v;
}

TEST(ZhContractTest, VectorRoundTripsAndEveryFieldIsChecked) {
  const Json json = ZhVectorJson(SampleVector());
  EXPECT_EQ(json["xres"], "3333333333333333");
  Result<ZhVector> back = ParseZhVectorJson(json);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->impi, SampleVector().impi);
  EXPECT_EQ(back->av.autn.bytes, SampleVector().av.autn.bytes);
  EXPECT_EQ(HexEncode(back->av.ik.Reveal()), std::string(32, '5'));
  EXPECT_EQ(ParseZhVectorJson(Json::object()).error().code, ErrorCode::kMalformed);
  for (const char* field : {"rand", "autn", "xres", "ck", "ik"}) {
    Json bad = json;
    bad[field] = "00";
    Result<ZhVector> r = ParseZhVectorJson(bad);
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(r.error().message.rfind(std::string("HSS answer: ") + field + ": ", 0), 0u) << r.error().message;
  }
}

TEST(ZhContractTest, ExactlyOneIdentity) {
  Result<UeIdentity> imsi = ParseUeIdentityJson(Json{{"imsi", "001010123456789"}}, true);
  ASSERT_TRUE(imsi);
  EXPECT_EQ(imsi->kind, IdentityKind::kImsi);
  EXPECT_EQ(UeIdentityJson(*imsi), (Json{{"imsi", "001010123456789"}}));
  EXPECT_EQ(ParseUeIdentityJson(Json{{"imsi", "001010123456789"}, {"msisdn", "15550001"}}, true)
                .error()
                .message,
            "msisdn: give exactly one identity (impi, imsi, msisdn)");
  EXPECT_EQ(ParseUeIdentityJson(Json{{"msisdn", "15550001"}}, false).error().message,
            "impi: an identity is required (impi, imsi)");
  EXPECT_EQ(ParseUeIdentityJson(Json::array(), true).error().message, "body: must be a JSON object");
}

TEST(ZhContractTest, ResyncRoundTrips) {
  ZhResync r{{IdentityKind::kImpi, "u@ims.example.test"}, {}, {}};
  r.rand.bytes.fill(0xAB);
  r.auts.bytes.fill(0xCD);
  Result<ZhResync> back = ParseZhResyncJson(ZhResyncJson(r));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->ue.id, "u@ims.example.test");
  EXPECT_EQ(back->rand.bytes, r.rand.bytes);
  EXPECT_EQ(back->auts.bytes, r.auts.bytes);
  Json short_auts = ZhResyncJson(r);
  short_auts["auts"] = "abcd";
  EXPECT_EQ(ParseZhResyncJson(short_auts).error().message, "auts: must be 28 hex digits");
}

}  // namespace
}  // namespace dmboot::nf::contracts

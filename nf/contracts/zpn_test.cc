#include "nf/contracts/zpn.h"

#include <gtest/gtest.h>

#include <string>

#include "dmboot/core/hex.h"

namespace dmboot::nf::contracts {
namespace {

std::vector<uint8_t> NafIdBytes() {
  return gba::NafId::Create("dms.example.test", gba::kDefaultDmUaId)->Bytes();
}

TEST(ZpnContractTest, RequestRoundTripsWithItsOptionalFields) {
  PushInfoRequest r;
  r.naf_id = NafIdBytes();
  r.ue_id = "001010123456789";
  r.ue_id_type = IdentityKind::kImsi;
  r.gba_type = gba::GbaType::kGbaU;
  r.key_lifetime_s = 3600;
  r.app_label = "dm";
  r.p_tid = std::vector<uint8_t>{1, 2, 3};
  const Json json = PushInfoRequestJson(r);
  EXPECT_EQ(json["gbaType"], "GBA_U");
  EXPECT_EQ(json["ueIdType"], "imsi");
  Result<PushInfoRequest> back = ParsePushInfoRequestJson(json);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->naf_id, r.naf_id);
  EXPECT_EQ(back->gba_type, gba::GbaType::kGbaU);
  EXPECT_EQ(back->key_lifetime_s, 3600u);
  EXPECT_EQ(back->app_label, "dm");
  EXPECT_EQ(back->p_tid, r.p_tid);
  Json unknown = json;
  unknown["extra"] = 1;
  EXPECT_EQ(ParsePushInfoRequestJson(unknown).error().message, "extra: unknown field");
  Json bad_type = json;
  bad_type["gbaType"] = "GBA_Digest";
  EXPECT_EQ(ParsePushInfoRequestJson(bad_type).error().message, "gbaType: must be GBA_ME or GBA_U");
}

TEST(ZpnContractTest, AnswerCarriesTheKeyUnderTheGbaTypesName) {
  PushInfo info;
  info.p_tid = {0xAA, 0xBB};
  info.gpi = {0x01, 0x02, 0x03};
  info.key = *gba::NafKey::FromSpan(std::vector<uint8_t>(32, 0x5A));
  info.key_expiry = 4102444800;
  info.impi = "u@ims.example.test";
  for (gba::GbaType type : {gba::GbaType::kGbaMe, gba::GbaType::kGbaU}) {
    info.gba_type = type;
    const Json json = PushInfoJson(info);
    const char* key_field = type == gba::GbaType::kGbaU ? "uiccKeyMaterial" : "meKeyMaterial";
    EXPECT_EQ(json[key_field], HexEncode(std::vector<uint8_t>(32, 0x5A)));
    Result<PushInfo> back = ParsePushInfoJson(json);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->gba_type, type);
    EXPECT_EQ(back->p_tid, info.p_tid);
    EXPECT_EQ(back->gpi, info.gpi);
    EXPECT_EQ(back->key_expiry, info.key_expiry);
    EXPECT_EQ(HexEncode(back->key.Reveal()), HexEncode(info.key.Reveal()));
  }
  Json no_key = PushInfoJson(info);
  no_key.erase("uiccKeyMaterial");
  Result<PushInfo> missing = ParsePushInfoJson(no_key);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(missing.error().message, "BSF reply: meKeyMaterial: is required (64 hex digits)");
  Json short_key = PushInfoJson(info);
  short_key["uiccKeyMaterial"] = std::string(62, 'a');
  Result<PushInfo> bad = ParsePushInfoJson(short_key);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find("aaaa"), std::string::npos) << "a key value must never be echoed";
  Json no_expiry = PushInfoJson(info);
  no_expiry.erase("keyExpiryTime");
  EXPECT_EQ(ParsePushInfoJson(no_expiry).error().message,
            "BSF reply: keyExpiryTime: is required (unix seconds)");
}

TEST(ZpnContractTest, ResyncRoundTrips) {
  PushResync r;
  r.naf_id = NafIdBytes();
  r.ue_id = "001010123456789";
  r.ue_id_type = IdentityKind::kImsi;
  r.rand.bytes.fill(0x01);
  r.auts.bytes.fill(0x02);
  Result<PushResync> back = ParsePushResyncJson(PushResyncJson(r));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->ue_id, r.ue_id);
  EXPECT_EQ(back->auts.bytes, r.auts.bytes);
}

}  // namespace
}  // namespace dmboot::nf::contracts

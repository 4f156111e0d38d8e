#include "nf/contracts/operator_api.h"

#include <gtest/gtest.h>

#include <string>

namespace dmboot::nf::contracts {
namespace {

constexpr char kImei[] = "490154203237518";  // TS 23.003 Annex B example

Json RequestBody(const std::string& type) {
  return Json{{"imei", kImei}, {"imsi", "001010123456789"}, {"msisdn", "+15550001"}, {"security_type", type}};
}

TEST(OperatorApiTest, BootstrapRequestParsesOnceIntoTypes) {
  Json body = RequestBody("USERPIN_NETWORKID_GBA");
  body["pin"] = "2468";
  body["profile"] = "dm11";
  Result<BootstrapRequest> r = ParseBootstrapRequestJson(body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->security_type, bootstrap::SecurityType::kUserPinNetworkIdGba);
  EXPECT_EQ(r->profile, bootstrap::Profile::kDm11);
  ASSERT_TRUE(r->pin);
  EXPECT_EQ(r->pin->secret().RevealText(), "2468");
  EXPECT_FALSE(r->account);
  // The client's encoding reads back to the same request.
  Result<BootstrapRequest> again = ParseBootstrapRequestJson(BootstrapRequestJson(*r));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->imei, r->imei);
  EXPECT_EQ(again->profile, r->profile);
  EXPECT_EQ(again->pin->secret().RevealText(), "2468");
}

TEST(OperatorApiTest, EachBadFieldIsNamedAndNoPinIsEchoed) {
  const std::pair<Json, std::string> cases[] = {
      {Json::array(), "the request body must be a JSON object"},
      {[] { Json b = RequestBody("NETWORKID"); b["color"] = "red"; return b; }(), "color: unknown field"},
      {[] { Json b = RequestBody("NETWORKID"); b.erase("imsi"); return b; }(), "imsi: required"},
      {[] { Json b = RequestBody("NETWORKID"); b["imei"] = "490154203237517"; return b; }(),
       "imei: the check digit (Luhn, TS 23.003 Annex B) is wrong"},
      {RequestBody("USERNETWPIN"), "security_type: must be one of "},
      {RequestBody("USERPIN"), "pin: required for USERPIN"},
      {[] { Json b = RequestBody("NETWORKID"); b["pin"] = "9753"; return b; }(),
       "pin: not allowed for NETWORKID (no PIN in its key)"},
      {[] { Json b = RequestBody("USERPIN"); b["pin"] = "97a3"; return b; }(), "pin: "},
      {[] { Json b = RequestBody("NETWORKID"); b["profile"] = "cp"; return b; }(),
       "profile: must be dm12, dm12-dmacc or dm11"},
      {[] { Json b = RequestBody("NETWORKID"); b["account"] = 7; return b; }(),
       "account: must be an account file JSON object"},
  };
  for (const auto& [body, prefix] : cases) {
    Result<BootstrapRequest> r = ParseBootstrapRequestJson(body);
    ASSERT_FALSE(r) << body.dump();
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message.rfind(prefix, 0), 0u) << r.error().message;
    EXPECT_EQ(r.error().message.find("9753"), std::string::npos);
    EXPECT_EQ(r.error().message.find("97a3"), std::string::npos);
  }
}

TEST(OperatorApiTest, DeviceViewRoundTrips) {
  DeviceView v;
  v.imei = kImei;
  v.state = JobState::kFailed;
  v.security_type = bootstrap::SecurityType::kNetworkIdGba;
  v.msisdn = "+15550001";
  v.requested_at_ms = 1700000000000;
  v.resyncs = 1;
  v.failure = JobFailure{FailureKind::kGpiRejected, "the device rejected the GPI: MAC"};
  v.p_tid = "a1b2";
  v.naf_sa = NafSaView{"a1b2", std::vector<uint8_t>(16, 0x11), {0x64, 0x6d}, 4102444800};
  const Json json = DeviceViewJson(v);
  EXPECT_EQ(json["naf_sa"], (Json{{"p_tid", "a1b2"}, {"rand", std::string(32, '1')}, {"naf_id", "646d"},
                                  {"expiry_s", 4102444800}}));
  EXPECT_EQ(json["state"], "failed");
  EXPECT_EQ(json["failure"]["kind"], "gpi_rejected");
  EXPECT_FALSE(json.contains("enrolled_at_ms"));
  Result<DeviceView> back = ParseDeviceViewJson(json);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->state, JobState::kFailed);
  EXPECT_EQ(back->failure->kind, FailureKind::kGpiRejected);
  EXPECT_EQ(back->p_tid, "a1b2");
  EXPECT_EQ(back->naf_sa->rand, v.naf_sa->rand);
  Json bad = json;
  bad["state"] = "done";
  EXPECT_EQ(ParseDeviceViewJson(bad).error().code, ErrorCode::kMalformed);
}

TEST(OperatorApiTest, GpiReportCarriesRandAndAutsOnlyForASyncFailure) {
  GpiReport sync;
  sync.status = GpiReportStatus::kSyncFailure;
  sync.rand = gba::Rand{};
  sync.rand->bytes.fill(0x12);
  sync.auts = gba::Auts{};
  sync.auts->bytes.fill(0x34);
  Result<GpiReport> back = ParseGpiReportJson(GpiReportJson(sync));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->status, GpiReportStatus::kSyncFailure);
  EXPECT_EQ(back->auts->bytes, sync.auts->bytes);
  EXPECT_EQ(ParseGpiReportJson(Json{{"status", "sync_failure"}}).error().message, "rand: required");
  EXPECT_EQ(ParseGpiReportJson(Json{{"status", "sync_failure"}, {"rand", "00"}, {"auts", "00"}}).error().message,
            "rand: must be 32 hex digits");
  EXPECT_EQ(ParseGpiReportJson(Json{{"status", "maybe"}}).error().message,
            "status: must be accepted, sync_failure or rejected");
  Result<GpiReport> rejected =
      ParseGpiReportJson(Json{{"status", "rejected"}, {"reason", "bad\nMAC" + std::string(300, 'x')}});
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->reason->size(), 200u);
  EXPECT_EQ(rejected->reason->substr(0, 7), "bad?MAC");
}

}  // namespace
}  // namespace dmboot::nf::contracts

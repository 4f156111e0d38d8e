#include "nf/dms/dms_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <thread>

#include "dmboot/bootstrap/account.h"
#include "dmboot/bootstrap/bootstrap_mac.h"
#include "dmboot/bootstrap/credentials.h"
#include "dmboot/core/base64.h"
#include "dmboot/core/hex.h"
#include "dmboot/gba/gpi.h"
#include "dmboot/push/wsp_push.h"
#include "dmboot/session/dm_auth.h"
#include "dmboot/session/dm_package.h"
#include "nf/dms/sqlite_job_store.h"
#include "nf/dms/dms_server.h"
#include "nf/dms/dms_test_util.h"

namespace dmboot::nf::dms {
namespace {

using bootstrap::SecurityType;
using testing::FakeBsf;
using testing::FakeKsNafBytes;
using testing::FakeSender;

// IMEIs with valid Luhn check digits (TS 23.003 Annex B example 49015420323751-8; the others
// computed by us with the same rule and checked against ValidateImei's independent test below).
constexpr char kImei1[] = "490154203237518";
constexpr char kImsi1[] = "001010123456789";

// ImeiWithCheckDigit appends the Luhn check digit to 14 digits (a second implementation: from the
// right, doubling the rightmost of the 14).
std::string ImeiWithCheckDigit(const std::string& body14) {
  int sum = 0;
  for (size_t k = 0; k < 14; ++k) {
    int d = body14[13 - k] - '0';
    if (k % 2 == 0) {
      d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    }
    sum += d;
  }
  return body14 + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string Imei(int n) {
  char body[15];
  std::snprintf(body, sizeof(body), "35%012d", n);
  return ImeiWithCheckDigit(body);
}

Json Request(const std::string& imei, const std::string& type, std::optional<std::string> pin = {}) {
  Json j = {{"imei", imei}, {"imsi", kImsi1}, {"msisdn", "+15550001"}, {"security_type", type}};
  if (pin) {
    j["pin"] = *pin;
  }
  return j;
}

struct Fixture {
  explicit Fixture(DmsConfig config = {}, Clock clock = SystemClockMs) {
    store = std::move(*SqliteJobStore::Open(":memory:"));
    if (config.dm_server_uri.empty()) {
      config.dm_server_uri = "http://127.0.0.1:8080/dm";
    }
    service = std::make_unique<DmsService>(config, *store, bsf, sender, std::move(clock));
    EXPECT_TRUE(service->Start());
  }
  std::string State(const std::string& imei) {
    Result<Json> d = api().GetDevice(imei);
    return d ? (*d)["state"].get<std::string>() : "?";
  }
  JobRecord Job(const std::string& imei) { return **store->GetJob(imei); }
  // api is the service behind the API's JSON, as the HTTP routes call it.
  DmsJsonApi api() { return DmsJsonApi(*service); }

  std::unique_ptr<SqliteJobStore> store;
  FakeBsf bsf;
  FakeSender sender;
  std::unique_ptr<DmsService> service;
};

// TempStore is a job store file for tests that need it on disk (a restart, two connections); it
// goes, with its WAL files, when the test ends, pass or fail.
struct TempStore {
  explicit TempStore(const std::string& prefix)
      : dir(std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~TempStore() { std::filesystem::remove_all(dir); }
  std::string Url() const { return "sqlite:" + (dir / "dms.sqlite").string(); }
  std::filesystem::path dir;
};

DmsConfig Inline() {
  DmsConfig c;
  c.workers = 0;
  return c;
}

push::WspPush DecodePush(const PushMessage& m) {
  Result<push::WspPush> p = push::DecodeWspPush(m.wsp_pdu);
  EXPECT_TRUE(p) << (p ? "" : p.error().message);
  return p ? *p : push::WspPush{};
}

bootstrap::BootstrapCredentials Credentials(std::optional<std::string> pin,
                                            std::optional<std::vector<uint8_t>> ks_naf,
                                            bool imsi) {
  bootstrap::BootstrapCredentials c;
  if (imsi) {
    c.network_id = *bootstrap::Imsi::Parse(kImsi1);
  }
  if (pin) {
    c.pin = *bootstrap::Pin::Parse(*pin);
  }
  if (ks_naf) {
    c.ks_naf = *bootstrap::KsNaf::Create(crypto::SecretBytes(*ks_naf));
  }
  return c;
}

// --- validation ---------------------------------------------------------------------------

TEST(DmsValidationTest, ImeiLuhn) {
  EXPECT_TRUE(ValidateImei("490154203237518"));  // TS 23.003 Annex B example
  EXPECT_EQ(ValidateImei("490154203237517").error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(ValidateImei("490154203237517").error().message.find("imei: "), std::string::npos);
  EXPECT_FALSE(ValidateImei("49015420323751"));
  EXPECT_FALSE(ValidateImei("49015420323751a"));
  for (int n = 0; n < 200; ++n) {
    EXPECT_TRUE(ValidateImei(Imei(n))) << Imei(n);
  }
  EXPECT_TRUE(ValidateMsisdn("+15550001"));
  EXPECT_TRUE(ValidateMsisdn("4477"));
  EXPECT_FALSE(ValidateMsisdn("+1555-0001"));
  EXPECT_FALSE(ValidateMsisdn("12"));
}

TEST(DmsValidationTest, ErrorsNameTheFieldAndNeverThePin) {
  Fixture f(Inline());
  struct Case {
    Json body;
    std::string field;
  };
  Json no_imei = Request(kImei1, "NETWORKID");
  no_imei.erase("imei");
  Json bad_account = Request(kImei1, "NETWORKID");
  bad_account["account"] = {{"node_name", "x"}};
  Json typo = Request(kImei1, "NETWORKID");
  typo["pinn"] = "1234";
  Json wrong_kind = Request(kImei1, "NETWORKID");
  wrong_kind["imsi"] = 1234567;
  Json cp_profile = Request(kImei1, "NETWORKID");
  cp_profile["profile"] = "cp";
  const std::vector<Case> cases = {
      {Json::array(), "body"},
      {no_imei, "imei: required"},
      {Request("490154203237517", "NETWORKID"), "imei: "},
      {Request("1234", "NETWORKID"), "imei: "},
      {wrong_kind, "imsi: must be a string"},
      {[] { Json j = Request(kImei1, "NETWORKID"); j["imsi"] = "12ab"; return j; }(), "imsi: "},
      {[] { Json j = Request(kImei1, "NETWORKID"); j["msisdn"] = "phone"; return j; }(), "msisdn: "},
      {Request(kImei1, "USERNETWPIN"), "security_type: "},
      {Request(kImei1, "0"), "security_type: "},
      {Request(kImei1, "networkid"), "security_type: "},
      {Request(kImei1, "USERPIN"), "pin: required"},
      {Request(kImei1, "USERPIN_NETWORKID_GBA"), "pin: required"},
      {Request(kImei1, "NETWORKID", "1234"), "pin: not allowed"},
      {Request(kImei1, "USERPIN", "98x7"), "pin: "},
      {Request(kImei1, "USERPIN", "98"), "pin: "},
      {cp_profile, "profile: "},
      {bad_account, "account: "},
      {typo, "pinn: unknown field"},
  };
  for (const Case& c : cases) {
    Result<Json> r = f.api().RequestBootstrap(c.body);
    ASSERT_FALSE(r) << c.body.dump();
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.body.dump();
    if (c.field != "body") {
      EXPECT_EQ(r.error().message.rfind(c.field, 0), 0u) << r.error().message;
    }
    EXPECT_EQ(r.error().message.find("98x7"), std::string::npos);
    EXPECT_EQ(r.error().message.find("1234"), std::string::npos);
  }
  EXPECT_TRUE(f.sender.Sent().empty());
  EXPECT_EQ(f.api().GetDevice(kImei1).error().code, ErrorCode::kNotFound);
}

TEST(DmsValidationTest, GivenAccountIsUsedAndUnsupportedClientTypeRefused) {
  Fixture f(Inline());
  Json body = Request(kImei1, "USERPIN", "2468");
  body["profile"] = "dm11";
  body["account"] = {{"node_name", "Acme"},
                     {"server_id", "dm.acme.test"},
                     {"name", "Acme DM"},
                     {"addresses", {{{"addr", "https://dm.acme.test/dm"}}}},
                     {"auth_pref", "X509"},
                     {"credentials", {{{"level", "CLCRED"}, {"type", "X509"}, {"name", "d"}, {"secret", "s"}}}}};
  Result<Json> r = f.api().RequestBootstrap(body);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.rfind("account: CLCRED type", 0), 0u) << r.error().message;
  body["account"]["auth_pref"] = "DIGEST";
  body["account"]["credentials"][0]["type"] = "DIGEST";
  ASSERT_TRUE(f.api().RequestBootstrap(body));
  Result<bootstrap::Account> stored = bootstrap::ParseAccountJson(f.Job(kImei1).account_json);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->server_id, "dm.acme.test");
  EXPECT_EQ(f.Job(kImei1).profile, bootstrap::Profile::kDm11);
}

// --- legacy types -------------------------------------------------------------------------

TEST(DmsServiceTest, LegacyTypesPushABootstrapWhoseMacVerifies) {
  struct Case {
    std::string type;
    std::optional<std::string> pin;
    bool imsi;
    uint32_t code;
  };
  for (const Case& c : {Case{"NETWORKID", std::nullopt, true, 0}, Case{"USERPIN", "1234", false, 1},
                        Case{"USERPIN_NETWORKID", "987654", true, 2}}) {
    SCOPED_TRACE(c.type);
    Fixture f(Inline());
    Result<Json> r = f.api().RequestBootstrap(Request(kImei1, c.type, c.pin));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)["state"], "requested");
    EXPECT_EQ(f.State(kImei1), "bootstrap_pushed");
    EXPECT_EQ(f.bsf.retrievals, 0);
    const std::vector<PushMessage> sent = f.sender.Sent();
    ASSERT_EQ(sent.size(), 1u);
    const PushMessage& m = sent[0];
    EXPECT_EQ(m.msisdn, "+15550001");
    EXPECT_FALSE(m.drop_one_frame);
    push::WspPush p = DecodePush(m);
    EXPECT_EQ(p.content_type.media_code, push::kMediaDmWbxml);
    ASSERT_TRUE(p.content_type.sec);
    EXPECT_TRUE(p.content_type.sec->typed);
    EXPECT_EQ(p.content_type.sec->code, c.code);
    ASSERT_TRUE(p.application_id);
    EXPECT_EQ(p.application_id->code, push::kAppIdSyncmlDm);
    ASSERT_EQ(p.content_type.macs.size(), 1u);
    const SecurityType type = *bootstrap::SecurityTypeFromWspCode(bootstrap::BootstrapMedia::kDm,
                                                                  static_cast<int>(c.code));
    EXPECT_TRUE(bootstrap::VerifyBootstrapMac(type, Credentials(c.pin, std::nullopt, c.imsi), p.body,
                                              p.content_type.macs.at(0)));
    if (c.pin) {
      EXPECT_FALSE(bootstrap::VerifyBootstrapMac(type, Credentials("0000", std::nullopt, c.imsi),
                                                 p.body, p.content_type.macs.at(0)));
    }
  }
}

TEST(DmsServiceTest, TamperInjectionBreaksVerificationAndDropIsPassedOn) {
  DmsConfig config = Inline();
  config.tamper_bootstrap_imeis = {kImei1};
  config.drop_sms_segment_imeis = {Imei(1)};
  Fixture f(config);
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "USERPIN", "1234")));
  ASSERT_TRUE(f.api().RequestBootstrap(Request(Imei(1), "USERPIN", "1234")));
  ASSERT_EQ(f.sender.Sent().size(), 2u);
  push::WspPush tampered = DecodePush(f.sender.Sent()[0]);
  EXPECT_EQ(bootstrap::VerifyBootstrapMac(SecurityType::kUserPin, Credentials("1234", {}, false),
                                          tampered.body, tampered.content_type.macs.at(0))
                .error()
                .code,
            ErrorCode::kAuthenticationFailed);
  EXPECT_FALSE(f.sender.Sent()[0].drop_one_frame);
  push::WspPush intact = DecodePush(f.sender.Sent()[1]);
  EXPECT_TRUE(bootstrap::VerifyBootstrapMac(SecurityType::kUserPin, Credentials("1234", {}, false),
                                            intact.body, intact.content_type.macs.at(0)));
  EXPECT_TRUE(f.sender.Sent()[1].drop_one_frame);
}

TEST(DmsServiceTest, PushFailureFailsTheJob) {
  Fixture f(Inline());
  f.sender.fail = true;
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "NETWORKID")));
  Json d = *f.api().GetDevice(kImei1);
  EXPECT_EQ(d["state"], "failed");
  EXPECT_EQ(d["failure"]["kind"], "push_failed");
  EXPECT_NE(d["failure"]["message"].get<std::string>().find("no route"), std::string::npos);
  EXPECT_FALSE(d.contains("naf_sa")) << "a legacy job has no NAF SA";
}

// --- GBA types ----------------------------------------------------------------------------

TEST(DmsServiceTest, GbaTypesPushTheGpiThenABootstrapKeyedWithKsNaf) {
  for (const std::optional<std::string>& pin : {std::optional<std::string>(), std::optional<std::string>("4321")}) {
    const std::string type = pin ? "USERPIN_NETWORKID_GBA" : "NETWORKID_GBA";
    SCOPED_TRACE(type);
    Fixture f(Inline());
    ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, type, pin)));
    EXPECT_EQ(f.State(kImei1), "gpi_pushed");
    // NAF_Id = FQDN ‖ Ua id (TS 33.220 §4.5.2): "dms.example.test" ‖ FF 00 00 00 01.
    EXPECT_EQ(HexEncode(f.bsf.last_naf_id), HexEncode(std::vector<uint8_t>(
                                                 {'d', 'm', 's', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 't',
                                                  'e', 's', 't', 0xFF, 0, 0, 0, 1})));
    EXPECT_EQ(f.bsf.last_imsi, kImsi1);
    EXPECT_EQ(f.bsf.last_gba_type, gba::GbaType::kGbaMe);
    EXPECT_EQ(f.bsf.last_lifetime, 3600);
    ASSERT_EQ(f.sender.Sent().size(), 1u);
    push::WspPush gpi_push = DecodePush(f.sender.Sent()[0]);
    EXPECT_EQ(gpi_push.content_type.media, "application/vnd.3gpp.gba.gpi");
    EXPECT_FALSE(gpi_push.content_type.sec);
    Result<gba::GpiEnvelope> envelope = gba::DecodeGpiEnvelope(gpi_push.body);
    ASSERT_TRUE(envelope);
    EXPECT_EQ(envelope->gpi, f.bsf.last_gpi);
    // NAF SA stored with the GPI's RAND.
    std::optional<NafSa> sa = *f.store->FindNafSa(f.Job(kImei1).p_tid);
    ASSERT_TRUE(sa);
    EXPECT_EQ(sa->rand, f.bsf.last_rand);
    EXPECT_EQ(sa->imsi, kImsi1);
    EXPECT_EQ(sa->p_tid, f.Job(kImei1).p_tid);
    EXPECT_TRUE(crypto::ConstantTimeEquals(sa->ks_naf.Reveal(), FakeKsNafBytes()));
    Json d = *f.api().GetDevice(kImei1);
    EXPECT_EQ(d["p_tid"], sa->p_tid);
    // The NAF SA's public facts only: P-TID, RAND (pushed in the GPI), NAF_Id, expiry; never the key.
    const Json want_sa = {{"p_tid", sa->p_tid},
                          {"rand", HexEncode(f.bsf.last_rand)},
                          {"naf_id", HexEncode(f.bsf.last_naf_id)},
                          {"expiry_s", f.bsf.expiry_s}};
    EXPECT_EQ(d["naf_sa"], want_sa);
    const std::string dumped = d.dump();
    EXPECT_EQ(dumped.find(HexEncode(FakeKsNafBytes())), std::string::npos) << "GetDevice returns Ks_NAF";
    EXPECT_EQ(dumped.find(HexEncode(FakeKsNafBytes(), HexCase::kUpper)), std::string::npos)
        << "GetDevice returns Ks_NAF";

    Result<Json> report = f.api().GpiReport(kImei1, {{"status", "accepted"}});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(f.State(kImei1), "bootstrap_pushed");
    ASSERT_EQ(f.sender.Sent().size(), 2u);
    push::WspPush p = DecodePush(f.sender.Sent()[1]);
    ASSERT_TRUE(p.content_type.sec);
    EXPECT_FALSE(p.content_type.sec->typed);
    EXPECT_EQ(p.content_type.sec->name, type);
    const SecurityType sec = pin ? SecurityType::kUserPinNetworkIdGba : SecurityType::kNetworkIdGba;
    EXPECT_TRUE(bootstrap::VerifyBootstrapMac(sec, Credentials(pin, FakeKsNafBytes(), false), p.body,
                                              p.content_type.macs.at(0)));
    EXPECT_FALSE(bootstrap::VerifyBootstrapMac(sec, Credentials(pin, FakeKsNafBytes(1), false), p.body,
                                               p.content_type.macs.at(0)));
    // A second report is out of turn.
    EXPECT_EQ(f.api().GpiReport(kImei1, {{"status", "accepted"}}).error().code, ErrorCode::kRefused);
  }
}

TEST(DmsServiceTest, EveryTransitionIsCommittedBeforeTheStepThatDependsOnIt) {
  int64_t now = 10'000;
  Fixture f(Inline(), [&now] { return now; });
  std::vector<std::string> seen;
  f.bsf.on_retrieve = [&] { seen.push_back("bsf:" + f.State(kImei1)); };
  f.sender.on_send = [&](const PushMessage&) { seen.push_back("push:" + f.State(kImei1)); };
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "USERPIN_NETWORKID_GBA", "5555")));
  ASSERT_TRUE(f.api().GpiReport(kImei1, {{"status", "accepted"}}));
  // The device may answer before the push call returns: the state is already stored.
  EXPECT_EQ(seen, (std::vector<std::string>{"bsf:gpi_requested", "push:gpi_pushed",
                                            "push:bootstrap_pushed"}));
  const JobRecord pushed = f.Job(kImei1);
  EXPECT_EQ(pushed.reached, JobState::kBootstrapPushed);
  now += 1234;
  session::DmCredential cred;
  {
    bootstrap::Account account = *bootstrap::ParseAccountJson(pushed.account_json);
    const bootstrap::AppAuth* cl = account.ClientCredential();
    cred = session::DmCredential{*session::AuthTypeFromAAuthType(cl->type), cl->name, cl->secret,
                                 *Base64Decode(cl->nonce_b64)};
  }
  session::Package1 p1;
  p1.session_id = "1";
  p1.server_uri = "http://127.0.0.1:8080/dm";
  p1.device_id = "IMEI:" + std::string(kImei1);
  const session::SignedPackage1 signed_p1 = *session::SignPackage1(p1, cred);
  const std::vector<uint8_t>& body = signed_p1.body;
  const std::string& header = signed_p1.hmac_header;
  ASSERT_EQ(f.service->HandleDm(body, header)->header_status, 212);
  const JobRecord enrolled = f.Job(kImei1);
  EXPECT_EQ(enrolled.state, JobState::kEnrolled);
  EXPECT_EQ(enrolled.reached, JobState::kEnrolled);
  EXPECT_EQ(*enrolled.enrolled_at_ms - enrolled.requested_at_ms, 1234);
  // A second good session is still 212 and changes nothing.
  ASSERT_EQ(f.service->HandleDm(body, header)->header_status, 212);
  EXPECT_EQ(*f.Job(kImei1).enrolled_at_ms, *enrolled.enrolled_at_ms);
}

TEST(DmsServiceTest, BsfErrorsBecomeFailureReasons) {
  struct Case {
    ErrorCode code;
    std::string kind;
  };
  for (const Case& c : {Case{ErrorCode::kRefused, "naf_not_authorized"},
                        Case{ErrorCode::kNotFound, "identity_unknown"},
                        Case{ErrorCode::kIo, "bsf_unavailable"}}) {
    Fixture f(Inline());
    f.bsf.next_error = Fail(c.code, "from the BSF");
    ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "NETWORKID_GBA")));
    Json d = *f.api().GetDevice(kImei1);
    EXPECT_EQ(d["state"], "failed");
    EXPECT_EQ(d["failure"]["kind"], c.kind);
    EXPECT_TRUE(f.sender.Sent().empty());
  }
}

TEST(DmsServiceTest, GpiRejectedAndReportErrors) {
  Fixture f(Inline());
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "NETWORKID_GBA")));
  EXPECT_EQ(f.api().GpiReport("490154203237526", {{"status", "accepted"}}).error().code,
            ErrorCode::kNotFound);
  Result<Json> bad = f.api().GpiReport(kImei1, {{"status", "maybe"}});
  EXPECT_EQ(bad.error().message.rfind("status: ", 0), 0u);
  EXPECT_EQ(f.api().GpiReport(kImei1, {{"status", "sync_failure"}}).error().message.rfind("rand: ", 0), 0u);
  ASSERT_TRUE(f.api().GpiReport(kImei1, {{"status", "rejected"}, {"reason", "NAF_Id not trusted\n"}}));
  Json d = *f.api().GetDevice(kImei1);
  EXPECT_EQ(d["state"], "failed");
  EXPECT_EQ(d["failure"]["kind"], "gpi_rejected");
  EXPECT_NE(d["failure"]["message"].get<std::string>().find("NAF_Id not trusted?"), std::string::npos);
  // Failed is terminal: a late (or forged) "accepted" report is refused and pushes nothing.
  const size_t pushes = f.sender.Sent().size();
  EXPECT_EQ(f.api().GpiReport(kImei1, {{"status", "accepted"}}).error().code, ErrorCode::kRefused);
  EXPECT_EQ(f.State(kImei1), "failed");
  EXPECT_EQ(f.sender.Sent().size(), pushes) << "a bootstrap was pushed for a failed job";
  // A legacy job never waits for a GPI report.
  ASSERT_TRUE(f.api().RequestBootstrap(Request(Imei(7), "NETWORKID")));
  EXPECT_EQ(f.api().GpiReport(Imei(7), {{"status", "accepted"}}).error().code, ErrorCode::kRefused);
}

TEST(DmsServiceTest, SyncFailureResyncsThenGivesUpAfterTwo) {
  Fixture f(Inline());
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "NETWORKID_GBA")));
  const std::string auts = "0102030405060708090a0b0c0d0e";
  // The RAND must be the one of the pushed GPI.
  Result<Json> wrong = f.api().GpiReport(
      kImei1, {{"status", "sync_failure"}, {"rand", std::string(32, '0')}, {"auts", auts}});
  EXPECT_EQ(wrong.error().message.rfind("rand: ", 0), 0u);
  EXPECT_EQ(f.api().GpiReport(kImei1, {{"status", "sync_failure"}, {"rand", HexEncode(f.bsf.last_rand)},
                                          {"auts", "0102"}})
                .error()
                .message.rfind("auts: ", 0),
            0u);
  for (int round = 1; round <= 2; ++round) {
    const std::vector<uint8_t> rand = f.bsf.last_rand;
    Result<Json> r = f.api().GpiReport(
        kImei1, {{"status", "sync_failure"}, {"rand", HexEncode(rand)}, {"auts", auts}});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(f.bsf.resyncs, round);
    EXPECT_EQ(f.bsf.resync_rand, rand);
    EXPECT_EQ(HexEncode(f.bsf.resync_auts), auts);
    EXPECT_EQ(f.bsf.retrievals, round + 1);
    EXPECT_EQ(f.State(kImei1), "gpi_pushed");
    EXPECT_EQ(f.Job(kImei1).resyncs, round);
    ASSERT_EQ(f.sender.Sent().size(), static_cast<size_t>(round + 1));
    EXPECT_EQ(gba::DecodeGpiEnvelope(DecodePush(f.sender.Sent().back()).body)->gpi, f.bsf.last_gpi);
  }
  Result<Json> third = f.api().GpiReport(
      kImei1, {{"status", "sync_failure"}, {"rand", HexEncode(f.bsf.last_rand)}, {"auts", auts}});
  ASSERT_TRUE(third);
  EXPECT_EQ((*third)["state"], "failed");
  Json d = *f.api().GetDevice(kImei1);
  EXPECT_EQ(d["failure"]["kind"], "sync_failure");
  EXPECT_EQ(f.bsf.resyncs, 2);
}

TEST(DmsServiceTest, ResyncAfterASuccessfulResyncUsesTheNewKsNaf) {
  Fixture f(Inline());
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "NETWORKID_GBA")));
  ASSERT_TRUE(f.api().GpiReport(kImei1, {{"status", "sync_failure"},
                                            {"rand", HexEncode(f.bsf.last_rand)},
                                            {"auts", "0102030405060708090a0b0c0d0e"}}));
  ASSERT_TRUE(f.api().GpiReport(kImei1, {{"status", "accepted"}}));
  push::WspPush p = DecodePush(f.sender.Sent().back());
  // The second retrieval handed out FakeKsNafBytes(1).
  EXPECT_TRUE(bootstrap::VerifyBootstrapMac(SecurityType::kNetworkIdGba,
                                            Credentials({}, FakeKsNafBytes(1), false), p.body,
                                            p.content_type.macs.at(0)));
}

TEST(DmsServiceTest, ResyncRefusedByTheBsfFailsTheJob) {
  Fixture f(Inline());
  f.bsf.resync_error = Fail(ErrorCode::kAuthenticationFailed, "verification failed");
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "NETWORKID_GBA")));
  ASSERT_TRUE(f.api().GpiReport(kImei1, {{"status", "sync_failure"},
                                            {"rand", HexEncode(f.bsf.last_rand)},
                                            {"auts", "0102030405060708090a0b0c0d0e"}}));
  Json d = *f.api().GetDevice(kImei1);
  EXPECT_EQ(d["state"], "failed");
  EXPECT_EQ(d["failure"]["kind"], "sync_failure");
}

TEST(DmsServiceTest, ExpiredNafSaFailsTheBootstrap) {
  Fixture f(Inline());
  f.bsf.expiry_s = 1000;  // long gone
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "NETWORKID_GBA")));
  ASSERT_TRUE(f.api().GpiReport(kImei1, {{"status", "accepted"}}));
  Json d = *f.api().GetDevice(kImei1);
  EXPECT_EQ(d["failure"]["kind"], "key_expired");
  EXPECT_EQ(f.sender.Sent().size(), 1u);
}

TEST(DmsServiceTest, ReRequestRefusedUntilTheJobIsFinished) {
  Fixture f(Inline());
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "NETWORKID_GBA")));
  Result<Json> again = f.api().RequestBootstrap(Request(kImei1, "NETWORKID"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kRefused);
  ASSERT_TRUE(f.api().GpiReport(kImei1, {{"status", "rejected"}}));
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "NETWORKID")));
  EXPECT_EQ(f.State(kImei1), "bootstrap_pushed");
  EXPECT_EQ(f.api().RequestBootstrap(Request(kImei1, "NETWORKID")).error().code, ErrorCode::kRefused);
}

// --- first DM session ----------------------------------------------------------------------

session::DmCredential ClientCred(const JobRecord& job) {
  bootstrap::Account account = *bootstrap::ParseAccountJson(job.account_json);
  const bootstrap::AppAuth* cl = account.ClientCredential();
  session::DmCredential c;
  c.type = *session::AuthTypeFromAAuthType(cl->type);
  c.name = cl->name;
  c.secret = cl->secret;
  c.nonce = *Base64Decode(cl->nonce_b64);
  return c;
}

// BuildPackage1 returns package 1 and the x-syncml-hmac header as the device would send them.
std::pair<std::vector<uint8_t>, std::string> BuildPackage1(const std::string& imei,
                                                           const session::DmCredential& cred) {
  session::Package1 p;
  p.session_id = "1";
  p.server_uri = "http://127.0.0.1:8080/dm";
  p.device_id = "IMEI:" + imei;
  session::SignedPackage1 signed_p1 = *session::SignPackage1(p, cred);
  return {std::move(signed_p1.body), std::move(signed_p1.hmac_header)};
}

TEST(DmsServiceTest, GeneratedAccountsRotateAndTheDmSessionEnrolls) {
  int64_t now = 1'000'000;
  Fixture f(Inline(), [&now] { return now; });
  std::vector<std::string> types;
  for (int n = 0; n < 3; ++n) {
    ASSERT_TRUE(f.api().RequestBootstrap(Request(Imei(n), "USERPIN", "1234")));
    const JobRecord job = f.Job(Imei(n));
    bootstrap::Account account = *bootstrap::ParseAccountJson(job.account_json);
    types.push_back(account.ClientCredential()->type);
    EXPECT_EQ(account.server_id, "dms.example.test");
    EXPECT_EQ(account.addresses.at(0).addr, "http://127.0.0.1:8080/dm");
    ASSERT_NE(account.ServerCredential(), nullptr);
    EXPECT_GE(account.ClientCredential()->secret.size(), 32u);

    session::DmCredential cred = ClientCred(job);
    // Wrong secret: 401 and still bootstrapped.
    session::DmCredential wrong = cred;
    wrong.secret = crypto::SecretBytes::FromText("not the secret");
    auto [bad_body, bad_header] = BuildPackage1(Imei(n), wrong);
    Result<DmReply> refused = f.service->HandleDm(bad_body, bad_header);
    ASSERT_TRUE(refused) << refused.error().message;
    EXPECT_EQ(refused->header_status, 401);
    EXPECT_EQ(session::DecodePackage2(refused->package2)->header_status, 401);
    EXPECT_EQ(f.State(Imei(n)), "bootstrap_pushed");

    now += 250;
    auto [body, header] = BuildPackage1(Imei(n), cred);
    Result<DmReply> accepted = f.service->HandleDm(body, header);
    ASSERT_TRUE(accepted) << accepted.error().message;
    EXPECT_EQ(accepted->header_status, 212);
    Result<session::Package2> p2 = session::DecodePackage2(accepted->package2);
    ASSERT_TRUE(p2);
    EXPECT_EQ(p2->header_status, 212);
    EXPECT_EQ(p2->device_id, "IMEI:" + Imei(n));
    Json d = *f.api().GetDevice(Imei(n));
    EXPECT_EQ(d["state"], "enrolled");
    EXPECT_EQ(d["enrolled_at_ms"].get<int64_t>() - d["requested_at_ms"].get<int64_t>(), 250);
  }
  EXPECT_EQ(types, (std::vector<std::string>{"HMAC", "DIGEST", "BASIC"}));
}

TEST(DmsServiceTest, DmSessionRefusals) {
  Fixture f(Inline());
  const std::vector<uint8_t> junk = {1, 2, 3};
  EXPECT_EQ(f.service->HandleDm(junk, "").error().code, ErrorCode::kMalformed);
  session::DmCredential cred{session::DmAuthType::kBasic, "x", crypto::SecretBytes::FromText("y"), {}};
  EXPECT_EQ(f.service->HandleDm(BuildPackage1(kImei1, cred).first, "").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(f.api().RequestBootstrap(Request(kImei1, "NETWORKID_GBA")));
  EXPECT_EQ(f.service->HandleDm(BuildPackage1(kImei1, cred).first, "").error().code, ErrorCode::kRefused);
  // HMAC account without the header: 401.
  ASSERT_TRUE(f.api().GpiReport(kImei1, {{"status", "accepted"}}));
  session::DmCredential real = ClientCred(f.Job(kImei1));
  ASSERT_EQ(real.type, session::DmAuthType::kHmac);
  EXPECT_EQ(f.service->HandleDm(BuildPackage1(kImei1, real).first, "")->header_status, 401);
  // A BASIC Cred where HMAC is expected: 401.
  session::DmCredential as_basic = real;
  as_basic.type = session::DmAuthType::kBasic;
  EXPECT_EQ(f.service->HandleDm(BuildPackage1(kImei1, as_basic).first, "")->header_status, 401);
}

// --- fleet --------------------------------------------------------------------------------

TEST(DmsServiceTest, LatencyPercentileNearestRank) {
  std::vector<int64_t> v;
  for (int i = 1; i <= 100; ++i) {
    v.push_back(i);
  }
  EXPECT_EQ(LatencyPercentile(v, 50), 50);
  EXPECT_EQ(LatencyPercentile(v, 99), 99);
  EXPECT_EQ(LatencyPercentile(v, 100), 100);
  EXPECT_EQ(LatencyPercentile({7}, 50), 7);
  EXPECT_EQ(LatencyPercentile({7}, 99), 7);
  EXPECT_EQ(LatencyPercentile({100, 300}, 50), 100);
  EXPECT_EQ(LatencyPercentile({100, 300}, 99), 300);
}

TEST(DmsServiceTest, FleetCountsStatesTypesReasonsAndLatency) {
  int64_t now = 5'000;
  Fixture f(Inline(), [&now] { return now; });
  Result<Json> empty = f.api().Fleet();
  ASSERT_TRUE(empty);
  EXPECT_EQ((*empty)["devices"], 0);
  EXPECT_TRUE((*empty)["latency_ms"]["p50"].is_null());

  // Two USERPIN enrolled after 100 ms and 300 ms; one USERPIN left bootstrapped.
  for (int n = 0; n < 3; ++n) {
    ASSERT_TRUE(f.api().RequestBootstrap(Request(Imei(n), "USERPIN", "1234")));
  }
  now += 100;
  auto [b0, h0] = BuildPackage1(Imei(0), ClientCred(f.Job(Imei(0))));
  ASSERT_EQ(f.service->HandleDm(b0, h0)->header_status, 212);
  now += 200;
  auto [b1, h1] = BuildPackage1(Imei(1), ClientCred(f.Job(Imei(1))));
  ASSERT_EQ(f.service->HandleDm(b1, h1)->header_status, 212);
  // GBA: one rejected, one waiting, one accepted, one BSF refusal.
  for (int n = 10; n < 13; ++n) {
    ASSERT_TRUE(f.api().RequestBootstrap(Request(Imei(n), "NETWORKID_GBA")));
  }
  ASSERT_TRUE(f.api().GpiReport(Imei(10), {{"status", "rejected"}}));
  ASSERT_TRUE(f.api().GpiReport(Imei(12), {{"status", "accepted"}}));
  f.bsf.next_error = Fail(ErrorCode::kRefused, "NAF not authorized");
  ASSERT_TRUE(f.api().RequestBootstrap(Request(Imei(13), "NETWORKID_GBA")));

  Json fleet = *f.api().Fleet();
  EXPECT_EQ(fleet["devices"], 7);
  EXPECT_EQ(fleet["by_state"]["enrolled"], 2);
  EXPECT_EQ(fleet["by_state"]["bootstrap_pushed"], 2);
  EXPECT_EQ(fleet["by_state"]["gpi_pushed"], 1);
  EXPECT_EQ(fleet["by_state"]["failed"], 2);
  EXPECT_EQ(fleet["by_state"]["requested"], 0);
  const Json& pin = fleet["by_type"]["USERPIN"];
  EXPECT_EQ(pin["requested"], 3);
  EXPECT_EQ(pin["gpi_accepted"], 0);
  EXPECT_EQ(pin["bootstrapped"], 3);
  EXPECT_EQ(pin["enrolled"], 2);
  EXPECT_TRUE(pin["failed"].empty());
  const Json& gba = fleet["by_type"]["NETWORKID_GBA"];
  EXPECT_EQ(gba["requested"], 4);
  EXPECT_EQ(gba["gpi_accepted"], 1);
  EXPECT_EQ(gba["bootstrapped"], 1);
  EXPECT_EQ(gba["enrolled"], 0);
  EXPECT_EQ(gba["failed"]["gpi_rejected"], 1);
  EXPECT_EQ(gba["failed"]["naf_not_authorized"], 1);
  EXPECT_EQ(fleet["latency_ms"]["samples"], 2);
  EXPECT_EQ(fleet["latency_ms"]["p50"], 100);
  EXPECT_EQ(fleet["latency_ms"]["p99"], 300);
}

// --- worker pool, queue bound, restart ---------------------------------------------------

TEST(DmsServiceTest, WorkerPoolRunsEveryJobAndMeasuresThroughput) {
  DmsConfig config;
  config.workers = 4;
  Fixture f(config);
  constexpr int kJobs = 400;
  const auto start = std::chrono::steady_clock::now();
  for (int n = 0; n < kJobs; ++n) {
    const char* types[] = {"NETWORKID", "USERPIN", "USERPIN_NETWORKID"};
    const char* type = types[n % 3];
    ASSERT_TRUE(f.api().RequestBootstrap(
        Request(Imei(n), type, n % 3 == 0 ? std::nullopt : std::optional<std::string>("1234"))));
  }
  f.service->Drain();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(f.sender.Sent().size(), static_cast<size_t>(kJobs));
  Json fleet = *f.api().Fleet();
  EXPECT_EQ(fleet["by_state"]["bootstrap_pushed"], kJobs);
  std::printf("[ measured ] %d legacy bootstraps (validate, store, build, sign, push) in %.3f s: "
              "%.0f bootstraps/s with 4 workers, SQLite :memory:\n",
              kJobs, seconds, kJobs / seconds);
}

// BlockingSender holds the first push until released.
class BlockingSender : public PushSender {
 public:
  Result<void> Send(const PushMessage&) override {
    std::unique_lock<std::mutex> lock(mu);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [this] { return released; });
    return Ok();
  }
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false;
  bool released = false;
};

TEST(DmsServiceTest, QueueIsBounded) {
  std::unique_ptr<SqliteJobStore> store = std::move(*SqliteJobStore::Open(":memory:"));
  FakeBsf bsf;
  BlockingSender sender;
  DmsConfig config;
  config.workers = 1;
  config.queue_capacity = 1;
  config.dm_server_uri = "http://127.0.0.1:1/dm";
  DmsService service(config, *store, bsf, sender);
  ASSERT_TRUE(service.Start());
  ASSERT_TRUE(DmsJsonApi(service).RequestBootstrap(Request(Imei(0), "NETWORKID")));
  {
    std::unique_lock<std::mutex> lock(sender.mu);
    sender.cv.wait(lock, [&] { return sender.entered; });
  }
  ASSERT_TRUE(DmsJsonApi(service).RequestBootstrap(Request(Imei(1), "NETWORKID")));  // queued
  Result<Json> full = DmsJsonApi(service).RequestBootstrap(Request(Imei(2), "NETWORKID"));
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(DmsJsonApi(service).GetDevice(Imei(2)).error().code, ErrorCode::kNotFound);
  {
    std::lock_guard<std::mutex> lock(sender.mu);
    sender.released = true;
  }
  sender.cv.notify_all();
  service.Drain();
  EXPECT_EQ((*DmsJsonApi(service).GetDevice(Imei(1)))["state"], "bootstrap_pushed");
}

TEST(DmsServiceTest, RestartResumesUnfinishedJobsFromSqlite) {
  TempStore temp("dms_test_");
  const std::string db = temp.Url();
  {
    std::unique_ptr<JobStore> store = std::move(*OpenJobStore(db));
    JobRecord job;
    job.imei = kImei1;
    job.imsi = kImsi1;
    job.msisdn = "+15550001";
    job.security_type = bootstrap::SecurityType::kUserPin;
    job.profile = bootstrap::Profile::kDm12Inbox;
    job.pin = crypto::SecretBytes::FromText("1234");
    bootstrap::Account account;
    job.account_json =
        R"({"node_name":"n","server_id":"s","name":"N","addresses":[{"addr":"http://h/dm"}],)"
        R"("auth_pref":"BASIC","credentials":[{"level":"CLCRED","type":"BASIC","name":"u","secret":"p"}]})";
    ASSERT_TRUE(store->CreateJob(job));
    EXPECT_EQ(store->CreateJob(job).error().code, ErrorCode::kRefused);
  }
  {
    std::unique_ptr<JobStore> store = std::move(*OpenJobStore(db));
    FakeBsf bsf;
    FakeSender sender;
    DmsService service(Inline(), *store, bsf, sender);
    ASSERT_TRUE(service.Start());
    EXPECT_EQ(sender.Sent().size(), 1u);
    EXPECT_EQ((*DmsJsonApi(service).GetDevice(kImei1))["state"], "bootstrap_pushed");
  }
  {
    std::unique_ptr<JobStore> store = std::move(*OpenJobStore(db));
    EXPECT_EQ((*store->GetJob(kImei1))->state, JobState::kBootstrapPushed);
    EXPECT_EQ((*store->GetJob(kImei1))->reached, JobState::kBootstrapPushed);
  }
}

// Two DMS processes over one store (two connections to one SQLite file, each service with its
// own BSF client and bearer) resume the same unfinished GBA jobs at once: each job's GPI push is
// made by exactly one of them. (A job one DMS has already moved to gpi_requested may still be
// resumed by the other, which then asks the BSF again; the first loses at its push. See
// docs/network-functions.md "Worker pool".)
TEST(DmsServiceTest, TwoServicesOverOneStoreNeverBothTakeAJob) {
  TempStore db("dms_two_");
  const std::string url = db.Url();
  constexpr int kJobs = 30;
  {
    std::unique_ptr<JobStore> store = std::move(*OpenJobStore(url));
    for (int i = 0; i < kJobs; ++i) {
      JobRecord job;
      job.imei = Imei(i);
      job.imsi = kImsi1;
      job.msisdn = "+15550001";
      job.security_type = SecurityType::kNetworkIdGba;
      job.account_json =
          R"({"node_name":"n","server_id":"s","name":"N","addresses":[{"addr":"http://h/dm"}],)"
          R"("auth_pref":"BASIC","credentials":[{"level":"CLCRED","type":"BASIC","name":"u","secret":"p"}]})";
      ASSERT_TRUE(store->CreateJob(job));
    }
  }
  std::unique_ptr<JobStore> store_a = std::move(*OpenJobStore(url));
  std::unique_ptr<JobStore> store_b = std::move(*OpenJobStore(url));
  FakeBsf bsf_a;
  FakeBsf bsf_b;
  bsf_b.p_tid_prefix = "ptid-b-";
  FakeSender sender_a;
  FakeSender sender_b;
  DmsConfig config;
  config.workers = 2;
  DmsService a(config, *store_a, bsf_a, sender_a);
  DmsService b(config, *store_b, bsf_b, sender_b);
  std::thread start_b([&] { EXPECT_TRUE(b.Start()); });
  ASSERT_TRUE(a.Start());
  start_b.join();
  a.Drain();
  b.Drain();
  std::map<std::string, int> pushes;
  for (FakeSender* sender : {&sender_a, &sender_b}) {
    for (const PushMessage& m : sender->Sent()) {
      ++pushes[m.imei];
    }
  }
  EXPECT_EQ(pushes.size(), static_cast<size_t>(kJobs));
  for (int i = 0; i < kJobs; ++i) {
    EXPECT_EQ(pushes[Imei(i)], 1) << Imei(i) << " got more than one GPI push";
    JobRecord job = **store_a->GetJob(Imei(i));
    EXPECT_EQ(job.state, JobState::kGpiPushed) << Imei(i);
    Result<std::optional<NafSa>> sa = store_a->FindNafSa(job.p_tid);
    ASSERT_TRUE(sa && sa->has_value()) << "the pushed GPI's NAF SA is the job's: " << Imei(i);
  }
  EXPECT_GE(bsf_a.retrievals + bsf_b.retrievals, kJobs);
}

// The interleaving that needs the version check, made deterministic: DMS A queued steps for jobs
// J1 and J2 at version 1; while A is held inside its BSF call for J1, DMS B takes J2 (version 2)
// and, inside its own BSF call, lets A run its stale J2 step. That step must do nothing: the BSF
// is asked once per take, and only B pushes J2's GPI.
TEST(DmsServiceTest, AStaleStepNeverTakesAJobAnotherDmsHolds) {
  TempStore db("dms_stale_");
  const std::string url = db.Url();
  const std::string j1 = Imei(1);
  const std::string j2 = Imei(2);
  std::unique_ptr<JobStore> store_a = std::move(*OpenJobStore(url));
  std::unique_ptr<JobStore> store_b = std::move(*OpenJobStore(url));
  for (const std::string& imei : {j1, j2}) {
    JobRecord job;
    job.imei = imei;
    job.imsi = imei == j1 ? "001010123456781" : "001010123456782";  // distinct fake P-TIDs
    job.msisdn = "+15550001";
    job.security_type = SecurityType::kNetworkIdGba;
    job.account_json = "{}";
    ASSERT_TRUE(store_a->CreateJob(job));
  }
  FakeBsf bsf_a;
  FakeBsf bsf_b;
  FakeSender sender_a;
  FakeSender sender_b;
  DmsConfig one_worker;
  one_worker.workers = 1;
  DmsService a(one_worker, *store_a, bsf_a, sender_a);
  DmsService b(Inline(), *store_b, bsf_b, sender_b);

  std::mutex mu;
  std::condition_variable cv;
  bool a_in_j1 = false;
  bool release_a = false;
  bsf_a.on_retrieve = [&] {
    std::unique_lock<std::mutex> lock(mu);
    if (!a_in_j1) {  // A's first BSF call (J1): wait until the test lets it go
      a_in_j1 = true;
      cv.notify_all();
      cv.wait(lock, [&] { return release_a; });
    }
  };
  bsf_b.on_retrieve = [&] {
    if (bsf_b.retrievals == 0) {  // B's first call (the hook runs before the count): B holds J2
      {
        std::lock_guard<std::mutex> lock(mu);
        release_a = true;
      }
      cv.notify_all();
      a.Drain();  // A finishes J1 (its push loses to nothing: J1 is A's) and runs its J2 step
    }
  };
  ASSERT_TRUE(a.Start());  // lists J1 and J2 at version 1; the worker enters J1's BSF call
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return a_in_j1; });
  }
  // B resumes only J2: J1 is A's (B's step for it would take it over; keep it out of this test).
  JobRecord held = **store_b->GetJob(j1);
  ASSERT_EQ(held.state, JobState::kGpiRequested);
  held.state = JobState::kGpiPushed;  // park J1 where no resume picks it up
  ASSERT_TRUE(*store_b->CompareAndSetJob(held));
  ASSERT_TRUE(b.Start());  // inline: takes J2 (version 1 -> 2), calls its BSF, pushes
  a.Drain();
  EXPECT_EQ(bsf_a.retrievals, 1) << "A's stale J2 step must not ask the BSF";
  EXPECT_EQ(bsf_b.retrievals, 1);
  ASSERT_EQ(sender_b.Sent().size(), 1u);
  EXPECT_EQ(sender_b.Sent()[0].imei, j2);
  EXPECT_TRUE(sender_a.Sent().empty()) << "A lost J1 to the parking write and never held J2";
  EXPECT_EQ((**store_a->GetJob(j2)).state, JobState::kGpiPushed);
}

}  // namespace
}  // namespace dmboot::nf::dms

// HTTP-level test: the real HSS HTTP server and the BSF HTTP server on ephemeral ports, the BSF
// reaching the HSS through HttpZhClient, a NAF calling the BSF with HttpClient.
#include "nf/bsf/bsf_server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <variant>

#include "nf/bsf/bsf_test_util.h"
#include "nf/bsf/sqlite_bsf_store.h"
#include "nf/hss/hss_server.h"
#include "nf/hss/sqlite_hss_store.h"

namespace dmboot::nf::bsf {
namespace {

using namespace test;  // NOLINT

struct ServerThread {
  HttpServer server;
  int port = 0;
  std::thread thread;
  void Start() {
    port = *server.Bind("127.0.0.1", 0);
    thread = std::thread([this] { server.Serve(); });
  }
  void StopNow() {
    if (thread.joinable()) {
      server.Stop();
      thread.join();
    }
  }
  ~ServerThread() { StopNow(); }
};

struct Network {
  std::unique_ptr<hss::SqliteHssStore> hss_store = std::move(*hss::SqliteHssStore::Open(":memory:"));
  std::unique_ptr<hss::HssService> hss = std::move(*hss::HssService::Create(hss::HssConfig{}, *hss_store));
  ServerThread hss_http;
  std::unique_ptr<HttpZhClient> zh;
  std::unique_ptr<SqliteBsfStore> bsf_store = std::move(*SqliteBsfStore::Open(":memory:"));
  std::unique_ptr<BsfService> bsf;
  ServerThread bsf_http;
  Network() {
    hss::AddHssRoutes(hss_http.server, *hss);
    hss_http.Start();
    zh = std::make_unique<HttpZhClient>("127.0.0.1", hss_http.port, std::chrono::milliseconds(1000));
    bsf = std::move(*BsfService::Create(std::move(*ParseNafAuthorizations(NafTableJson())), *zh, *bsf_store));
    AddBsfRoutes(bsf_http.server, *bsf);
    bsf_http.Start();
    HttpClient provision("127.0.0.1", hss_http.port);
    EXPECT_TRUE(provision.PostJson("/v1/subscribers", Json{{"imsi", kImsi}, {"msisdn", kMsisdn},
                                                            {"k", hss::test::kK1}, {"op", hss::test::kOp1}}));
  }
};

Json PushBody(const std::string& fqdn = "dms.example.test") {
  return Json{{"nafId", HexEncode(Naf(fqdn).Bytes())}, {"ueId", kMsisdn}, {"ueIdType", "msisdn"},
              {"gbaType", "GBA_ME"}, {"keyLifetime", 600}, {"appLabel", "dm"}};
}

TEST(BsfServerTest, PushInfoRetrievalOverHttp) {
  Network net;
  HttpClient naf("127.0.0.1", net.bsf_http.port);
  gba::Usim usim = UsimOfSet1();
  gba::InMemoryNafSaStore sas;
  const gba::UeGbaConfig ue{kImpi, {Naf("dms.example.test")}, false};

  std::vector<double> latencies_ms;
  for (int i = 0; i < 50; ++i) {
    const auto start = std::chrono::steady_clock::now();
    Result<Json> reply = naf.PostJson("/nbsp-gba/v1/push-info-retrieval", PushBody());
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ((*reply)["impi"], kImpi);
    ASSERT_TRUE((*reply)["meKeyMaterial"].is_string());
    EXPECT_EQ((*reply)["meKeyMaterial"].get<std::string>().size(), 64u);
    EXPECT_FALSE(reply->contains("uiccKeyMaterial"));
    const uint64_t expiry = (*reply)["keyExpiryTime"].get<uint64_t>();
    const uint64_t now = SystemClockSeconds();
    EXPECT_LE(expiry, now + 600);
    EXPECT_GE(expiry + 5, now + 600);
    std::vector<uint8_t> gpi = *HexDecode((*reply)["gbaPushInfo"].get<std::string>());
    Result<gba::GpiOutcome> outcome = gba::ProcessGpi(gpi, now, ue, usim, sas);
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_TRUE(std::holds_alternative<gba::GpiAccepted>(*outcome));
    std::vector<uint8_t> p_tid = *HexDecode((*reply)["pTid"].get<std::string>());
    EXPECT_EQ(HexEncode(sas.Find(p_tid, now)->key.Reveal()), (*reply)["meKeyMaterial"]);
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::printf("[ BSF HTTP ] push-info-retrieval over HTTP (NAF->BSF->HSS, :memory: stores): p50 %.2f ms, "
              "p90 %.2f ms, max %.2f ms over %zu\n",
              latencies_ms[latencies_ms.size() / 2], latencies_ms[latencies_ms.size() * 9 / 10],
              latencies_ms.back(), latencies_ms.size());

  // GBA_U answers uiccKeyMaterial (Ks_ext_NAF), per the contract.
  Json gba_u = PushBody();
  gba_u["gbaType"] = "GBA_U";
  Result<Json> u = naf.PostJson("/nbsp-gba/v1/push-info-retrieval", gba_u);
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_TRUE((*u)["uiccKeyMaterial"].is_string());
  EXPECT_FALSE(u->contains("meKeyMaterial"));
}

TEST(BsfServerTest, ErrorsMapToTheContractStatuses) {
  Network net;
  HttpClient naf("127.0.0.1", net.bsf_http.port);
  Result<Json> refused = naf.PostJson("/nbsp-gba/v1/push-info-retrieval", PushBody("evil.example.test"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(HttpStatusFor(refused.error().code), 403);
  EXPECT_EQ(refused.error().message, "NAF not authorized");

  Json unknown = PushBody();
  unknown["ueId"] = "33699999999";
  Result<Json> not_found = naf.PostJson("/nbsp-gba/v1/push-info-retrieval", unknown);
  ASSERT_FALSE(not_found);
  EXPECT_EQ(HttpStatusFor(not_found.error().code), 404);
  EXPECT_EQ(not_found.error().message, "identity unknown");

  Json gba_u = PushBody("me-only.example.test");
  gba_u["gbaType"] = "GBA_U";
  Result<Json> no_u = naf.PostJson("/nbsp-gba/v1/push-info-retrieval", gba_u);
  ASSERT_FALSE(no_u);
  EXPECT_EQ(HttpStatusFor(no_u.error().code), 403);

  struct Case {
    const char* field;
    Json value;
  };
  const Case bad[] = {{"nafId", "zz"},          {"nafId", "00"},         {"ueId", 5},
                      {"ueIdType", "impu"},     {"gbaType", "GBA_X"},    {"keyLifetime", -1},
                      {"keyLifetime", "600"},   {"appLabel", ""},        {"pTid", ""},
                      {"extra", 1}};
  for (const Case& c : bad) {
    Json body = PushBody();
    body[c.field] = c.value;
    Result<Json> r = naf.PostJson("/nbsp-gba/v1/push-info-retrieval", body);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(HttpStatusFor(r.error().code), 400) << c.field;
    EXPECT_EQ(r.error().message.rfind(std::string(c.field) + ": ", 0), 0u) << r.error().message;
  }
  for (const char* missing : {"nafId", "ueId", "ueIdType", "gbaType", "keyLifetime"}) {
    Json body = PushBody();
    body.erase(missing);
    Result<Json> r = naf.PostJson("/nbsp-gba/v1/push-info-retrieval", body);
    ASSERT_FALSE(r) << missing;
    EXPECT_EQ(r.error().message.rfind(std::string(missing) + ": ", 0), 0u) << r.error().message;
  }

  // Resync through the BSF with a forged AUTS: 401 from the HSS, passed on.
  Json resync{{"nafId", HexEncode(Naf("dms.example.test").Bytes())}, {"ueId", kImsi}, {"ueIdType", "imsi"},
              {"rand", std::string(32, '0')}, {"auts", std::string(28, '0')}};
  Result<Json> bad_auts = naf.PostJson("/nbsp-gba/v1/resync", resync);
  ASSERT_FALSE(bad_auts);
  EXPECT_EQ(HttpStatusFor(bad_auts.error().code), 401);
  resync["auts"] = "00";
  EXPECT_EQ(naf.PostJson("/nbsp-gba/v1/resync", resync).error().message.rfind("auts: ", 0), 0u);

  // HSS down: 503.
  net.hss_http.StopNow();
  Result<Json> down = naf.PostJson("/nbsp-gba/v1/push-info-retrieval", PushBody());
  ASSERT_FALSE(down);
  EXPECT_EQ(HttpStatusFor(down.error().code), 503);
}

}  // namespace
}  // namespace dmboot::nf::bsf

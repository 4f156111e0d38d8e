#include "nf/hss/hss_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "nf/hss/hss_test_util.h"
#include "nf/hss/sqlite_hss_store.h"

namespace dmboot::nf::hss {
namespace {

constexpr const char* kImsi = "001010000000001";

struct Running {
  std::unique_ptr<SqliteHssStore> store = std::move(*SqliteHssStore::Open(":memory:"));
  std::unique_ptr<HssService> service = std::move(*HssService::Create(HssConfig{}, *store));
  HttpServer server;
  int port = 0;
  std::thread thread;
  Running() {
    AddHssRoutes(server, *service);
    port = *server.Bind("127.0.0.1", 0);
    thread = std::thread([this] { server.Serve(); });
  }
  ~Running() {
    server.Stop();
    thread.join();
  }
};

Json Subscriber(const std::string& imsi) {
  return Json{{"imsi", imsi}, {"msisdn", "33600000001"}, {"k", test::kK1}, {"opc", test::kOpc1}};
}

TEST(HssServerTest, ProvisionListAndNoKeys) {
  Running hss;
  HttpClient client("127.0.0.1", hss.port);
  Result<Json> added = client.PostJson("/v1/subscribers", Subscriber(kImsi));
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ((*added)["impi"], "001010000000001@ims.mnc001.mcc001.3gppnetwork.org");
  Result<Json> dup = client.PostJson("/v1/subscribers", Subscriber(kImsi));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kRefused);  // 403
  Result<Json> list = client.GetJson("/v1/subscribers");
  ASSERT_TRUE(list);
  ASSERT_EQ((*list)["subscribers"].size(), 1u);
  const Json& s = (*list)["subscribers"][0];
  EXPECT_EQ(s["imsi"], kImsi);
  EXPECT_EQ(s["msisdn"], "33600000001");
  EXPECT_EQ(s["amf"], "8000");
  const std::string text = list->dump();
  EXPECT_EQ(text.find(test::kK1), std::string::npos);
  EXPECT_EQ(text.find(test::kOpc1), std::string::npos);
  for (const char* secret : {"\"k\"", "\"opc\"", "\"op\"", "\"sqn\""}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  }
}

TEST(HssServerTest, BadFieldsAre400NamingTheField) {
  Running hss;
  HttpClient client("127.0.0.1", hss.port);
  struct Case {
    Json body;
    const char* prefix;
  };
  Json no_k = Subscriber(kImsi);
  no_k.erase("k");
  Json short_k = Subscriber(kImsi);
  short_k["k"] = "465b";
  Json both = Subscriber(kImsi);
  both["op"] = test::kOp1;
  Json number = Subscriber(kImsi);
  number["imsi"] = 1;
  Json extra = Subscriber(kImsi);
  extra["ki"] = "00";
  const Case cases[] = {{no_k, "k: "},        {short_k, "k: "},      {both, "op/opc: "},
                        {number, "imsi: "},   {extra, "ki: "},       {Json::array(), "body: "}};
  for (const Case& c : cases) {
    Result<Json> r = client.PostJson("/v1/subscribers", c.body);
    ASSERT_FALSE(r) << c.prefix;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message.rfind(c.prefix, 0), 0u) << r.error().message;
  }
  Result<Json> two_ids = client.PostJson("/zh/v1/av", Json{{"imsi", kImsi}, {"impi", "a@b"}});
  ASSERT_FALSE(two_ids);
  EXPECT_EQ(two_ids.error().code, ErrorCode::kInvalidArgument);
  Result<Json> none = client.PostJson("/zh/v1/av", Json::object());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);
  Result<Json> bad_rand = client.PostJson("/zh/v1/resync", Json{{"imsi", kImsi}, {"rand", "00"}, {"auts", "00"}});
  ASSERT_FALSE(bad_rand);
  EXPECT_EQ(bad_rand.error().message.rfind("rand: ", 0), 0u);
}

TEST(HssServerTest, ZhVectorsResyncImportAndThroughput) {
  Running hss;
  HttpClient client("127.0.0.1", hss.port);
  Result<std::string> imported = client.PostRaw(
      "/v1/subscribers/import",
      std::string("imsi,msisdn,k,opc,amf,sqn\n") + kImsi + ",33600000001," + test::kK1 + "," + test::kOpc1 +
          ",8000,\nbad,line\n",
      "text/csv");
  ASSERT_TRUE(imported) << imported.error().message;
  Json report = Json::parse(*imported);
  EXPECT_EQ(report["imported"], 1);
  ASSERT_EQ(report["rejected"].size(), 1u);
  EXPECT_EQ(report["rejected"][0]["line"], 3);
  Result<std::string> wrong_type = client.PostRaw("/v1/subscribers/import", "x", "application/json");
  ASSERT_FALSE(wrong_type);

  Result<Json> unknown = client.PostJson("/zh/v1/av", Json{{"imsi", "001010000000009"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().message, "subscriber unknown");

  const gba::Milenage m = test::Milenage1();
  const auto start = std::chrono::steady_clock::now();
  constexpr int kCount = 200;
  uint64_t last = 0;
  gba::Rand rand;
  for (int i = 0; i < kCount; ++i) {
    Result<Json> av = client.PostJson("/zh/v1/av", Json{{"msisdn", "33600000001"}});
    ASSERT_TRUE(av) << av.error().message;
    for (const char* f : {"impi", "rand", "autn", "xres", "ck", "ik"}) {
      ASSERT_TRUE((*av)[f].is_string()) << f;
    }
    gba::AuthVector v;
    v.rand = test::FromHex<gba::Rand>((*av)["rand"].get<std::string>());
    v.autn = test::FromHex<gba::Autn>((*av)["autn"].get<std::string>());
    const uint64_t sqn = test::SqnOfAv(m, v);
    ASSERT_GT(sqn, last);
    last = sqn;
    rand = v.rand;
    // XRES, CK, IK are Milenage's f2, f3, f4 of that RAND.
    const gba::MilenageKeys keys = m.F2345(v.rand);
    EXPECT_EQ((*av)["xres"], HexEncode(keys.res.Reveal()));
    EXPECT_EQ((*av)["ck"], HexEncode(keys.ck.Reveal()));
    EXPECT_EQ((*av)["ik"], HexEncode(keys.ik.Reveal()));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ HSS HTTP ] %d AVs in %.3f s: %.0f AV/s (:memory: store, one client)\n", kCount,
              seconds, kCount / seconds);

  const gba::Auts auts = gba::BuildAuts(m, rand, gba::MakeSqn(9000, 1));
  Result<Json> resync = client.PostJson(
      "/zh/v1/resync", Json{{"imsi", kImsi}, {"rand", HexEncode(rand.bytes)}, {"auts", HexEncode(auts.bytes)}});
  ASSERT_TRUE(resync) << resync.error().message;
  EXPECT_EQ((*resync)["resynchronised"], true);
  gba::Auts forged = auts;
  forged.bytes[0] ^= 1;
  Result<Json> bad = client.PostJson(
      "/zh/v1/resync", Json{{"impi", "001010000000001@ims.mnc001.mcc001.3gppnetwork.org"},
                            {"rand", HexEncode(rand.bytes)}, {"auts", HexEncode(forged.bytes)}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kAuthenticationFailed);  // 401
  EXPECT_EQ(HttpStatusFor(bad.error().code), 401);
}

}  // namespace
}  // namespace dmboot::nf::hss

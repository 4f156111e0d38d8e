#include "nf/demo/operator_keys.h"

#include <gtest/gtest.h>

#include <variant>

#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "dmboot/crypto/random.h"
#include "dmboot/gba/gpi.h"
#include "dmboot/gba/ue.h"
#include "dmboot/gba/usim.h"
#include "dmboot/push/wsp_push.h"
#include "nf/bsf/bsf_service.h"
#include "nf/bsf/sqlite_bsf_store.h"
#include "nf/dms/dms_server.h"
#include "nf/dms/dms_service.h"
#include "nf/dms/dms_test_util.h"
#include "nf/dms/sqlite_job_store.h"
#include "nf/hss/hss_service.h"
#include "nf/hss/local_zh_client.h"
#include "nf/hss/sqlite_hss_store.h"

namespace dmboot::nf {
namespace {

// Shaped like the demo's plan (nf/demo/demo.cc PlanFleet): MCC 001, MNC 01, IMEI with its Luhn
// digit (35000000100000 -> 5, computed by us and checked by the DMS's ValidateImei).
constexpr char kImei[] = "350000001000005";
constexpr char kImsi[] = "001010000000001";
constexpr char kMsisdn[] = "15550000000";
constexpr char kFqdn[] = "dms.example.test";
constexpr int kMncDigits = 2;  // the HSS's default, which the demo keeps

std::string RandomHex(size_t len) {
  std::vector<uint8_t> b(len);
  crypto::FillRandom(b);
  return HexEncode(b);
}

// LocalBsfClient is the DMS's BsfClient calling an in-process BsfService (no HTTP).
class LocalBsfClient final : public contracts::BsfClient {
 public:
  explicit LocalBsfClient(bsf::BsfService& bsf) : bsf_(bsf) {}
  Result<contracts::PushInfo> RetrievePushInfo(const contracts::PushInfoRequest& request) override {
    return bsf_.PushInfoRetrieval(request);
  }
  Result<void> Resync(const contracts::PushResync& request) override { return bsf_.Resync(request); }

 private:
  bsf::BsfService& bsf_;
};

// Chain is a real HSS, BSF and DMS in one process, SQLite in memory, the subscriber imported
// through the HSS's CSV import as the demo does, and a recording push sender.
struct Chain {
  std::string k_hex = RandomHex(16);
  std::string opc_hex = RandomHex(16);
  std::unique_ptr<hss::SqliteHssStore> hss_store = std::move(*hss::SqliteHssStore::Open(":memory:"));
  std::unique_ptr<hss::HssService> hss = std::move(*hss::HssService::Create(hss::HssConfig{}, *hss_store));
  hss::LocalZhClient zh{*hss};
  std::unique_ptr<bsf::SqliteBsfStore> bsf_store = std::move(*bsf::SqliteBsfStore::Open(":memory:"));
  std::unique_ptr<bsf::BsfService> bsf;
  std::unique_ptr<LocalBsfClient> bsf_client;
  std::unique_ptr<dms::SqliteJobStore> job_store = std::move(*dms::SqliteJobStore::Open(":memory:"));
  dms::testing::FakeSender sender;
  std::unique_ptr<dms::DmsService> dms;

  Chain() {
    Result<hss::ImportReport> imported = hss->ImportCsv("imsi,msisdn,k,opc,amf,sqn\n" + std::string(kImsi) + "," +
                                                        kMsisdn + "," + k_hex + "," + opc_hex + ",8000,000000000000\n");
    EXPECT_TRUE(imported && imported->imported == 1);
    Result<std::vector<bsf::NafAuthorization>> table = bsf::ParseNafAuthorizations(Json::parse(
        R"([{"naf_fqdn": "dms.example.test", "ua_id": "ff00000001", "may_push": true,
             "max_key_lifetime_s": 86400, "gba_u_allowed": false}])"));
    EXPECT_TRUE(table);
    bsf = std::move(*bsf::BsfService::Create(std::move(*table), zh, *bsf_store));
    bsf_client = std::make_unique<LocalBsfClient>(*bsf);
    dms::DmsConfig config;
    config.fqdn = kFqdn;
    config.workers = 0;
    config.dm_server_uri = "http://127.0.0.1:9/dm";
    dms = std::make_unique<dms::DmsService>(config, *job_store, *bsf_client, sender);
    EXPECT_TRUE(dms->Start());
  }
};

// The demo's derivation (K, OPc of its own plan; RAND, NAF_Id from the DMS API; IMPI by TS 23.003
// §13.3) gives the very Ks_NAF the DMS got from the BSF and stored, and the one the device derives
// from the pushed GPI; the DMS API never shows that key.
TEST(OperatorKeysTest, DemoDerivationEqualsTheKeyTheDmsHolds) {
  Chain c;
  Result<Json> accepted = dms::DmsJsonApi(*c.dms).RequestBootstrap(
      {{"imei", kImei}, {"imsi", kImsi}, {"msisdn", kMsisdn}, {"security_type", "NETWORKID_GBA"}});
  ASSERT_TRUE(accepted) << accepted.error().message;
  Result<Json> device = dms::DmsJsonApi(*c.dms).GetDevice(kImei);
  ASSERT_TRUE(device) << device.error().message;
  ASSERT_EQ((*device)["state"], "gpi_pushed");

  Result<NafSaFacts> facts = ParseNafSaFacts(*device);
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->p_tid, (*device)["p_tid"]);
  EXPECT_EQ(facts->naf_id, *gba::NafId::Create(kFqdn, gba::kDefaultDmUaId));
  Result<gba::SubscriberKeys> keys = SubscriberKeysFromHex(c.k_hex, c.opc_hex);
  ASSERT_TRUE(keys);
  Result<std::string> impi = gba::ImpiFromImsi(kImsi, kMncDigits);
  ASSERT_TRUE(impi);
  Result<GbaMeKeys> derived = DeriveGbaMeKeys(*keys, *impi, facts->rand, facts->naf_id);
  ASSERT_TRUE(derived) << derived.error().message;

  // What the DMS holds (the test reads the store; the demo may not).
  Result<std::optional<dms::NafSa>> held = c.job_store->FindNafSa(facts->p_tid);
  ASSERT_TRUE(held && held->has_value());
  EXPECT_TRUE(crypto::ConstantTimeEquals((*held)->ks_naf.Reveal(), derived->ks_naf.Reveal()))
      << "the demo's Ks_NAF differs from the DMS's";
  EXPECT_EQ(HexEncode((*held)->rand), HexEncode(facts->rand.bytes));
  EXPECT_EQ((*held)->expiry_s, facts->expiry_s);

  // The device (USIM + gba::ProcessGpi over the GPI the DMS pushed) derives the same key.
  ASSERT_EQ(c.sender.Sent().size(), 1u);
  Result<push::WspPush> gpi_push = push::DecodeWspPush(c.sender.Sent()[0].wsp_pdu);
  ASSERT_TRUE(gpi_push);
  Result<gba::GpiEnvelope> envelope = gba::DecodeGpiEnvelope(gpi_push->body);
  ASSERT_TRUE(envelope);
  gba::Usim usim = gba::Usim::Create(*keys);
  gba::InMemoryNafSaStore device_sas;
  const uint64_t now = static_cast<uint64_t>(facts->expiry_s) - 60;
  Result<gba::GpiOutcome> outcome =
      gba::ProcessGpi(envelope->gpi, now, gba::UeGbaConfig{*impi, {facts->naf_id}, false}, usim, device_sas);
  ASSERT_TRUE(outcome) << outcome.error().message;
  ASSERT_TRUE(std::holds_alternative<gba::GpiAccepted>(*outcome));
  Result<gba::NafSa> device_sa = device_sas.Find(std::get<gba::GpiAccepted>(*outcome).p_tid, now);
  ASSERT_TRUE(device_sa);
  EXPECT_TRUE(device_sa->key == derived->ks_naf) << "the device's Ks_NAF differs from the demo's";

  // Neither Ks_NAF nor CK/IK is in the API's reply, in either case.
  const std::string dumped = device->dump();
  for (const std::string& secret :
       {HexEncode(derived->ks_naf.Reveal()), HexEncode(derived->ck.Reveal()), HexEncode(derived->ik.Reveal())}) {
    std::string upper = secret;
    for (char& ch : upper) {
      ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    EXPECT_EQ(dumped.find(secret), std::string::npos) << "GET /v1/devices shows key material";
    EXPECT_EQ(dumped.find(upper), std::string::npos) << "GET /v1/devices shows key material";
  }
}

// Another subscriber's K, another RAND, IMPI or NAF_Id: another key (the comparison above can fail).
TEST(OperatorKeysTest, EveryInputChangesTheKey) {
  const gba::SubscriberKeys keys = *SubscriberKeysFromHex(RandomHex(16), RandomHex(16));
  const gba::SubscriberKeys other = *SubscriberKeysFromHex(RandomHex(16), RandomHex(16));
  gba::Rand rand;
  crypto::FillRandom(rand.bytes);
  gba::Rand rand2 = rand;
  rand2.bytes[15] ^= 1;
  const std::string impi = *gba::ImpiFromImsi(kImsi, kMncDigits);
  const gba::NafId naf = *gba::NafId::Create(kFqdn, gba::kDefaultDmUaId);
  const gba::NafId naf2 = *gba::NafId::Create("rogue.example.test", gba::kDefaultDmUaId);
  const GbaMeKeys base = *DeriveGbaMeKeys(keys, impi, rand, naf);
  EXPECT_TRUE(base.ks_naf == DeriveGbaMeKeys(keys, impi, rand, naf)->ks_naf);
  EXPECT_FALSE(base.ks_naf == DeriveGbaMeKeys(other, impi, rand, naf)->ks_naf);
  EXPECT_FALSE(base.ks_naf == DeriveGbaMeKeys(keys, impi, rand2, naf)->ks_naf);
  EXPECT_FALSE(base.ks_naf == DeriveGbaMeKeys(keys, impi + "x", rand, naf)->ks_naf);
  EXPECT_FALSE(base.ks_naf == DeriveGbaMeKeys(keys, impi, rand, naf2)->ks_naf);
}

TEST(OperatorKeysTest, ParseNafSaFactsNamesTheBadField) {
  const std::string naf_hex = HexEncode(gba::NafId::Create(kFqdn, gba::kDefaultDmUaId)->Bytes());
  const Json good = {{"naf_sa", {{"p_tid", "abc"}, {"rand", std::string(32, '0')}, {"naf_id", naf_hex},
                                 {"expiry_s", 1800000000}}}};
  ASSERT_TRUE(ParseNafSaFacts(good));
  EXPECT_EQ(ParseNafSaFacts(Json::object()).error().code, ErrorCode::kNotFound);
  for (const char* field : {"p_tid", "rand", "naf_id", "expiry_s"}) {
    Json bad = good;
    bad["naf_sa"][field] = field == std::string("p_tid") ? Json(1) : Json("zz");
    Result<NafSaFacts> parsed = ParseNafSaFacts(bad);
    ASSERT_FALSE(parsed) << field;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
    EXPECT_NE(parsed.error().message.find(std::string("naf_sa.") + field), std::string::npos)
        << parsed.error().message;
  }
  EXPECT_FALSE(SubscriberKeysFromHex("00", RandomHex(16)));
  EXPECT_NE(SubscriberKeysFromHex(RandomHex(16), "xyz").error().message.find("OPc"), std::string::npos);
}

}  // namespace
}  // namespace dmboot::nf

#include "nf/bsf/bsf_service.h"

#include <gtest/gtest.h>

#include <set>
#include <variant>

#include "nf/bsf/bsf_test_util.h"
#include "nf/bsf/sqlite_bsf_store.h"
#include "nf/hss/local_zh_client.h"
#include "nf/hss/sqlite_hss_store.h"

namespace dmboot::nf::bsf {
namespace {

using namespace test;  // NOLINT

// CountingZh wraps a ZhClient and counts the vectors requested (a refused NAF must cost none).
class CountingZh final : public ZhClient {
 public:
  explicit CountingZh(ZhClient& inner) : inner_(inner) {}
  Result<contracts::ZhVector> GetAv(const contracts::UeIdentity& ue) override {
    ++avs;
    return inner_.GetAv(ue);
  }
  Result<void> Resync(const contracts::ZhResync& request) override { return inner_.Resync(request); }
  int avs = 0;

 private:
  ZhClient& inner_;
};

class DownZh final : public ZhClient {
 public:
  Result<contracts::ZhVector> GetAv(const contracts::UeIdentity&) override {
    return Fail(ErrorCode::kIo, "connection refused");
  }
  Result<void> Resync(const contracts::ZhResync&) override {
    return Fail(ErrorCode::kIo, "connection refused");
  }
};

struct Fixture {
  std::unique_ptr<hss::SqliteHssStore> hss_store = std::move(*hss::SqliteHssStore::Open(":memory:"));
  std::unique_ptr<hss::HssService> hss = std::move(*hss::HssService::Create(hss::HssConfig{}, *hss_store));
  hss::LocalZhClient local{*hss};
  CountingZh zh{local};
  std::unique_ptr<SqliteBsfStore> store = std::move(*SqliteBsfStore::Open(":memory:"));
  std::unique_ptr<BsfService> bsf;
  Fixture() {
    EXPECT_TRUE(hss->Add(hss::test::NewSubscriber1(kImsi, kMsisdn)));
    Result<std::vector<NafAuthorization>> table = ParseNafAuthorizations(NafTableJson());
    EXPECT_TRUE(table.has_value());
    bsf = std::move(*BsfService::Create(std::move(*table), zh, *store, [] { return kNow; }));
  }
  PushInfoRequest Request(const std::string& fqdn = "dms.example.test") const {
    PushInfoRequest r;
    r.naf_id = Naf(fqdn).Bytes();
    r.ue_id = kImsi;
    r.ue_id_type = IdentityKind::kImsi;
    r.key_lifetime_s = 600;
    return r;
  }
};

// The UE (USIM model + gba::ProcessGpi) accepts the GPI and derives the very key the NAF got.
TEST(BsfServiceTest, AuthorizedPushIsAcceptedByTheUe) {
  Fixture f;
  gba::Usim usim = UsimOfSet1();
  gba::InMemoryNafSaStore sas;
  const gba::UeGbaConfig ue{kImpi, {Naf("dms.example.test")}, false};
  std::set<std::vector<uint8_t>> p_tids;
  for (auto [kind, id] : {std::pair{IdentityKind::kImsi, kImsi}, std::pair{IdentityKind::kImpi, kImpi},
                          std::pair{IdentityKind::kMsisdn, kMsisdn}}) {
    PushInfoRequest r = f.Request();
    r.ue_id_type = kind;
    r.ue_id = id;
    r.app_label = "dm";
    Result<PushInfo> info = f.bsf->PushInfoRetrieval(r);
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->impi, kImpi);
    EXPECT_EQ(info->key_expiry, kNow + 600);
    EXPECT_EQ(info->p_tid.size(), 16u);
    EXPECT_TRUE(p_tids.insert(info->p_tid).second);
    Result<gba::GpiOutcome> outcome = gba::ProcessGpi(info->gpi, kNow, ue, usim, sas);
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_TRUE(std::holds_alternative<gba::GpiAccepted>(*outcome));
    EXPECT_EQ(std::get<gba::GpiAccepted>(*outcome).p_tid, info->p_tid);
    Result<gba::NafSa> sa = sas.Find(info->p_tid, kNow);
    ASSERT_TRUE(sa);
    EXPECT_TRUE(sa->key == info->key);  // same Ks_NAF on both sides
    Result<PushRecord> rec = f.store->Find(info->p_tid);
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->impi, kImpi);
    EXPECT_EQ(rec->naf_id, Naf("dms.example.test").Bytes());
    EXPECT_EQ(rec->expiry, kNow + 600);
  }
  EXPECT_EQ(f.zh.avs, 3);
}

TEST(BsfServiceTest, GbaUWhereAllowed) {
  Fixture f;
  PushInfoRequest r = f.Request();
  r.gba_type = gba::GbaType::kGbaU;
  Result<PushInfo> info = f.bsf->PushInfoRetrieval(r);
  ASSERT_TRUE(info) << info.error().message;
  gba::Usim usim = UsimOfSet1();
  gba::InMemoryNafSaStore sas;
  Result<gba::GpiOutcome> outcome =
      gba::ProcessGpi(info->gpi, kNow, gba::UeGbaConfig{kImpi, {Naf("dms.example.test")}, true}, usim, sas);
  ASSERT_TRUE(outcome) << outcome.error().message;
  ASSERT_TRUE(std::holds_alternative<gba::GpiAccepted>(*outcome));
  EXPECT_TRUE(sas.Find(info->p_tid, kNow)->key == info->key);  // Ks_ext_NAF

  PushInfoRequest me_only = f.Request("me-only.example.test");
  me_only.gba_type = gba::GbaType::kGbaU;
  const int before = f.zh.avs;
  Result<PushInfo> refused = f.bsf->PushInfoRetrieval(me_only);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kRefused);
  EXPECT_EQ(f.zh.avs, before);
}

TEST(BsfServiceTest, NafNotAuthorizedCostsNoVector) {
  Fixture f;
  for (const char* fqdn : {"listed-no-push.example.test", "unknown.example.test"}) {
    Result<PushInfo> info = f.bsf->PushInfoRetrieval(f.Request(fqdn));
    ASSERT_FALSE(info);
    EXPECT_EQ(info.error().code, ErrorCode::kRefused);  // 403, TS 29.109 5402
    EXPECT_EQ(info.error().message, "NAF not authorized");
  }
  // Same FQDN, other Ua security protocol id: another NAF_Id, not authorized.
  PushInfoRequest other_ua = f.Request();
  other_ua.naf_id = gba::NafId::Create("dms.example.test", {0x01, 0x00, 0x00, 0x00, 0x02})->Bytes();
  EXPECT_EQ(f.bsf->PushInfoRetrieval(other_ua).error().code, ErrorCode::kRefused);
  EXPECT_EQ(f.zh.avs, 0);
}

TEST(BsfServiceTest, IdentityUnknown) {
  Fixture f;
  PushInfoRequest r = f.Request();
  r.ue_id = "001010000000999";
  Result<PushInfo> info = f.bsf->PushInfoRetrieval(r);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kNotFound);  // 404, TS 29.109 5401
  EXPECT_EQ(info.error().message, "identity unknown");
  r.ue_id = "not-an-imsi";
  EXPECT_EQ(f.bsf->PushInfoRetrieval(r).error().code, ErrorCode::kInvalidArgument);
}

TEST(BsfServiceTest, LifetimeIsCapped) {
  Fixture f;
  PushInfoRequest r = f.Request();
  r.key_lifetime_s = 1000000;
  Result<PushInfo> info = f.bsf->PushInfoRetrieval(r);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->key_expiry, kNow + 3600);
  Result<gba::GbaPushInfo> gpi = gba::GpiProfileV1().Decode(info->gpi);
  ASSERT_TRUE(gpi);
  EXPECT_EQ(gpi->key_expiry, kNow + 3600);  // the GPI carries the capped expiry too
  r.key_lifetime_s = 0;
  EXPECT_EQ(f.bsf->PushInfoRetrieval(r).error().code, ErrorCode::kInvalidArgument);
}

TEST(BsfServiceTest, HssDownIsIo) {
  Fixture f;
  DownZh down;
  std::unique_ptr<BsfService> bsf =
      std::move(*BsfService::Create(std::move(*ParseNafAuthorizations(NafTableJson())), down, *f.store));
  Result<PushInfo> info = bsf->PushInfoRetrieval(f.Request());
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kIo);  // 503
}

TEST(BsfServiceTest, ChosenPTidIsKeptAndNeverReused) {
  Fixture f;
  PushInfoRequest r = f.Request();
  r.p_tid = std::vector<uint8_t>{0x01, 0x02, 0x03};
  Result<PushInfo> info = f.bsf->PushInfoRetrieval(r);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->p_tid, *r.p_tid);
  Result<PushInfo> again = f.bsf->PushInfoRetrieval(r);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kRefused);
}

// Sync failure at the UE, AUTS forwarded through the BSF to the HSS, next push accepted.
TEST(BsfServiceTest, ResyncThroughTheBsf) {
  Fixture f;
  gba::Usim usim = UsimOfSet1();
  {
    // Bring the USIM ahead with vectors of a second HSS that starts at SEQ 500.
    std::unique_ptr<hss::SqliteHssStore> s = std::move(*hss::SqliteHssStore::Open(":memory:"));
    std::unique_ptr<hss::HssService> ahead = std::move(*hss::HssService::Create(hss::HssConfig{}, *s));
    hss::NewSubscriber sub = hss::test::NewSubscriber1(kImsi);
    sub.sqn = gba::MakeSqn(500, 0);
    ASSERT_TRUE(ahead->Add(sub));
    for (int i = 0; i < 33; ++i) {
      Result<contracts::ZhVector> v = ahead->GenerateAv(IdentityKind::kImsi, kImsi);
      ASSERT_TRUE(std::holds_alternative<gba::AkaSuccess>(*usim.Authenticate(v->av.rand, v->av.autn)));
    }
  }
  gba::InMemoryNafSaStore sas;
  const gba::UeGbaConfig ue{kImpi, {Naf("dms.example.test")}, false};
  Result<PushInfo> first = f.bsf->PushInfoRetrieval(f.Request());
  ASSERT_TRUE(first);
  Result<gba::GpiOutcome> outcome = gba::ProcessGpi(first->gpi, kNow, ue, usim, sas);
  ASSERT_TRUE(outcome);
  ASSERT_TRUE(std::holds_alternative<gba::GpiSyncFailure>(*outcome));
  const auto& failure = std::get<gba::GpiSyncFailure>(*outcome);

  PushResync resync{Naf("listed-no-push.example.test").Bytes(), kImsi, IdentityKind::kImsi,
                          failure.rand, failure.auts};
  EXPECT_EQ(f.bsf->Resync(resync).error().code, ErrorCode::kRefused);
  resync.naf_id = Naf("dms.example.test").Bytes();
  gba::Auts forged = failure.auts;
  forged.bytes[10] ^= 0x80;
  PushResync bad = resync;
  bad.auts = forged;
  EXPECT_EQ(f.bsf->Resync(bad).error().code, ErrorCode::kAuthenticationFailed);
  resync.ue_id = "001010000000999";
  EXPECT_EQ(f.bsf->Resync(resync).error().code, ErrorCode::kNotFound);
  resync.ue_id = kImsi;
  Result<void> done = f.bsf->Resync(resync);
  ASSERT_TRUE(done) << done.error().message;

  Result<PushInfo> second = f.bsf->PushInfoRetrieval(f.Request());
  ASSERT_TRUE(second);
  Result<gba::GpiOutcome> ok = gba::ProcessGpi(second->gpi, kNow, ue, usim, sas);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(std::holds_alternative<gba::GpiAccepted>(*ok));
}

TEST(BsfServiceTest, NafTableValidation) {
  EXPECT_TRUE(ParseNafAuthorizations(Json::array()));
  struct Case {
    const char* json;
    const char* prefix;
  };
  const Case cases[] = {
      {R"({})", "naf_authorizations: "},
      {R"([{"ua_id": "ff00000001", "max_key_lifetime_s": 1}])", "naf_authorizations[0].naf_fqdn: "},
      {R"([{"naf_fqdn": "a..b", "max_key_lifetime_s": 1}])", "naf_authorizations[0].naf_fqdn: "},
      {R"([{"naf_fqdn": "a.b", "ua_id": "ff00", "max_key_lifetime_s": 1}])", "naf_authorizations[0].ua_id: "},
      {R"([{"naf_fqdn": "a.b", "may_push": "yes", "max_key_lifetime_s": 1}])", "naf_authorizations[0].may_push: "},
      {R"([{"naf_fqdn": "a.b", "max_key_lifetime_s": 0}])", "naf_authorizations[0].max_key_lifetime_s: "},
      {R"([{"naf_fqdn": "a.b", "max_key_lifetime_s": 18446744073709551615}])", "naf_authorizations[0].max_key_lifetime_s: "},
      {R"([{"naf_fqdn": "a.b", "max_key_lifetime_s": 1, "colour": 1}])", "naf_authorizations[0].colour: "},
      {R"([{"naf_fqdn": "a.b", "max_key_lifetime_s": 1}, {"naf_fqdn": "a.b", "max_key_lifetime_s": 2}])",
       "naf_authorizations[1]: "},
  };
  for (const Case& c : cases) {
    Result<std::vector<NafAuthorization>> r = ParseNafAuthorizations(Json::parse(c.json));
    ASSERT_FALSE(r) << c.json;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message.rfind(c.prefix, 0), 0u) << r.error().message;
  }
}

}  // namespace
}  // namespace dmboot::nf::bsf

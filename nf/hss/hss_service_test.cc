#include "nf/hss/hss_service.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <variant>

#include "dmboot/gba/usim.h"
#include "nf/hss/hss_test_util.h"
#include "nf/hss/sqlite_hss_store.h"

namespace dmboot::nf::hss {
namespace {

using test::FromHex;
using test::Milenage1;
using test::NewSubscriber1;
using test::SqnOfAv;

constexpr const char* kImsi = "001010000000001";
constexpr const char* kImpi = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";

struct Fixture {
  std::unique_ptr<SqliteHssStore> store;
  std::unique_ptr<HssService> service;
  explicit Fixture(const std::string& path = ":memory:", int mnc_digits = 2) {
    Result<std::unique_ptr<SqliteHssStore>> s = SqliteHssStore::Open(path);
    EXPECT_TRUE(s.has_value());
    store = std::move(*s);
    service = std::move(*HssService::Create(HssConfig{mnc_digits}, *store));
  }
};

TEST(HssServiceTest, AddDerivesImpiAndRefusesDuplicates) {
  Fixture f;
  Result<Provisioned> added = f.service->Add(NewSubscriber1(kImsi, "33600000001"));
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->impi, kImpi);  // TS 23.003 §13.3, MNC "01" padded to "001"

  Result<Provisioned> again = f.service->Add(NewSubscriber1(kImsi));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kRefused);
  EXPECT_EQ(again.error().message, "imsi already provisioned");

  NewSubscriber same_msisdn = NewSubscriber1("001010000000002", "33600000001");
  Result<Provisioned> dup_msisdn = f.service->Add(same_msisdn);
  ASSERT_FALSE(dup_msisdn);
  EXPECT_EQ(dup_msisdn.error().message, "msisdn already provisioned");

  NewSubscriber same_impi = NewSubscriber1("001010000000003");
  same_impi.impi = kImpi;
  Result<Provisioned> dup_impi = f.service->Add(same_impi);
  ASSERT_FALSE(dup_impi);
  EXPECT_EQ(dup_impi.error().message, "impi already provisioned");
  EXPECT_EQ(f.service->List()->size(), 1u);
}

TEST(HssServiceTest, ThreeDigitMnc) {
  Fixture f(":memory:", 3);
  Result<Provisioned> added = f.service->Add(NewSubscriber1("310150123456789"));
  ASSERT_TRUE(added);
  EXPECT_EQ(added->impi, "310150123456789@ims.mnc150.mcc310.3gppnetwork.org");
  EXPECT_FALSE(HssService::Create(HssConfig{4}, *f.store));
}

TEST(HssServiceTest, ParseNamesTheFieldNeverTheValue) {
  NewSubscriberText text{kImsi, "", "", test::kK1, "", test::kOpc1, "", ""};
  EXPECT_TRUE(ParseNewSubscriber(text));
  struct Case {
    void (*mutate)(NewSubscriberText&);
    const char* prefix;
  };
  const Case cases[] = {
      {[](NewSubscriberText& t) { t.imsi = "12345"; }, "imsi: "},
      {[](NewSubscriberText& t) { t.imsi = "00101000000000a"; }, "imsi: "},
      {[](NewSubscriberText& t) { t.msisdn = "+336"; }, "msisdn: "},
      {[](NewSubscriberText& t) { t.impi = "a b"; }, "impi: "},
      {[](NewSubscriberText& t) { t.k = "465b5ce8b199b49faa5f0a2ee238a6"; }, "k: "},
      {[](NewSubscriberText& t) { t.k = ""; }, "k: "},
      {[](NewSubscriberText& t) { t.opc = "zz63cb71954a9f4e48a5994e37a02baf"; }, "opc: "},
      {[](NewSubscriberText& t) { t.op = test::kOp1; }, "op/opc: "},
      {[](NewSubscriberText& t) { t.opc = ""; }, "op/opc: "},
      {[](NewSubscriberText& t) { t.amf = "80"; }, "amf: "},
      {[](NewSubscriberText& t) { t.sqn = "0000000000"; }, "sqn: "},
      {[](NewSubscriberText& t) { t.sqn = "ffffffffffff"; }, "sqn: "},
  };
  for (const Case& c : cases) {
    NewSubscriberText t = text;
    c.mutate(t);
    Result<NewSubscriber> parsed = ParseNewSubscriber(t);
    ASSERT_FALSE(parsed) << c.prefix;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().message.rfind(c.prefix, 0), 0u) << parsed.error().message;
    EXPECT_EQ(parsed.error().message.find("465b5ce8"), std::string::npos);
    EXPECT_EQ(parsed.error().message.find("cb71954a"), std::string::npos);
  }
}

// 1000 AVs: every one verifies on a USIM model with the same K/OPc, SEQ goes up by exactly one
// each time, IND cycles through the 32 slots, and no RAND repeats.
TEST(HssServiceTest, ThousandFreshVectorsWithMonotonicSqn) {
  Fixture f;
  ASSERT_TRUE(f.service->Add(NewSubscriber1(kImsi)));
  const gba::Milenage m = Milenage1();
  gba::Usim usim = gba::Usim::Create(gba::SubscriberKeys{FromHex<gba::K>(test::kK1),
                                                         FromHex<gba::Opc>(test::kOpc1)});
  std::set<std::string> rands;
  uint64_t last_sqn = 0;
  for (int i = 0; i < 1000; ++i) {
    const IdentityKind kind = i % 2 == 0 ? IdentityKind::kImsi : IdentityKind::kImpi;
    Result<ZhVector> v = f.service->GenerateAv(kind, kind == IdentityKind::kImsi ? kImsi : kImpi);
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(v->impi, kImpi);
    const uint64_t sqn = SqnOfAv(m, v->av);
    EXPECT_EQ(sqn >> gba::kIndBits, static_cast<uint64_t>(i + 1));
    EXPECT_EQ(sqn & gba::kIndMask, static_cast<uint64_t>(i) % gba::kIndCount);
    EXPECT_GT(sqn, last_sqn);
    last_sqn = sqn;
    EXPECT_TRUE(rands.insert(HexEncode(v->av.rand.bytes)).second);
    Result<gba::AkaResponse> r = usim.Authenticate(v->av.rand, v->av.autn);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(std::holds_alternative<gba::AkaSuccess>(*r)) << i;
    const auto& ok = std::get<gba::AkaSuccess>(*r);
    EXPECT_TRUE(ok.res == v->av.xres);
    EXPECT_TRUE(ok.ck == v->av.ck);
    EXPECT_TRUE(ok.ik == v->av.ik);
  }
}

TEST(HssServiceTest, OpIsTurnedIntoOpc) {
  Fixture f;
  NewSubscriberText text{kImsi, "", "", test::kK1, test::kOp1, "", "", ""};
  Result<NewSubscriber> s = ParseNewSubscriber(text);
  ASSERT_TRUE(s);
  ASSERT_TRUE(f.service->Add(*s));
  Result<SubscriberRecord> r = f.store->Find(IdentityKind::kImsi, kImsi);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->opc == FromHex<gba::Opc>(test::kOpc1));  // TS 35.208 set 1 OPc
}

TEST(HssServiceTest, SqnStatePersistsAcrossReopen) {
  test::TempDir dir;
  const std::string path = dir.File("hss.sqlite");
  const gba::Milenage m = Milenage1();
  uint64_t last = 0;
  for (int round = 0; round < 3; ++round) {
    Fixture f(path);
    if (round == 0) {
      NewSubscriber s = NewSubscriber1(kImsi, "33600000001");
      s.sqn = gba::MakeSqn(100, 7);  // the USIM has accepted SEQ 100
      ASSERT_TRUE(f.service->Add(s));
    }
    for (int i = 0; i < 10; ++i) {
      Result<ZhVector> v = f.service->GenerateAv(IdentityKind::kMsisdn, "33600000001");
      ASSERT_TRUE(v) << v.error().message;
      const uint64_t sqn = SqnOfAv(m, v->av);
      EXPECT_EQ(sqn >> gba::kIndBits, static_cast<uint64_t>(101 + round * 10 + i));
      EXPECT_GT(sqn, last);
      last = sqn;
    }
  }
}

TEST(HssServiceTest, UnknownSubscriber) {
  Fixture f;
  ASSERT_TRUE(f.service->Add(NewSubscriber1(kImsi)));
  for (auto [kind, id] : {std::pair{IdentityKind::kImsi, "001010000000009"},
                          std::pair{IdentityKind::kImpi, "x@example.test"},
                          std::pair{IdentityKind::kMsisdn, "33699999999"}}) {
    Result<ZhVector> v = f.service->GenerateAv(kind, id);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(v.error().message, "subscriber unknown");
  }
  Result<ZhVector> bad = f.service->GenerateAv(IdentityKind::kImsi, "12");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

// A real AUTS (gba::BuildAuts, f1* with AMF* = 0000) moves the generator above SQN_MS; a forged
// one is refused and changes nothing.
TEST(HssServiceTest, ResyncWithRealAuts) {
  Fixture f;
  ASSERT_TRUE(f.service->Add(NewSubscriber1(kImsi)));
  const gba::Milenage m = Milenage1();
  ASSERT_TRUE(f.service->GenerateAv(IdentityKind::kImsi, kImsi));  // SEQ 1
  const gba::Rand rand = FromHex<gba::Rand>("23553cbe9637a89d218ae64dae47bf35");
  const gba::Sqn sqn_ms = gba::MakeSqn(5000, 9);
  gba::Auts auts = gba::BuildAuts(m, rand, sqn_ms);

  gba::Auts forged = auts;
  forged.bytes[13] ^= 0x01;  // MAC-S
  Result<std::string> refused = f.service->Resync(IdentityKind::kImsi, kImsi, rand, forged);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kAuthenticationFailed);
  Result<ZhVector> still = f.service->GenerateAv(IdentityKind::kImsi, kImsi);
  ASSERT_TRUE(still);
  EXPECT_EQ(SqnOfAv(m, still->av) >> gba::kIndBits, 2u);

  Result<std::string> impi = f.service->Resync(IdentityKind::kImpi, kImpi, rand, auts);
  ASSERT_TRUE(impi) << impi.error().message;
  EXPECT_EQ(*impi, kImpi);
  Result<ZhVector> next = f.service->GenerateAv(IdentityKind::kImsi, kImsi);
  ASSERT_TRUE(next);
  EXPECT_EQ(SqnOfAv(m, next->av) >> gba::kIndBits, 5001u);

  // A verified AUTS sets SQN_HE to SQN_MS, also downwards (TS 33.102 §6.3.5).
  ASSERT_TRUE(f.service->Resync(IdentityKind::kImsi, kImsi, rand, gba::BuildAuts(m, rand, gba::MakeSqn(10, 0))));
  Result<ZhVector> after = f.service->GenerateAv(IdentityKind::kImsi, kImsi);
  ASSERT_TRUE(after);
  EXPECT_EQ(SqnOfAv(m, after->av) >> gba::kIndBits, 11u);
}

// Issue #13 item 6: SEQ_HE pushed far beyond the USIM's Δ (C.2.2) locks the subscriber out until
// a resync; after it (SQN_HE := SQN_MS, TS 33.102 §6.3.5) the next vector is accepted by a real
// Milenage USIM. An AUTS with a wrong MAC-S changes nothing.
TEST(HssServiceTest, ResyncRecoversWhenSeqHeIsFarAhead) {
  Fixture f;
  NewSubscriber s = NewSubscriber1(kImsi);
  s.sqn = gba::MakeSqn((uint64_t{1} << 40), 0);  // the HE believes the USIM is at 2^40
  ASSERT_TRUE(f.service->Add(s));
  gba::Usim usim = gba::Usim::Create(gba::SubscriberKeys{FromHex<gba::K>(test::kK1),
                                                         FromHex<gba::Opc>(test::kOpc1)});
  const gba::Milenage m = Milenage1();
  Result<ZhVector> ahead = f.service->GenerateAv(IdentityKind::kImsi, kImsi);
  ASSERT_TRUE(ahead);
  Result<gba::AkaResponse> r = usim.Authenticate(ahead->av.rand, ahead->av.autn);
  ASSERT_TRUE(r);
  ASSERT_TRUE(std::holds_alternative<gba::SyncFailure>(*r));
  const gba::Auts auts = std::get<gba::SyncFailure>(*r).auts;

  gba::Auts forged = auts;
  forged.bytes[13] ^= 0x80;  // MAC-S
  ASSERT_FALSE(f.service->Resync(IdentityKind::kImsi, kImsi, ahead->av.rand, forged));
  Result<ZhVector> still = f.service->GenerateAv(IdentityKind::kImsi, kImsi);
  ASSERT_TRUE(still);
  EXPECT_EQ(SqnOfAv(m, still->av) >> gba::kIndBits, (uint64_t{1} << 40) + 2);

  ASSERT_TRUE(f.service->Resync(IdentityKind::kImsi, kImsi, ahead->av.rand, auts));
  for (int i = 0; i < 3; ++i) {
    Result<ZhVector> fresh = f.service->GenerateAv(IdentityKind::kImsi, kImsi);
    ASSERT_TRUE(fresh);
    Result<gba::AkaResponse> ok = usim.Authenticate(fresh->av.rand, fresh->av.autn);
    ASSERT_TRUE(ok);
    EXPECT_TRUE(std::holds_alternative<gba::AkaSuccess>(*ok)) << "vector " << i;
  }
}

// The full loop with the USIM model: a USIM that is ahead of this HSS answers with AUTS; after the
// resync the next vector is accepted.
TEST(HssServiceTest, UsimSyncFailureThenResync) {
  Fixture f;
  NewSubscriber s = NewSubscriber1(kImsi);
  ASSERT_TRUE(f.service->Add(s));
  gba::Usim usim = gba::Usim::Create(gba::SubscriberKeys{FromHex<gba::K>(test::kK1),
                                                         FromHex<gba::Opc>(test::kOpc1)});
  // Bring the USIM ahead: vectors from a second HSS with the same keys that started higher.
  Fixture other;
  s.sqn = gba::MakeSqn(700, 0);
  ASSERT_TRUE(other.service->Add(s));
  for (int i = 0; i < 40; ++i) {
    Result<ZhVector> v = other.service->GenerateAv(IdentityKind::kImsi, kImsi);
    ASSERT_TRUE(v);
    ASSERT_TRUE(std::holds_alternative<gba::AkaSuccess>(*usim.Authenticate(v->av.rand, v->av.autn)));
  }
  Result<ZhVector> stale = f.service->GenerateAv(IdentityKind::kImsi, kImsi);
  ASSERT_TRUE(stale);
  Result<gba::AkaResponse> r = usim.Authenticate(stale->av.rand, stale->av.autn);
  ASSERT_TRUE(r);
  ASSERT_TRUE(std::holds_alternative<gba::SyncFailure>(*r));
  ASSERT_TRUE(f.service->Resync(IdentityKind::kImsi, kImsi, stale->av.rand, std::get<gba::SyncFailure>(*r).auts));
  Result<ZhVector> fresh = f.service->GenerateAv(IdentityKind::kImsi, kImsi);
  ASSERT_TRUE(fresh);
  Result<gba::AkaResponse> ok = usim.Authenticate(fresh->av.rand, fresh->av.autn);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(std::holds_alternative<gba::AkaSuccess>(*ok));
}

TEST(HssServiceTest, CsvImportReportsBadLines) {
  Fixture f;
  ASSERT_TRUE(f.service->Add(NewSubscriber1("001010000000100")));
  const std::string csv = std::string("imsi,msisdn,k,opc,amf,sqn\r\n") +
                          "001010000000001,33600000001," + test::kK1 + "," + test::kOpc1 + ",8000,000000000020\n" +
                          "001010000000002,," + test::kK1 + "," + test::kOpc1 + ",,\n" +
                          "001010000000003,33600000003,00," + test::kOpc1 + ",8000,000000000000\n" +  // line 4: k
                          "001010000000004,33600000004\n" +                                           // line 5
                          "\n" +
                          "001010000000001,33600000009," + test::kK1 + "," + test::kOpc1 + ",8000,\n" +  // 7: dup
                          "001010000000100,," + test::kK1 + "," + test::kOpc1 + ",8000,\n" +   // 8: existing
                          "001010000000005,33600000005," + test::kK1 + "," + test::kOpc1 + ",80,\n";  // 9: amf
  Result<ImportReport> report = f.service->ImportCsv(csv);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->imported, 2u);
  ASSERT_EQ(report->rejected.size(), 5u);
  EXPECT_EQ(report->rejected[0].line, 4u);
  EXPECT_EQ(report->rejected[0].error.rfind("k: ", 0), 0u);
  EXPECT_EQ(report->rejected[1].line, 5u);
  EXPECT_EQ(report->rejected[2].line, 7u);
  EXPECT_EQ(report->rejected[2].error, "imsi already provisioned");
  EXPECT_EQ(report->rejected[3].line, 8u);
  EXPECT_EQ(report->rejected[4].line, 9u);
  EXPECT_EQ(report->rejected[4].error.rfind("amf: ", 0), 0u);
  for (const ImportRejection& r : report->rejected) {
    EXPECT_EQ(r.error.find(test::kK1), std::string::npos);
  }
  EXPECT_EQ(f.service->List()->size(), 3u);
  // The imported SQN (SQN_MS = SEQ 1, IND 0) is honoured: the first AV carries SEQ 2.
  Result<ZhVector> v = f.service->GenerateAv(IdentityKind::kMsisdn, "33600000001");
  ASSERT_TRUE(v);
  EXPECT_EQ(SqnOfAv(Milenage1(), v->av) >> gba::kIndBits, 2u);

  Result<ImportReport> bad_header = f.service->ImportCsv("imsi,k,opc\n");
  ASSERT_FALSE(bad_header);
  EXPECT_EQ(bad_header.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(f.service->ImportCsv(""));
  // op variant
  Result<ImportReport> with_op = f.service->ImportCsv(std::string("imsi,msisdn,k,op,amf,sqn\n") + "001010000000006,," +
                                                      test::kK1 + "," + test::kOp1 + ",,\n");
  ASSERT_TRUE(with_op);
  EXPECT_EQ(with_op->imported, 1u);
  EXPECT_TRUE(f.store->Find(IdentityKind::kImsi, "001010000000006")->opc == FromHex<gba::Opc>(test::kOpc1));
}

// A store whose commit fails: the HSS must not hand out the vector.
class FailingCommitStore final : public HssStore {
 public:
  explicit FailingCommitStore(HssStore& inner) : inner_(inner) {}
  Result<std::vector<Result<void>>> InsertBatch(const std::vector<SubscriberRecord>& r) override {
    return inner_.InsertBatch(r);
  }
  Result<std::vector<SubscriberInfo>> List() override { return inner_.List(); }
  Result<SubscriberRecord> Find(IdentityKind kind, const std::string& id) override { return inner_.Find(kind, id); }
  Result<bool> CompareAndSetSqnState(const std::string&, const std::array<uint8_t, 7>&,
                                     const std::array<uint8_t, 7>&) override {
    return Fail(ErrorCode::kIo, "disk full");
  }

 private:
  HssStore& inner_;
};

TEST(HssServiceTest, NoVectorWhenTheSqnStateIsNotCommitted) {
  Fixture f;
  ASSERT_TRUE(f.service->Add(NewSubscriber1(kImsi)));
  FailingCommitStore failing(*f.store);
  std::unique_ptr<HssService> service = std::move(*HssService::Create(HssConfig{}, failing));
  Result<ZhVector> v = service->GenerateAv(IdentityKind::kImsi, kImsi);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::kIo);
}

TEST(HssServiceTest, ConcurrentRequestsNeverShareAnSqn) {
  test::TempDir dir;
  Fixture f(dir.File("hss.sqlite"));
  ASSERT_TRUE(f.service->Add(NewSubscriber1(kImsi)));
  // A second store on the same file (a second HSS process would look the same).
  Fixture g(dir.File("hss.sqlite"));
  const gba::Milenage m = Milenage1();
  std::vector<std::vector<uint64_t>> seen(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      HssService& s = t % 2 == 0 ? *f.service : *g.service;
      for (int i = 0; i < 50; ++i) {
        Result<ZhVector> v = s.GenerateAv(IdentityKind::kImsi, kImsi);
        if (v) {
          seen[t].push_back(SqnOfAv(m, v->av));
        }
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  std::set<uint64_t> all;
  size_t total = 0;
  for (const auto& v : seen) {
    total += v.size();
    all.insert(v.begin(), v.end());
  }
  EXPECT_EQ(total, 200u);
  EXPECT_EQ(all.size(), total);
}

}  // namespace
}  // namespace dmboot::nf::hss

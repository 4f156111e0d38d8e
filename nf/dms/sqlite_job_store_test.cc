#include "nf/dms/sqlite_job_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

namespace dmboot::nf::dms {
namespace {

// TempDb is a database file for tests that need two connections (two "processes"); it goes,
// with its WAL files, when the test ends, pass or fail.
struct TempDb {
  TempDb()
      : dir(std::filesystem::temp_directory_path() /
            ("job_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++))) {
    std::filesystem::create_directories(dir);
  }
  ~TempDb() { std::filesystem::remove_all(dir); }
  std::string Url() const { return "sqlite:" + (dir / "dms.sqlite").string(); }
  static inline int counter = 0;
  std::filesystem::path dir;
};

JobRecord NewJob(const std::string& imei) {
  JobRecord job;
  job.imei = imei;
  job.imsi = "001010123456789";
  job.msisdn = "+15550001";
  job.security_type = bootstrap::SecurityType::kUserPinNetworkIdGba;
  job.profile = bootstrap::Profile::kDm11;
  job.account_json = "{}";
  job.pin = crypto::SecretBytes::FromText("1234");
  return job;
}

TEST(SqliteJobStoreTest, TypedFieldsRoundTrip) {
  std::unique_ptr<JobStore> store = std::move(*OpenJobStore("sqlite::memory:"));
  JobRecord job = NewJob("490154203237518");
  job.state = JobState::kFailed;
  job.reached = JobState::kGpiPushed;
  job.failure_kind = FailureKind::kGpiRejected;
  job.failure_message = "the device rejected the GPI: bad MAC";
  ASSERT_EQ(*store->CreateJob(job), 1);
  JobRecord read = **store->GetJob(job.imei);
  EXPECT_EQ(read.security_type, bootstrap::SecurityType::kUserPinNetworkIdGba);
  EXPECT_EQ(read.profile, bootstrap::Profile::kDm11);
  EXPECT_EQ(read.state, JobState::kFailed);
  EXPECT_EQ(read.reached, JobState::kGpiPushed);
  EXPECT_EQ(read.failure_kind, FailureKind::kGpiRejected);
  EXPECT_EQ(read.pin.RevealText(), "1234");
  EXPECT_EQ(read.version, 1);
}

TEST(SqliteJobStoreTest, CompareAndSetWritesOnlyOverTheVersionItRead) {
  std::unique_ptr<JobStore> store = std::move(*OpenJobStore("sqlite::memory:"));
  ASSERT_EQ(*store->CreateJob(NewJob("490154203237518")), 1);
  JobRecord first = **store->GetJob("490154203237518");
  JobRecord second = first;  // a second writer read the same row
  first.state = JobState::kGpiRequested;
  ASSERT_TRUE(*store->CompareAndSetJob(first));
  second.state = JobState::kBootstrapPushed;
  EXPECT_FALSE(*store->CompareAndSetJob(second)) << "a write over a stale version must lose";
  JobRecord now = **store->GetJob("490154203237518");
  EXPECT_EQ(now.state, JobState::kGpiRequested);
  EXPECT_EQ(now.version, 2);
  JobRecord missing = NewJob("356938035643809");
  EXPECT_FALSE(*store->CompareAndSetJob(missing));
  EXPECT_FALSE(*store->GetJob("356938035643809"));
}

TEST(SqliteJobStoreTest, ANewJobOfTheImeiContinuesTheVersion) {
  std::unique_ptr<JobStore> store = std::move(*OpenJobStore("sqlite::memory:"));
  JobRecord job = NewJob("490154203237518");
  ASSERT_EQ(*store->CreateJob(job), 1);
  EXPECT_EQ(store->CreateJob(job).error().code, ErrorCode::kRefused);
  JobRecord stale = **store->GetJob(job.imei);
  JobRecord done = stale;
  done.state = JobState::kEnrolled;
  ASSERT_TRUE(*store->CompareAndSetJob(done));
  // The replacement's version is above every version the old job had, so a step queued for the
  // old job (version 1 or 2) can never apply to the new one.
  ASSERT_EQ(*store->CreateJob(job), 3);
  EXPECT_FALSE(*store->CompareAndSetJob(stale));
  EXPECT_EQ((**store->GetJob(job.imei)).state, JobState::kRequested);
}

// Two connections to one file stand for two DMS processes: of N racing claims of the same job
// version, exactly one wins, however the writes interleave.
TEST(SqliteJobStoreTest, OfRacingWritersOverOneFileExactlyOneWins) {
  TempDb db;
  std::unique_ptr<JobStore> a = std::move(*OpenJobStore(db.Url()));
  std::unique_ptr<JobStore> b = std::move(*OpenJobStore(db.Url()));
  constexpr int kJobs = 40;
  std::vector<std::string> imeis;
  for (int i = 0; i < kJobs; ++i) {
    imeis.push_back("35" + std::to_string(1000000000000 + i));
    ASSERT_TRUE(a->CreateJob(NewJob(imeis.back())));
  }
  std::atomic<int> wins{0};
  std::atomic<int> errors{0};
  auto claim_all = [&](JobStore* store) {
    for (const std::string& imei : imeis) {
      JobRecord job = JobRecord(**store->GetJob(imei));
      job.version = 1;  // both writers read version 1
      job.state = JobState::kGpiRequested;
      Result<bool> won = store->CompareAndSetJob(job);
      if (!won) {
        ++errors;
      } else if (*won) {
        ++wins;
      }
    }
  };
  std::thread t1(claim_all, a.get());
  std::thread t2(claim_all, b.get());
  std::thread t3(claim_all, b.get());
  t1.join();
  t2.join();
  t3.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(wins.load(), kJobs);
  for (const std::string& imei : imeis) {
    EXPECT_EQ((**a->GetJob(imei)).version, 2) << imei;
  }
}

TEST(SqliteJobStoreTest, NafSaIsFoundByItsPTid) {
  std::unique_ptr<JobStore> store = std::move(*OpenJobStore("sqlite::memory:"));
  NafSa sa;
  sa.p_tid = "ptid-1";
  sa.imei = "490154203237518";
  sa.rand = std::vector<uint8_t>(16, 0x11);
  sa.ks_naf = crypto::SecretBytes(std::vector<uint8_t>(32, 0xA5));
  sa.expiry_s = 4102444800;
  ASSERT_TRUE(store->SaveNafSa(sa));
  EXPECT_EQ(store->SaveNafSa(sa).error().code, ErrorCode::kRefused);
  NafSa later = sa;
  later.p_tid = "ptid-2";
  later.rand = std::vector<uint8_t>(16, 0x22);
  ASSERT_TRUE(store->SaveNafSa(later));
  std::optional<NafSa> found = *store->FindNafSa("ptid-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->rand, sa.rand);
  EXPECT_EQ(found->ks_naf.Reveal().size(), 32u);
  EXPECT_FALSE(*store->FindNafSa("ptid-3"));
}

TEST(SqliteJobStoreTest, FactoryRefusesWhatItCannotOpen) {
  EXPECT_EQ(OpenJobStore("postgresql://dms@db/dmboot").error().code, ErrorCode::kUnsupported);
  Result<std::unique_ptr<JobStore>> missing =
      OpenJobStore("sqlite:/nonexistent-dir-dmboot/dms.sqlite", OpenMode::kExisting);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(SqliteJobStoreTest, AnOlderSchemaIsRefusedNotMisread) {
  TempDb db;
  const std::string path = (db.dir / "dms.sqlite").string();
  {
    std::unique_ptr<Database> old = std::move(*Database::Open(path));
    ASSERT_TRUE(old->Exec("CREATE TABLE jobs (imei TEXT PRIMARY KEY, state TEXT NOT NULL)"));
  }
  Result<std::unique_ptr<JobStore>> store = OpenJobStore(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(store.error().message.find("older dmboot"), std::string::npos);
}

}  // namespace
}  // namespace dmboot::nf::dms

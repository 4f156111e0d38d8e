#ifndef DMBOOT_NF_DMS_SQLITE_JOB_STORE_H_
#define DMBOOT_NF_DMS_SQLITE_JOB_STORE_H_

// The JobStore on SQLite (nf/common/database.h: WAL, synchronous=FULL, so a confirmed write
// survives kill -9). Schema in docs/network-functions.md "DMS: implementation notes". Every write
// is one IMMEDIATE transaction: SQLite's write lock makes CompareAndSetJob atomic across the
// processes that share the file.

#include <memory>
#include <mutex>
#include <string>

#include "nf/common/database.h"
#include "nf/dms/job_store.h"

namespace dmboot::nf::dms {

class SqliteJobStore final : public JobStore {
 public:
  // Open opens the database at `path` (":memory:" for tests) and creates its schema; a database
  // made before the `version` column existed is refused (kUnsupported) rather than misread.
  static Result<std::unique_ptr<SqliteJobStore>> Open(const std::string& path,
                                                      OpenMode mode = OpenMode::kCreate);

  Result<int64_t> CreateJob(const JobRecord& job) override;
  Result<bool> CompareAndSetJob(const JobRecord& next) override;
  Result<std::optional<JobRecord>> GetJob(const std::string& imei) override;
  Result<std::vector<JobRecord>> ListJobs() override;
  Result<void> SaveNafSa(const NafSa& sa) override;
  Result<std::optional<NafSa>> FindNafSa(const std::string& p_tid) override;

 private:
  explicit SqliteJobStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  Result<std::optional<JobRecord>> GetJobLocked(const std::string& imei);

  std::mutex mu_;  // one connection: its statements and transactions are used one at a time
  std::unique_ptr<Database> db_;
};

}  // namespace dmboot::nf::dms

#endif  // DMBOOT_NF_DMS_SQLITE_JOB_STORE_H_

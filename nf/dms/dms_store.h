#ifndef DMBOOT_NF_DMS_DMS_STORE_H_
#define DMBOOT_NF_DMS_DMS_STORE_H_

// The DMS's persistent state: one row per bootstrap job (keyed by IMEI) and the NAF security
// associations (TS 33.223 §4.3: {P-TID, RAND, NAF_Id, Ks_NAF, expiry}) it got from the BSF.
// JobStore is the interface the service uses; SqliteJobStore is the production implementation
// (nf/common/database.h: WAL, synchronous=FULL, so a confirmed transition survives kill -9).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/crypto/secret_bytes.h"
#include "nf/common/database.h"

namespace dmboot::nf::dms {

// JobState is where a bootstrap job is (docs/network-functions.md §DMS "Job states"). The wire
// names are the JSON/SQLite spelling; the values order the progress of a job.
enum class JobState : int {
  kRequested = 0,
  kGpiRequested = 1,
  kGpiPushed = 2,
  kGpiAccepted = 3,
  kBootstrapPushed = 4,
  kEnrolled = 5,
  kFailed = 6,
};

// JobStateName returns "requested", "gpi_requested", ..., "failed".
std::string_view JobStateName(JobState state);
// ParseJobState reads a JobStateName, or fails with kMalformed.
Result<JobState> ParseJobState(std::string_view name);
// IsFinished reports whether a job has ended (enrolled or failed): only then may it be requested
// again.
bool IsFinished(JobState state);

// JobRecord is one job row. `account_json` (with the CLCRED secret) and `pin` are secrets held at
// rest for the asynchronous steps and the first DM session; they are never logged or returned.
struct JobRecord {
  std::string imei;
  std::string imsi;
  std::string msisdn;
  std::string security_type;  // the DM SEC name, e.g. "USERPIN_NETWORKID_GBA"
  std::string profile;        // "dm12", "dm12-dmacc", "dm11"
  std::string account_json;   // bootstrap::AccountToJson of the account to bootstrap
  crypto::SecretBytes pin;    // the PIN's digits; empty unless a USERPIN type
  JobState state = JobState::kRequested;
  // reached is the furthest non-failed state the job got to (for the fleet funnel).
  JobState reached = JobState::kRequested;
  std::string failure_kind;     // set when state == kFailed
  std::string failure_message;  // set when state == kFailed; never a secret
  std::string p_tid;            // P-TID of the newest NAF SA (GBA types)
  int resyncs = 0;
  int64_t requested_at_ms = 0;
  std::optional<int64_t> enrolled_at_ms;
  int64_t updated_at_ms = 0;
};

// NafSa is a NAF security association from a GBA push-info-retrieval.
struct NafSa {
  std::string p_tid;
  std::string imei;
  std::string imsi;
  std::vector<uint8_t> naf_id;  // FQDN ‖ Ua id
  std::vector<uint8_t> rand;    // 16 octets, from the GPI
  crypto::SecretBytes ks_naf;   // 32 octets (Ks_NAF, or Ks_ext_NAF for GBA_U)
  int64_t expiry_s = 0;         // unix seconds
  int64_t created_at_ms = 0;
};

// JobStore persists jobs and NAF SAs. Implementations are thread-safe.
class JobStore {
 public:
  virtual ~JobStore() = default;
  // CreateJob inserts `job`, or replaces a finished job of the same IMEI. It fails with kRefused
  // ("job for IMEI ... is <state>") when a job of that IMEI is not finished.
  virtual Result<void> CreateJob(const JobRecord& job) = 0;
  // UpdateJob writes every field of the existing job `job.imei`; kNotFound if there is none.
  virtual Result<void> UpdateJob(const JobRecord& job) = 0;
  // GetJob returns the job of `imei`, or std::nullopt.
  virtual Result<std::optional<JobRecord>> GetJob(const std::string& imei) = 0;
  // ListJobs returns every job (the fleet view).
  virtual Result<std::vector<JobRecord>> ListJobs() = 0;
  // SaveNafSa stores `sa` (P-TID unique).
  virtual Result<void> SaveNafSa(const NafSa& sa) = 0;
  // NewestNafSa returns the most recent NAF SA of `imei`, or std::nullopt.
  virtual Result<std::optional<NafSa>> NewestNafSa(const std::string& imei) = 0;
};

// SqliteJobStore keeps the jobs in SQLite (schema in docs/network-functions.md "DMS:
// implementation notes"). Every write is one IMMEDIATE transaction committed before returning.
class SqliteJobStore : public JobStore {
 public:
  // Open opens or creates the database at `path` (":memory:" for tests) and its schema.
  static Result<std::unique_ptr<SqliteJobStore>> Open(const std::string& path);

  Result<void> CreateJob(const JobRecord& job) override;
  Result<void> UpdateJob(const JobRecord& job) override;
  Result<std::optional<JobRecord>> GetJob(const std::string& imei) override;
  Result<std::vector<JobRecord>> ListJobs() override;
  Result<void> SaveNafSa(const NafSa& sa) override;
  Result<std::optional<NafSa>> NewestNafSa(const std::string& imei) override;

 private:
  explicit SqliteJobStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  Result<std::optional<JobRecord>> GetJobLocked(const std::string& imei);
  Result<void> WriteJobLocked(const JobRecord& job, bool insert);

  std::mutex mu_;
  std::unique_ptr<Database> db_;
};

}  // namespace dmboot::nf::dms

#endif  // DMBOOT_NF_DMS_DMS_STORE_H_

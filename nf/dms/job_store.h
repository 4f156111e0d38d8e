#ifndef DMBOOT_NF_DMS_JOB_STORE_H_
#define DMBOOT_NF_DMS_JOB_STORE_H_

// The DMS's persistent state: one row per bootstrap job (keyed by IMEI) and the NAF security
// associations (TS 33.223 §4.3: {P-TID, RAND, NAF_Id, Ks_NAF, expiry}) it got from the BSF.
// JobStore is the interface the service uses; OpenJobStore opens the backend a store URL names
// (nf/common/store_url.h). Backends: sqlite_job_store.h.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/bootstrap/bootstrap_document.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/result.h"
#include "dmboot/crypto/secret_bytes.h"
#include "nf/common/store_url.h"
#include "nf/dms/job_state.h"

namespace dmboot::nf::dms {

// JobRecord is one job row. `account_json` (with the CLCRED secret) and `pin` are secrets held at
// rest for the asynchronous steps and the first DM session; they are never logged or returned.
struct JobRecord {
  std::string imei;
  std::string imsi;
  std::string msisdn;
  bootstrap::SecurityType security_type = bootstrap::SecurityType::kNetworkId;
  bootstrap::Profile profile = bootstrap::Profile::kDm12Inbox;
  std::string account_json;   // bootstrap::AccountToJson of the account to bootstrap
  crypto::SecretBytes pin;    // the PIN's digits; empty unless a USERPIN type
  JobState state = JobState::kRequested;
  // reached is the furthest non-failed state the job got to (for the fleet funnel).
  JobState reached = JobState::kRequested;
  std::optional<FailureKind> failure_kind;  // set when state == kFailed
  std::string failure_message;              // set when state == kFailed; never a secret
  std::string p_tid;            // P-TID of the job's NAF SA (GBA types), set with push_gpi
  int resyncs = 0;
  int64_t requested_at_ms = 0;
  std::optional<int64_t> enrolled_at_ms;
  int64_t updated_at_ms = 0;
  // version counts the writes of this IMEI's row (a new job of the IMEI continues the count):
  // the compare-and-set token of CompareAndSetJob.
  int64_t version = 0;
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

// JobStore persists jobs and NAF SAs. Implementations are thread-safe, and safe for several
// processes over one store: every write is atomic and committed (durable) when it returns.
class JobStore {
 public:
  virtual ~JobStore() = default;
  // CreateJob inserts `job`, or replaces a finished job of the same IMEI, and returns the stored
  // version (1 for a new IMEI, the old version + 1 for a replacement, so a step queued for the
  // old job can never apply to the new one). It fails with kRefused ("a job for IMEI ... is
  // already <state>") when a job of that IMEI is not finished.
  virtual Result<int64_t> CreateJob(const JobRecord& job) = 0;
  // CompareAndSetJob writes every field of `next` over the job `next.imei` if that row still has
  // version `next.version`, and makes its version next.version + 1. It returns false, writing
  // nothing, when the row was written since (or is gone): the caller lost the race.
  virtual Result<bool> CompareAndSetJob(const JobRecord& next) = 0;
  // GetJob returns the job of `imei`, or std::nullopt.
  virtual Result<std::optional<JobRecord>> GetJob(const std::string& imei) = 0;
  // ListJobs returns every job (the fleet view).
  virtual Result<std::vector<JobRecord>> ListJobs() = 0;
  // SaveNafSa stores `sa`; kRefused if its P-TID exists.
  virtual Result<void> SaveNafSa(const NafSa& sa) = 0;
  // FindNafSa returns the NAF SA of `p_tid`, or std::nullopt.
  virtual Result<std::optional<NafSa>> FindNafSa(const std::string& p_tid) = 0;
};

// OpenJobStore opens the store `url` names (sqlite:PATH or a path; see store_url.h), creating it
// under OpenMode::kCreate.
Result<std::unique_ptr<JobStore>> OpenJobStore(std::string_view url, OpenMode mode = OpenMode::kCreate);

}  // namespace dmboot::nf::dms

#endif  // DMBOOT_NF_DMS_JOB_STORE_H_

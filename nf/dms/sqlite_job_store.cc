#include "nf/dms/sqlite_job_store.h"

#include <utility>

#include "dmboot/crypto/constant_time.h"

namespace dmboot::nf::dms {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS jobs (
  imei TEXT PRIMARY KEY,
  imsi TEXT NOT NULL,
  msisdn TEXT NOT NULL,
  security_type TEXT NOT NULL,
  profile TEXT NOT NULL,
  account_json TEXT NOT NULL,
  pin TEXT NOT NULL,
  state TEXT NOT NULL,
  reached TEXT NOT NULL,
  failure_kind TEXT NOT NULL,
  failure_message TEXT NOT NULL,
  p_tid TEXT NOT NULL,
  resyncs INTEGER NOT NULL,
  requested_at_ms INTEGER NOT NULL,
  enrolled_at_ms INTEGER,
  updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS naf_sa (
  p_tid TEXT PRIMARY KEY,
  imei TEXT NOT NULL,
  imsi TEXT NOT NULL,
  naf_id BLOB NOT NULL,
  rand BLOB NOT NULL,
  ks_naf BLOB NOT NULL,
  expiry_s INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL
);
)sql";

constexpr char kJobColumns[] =
    "imei, imsi, msisdn, security_type, profile, account_json, pin, state, reached, failure_kind, "
    "failure_message, p_tid, resyncs, requested_at_ms, enrolled_at_ms, updated_at_ms, version";

Result<JobRecord> ReadJob(const Statement& s) {
  JobRecord job;
  job.imei = s.ColumnText(0);
  job.imsi = s.ColumnText(1);
  job.msisdn = s.ColumnText(2);
  Result<bootstrap::SecurityType> type = ParseDmSecurityType(s.ColumnText(3));
  if (!type) {
    return Fail(ErrorCode::kMalformed, "job " + job.imei + " in the store: " + type.error().message);
  }
  job.security_type = *type;
  Result<bootstrap::Profile> profile = bootstrap::ParseProfile(s.ColumnText(4));
  if (!profile) {
    return Fail(ErrorCode::kMalformed, "job " + job.imei + " in the store: " + profile.error().message);
  }
  job.profile = *profile;
  job.account_json = s.ColumnText(5);
  job.pin = crypto::SecretBytes(s.ColumnBlob(6));  // the buffer moves in: no unwiped copy
  Result<JobState> state = ParseJobState(s.ColumnText(7));
  if (!state) {
    return state.error();
  }
  job.state = *state;
  Result<JobState> reached = ParseJobState(s.ColumnText(8));
  if (!reached) {
    return reached.error();
  }
  job.reached = *reached;
  if (const std::string kind = s.ColumnText(9); !kind.empty()) {
    Result<FailureKind> parsed = ParseFailureKind(kind);
    if (!parsed) {
      return parsed.error();
    }
    job.failure_kind = *parsed;
  }
  job.failure_message = s.ColumnText(10);
  job.p_tid = s.ColumnText(11);
  job.resyncs = static_cast<int>(s.ColumnInt(12));
  job.requested_at_ms = s.ColumnInt(13);
  if (!s.ColumnIsNull(14)) {
    job.enrolled_at_ms = s.ColumnInt(14);
  }
  job.updated_at_ms = s.ColumnInt(15);
  job.version = s.ColumnInt(16);
  return job;
}

// BindJob binds every column of `job` in kJobColumns order (?1 .. ?17), `version` as given.
void BindJob(Statement& s, const JobRecord& job, int64_t version) {
  s.Bind(1, job.imei)
      .Bind(2, job.imsi)
      .Bind(3, job.msisdn)
      .Bind(4, bootstrap::SecurityTypeName(job.security_type))
      .Bind(5, bootstrap::ProfileName(job.profile))
      .Bind(6, job.account_json)
      .Bind(7, job.pin.RevealText())
      .Bind(8, JobStateName(job.state))
      .Bind(9, JobStateName(job.reached))
      .Bind(10, job.failure_kind ? FailureKindName(*job.failure_kind) : std::string_view())
      .Bind(11, job.failure_message)
      .Bind(12, job.p_tid)
      .Bind(13, static_cast<int64_t>(job.resyncs))
      .Bind(14, job.requested_at_ms)
      .Bind(16, job.updated_at_ms)
      .Bind(17, version);
  if (job.enrolled_at_ms) {
    s.Bind(15, *job.enrolled_at_ms);
  } else {
    s.BindNull(15);
  }
}

}  // namespace

Result<std::unique_ptr<SqliteJobStore>> SqliteJobStore::Open(const std::string& path, OpenMode mode) {
  Result<std::unique_ptr<Database>> db = Database::Open(path, mode);
  if (!db) {
    return db.error();
  }
  if (Result<void> schema = (*db)->Exec(kSchema); !schema) {
    return schema.error();
  }
  if (!(*db)->Prepare("SELECT version FROM jobs LIMIT 0")) {
    return Fail(ErrorCode::kUnsupported, "the job store " + path +
                                             " was made by an older dmboot (no job version column); "
                                             "start the DMS on a new database file");
  }
  return std::unique_ptr<SqliteJobStore>(new SqliteJobStore(std::move(*db)));
}

Result<std::optional<JobRecord>> SqliteJobStore::GetJobLocked(const std::string& imei) {
  Result<Statement> s = db_->Prepare(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE imei = ?");
  if (!s) {
    return s.error();
  }
  s->Bind(1, imei);
  Result<bool> row = s->Step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<JobRecord>();
  }
  Result<JobRecord> job = ReadJob(*s);
  if (!job) {
    return job.error();
  }
  return std::optional<JobRecord>(std::move(*job));
}

Result<int64_t> SqliteJobStore::CreateJob(const JobRecord& job) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<Transaction> tx = Transaction::Begin(*db_);
  if (!tx) {
    return tx.error();
  }
  Result<std::optional<JobRecord>> existing = GetJobLocked(job.imei);
  if (!existing) {
    return existing.error();
  }
  if (existing->has_value() && !IsFinished((*existing)->state)) {
    return Fail(ErrorCode::kRefused, "a job for IMEI " + job.imei + " is already " +
                                         std::string(JobStateName((*existing)->state)));
  }
  const int64_t version = existing->has_value() ? (*existing)->version + 1 : 1;
  Result<Statement> s = db_->Prepare(std::string("INSERT OR REPLACE INTO jobs (") + kJobColumns +
                                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                                     "?13, ?14, ?15, ?16, ?17)");
  if (!s) {
    return s.error();
  }
  BindJob(*s, job, version);
  if (Result<void> written = s->Run(); !written) {
    return written.error();
  }
  if (Result<void> committed = tx->Commit(); !committed) {
    return committed.error();
  }
  return version;
}

Result<bool> SqliteJobStore::CompareAndSetJob(const JobRecord& next) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<Transaction> tx = Transaction::Begin(*db_);
  if (!tx) {
    return tx.error();
  }
  // ?18 is the version the caller read; the WHERE makes the write conditional on it.
  Result<Statement> s = db_->Prepare(
      "UPDATE jobs SET imsi = ?2, msisdn = ?3, security_type = ?4, profile = ?5, "
      "account_json = ?6, pin = ?7, state = ?8, reached = ?9, failure_kind = ?10, "
      "failure_message = ?11, p_tid = ?12, resyncs = ?13, requested_at_ms = ?14, "
      "enrolled_at_ms = ?15, updated_at_ms = ?16, version = ?17 WHERE imei = ?1 AND version = ?18");
  if (!s) {
    return s.error();
  }
  BindJob(*s, next, next.version + 1);
  s->Bind(18, next.version);
  if (Result<void> written = s->Run(); !written) {
    return written.error();
  }
  if (db_->Changes() != 1) {
    return false;
  }
  if (Result<void> committed = tx->Commit(); !committed) {
    return committed.error();
  }
  return true;
}

Result<std::optional<JobRecord>> SqliteJobStore::GetJob(const std::string& imei) {
  std::lock_guard<std::mutex> lock(mu_);
  return GetJobLocked(imei);
}

Result<std::vector<JobRecord>> SqliteJobStore::ListJobs() {
  std::lock_guard<std::mutex> lock(mu_);
  Result<Statement> s = db_->Prepare(std::string("SELECT ") + kJobColumns + " FROM jobs ORDER BY imei");
  if (!s) {
    return s.error();
  }
  std::vector<JobRecord> out;
  while (true) {
    Result<bool> row = s->Step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return out;
    }
    Result<JobRecord> job = ReadJob(*s);
    if (!job) {
      return job.error();
    }
    out.push_back(std::move(*job));
  }
}

Result<void> SqliteJobStore::SaveNafSa(const NafSa& sa) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<Transaction> tx = Transaction::Begin(*db_);
  if (!tx) {
    return tx.error();
  }
  Result<Statement> s = db_->Prepare(
      "INSERT INTO naf_sa (p_tid, imei, imsi, naf_id, rand, ks_naf, expiry_s, created_at_ms) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s) {
    return s.error();
  }
  s->Bind(1, sa.p_tid)
      .Bind(2, sa.imei)
      .Bind(3, sa.imsi)
      .BindBlob(4, sa.naf_id)
      .BindBlob(5, sa.rand)
      .BindBlob(6, sa.ks_naf.Reveal())
      .Bind(7, sa.expiry_s)
      .Bind(8, sa.created_at_ms);
  Result<void> run = s->Run();
  if (!run) {
    return run.error().code == ErrorCode::kRefused
               ? Fail(ErrorCode::kRefused, "a NAF SA with P-TID " + sa.p_tid + " exists already")
               : run.error();
  }
  return tx->Commit();
}

Result<std::optional<NafSa>> SqliteJobStore::FindNafSa(const std::string& p_tid) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<Statement> s = db_->Prepare(
      "SELECT p_tid, imei, imsi, naf_id, rand, ks_naf, expiry_s, created_at_ms FROM naf_sa "
      "WHERE p_tid = ?");
  if (!s) {
    return s.error();
  }
  s->Bind(1, p_tid);
  Result<bool> row = s->Step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<NafSa>();
  }
  NafSa sa;
  sa.p_tid = s->ColumnText(0);
  sa.imei = s->ColumnText(1);
  sa.imsi = s->ColumnText(2);
  sa.naf_id = s->ColumnBlob(3);
  sa.rand = s->ColumnBlob(4);
  sa.ks_naf = crypto::SecretBytes(s->ColumnBlob(5));  // the buffer moves in: no unwiped copy
  sa.expiry_s = s->ColumnInt(6);
  sa.created_at_ms = s->ColumnInt(7);
  return std::optional<NafSa>(std::move(sa));
}

}  // namespace dmboot::nf::dms

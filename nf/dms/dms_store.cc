#include "nf/dms/dms_store.h"

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
  updated_at_ms INTEGER NOT NULL
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
CREATE INDEX IF NOT EXISTS naf_sa_by_imei ON naf_sa (imei, created_at_ms);
)sql";

constexpr char kJobColumns[] =
    "imei, imsi, msisdn, security_type, profile, account_json, pin, state, reached, failure_kind, "
    "failure_message, p_tid, resyncs, requested_at_ms, enrolled_at_ms, updated_at_ms";

Result<JobRecord> ReadJob(const Statement& s) {
  JobRecord job;
  job.imei = s.ColumnText(0);
  job.imsi = s.ColumnText(1);
  job.msisdn = s.ColumnText(2);
  job.security_type = s.ColumnText(3);
  job.profile = s.ColumnText(4);
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
  job.failure_kind = s.ColumnText(9);
  job.failure_message = s.ColumnText(10);
  job.p_tid = s.ColumnText(11);
  job.resyncs = static_cast<int>(s.ColumnInt(12));
  job.requested_at_ms = s.ColumnInt(13);
  if (!s.ColumnIsNull(14)) {
    job.enrolled_at_ms = s.ColumnInt(14);
  }
  job.updated_at_ms = s.ColumnInt(15);
  return job;
}

}  // namespace

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kRequested:
      return "requested";
    case JobState::kGpiRequested:
      return "gpi_requested";
    case JobState::kGpiPushed:
      return "gpi_pushed";
    case JobState::kGpiAccepted:
      return "gpi_accepted";
    case JobState::kBootstrapPushed:
      return "bootstrap_pushed";
    case JobState::kEnrolled:
      return "enrolled";
    case JobState::kFailed:
      return "failed";
  }
  return "failed";
}

Result<JobState> ParseJobState(std::string_view name) {
  for (JobState s : {JobState::kRequested, JobState::kGpiRequested, JobState::kGpiPushed,
                     JobState::kGpiAccepted, JobState::kBootstrapPushed, JobState::kEnrolled,
                     JobState::kFailed}) {
    if (JobStateName(s) == name) {
      return s;
    }
  }
  return Fail(ErrorCode::kMalformed, "unknown job state '" + std::string(name) + "' in the database");
}

bool IsFinished(JobState state) { return state == JobState::kEnrolled || state == JobState::kFailed; }

Result<std::unique_ptr<SqliteJobStore>> SqliteJobStore::Open(const std::string& path) {
  Result<std::unique_ptr<Database>> db = Database::Open(path);
  if (!db) {
    return db.error();
  }
  Result<void> schema = (*db)->Exec(kSchema);
  if (!schema) {
    return schema.error();
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

Result<void> SqliteJobStore::WriteJobLocked(const JobRecord& job, bool insert) {
  const std::string sql =
      insert ? std::string("INSERT OR REPLACE INTO jobs (") + kJobColumns +
                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
             : "UPDATE jobs SET imsi = ?2, msisdn = ?3, security_type = ?4, profile = ?5, "
               "account_json = ?6, pin = ?7, state = ?8, reached = ?9, failure_kind = ?10, "
               "failure_message = ?11, p_tid = ?12, resyncs = ?13, requested_at_ms = ?14, "
               "enrolled_at_ms = ?15, updated_at_ms = ?16 WHERE imei = ?1";
  Result<Statement> s = db_->Prepare(sql);
  if (!s) {
    return s.error();
  }
  s->Bind(1, job.imei)
      .Bind(2, job.imsi)
      .Bind(3, job.msisdn)
      .Bind(4, job.security_type)
      .Bind(5, job.profile)
      .Bind(6, job.account_json)
      .Bind(7, job.pin.RevealText())
      .Bind(8, JobStateName(job.state))
      .Bind(9, JobStateName(job.reached))
      .Bind(10, job.failure_kind)
      .Bind(11, job.failure_message)
      .Bind(12, job.p_tid)
      .Bind(13, static_cast<int64_t>(job.resyncs))
      .Bind(14, job.requested_at_ms)
      .Bind(16, job.updated_at_ms);
  if (job.enrolled_at_ms) {
    s->Bind(15, *job.enrolled_at_ms);
  } else {
    s->BindNull(15);
  }
  return s->Run();
}

Result<void> SqliteJobStore::CreateJob(const JobRecord& job) {
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
  Result<void> written = WriteJobLocked(job, /*insert=*/true);
  if (!written) {
    return written;
  }
  return tx->Commit();
}

Result<void> SqliteJobStore::UpdateJob(const JobRecord& job) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<Transaction> tx = Transaction::Begin(*db_);
  if (!tx) {
    return tx.error();
  }
  Result<void> written = WriteJobLocked(job, /*insert=*/false);
  if (!written) {
    return written;
  }
  if (db_->Changes() != 1) {
    return Fail(ErrorCode::kNotFound, "no job for IMEI " + job.imei);
  }
  return tx->Commit();
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

Result<std::optional<NafSa>> SqliteJobStore::NewestNafSa(const std::string& imei) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<Statement> s = db_->Prepare(
      "SELECT p_tid, imei, imsi, naf_id, rand, ks_naf, expiry_s, created_at_ms FROM naf_sa "
      "WHERE imei = ? ORDER BY created_at_ms DESC, rowid DESC LIMIT 1");
  if (!s) {
    return s.error();
  }
  s->Bind(1, imei);
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
  std::vector<uint8_t> key = s->ColumnBlob(5);
  sa.ks_naf = crypto::SecretBytes(key);
  crypto::Cleanse(key);
  sa.expiry_s = s->ColumnInt(6);
  sa.created_at_ms = s->ColumnInt(7);
  return std::optional<NafSa>(std::move(sa));
}

}  // namespace dmboot::nf::dms

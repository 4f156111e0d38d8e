#include "nf/bsf/sqlite_bsf_store.h"

#include <utility>

namespace dmboot::nf::bsf {

Result<std::unique_ptr<SqliteBsfStore>> SqliteBsfStore::Open(const std::string& path, OpenMode mode) {
  Result<std::unique_ptr<Database>> db = Database::Open(path, mode);
  if (!db) {
    return db.error();
  }
  Result<void> schema = (*db)->Exec(
      "CREATE TABLE IF NOT EXISTS push_records ("
      " p_tid BLOB PRIMARY KEY NOT NULL,"
      " impi TEXT NOT NULL,"
      " naf_id BLOB NOT NULL,"
      " gba_type INTEGER NOT NULL,"
      " expiry INTEGER NOT NULL,"
      " created INTEGER NOT NULL"
      ") WITHOUT ROWID;"
      "CREATE INDEX IF NOT EXISTS push_records_impi ON push_records (impi);");
  if (!schema) {
    return schema.error();
  }
  return std::unique_ptr<SqliteBsfStore>(new SqliteBsfStore(std::move(*db)));
}

Result<void> SqliteBsfStore::Record(const PushRecord& r) {
  std::lock_guard<std::mutex> lock(mutex_);
  Result<Transaction> tx = Transaction::Begin(*db_);
  if (!tx) {
    return tx.error();
  }
  Result<Statement> exists = db_->Prepare("SELECT 1 FROM push_records WHERE p_tid = ?1");
  if (!exists) {
    return exists.error();
  }
  exists->BindBlob(1, r.p_tid);
  Result<bool> row = exists->Step();
  if (!row) {
    return row.error();
  }
  if (*row) {
    return Fail(ErrorCode::kRefused, "pTid: already used");
  }
  Result<Statement> st = db_->Prepare(
      "INSERT INTO push_records (p_tid, impi, naf_id, gba_type, expiry, created)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st) {
    return st.error();
  }
  st->BindBlob(1, r.p_tid).Bind(2, r.impi).BindBlob(3, r.naf_id);
  st->Bind(4, static_cast<int64_t>(r.gba_type)).Bind(5, static_cast<int64_t>(r.expiry));
  st->Bind(6, static_cast<int64_t>(r.created));
  Result<void> done = st->Run();
  if (!done) {
    return done.error();
  }
  return tx->Commit();
}

Result<PushRecord> SqliteBsfStore::Find(const std::vector<uint8_t>& p_tid) {
  std::lock_guard<std::mutex> lock(mutex_);
  Result<Statement> st = db_->Prepare(
      "SELECT impi, naf_id, gba_type, expiry, created FROM push_records WHERE p_tid = ?1");
  if (!st) {
    return st.error();
  }
  st->BindBlob(1, p_tid);
  Result<bool> row = st->Step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return Fail(ErrorCode::kNotFound, "pTid: unknown");
  }
  PushRecord r;
  r.p_tid = p_tid;
  r.impi = st->ColumnText(0);
  r.naf_id = st->ColumnBlob(1);
  r.gba_type = st->ColumnInt(2) == 1 ? gba::GbaType::kGbaU : gba::GbaType::kGbaMe;
  r.expiry = static_cast<uint64_t>(st->ColumnInt(3));
  r.created = static_cast<uint64_t>(st->ColumnInt(4));
  return r;
}

}  // namespace dmboot::nf::bsf

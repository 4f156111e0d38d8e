#include "nf/hss/sqlite_hss_store.h"

#include <algorithm>
#include <utility>

#include "dmboot/crypto/constant_time.h"

namespace dmboot::nf::hss {
namespace {

constexpr const char* kUnknown = "subscriber unknown";

}  // namespace

Result<std::unique_ptr<SqliteHssStore>> SqliteHssStore::Open(const std::string& path, OpenMode mode) {
  Result<std::unique_ptr<Database>> db = Database::Open(path, mode);
  if (!db) {
    return db.error();
  }
  // sqn_state is gba::SqnGenerator::Serialize() (7 octets: SEQ_HE, IND). msisdn is NULL when
  // absent; UNIQUE lets several NULLs coexist.
  Result<void> schema = (*db)->Exec(
      "CREATE TABLE IF NOT EXISTS subscribers ("
      " imsi TEXT PRIMARY KEY NOT NULL,"
      " impi TEXT NOT NULL UNIQUE,"
      " msisdn TEXT UNIQUE,"
      " k BLOB NOT NULL CHECK(length(k) = 16),"
      " opc BLOB NOT NULL CHECK(length(opc) = 16),"
      " amf BLOB NOT NULL CHECK(length(amf) = 2),"
      " sqn_state BLOB NOT NULL CHECK(length(sqn_state) = 7),"
      " created_at INTEGER NOT NULL DEFAULT (strftime('%s','now'))"
      ") WITHOUT ROWID;");
  if (!schema) {
    return schema.error();
  }
  return std::unique_ptr<SqliteHssStore>(new SqliteHssStore(std::move(*db)));
}

Result<std::vector<Result<void>>> SqliteHssStore::InsertBatch(
    const std::vector<SubscriberRecord>& records) {
  std::lock_guard<std::mutex> lock(mutex_);
  Result<Transaction> tx = Transaction::Begin(*db_);
  if (!tx) {
    return tx.error();
  }
  Result<Statement> check = db_->Prepare(
      "SELECT imsi = ?1, impi = ?2, msisdn IS NOT NULL AND msisdn = ?3 FROM subscribers"
      " WHERE imsi = ?1 OR impi = ?2 OR (msisdn IS NOT NULL AND msisdn = ?3) LIMIT 1");
  Result<Statement> insert = db_->Prepare(
      "INSERT INTO subscribers (imsi, impi, msisdn, k, opc, amf, sqn_state)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!check) {
    return check.error();
  }
  if (!insert) {
    return insert.error();
  }
  std::vector<Result<void>> out;
  out.reserve(records.size());
  for (const SubscriberRecord& r : records) {
    check->Reset();
    check->Bind(1, r.imsi).Bind(2, r.impi);
    if (r.msisdn) {
      check->Bind(3, *r.msisdn);
    } else {
      check->BindNull(3);
    }
    Result<bool> row = check->Step();
    if (!row) {
      return row.error();
    }
    if (*row) {
      const char* which = check->ColumnInt(0) != 0   ? "imsi"
                          : check->ColumnInt(1) != 0 ? "impi"
                                                     : "msisdn";
      out.push_back(Fail(ErrorCode::kRefused, std::string(which) + " already provisioned"));
      continue;
    }
    insert->Reset();
    insert->Bind(1, r.imsi).Bind(2, r.impi);
    if (r.msisdn) {
      insert->Bind(3, *r.msisdn);
    } else {
      insert->BindNull(3);
    }
    insert->BindBlob(4, r.k.Reveal()).BindBlob(5, r.opc.Reveal()).BindBlob(6, r.amf.bytes);
    insert->BindBlob(7, r.sqn_state);
    Result<void> done = insert->Run();
    if (!done) {
      return done.error();
    }
    out.push_back(Ok());
  }
  Result<void> committed = tx->Commit();
  if (!committed) {
    return committed.error();
  }
  return out;
}

Result<std::vector<SubscriberInfo>> SqliteHssStore::List() {
  std::lock_guard<std::mutex> lock(mutex_);
  Result<Statement> st = db_->Prepare("SELECT imsi, impi, msisdn, amf FROM subscribers ORDER BY imsi");
  if (!st) {
    return st.error();
  }
  std::vector<SubscriberInfo> out;
  for (;;) {
    Result<bool> row = st->Step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      break;
    }
    SubscriberInfo info;
    info.imsi = st->ColumnText(0);
    info.impi = st->ColumnText(1);
    if (!st->ColumnIsNull(2)) {
      info.msisdn = st->ColumnText(2);
    }
    Result<gba::Amf> amf = gba::Amf::FromSpan(st->ColumnBlob(3));
    if (!amf) {
      return Fail(ErrorCode::kInternal, "stored AMF of " + info.imsi + " is corrupt");
    }
    info.amf = *amf;
    out.push_back(std::move(info));
  }
  return out;
}

Result<SubscriberRecord> SqliteHssStore::Find(IdentityKind kind, const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  const char* column = "impi";
  switch (kind) {
    case IdentityKind::kImpi:
      column = "impi";
      break;
    case IdentityKind::kImsi:
      column = "imsi";
      break;
    case IdentityKind::kMsisdn:
      column = "msisdn";
      break;
  }
  Result<Statement> st = db_->Prepare(
      std::string("SELECT imsi, impi, msisdn, k, opc, amf, sqn_state FROM subscribers WHERE ") +
      column + " = ?1");
  if (!st) {
    return st.error();
  }
  st->Bind(1, id);
  Result<bool> row = st->Step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return Fail(ErrorCode::kNotFound, kUnknown);
  }
  SubscriberRecord r;
  r.imsi = st->ColumnText(0);
  r.impi = st->ColumnText(1);
  if (!st->ColumnIsNull(2)) {
    r.msisdn = st->ColumnText(2);
  }
  std::vector<uint8_t> k = st->ColumnBlob(3);
  std::vector<uint8_t> opc = st->ColumnBlob(4);
  Result<gba::K> kk = gba::K::FromSpan(k);
  Result<gba::Opc> oo = gba::Opc::FromSpan(opc);
  crypto::Cleanse(k);
  crypto::Cleanse(opc);
  Result<gba::Amf> amf = gba::Amf::FromSpan(st->ColumnBlob(5));
  const std::vector<uint8_t> state = st->ColumnBlob(6);
  if (!kk || !oo || !amf || state.size() != r.sqn_state.size()) {
    return Fail(ErrorCode::kInternal, "stored record of " + r.imsi + " is corrupt");
  }
  r.k = std::move(*kk);
  r.opc = std::move(*oo);
  r.amf = *amf;
  std::copy(state.begin(), state.end(), r.sqn_state.begin());
  return r;
}

Result<bool> SqliteHssStore::CompareAndSetSqnState(const std::string& imsi,
                                                   const std::array<uint8_t, 7>& expected,
                                                   const std::array<uint8_t, 7>& next) {
  std::lock_guard<std::mutex> lock(mutex_);
  Result<Transaction> tx = Transaction::Begin(*db_);
  if (!tx) {
    return tx.error();
  }
  Result<Statement> st =
      db_->Prepare("UPDATE subscribers SET sqn_state = ?1 WHERE imsi = ?2 AND sqn_state = ?3");
  if (!st) {
    return st.error();
  }
  st->BindBlob(1, next).Bind(2, imsi).BindBlob(3, expected);
  Result<void> done = st->Run();
  if (!done) {
    return done.error();
  }
  const bool changed = db_->Changes() == 1;
  // The commit (WAL, synchronous=FULL) is on disk before we return: the caller may release the
  // SQN only after this.
  Result<void> committed = tx->Commit();
  if (!committed) {
    return committed.error();
  }
  return changed;
}

}  // namespace dmboot::nf::hss

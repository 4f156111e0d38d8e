#include "nf/common/database.h"

#include <sqlite3.h>

namespace dmboot::nf {
namespace {

Error SqlError(sqlite3* db, const std::string& what) {
  return Fail(ErrorCode::kIo, what + ": " + (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, OpenMode mode) {
  sqlite3* db = nullptr;
  const int create = mode == OpenMode::kCreate ? SQLITE_OPEN_CREATE : 0;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | create | SQLITE_OPEN_FULLMUTEX,
                                 nullptr);
  if (rc == SQLITE_CANTOPEN && mode == OpenMode::kExisting) {
    sqlite3_close(db);
    return Fail(ErrorCode::kNotFound, "no database at " + path + " (check the path; it is not created here)");
  }
  if (rc != SQLITE_OK) {
    Error e = SqlError(db, "cannot open database " + path);
    sqlite3_close(db);
    return e;
  }
  std::unique_ptr<Database> out(new Database(db));
  sqlite3_busy_timeout(db, 5000);
  // WAL + synchronous=FULL: a commit is on disk before Commit returns.
  Result<void> pragmas = out->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (!pragmas) {
    return pragmas.error();
  }
  return out;
}

Database::~Database() { sqlite3_close(db_); }

Result<void> Database::Exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string m = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return Fail(ErrorCode::kIo, "SQL failed: " + m);
  }
  return Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return SqlError(db_, "cannot prepare SQL");
  }
  return Statement(stmt, std::string(sql));
}

Result<void> Database::Begin() { return Exec("BEGIN IMMEDIATE"); }
Result<void> Database::Commit() { return Exec("COMMIT"); }
void Database::Rollback() { (void)Exec("ROLLBACK"); }
int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int Database::Changes() const { return sqlite3_changes(db_); }

Result<Transaction> Transaction::Begin(Database& db) {
  Result<void> begun = db.Begin();
  if (!begun) {
    return begun.error();
  }
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) {
    db_->Rollback();
  }
}

Result<void> Transaction::Commit() {
  DMBOOT_CHECK(db_ != nullptr);
  Result<void> committed = db_->Commit();
  if (committed) {
    db_ = nullptr;
  }
  return committed;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  // A null data pointer would bind SQL NULL: an empty view is the empty text.
  sqlite3_bind_text(stmt_, index, text.empty() ? "" : text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, std::span<const uint8_t> bytes) {
  static const uint8_t kEmpty = 0;
  sqlite3_bind_blob(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(), static_cast<int>(bytes.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  sqlite3* db = sqlite3_db_handle(stmt_);
  const int extended = sqlite3_extended_errcode(db);
  if ((extended & 0xff) == SQLITE_CONSTRAINT) {
    return Fail(ErrorCode::kRefused, std::string("constraint: ") + sqlite3_errmsg(db));
  }
  return SqlError(db, "SQL step failed");
}

Result<void> Statement::Run() {
  while (true) {
    Result<bool> row = Step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return Ok();
    }
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::ColumnInt(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::ColumnText(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  return text == nullptr ? std::string() : std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::vector<uint8_t> Statement::ColumnBlob(int index) const {
  const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, index));
  const int len = sqlite3_column_bytes(stmt_, index);
  return data == nullptr ? std::vector<uint8_t>() : std::vector<uint8_t>(data, data + len);
}

bool Statement::ColumnIsNull(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

}  // namespace dmboot::nf

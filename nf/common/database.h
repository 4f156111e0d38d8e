#ifndef DMBOOT_NF_COMMON_DATABASE_H_
#define DMBOOT_NF_COMMON_DATABASE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"
#include "nf/common/store_url.h"

struct sqlite3;
struct sqlite3_stmt;

namespace dmboot::nf {

class Statement;

// Database is one SQLite connection: the embedded store every network function uses. It is
// opened in WAL mode with synchronous=FULL, so a transaction that Commit confirmed survives a
// crash or `kill -9` of the process (and of the machine, as far as fsync goes). Callers serialise
// their use of one Database (each service holds a mutex around its transactions).
class Database {
 public:
  // Open opens the database file `path` (":memory:" for tests), creating it only under
  // OpenMode::kCreate; a missing file under kExisting fails with kNotFound naming the path.
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                OpenMode mode = OpenMode::kCreate);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Exec runs SQL without results (schema, PRAGMAs); several statements may be given.
  Result<void> Exec(std::string_view sql);
  // Prepare compiles one statement.
  Result<Statement> Prepare(std::string_view sql);
  // Begin starts an IMMEDIATE transaction (takes the write lock now); Commit makes it durable;
  // Rollback abandons it (never fails the caller).
  Result<void> Begin();
  Result<void> Commit();
  void Rollback();
  // LastInsertRowId returns the rowid of the last INSERT.
  int64_t LastInsertRowId() const;
  // Changes returns the rows changed by the last statement.
  int Changes() const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// Transaction is an RAII IMMEDIATE transaction: it rolls back unless Commit succeeded.
class Transaction {
 public:
  static Result<Transaction> Begin(Database& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Result<void> Commit();

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_;
};

// Statement is a prepared statement. Bind indexes start at 1 (SQLite's rule); Column indexes at 0.
class Statement {
 public:
  Statement(Statement&& other) noexcept : stmt_(other.stmt_), sql_(std::move(other.sql_)) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindBlob(int index, std::span<const uint8_t> bytes);
  Statement& BindNull(int index);
  // Step runs to the next row: true when a row is available, false when done.
  Result<bool> Step();
  // Run steps to completion (for INSERT/UPDATE/DELETE).
  Result<void> Run();
  void Reset();

  int64_t ColumnInt(int index) const;
  std::string ColumnText(int index) const;
  std::vector<uint8_t> ColumnBlob(int index) const;
  bool ColumnIsNull(int index) const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, std::string sql) : stmt_(stmt), sql_(std::move(sql)) {}
  sqlite3_stmt* stmt_;
  std::string sql_;
};

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_COMMON_DATABASE_H_

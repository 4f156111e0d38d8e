#include "nf/common/database.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace dmboot::nf {
namespace {

TEST(DatabaseTest, CommittedRowsSurviveReopenRolledBackDoNot) {
  const std::string path = ::testing::TempDir() + "/db_test_" + std::to_string(::getpid()) + ".sqlite";
  // The database and its WAL files go when the test ends, pass or fail (declared first: it runs
  // after every handle below is closed).
  struct RemoveFiles {
    const std::string& path;
    ~RemoveFiles() {
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::remove((path + suffix).c_str());
      }
    }
  } remove_files{path};
  std::remove(path.c_str());
  {
    auto db = std::move(Database::Open(path)).value();
    ASSERT_TRUE(db->Exec("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)"));
    {
      Transaction tx = std::move(Transaction::Begin(*db)).value();
      Statement insert = std::move(db->Prepare("INSERT INTO t VALUES (?, ?)")).value();
      const std::vector<uint8_t> blob = {0, 1, 2};
      ASSERT_TRUE(insert.Bind(1, "a").BindBlob(2, blob).Run());
      ASSERT_TRUE(tx.Commit());
    }
    {
      Transaction tx = std::move(Transaction::Begin(*db)).value();
      Statement insert = std::move(db->Prepare("INSERT INTO t VALUES ('b', NULL)")).value();
      ASSERT_TRUE(insert.Run());
      // No commit: the destructor rolls back.
    }
    Statement dup = std::move(db->Prepare("INSERT INTO t VALUES ('a', NULL)")).value();
    Result<void> r = dup.Run();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kRefused);
  }
  auto db = std::move(Database::Open(path)).value();
  Statement q = std::move(db->Prepare("SELECT k, v FROM t ORDER BY k")).value();
  ASSERT_TRUE(*q.Step());
  EXPECT_EQ(q.ColumnText(0), "a");
  EXPECT_EQ(q.ColumnBlob(1), (std::vector<uint8_t>{0, 1, 2}));
  EXPECT_FALSE(*q.Step());
  Statement mode = std::move(db->Prepare("PRAGMA journal_mode")).value();
  ASSERT_TRUE(*mode.Step());
  EXPECT_EQ(mode.ColumnText(0), "wal");
}

// An empty text is '' whatever its data pointer: a default string_view (nullptr) must not bind
// SQL NULL into a NOT NULL column.
TEST(DatabaseTest, EmptyTextIsNotNull) {
  auto db = std::move(Database::Open(":memory:")).value();
  ASSERT_TRUE(db->Exec("CREATE TABLE t (v TEXT NOT NULL)"));
  Statement insert = std::move(db->Prepare("INSERT INTO t VALUES (?)")).value();
  ASSERT_TRUE(insert.Bind(1, std::string_view()).Run());
  Statement q = std::move(db->Prepare("SELECT v IS NULL, length(v) FROM t")).value();
  ASSERT_TRUE(*q.Step());
  EXPECT_EQ(q.ColumnInt(0), 0);
  EXPECT_EQ(q.ColumnInt(1), 0);
}

TEST(DatabaseTest, BadSqlIsAnIoError) {
  auto db = std::move(Database::Open(":memory:")).value();
  Result<Statement> s = db->Prepare("SELEC nothing");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace dmboot::nf

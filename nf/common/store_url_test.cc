#include "nf/common/store_url.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "nf/common/database.h"

namespace dmboot::nf {
namespace {

TEST(StoreUrlTest, SqliteWithOrWithoutTheScheme) {
  Result<StoreUrl> plain = ParseStoreUrl("state/dms.sqlite");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(plain->backend, StoreBackend::kSqlite);
  EXPECT_EQ(plain->path, "state/dms.sqlite");
  Result<StoreUrl> url = ParseStoreUrl("sqlite:/var/lib/dmboot/hss.sqlite");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->path, "/var/lib/dmboot/hss.sqlite");
  Result<StoreUrl> memory = ParseStoreUrl("sqlite::memory:");
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->path, ":memory:");
}

TEST(StoreUrlTest, RefusalsNameTheUrlAndWhatIsWrong) {
  Result<StoreUrl> empty = ParseStoreUrl("sqlite:");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(empty.error().message, "store 'sqlite:': no database path");
  Result<StoreUrl> pg = ParseStoreUrl("postgresql://dms@db.example/dmboot");
  ASSERT_FALSE(pg);
  EXPECT_EQ(pg.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(pg.error().message.find("no PostgreSQL backend"), std::string::npos);
  Result<StoreUrl> other = ParseStoreUrl("mysql://x/y");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().message,
            "store 'mysql://x/y': unknown scheme 'mysql'; expected sqlite:PATH or a file path");
}

TEST(StoreUrlTest, ExistingModeDoesNotCreateAMistypedDatabase) {
  const std::string path = ::testing::TempDir() + "/no_such_db_" + std::to_string(::getpid()) + ".sqlite";
  std::remove(path.c_str());
  Result<std::unique_ptr<Database>> db = Database::Open(path, OpenMode::kExisting);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kNotFound);
  EXPECT_NE(db.error().message.find(path), std::string::npos);
  EXPECT_NE(::access(path.c_str(), F_OK), 0) << "kExisting created " << path;
}

}  // namespace
}  // namespace dmboot::nf

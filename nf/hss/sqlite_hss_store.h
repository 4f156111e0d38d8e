#ifndef DMBOOT_NF_HSS_SQLITE_HSS_STORE_H_
#define DMBOOT_NF_HSS_SQLITE_HSS_STORE_H_

// The HssStore on SQLite (nf/common/database.h: WAL, synchronous=FULL).

#include <memory>
#include <mutex>
#include <string>

#include "nf/common/database.h"
#include "nf/hss/hss_store.h"

namespace dmboot::nf::hss {

// SqliteHssStore is the HssStore on a nf::Database (table `subscribers`, see the implementation
// notes in docs/network-functions.md).
class SqliteHssStore final : public HssStore {
 public:
  // Open opens `path` (":memory:" for tests; created only under OpenMode::kCreate) and creates
  // the schema.
  static Result<std::unique_ptr<SqliteHssStore>> Open(const std::string& path,
                                                      OpenMode mode = OpenMode::kCreate);

  Result<std::vector<Result<void>>> InsertBatch(const std::vector<SubscriberRecord>& records) override;
  Result<std::vector<SubscriberInfo>> List() override;
  Result<SubscriberRecord> Find(IdentityKind kind, const std::string& id) override;
  Result<bool> CompareAndSetSqnState(const std::string& imsi, const std::array<uint8_t, 7>& expected,
                                     const std::array<uint8_t, 7>& next) override;

 private:
  explicit SqliteHssStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  std::mutex mutex_;
  std::unique_ptr<Database> db_;
};

}  // namespace dmboot::nf::hss

#endif  // DMBOOT_NF_HSS_SQLITE_HSS_STORE_H_

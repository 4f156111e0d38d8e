#ifndef DMBOOT_NF_BSF_SQLITE_BSF_STORE_H_
#define DMBOOT_NF_BSF_SQLITE_BSF_STORE_H_

// The BsfStore on SQLite (nf/common/database.h: WAL, synchronous=FULL).

#include <memory>
#include <mutex>
#include <string>

#include "nf/bsf/bsf_store.h"
#include "nf/common/database.h"

namespace dmboot::nf::bsf {

// SqliteBsfStore is the BsfStore on a nf::Database (table `push_records`).
class SqliteBsfStore final : public BsfStore {
 public:
  static Result<std::unique_ptr<SqliteBsfStore>> Open(const std::string& path,
                                                      OpenMode mode = OpenMode::kCreate);
  Result<void> Record(const PushRecord& record) override;
  Result<PushRecord> Find(const std::vector<uint8_t>& p_tid) override;

 private:
  explicit SqliteBsfStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  std::mutex mutex_;
  std::unique_ptr<Database> db_;
};

}  // namespace dmboot::nf::bsf

#endif  // DMBOOT_NF_BSF_SQLITE_BSF_STORE_H_

#include "nf/dms/job_store.h"

#include "nf/dms/sqlite_job_store.h"

namespace dmboot::nf::dms {

// A new backend is one file (its JobStore) and one case here.
Result<std::unique_ptr<JobStore>> OpenJobStore(std::string_view url, OpenMode mode) {
  Result<StoreUrl> parsed = ParseStoreUrl(url);
  if (!parsed) {
    return parsed.error();
  }
  switch (parsed->backend) {
    case StoreBackend::kSqlite: {
      Result<std::unique_ptr<SqliteJobStore>> store = SqliteJobStore::Open(parsed->path, mode);
      if (!store) {
        return store.error();
      }
      return std::unique_ptr<JobStore>(std::move(*store));
    }
  }
  return Fail(ErrorCode::kUnsupported, "store '" + std::string(url) + "': no such backend");
}

}  // namespace dmboot::nf::dms

#include "nf/hss/hss_store.h"

#include "nf/hss/sqlite_hss_store.h"

namespace dmboot::nf::hss {

// A new backend is one file (its HssStore) and one case here.
Result<std::unique_ptr<HssStore>> OpenHssStore(std::string_view url, OpenMode mode) {
  Result<StoreUrl> parsed = ParseStoreUrl(url);
  if (!parsed) {
    return parsed.error();
  }
  switch (parsed->backend) {
    case StoreBackend::kSqlite: {
      Result<std::unique_ptr<SqliteHssStore>> store = SqliteHssStore::Open(parsed->path, mode);
      if (!store) {
        return store.error();
      }
      return std::unique_ptr<HssStore>(std::move(*store));
    }
  }
  return Fail(ErrorCode::kUnsupported, "store '" + std::string(url) + "': no such backend");
}

}  // namespace dmboot::nf::hss

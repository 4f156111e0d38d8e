#include "nf/bsf/bsf_store.h"

#include "nf/bsf/sqlite_bsf_store.h"

namespace dmboot::nf::bsf {

// A new backend is one file (its BsfStore) and one case here.
Result<std::unique_ptr<BsfStore>> OpenBsfStore(std::string_view url, OpenMode mode) {
  Result<StoreUrl> parsed = ParseStoreUrl(url);
  if (!parsed) {
    return parsed.error();
  }
  switch (parsed->backend) {
    case StoreBackend::kSqlite: {
      Result<std::unique_ptr<SqliteBsfStore>> store = SqliteBsfStore::Open(parsed->path, mode);
      if (!store) {
        return store.error();
      }
      return std::unique_ptr<BsfStore>(std::move(*store));
    }
  }
  return Fail(ErrorCode::kUnsupported, "store '" + std::string(url) + "': no such backend");
}

}  // namespace dmboot::nf::bsf

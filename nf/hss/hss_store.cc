#include "nf/hss/hss_store.h"

#include "nf/hss/sqlite_hss_store.h"

namespace dmboot::nf::hss {

Result<std::unique_ptr<HssStore>> OpenHssStore(std::string_view url, OpenMode mode) {
  return OpenStore<HssStore, SqliteHssStore>(url, mode);
}

}  // namespace dmboot::nf::hss

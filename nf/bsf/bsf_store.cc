#include "nf/bsf/bsf_store.h"

#include "nf/bsf/sqlite_bsf_store.h"

namespace dmboot::nf::bsf {

Result<std::unique_ptr<BsfStore>> OpenBsfStore(std::string_view url, OpenMode mode) {
  return OpenStore<BsfStore, SqliteBsfStore>(url, mode);
}

}  // namespace dmboot::nf::bsf

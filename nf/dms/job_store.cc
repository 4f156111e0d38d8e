#include "nf/dms/job_store.h"

#include "nf/dms/sqlite_job_store.h"

namespace dmboot::nf::dms {

Result<std::unique_ptr<JobStore>> OpenJobStore(std::string_view url, OpenMode mode) {
  return OpenStore<JobStore, SqliteJobStore>(url, mode);
}

}  // namespace dmboot::nf::dms

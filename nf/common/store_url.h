#ifndef DMBOOT_NF_COMMON_STORE_URL_H_
#define DMBOOT_NF_COMMON_STORE_URL_H_

// Where a network function keeps its state, as one string: the `--db` flag and the `db` config
// key of the HSS, BSF and DMS. Each store interface has a factory (OpenHssStore, OpenBsfStore,
// OpenJobStore) that reads it and opens the backend's implementation.
//   sqlite:PATH      an SQLite file (WAL, synchronous=FULL); sqlite::memory: for tests
//   PATH             the same as sqlite:PATH (a path without a scheme)
//   postgresql://…   the PostgreSQL backend (issue #14); refused until it exists

#include <string>
#include <string_view>

#include "dmboot/core/result.h"

namespace dmboot::nf {

enum class StoreBackend { kSqlite };

struct StoreUrl {
  StoreBackend backend = StoreBackend::kSqlite;
  std::string path;  // kSqlite: the file, or ":memory:"
};

// OpenMode says whether opening a store may create it. kExisting is for commands that only read
// (`hss list`): a mistyped path is an error, not a new empty database.
enum class OpenMode { kCreate, kExisting };

// ParseStoreUrl reads `url`, or fails with kInvalidArgument naming it (an empty path, an unknown
// scheme) or kUnsupported (a backend this build does not have).
Result<StoreUrl> ParseStoreUrl(std::string_view url);

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_COMMON_STORE_URL_H_

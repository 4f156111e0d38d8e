#ifndef DMBOOT_NF_COMMON_STORE_URL_H_
#define DMBOOT_NF_COMMON_STORE_URL_H_

// Where a network function keeps its state, as one string: the `--db` flag and the `db` config
// key of the HSS, BSF and DMS. Each store interface has a factory (OpenHssStore, OpenBsfStore,
// OpenJobStore) that reads it and opens the backend's implementation.
//   sqlite:PATH      an SQLite file (WAL, synchronous=FULL); sqlite::memory: for tests
//   PATH             the same as sqlite:PATH (a path without a scheme)
//   postgresql://…   the PostgreSQL backend (issue #14); refused until it exists

#include <memory>
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

// OpenStore is every store factory (OpenHssStore, OpenBsfStore, OpenJobStore): it opens the backend
// `url` names through that backend's `Open(path, mode)`. A new backend is its class per store and
// one more case (and type parameter) here.
template <typename Interface, typename SqliteBackend>
Result<std::unique_ptr<Interface>> OpenStore(std::string_view url, OpenMode mode) {
  Result<StoreUrl> parsed = ParseStoreUrl(url);
  if (!parsed) {
    return parsed.error();
  }
  switch (parsed->backend) {
    case StoreBackend::kSqlite: {
      auto store = SqliteBackend::Open(parsed->path, mode);
      if (!store) {
        return store.error();
      }
      return std::unique_ptr<Interface>(std::move(*store));
    }
  }
  return Fail(ErrorCode::kUnsupported, "store '" + std::string(url) + "': no such backend");
}

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_COMMON_STORE_URL_H_

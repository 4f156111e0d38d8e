#include "nf/common/store_url.h"

namespace dmboot::nf {

Result<StoreUrl> ParseStoreUrl(std::string_view url) {
  constexpr std::string_view kSqlite = "sqlite:";
  const std::string quoted = "store '" + std::string(url) + "'";
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return Fail(ErrorCode::kUnsupported,
                quoted + ": this build has no PostgreSQL backend yet; use sqlite:PATH");
  }
  std::string_view path = url;
  if (url.rfind(kSqlite, 0) == 0) {
    path = url.substr(kSqlite.size());
  } else if (const size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument,
                quoted + ": unknown scheme '" + std::string(url.substr(0, scheme)) +
                    "'; expected sqlite:PATH or a file path");
  }
  if (path.empty()) {
    return Fail(ErrorCode::kInvalidArgument, quoted + ": no database path");
  }
  return StoreUrl{StoreBackend::kSqlite, std::string(path)};
}

}  // namespace dmboot::nf

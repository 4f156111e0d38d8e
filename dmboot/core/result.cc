#include "dmboot/core/result.h"

#include <cstdio>

namespace dmboot {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kMalformed:
      return "malformed";
    case ErrorCode::kTruncated:
      return "truncated";
    case ErrorCode::kLimitExceeded:
      return "limit exceeded";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kAuthenticationFailed:
      return "authentication failed";
    case ErrorCode::kRefused:
      return "refused";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kIo:
      return "i/o error";
    case ErrorCode::kInternal:
      return "internal error";
  }
  return "unknown";
}

namespace internal {

void CheckFailed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "dmboot: check failed: %s at %s:%d\n", condition, file, line);
  std::abort();
}

}  // namespace internal
}  // namespace dmboot

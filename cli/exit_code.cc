#include "cli/exit_code.h"

#include <cstdio>
#include <string>

namespace dmboot::cli {

int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kAuthenticationFailed:
      return kExitVerificationFailed;
    case ErrorCode::kInvalidArgument:
      return kExitUsage;
    case ErrorCode::kMalformed:
    case ErrorCode::kTruncated:
    case ErrorCode::kLimitExceeded:
      return kExitMalformedInput;
    case ErrorCode::kUnsupported:
      return kExitUnsupported;
    case ErrorCode::kRefused:
      return kExitRefused;
    case ErrorCode::kNotFound:
      return kExitNotFound;
    case ErrorCode::kIo:
      return kExitIo;
    case ErrorCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

int ReportError(const Error& error) {
  std::string line = error.message;
  for (char& c : line) {
    if (c == '\n' || c == '\r') {
      c = ' ';  // one line, always
    }
  }
  std::fprintf(stderr, "dmboot: %s: %s\n", std::string(ErrorCodeName(error.code)).c_str(),
               line.c_str());
  return ExitCodeFor(error.code);
}

}  // namespace dmboot::cli

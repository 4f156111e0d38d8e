#ifndef DMBOOT_CLI_EXIT_CODE_H_
#define DMBOOT_CLI_EXIT_CODE_H_

#include "dmboot/core/result.h"

namespace dmboot::cli {

// Exit codes of every `dmboot` subcommand (docs/cli.md):
inline constexpr int kExitOk = 0;
inline constexpr int kExitVerificationFailed = 1;  // kAuthenticationFailed
inline constexpr int kExitUsage = 2;               // bad flags, kInvalidArgument
inline constexpr int kExitMalformedInput = 3;      // kMalformed, kTruncated, kLimitExceeded
inline constexpr int kExitUnsupported = 4;         // kUnsupported, a subcommand not built yet
inline constexpr int kExitRefused = 5;             // kRefused (a policy said no)
inline constexpr int kExitNotFound = 6;            // kNotFound
inline constexpr int kExitIo = 7;                  // kIo
inline constexpr int kExitInternal = 70;           // kInternal (sysexits EX_SOFTWARE)

// ExitCodeFor is the one map from error kinds to exit codes.
int ExitCodeFor(ErrorCode code);

// ReportError prints `error` as one line on stderr ("dmboot: <kind>: <message>") and returns its
// exit code.
int ReportError(const Error& error);

}  // namespace dmboot::cli

#endif  // DMBOOT_CLI_EXIT_CODE_H_

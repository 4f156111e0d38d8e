#ifndef DMBOOT_NF_COMMON_LOG_H_
#define DMBOOT_NF_COMMON_LOG_H_

#include <string_view>

namespace dmboot::nf {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// SetLogLevel sets the lowest level written (default kInfo).
void SetLogLevel(LogLevel level);

// Log writes one line to stderr: "<UTC time> <component> <LEVEL> <message>". Messages are built
// by dmboot code only from non-secret values: identities (IMEI, MSISDN, P-TID), states, error
// kinds; never a key, a PIN, a RAND-derived key or an IMSI-derived key (a test scans the logs).
void Log(LogLevel level, std::string_view component, std::string_view message);

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_COMMON_LOG_H_

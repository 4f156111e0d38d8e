#ifndef DMBOOT_CLI_IO_H_
#define DMBOOT_CLI_IO_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot::cli {

// ReadInput returns the bytes of the file `path`, or of stdin when `path` is "-". Inputs larger
// than `max_len` fail with kLimitExceeded before they are fully buffered.
Result<std::vector<uint8_t>> ReadInput(const std::string& path, size_t max_len = 16u << 20);

// WriteOutput writes `bytes` to stdout when `path` is "-" or empty, else to the file `path`
// through a temporary file and a rename, so a failure never leaves a partial file behind.
Result<void> WriteOutput(const std::string& path, std::span<const uint8_t> bytes);

// WriteText is WriteOutput for text.
Result<void> WriteText(const std::string& path, const std::string& text);

}  // namespace dmboot::cli

#endif  // DMBOOT_CLI_IO_H_

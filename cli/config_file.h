#ifndef DMBOOT_CLI_CONFIG_FILE_H_
#define DMBOOT_CLI_CONFIG_FILE_H_

#include <string>
#include <vector>

#include "cli/io.h"
#include "dmboot/core/result.h"
#include "nf/common/http.h"

namespace dmboot::cli {

// ReadConfigObject reads a server's --config: the JSON object in the file `path` (1 MiB at
// most); anything else fails with kMalformed naming the file.
inline Result<nf::Json> ReadConfigObject(const std::string& path) {
  Result<std::vector<uint8_t>> bytes = ReadInput(path, 1u << 20);
  if (!bytes) {
    return bytes.error();
  }
  nf::Json config = nf::Json::parse(bytes->begin(), bytes->end(), nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    return Fail(ErrorCode::kMalformed, "--config: " + path + " is not a JSON object");
  }
  return config;
}

}  // namespace dmboot::cli

#endif  // DMBOOT_CLI_CONFIG_FILE_H_

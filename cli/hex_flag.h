#ifndef DMBOOT_CLI_HEX_FLAG_H_
#define DMBOOT_CLI_HEX_FLAG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/hex.h"
#include "dmboot/core/result.h"

namespace dmboot::cli {

// HexFlag decodes the value of the hex flag `flag` (e.g. "--k"): the one way every hex flag of
// the CLI is read. Errors are kInvalidArgument and name the flag and what is wrong ("--k: not
// hex (...)", "--k: odd number of hex digits (...)"), never the value, which may be a key.
inline Result<std::vector<uint8_t>> HexFlag(std::string_view flag, std::string_view hex) {
  Result<std::vector<uint8_t>> bytes = HexDecode(hex);
  if (!bytes) {
    return Fail(ErrorCode::kInvalidArgument, std::string(flag) + ": " + bytes.error().message);
  }
  return bytes;
}

}  // namespace dmboot::cli

#endif  // DMBOOT_CLI_HEX_FLAG_H_

#ifndef DMBOOT_CLI_CONFIG_FILE_H_
#define DMBOOT_CLI_CONFIG_FILE_H_

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cli/io.h"
#include "dmboot/core/result.h"
#include "nf/common/http.h"

namespace dmboot::cli {

// LineAndColumn gives the 1-based line and column of the byte at `offset` of `text` (an offset
// past the end is the position after the last byte).
inline std::pair<size_t, size_t> LineAndColumn(std::span<const uint8_t> text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

// JsonSyntaxReason is the reason of an nlohmann parse error without its prefix and without the
// "last read" token, which may hold a piece of a key in a device config: "syntax error while
// parsing object - unexpected '}'; expected string literal".
inline std::string JsonSyntaxReason(const std::string& what) {
  std::string reason = what;
  const size_t colon = reason.find(": ");  // after "[json.exception.parse_error.101] parse error at ..."
  if (colon != std::string::npos) {
    reason = reason.substr(colon + 2);
  }
  const size_t last_read = reason.find("; last read:");
  if (last_read != std::string::npos) {
    reason.resize(last_read);
  }
  return reason;
}

// ParseConfigObject parses `text`, the contents of the server config file `path`, as a JSON
// object. A syntax error fails with kMalformed naming the file, the line and the column
// ("--config: hss.json:3:14: not valid JSON (...)"); valid JSON that is not an object names
// what it is instead.
inline Result<nf::Json> ParseConfigObject(const std::string& path, std::span<const uint8_t> text) {
  nf::Json config;
  try {
    config = nf::Json::parse(text.begin(), text.end());
  } catch (const nf::Json::parse_error& e) {
    // e.byte counts the bytes read, the offending one included.
    const auto [line, column] = LineAndColumn(text, e.byte == 0 ? 0 : e.byte - 1);
    return Fail(ErrorCode::kMalformed, "--config: " + path + ":" + std::to_string(line) + ":" +
                                           std::to_string(column) + ": not valid JSON (" +
                                           JsonSyntaxReason(e.what()) + ")");
  } catch (const nf::Json::exception&) {
    return Fail(ErrorCode::kMalformed, "--config: " + path + ": not valid JSON");
  }
  if (!config.is_object()) {
    return Fail(ErrorCode::kMalformed, "--config: " + path + " holds a JSON " +
                                           std::string(config.type_name()) +
                                           ", not an object {...}");
  }
  return config;
}

// ReadConfigObject reads a server's --config: the JSON object in the file `path` (`max_len`
// bytes at most), with ParseConfigObject's errors.
inline Result<nf::Json> ReadConfigObject(const std::string& path, size_t max_len = 1u << 20) {
  Result<std::vector<uint8_t>> bytes = ReadInput(path, max_len);
  if (!bytes) {
    return bytes.error();
  }
  return ParseConfigObject(path, *bytes);
}

}  // namespace dmboot::cli

#endif  // DMBOOT_CLI_CONFIG_FILE_H_

#include "cli/io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace dmboot::cli {
namespace {

Error IoError(const std::string& what, const std::string& path) {
  return Fail(ErrorCode::kIo, what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

Result<std::vector<uint8_t>> ReadInput(const std::string& path, size_t max_len) {
  FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return IoError("cannot open", path);
  }
  std::vector<uint8_t> out;
  uint8_t buf[16384];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (out.size() + n > max_len) {
      if (f != stdin) {
        std::fclose(f);
      }
      return Fail(ErrorCode::kLimitExceeded,
                  "input " + path + " is larger than " + std::to_string(max_len) + " bytes");
    }
    out.insert(out.end(), buf, buf + n);
  }
  const bool failed = std::ferror(f) != 0;
  if (f != stdin) {
    std::fclose(f);
  }
  if (failed) {
    return IoError("cannot read", path);
  }
  return out;
}

Result<void> WriteOutput(const std::string& path, std::span<const uint8_t> bytes) {
  if (path.empty() || path == "-") {
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::fflush(stdout) != 0) {
      return IoError("cannot write", "stdout");
    }
    return Ok();
  }
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return IoError("cannot create", tmp);
  }
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!written || !flushed || !closed) {
    Error e = IoError("cannot write", tmp);
    std::remove(tmp.c_str());
    return e;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    Error e = IoError("cannot rename onto", path);
    std::remove(tmp.c_str());
    return e;
  }
  return Ok();
}

Result<void> WriteText(const std::string& path, const std::string& text) {
  return WriteOutput(path, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()),
                                                    text.size()));
}

}  // namespace dmboot::cli

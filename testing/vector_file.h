#ifndef DMBOOT_TESTING_VECTOR_FILE_H_
#define DMBOOT_TESTING_VECTOR_FILE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dmboot::testing {

// Vector is one case of a vector file: `Name = value` lines between blank lines. A value is hex,
// or a "quoted string" when the source gives text. The runner is strict (BoringSSL's FileTest
// rule): every attribute must be read, or the case fails, so a misspelt name cannot silently skip
// a check.
class Vector {
 public:
  Vector(std::string file, int line) : file_(std::move(file)), line_(line) {}

  // Bytes returns the value of `name` as bytes: hex digits, or the bytes of a quoted string.
  // A missing attribute or bad hex fails the test and returns an empty vector.
  std::vector<uint8_t> Bytes(std::string_view name);
  // Text returns the value of `name` as text, quotes removed if present.
  std::string Text(std::string_view name);
  // Has reports whether `name` is present, without consuming it.
  bool Has(std::string_view name) const { return values_.count(std::string(name)) > 0; }

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  // Where returns "file:line" of the case, for failure messages.
  std::string Where() const { return file_ + ":" + std::to_string(line_); }

  // Used by the parser.
  bool Add(const std::string& name, std::string value);
  std::vector<std::string> Unread() const;

 private:
  std::string file_;
  int line_;
  std::map<std::string, std::string> values_;
  std::set<std::string> read_;
};

// ForEachVector parses the vector file `relative_path` (from the source root) and calls `fn` once
// per case under a SCOPED_TRACE naming its file:line. It fails the test if the file is missing,
// empty, malformed, or a case leaves an attribute unread.
void ForEachVector(std::string_view relative_path, const std::function<void(Vector&)>& fn);

}  // namespace dmboot::testing

#endif  // DMBOOT_TESTING_VECTOR_FILE_H_

#include "testing/vector_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "dmboot/core/hex.h"
#include "testing/test_data.h"

namespace dmboot::testing {
namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) {
    return "";
  }
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

bool IsQuoted(const std::string& v) { return v.size() >= 2 && v.front() == '"' && v.back() == '"'; }

}  // namespace

bool Vector::Add(const std::string& name, std::string value) {
  return values_.emplace(name, std::move(value)).second;
}

std::vector<std::string> Vector::Unread() const {
  std::vector<std::string> out;
  for (const auto& [name, value] : values_) {
    if (read_.count(name) == 0) {
      out.push_back(name);
    }
  }
  return out;
}

std::string Vector::Text(std::string_view name) {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) {
    ADD_FAILURE() << Where() << ": missing attribute " << name;
    return "";
  }
  read_.insert(it->first);
  const std::string& v = it->second;
  return IsQuoted(v) ? v.substr(1, v.size() - 2) : v;
}

std::vector<uint8_t> Vector::Bytes(std::string_view name) {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) {
    ADD_FAILURE() << Where() << ": missing attribute " << name;
    return {};
  }
  read_.insert(it->first);
  const std::string& v = it->second;
  if (IsQuoted(v)) {
    return std::vector<uint8_t>(v.begin() + 1, v.end() - 1);
  }
  Result<std::vector<uint8_t>> bytes = HexDecode(v);
  if (!bytes) {
    ADD_FAILURE() << Where() << ": attribute " << name << ": " << bytes.error().message;
    return {};
  }
  return std::move(bytes).value();
}

void ForEachVector(std::string_view relative_path, const std::function<void(Vector&)>& fn) {
  const std::string path = TestDataPath(relative_path);
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "cannot open vector file " << path;
    return;
  }
  const std::string file(relative_path);
  std::vector<Vector> cases;
  bool in_case = false;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string t = Trim(line);
    if (t.empty()) {
      in_case = false;
      continue;
    }
    if (t[0] == '#') {
      continue;
    }
    size_t eq = t.find('=');
    if (eq == std::string::npos) {
      ADD_FAILURE() << file << ":" << line_no << ": expected `Name = value`";
      return;
    }
    std::string name = Trim(std::string_view(t).substr(0, eq));
    std::string value = Trim(std::string_view(t).substr(eq + 1));
    if (name.empty()) {
      ADD_FAILURE() << file << ":" << line_no << ": empty attribute name";
      return;
    }
    if (!in_case) {
      cases.emplace_back(file, line_no);
      in_case = true;
    }
    if (!cases.back().Add(name, value)) {
      ADD_FAILURE() << file << ":" << line_no << ": attribute " << name << " repeated in one case";
      return;
    }
  }
  if (cases.empty()) {
    ADD_FAILURE() << file << ": no test cases";
    return;
  }
  for (Vector& v : cases) {
    SCOPED_TRACE(v.Where());
    fn(v);
    for (const std::string& name : v.Unread()) {
      ADD_FAILURE() << v.Where() << ": attribute " << name << " was never read";
    }
  }
}

}  // namespace dmboot::testing

#include "testing/test_data.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace dmboot::testing {

std::string TestDataPath(std::string_view relative) {
  const char* root = std::getenv("DMBOOT_SOURCE_DIR");
  std::string path = root != nullptr && *root != '\0' ? root : DMBOOT_SOURCE_DIR;
  path += '/';
  path += relative;
  return path;
}

std::vector<uint8_t> ReadTestFile(std::string_view relative) {
  const std::string path = TestDataPath(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot open test data " << path;
    return {};
  }
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace dmboot::testing

#ifndef DMBOOT_TESTING_TEST_DATA_H_
#define DMBOOT_TESTING_TEST_DATA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dmboot::testing {

// TestDataPath returns the absolute path of `relative`, a slash-separated path from the source
// root (e.g. "dmboot/crypto/testdata/hmac_sha1.txt"). The root is $DMBOOT_SOURCE_DIR when set
// (ctest sets it), else the source folder the test was built from.
std::string TestDataPath(std::string_view relative);

// ReadTestFile returns the bytes of the test-data file `relative`; a missing file fails the test
// and returns an empty vector.
std::vector<uint8_t> ReadTestFile(std::string_view relative);

}  // namespace dmboot::testing

#endif  // DMBOOT_TESTING_TEST_DATA_H_

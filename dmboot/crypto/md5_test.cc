#include "dmboot/crypto/md5.h"

#include <gtest/gtest.h>

#include "testing/vector_file.h"

namespace dmboot::crypto {
namespace {

TEST(Md5Test, Rfc1321Vectors) {
  testing::ForEachVector("dmboot/crypto/testdata/md5.txt", [](testing::Vector& v) {
    const auto digest = Md5(v.Bytes("Input"));
    EXPECT_EQ(std::vector<uint8_t>(digest.begin(), digest.end()), v.Bytes("MD5"));
  });
}

}  // namespace
}  // namespace dmboot::crypto

#include "dmboot/crypto/sha.h"

#include <gtest/gtest.h>

#include "testing/vector_file.h"

namespace dmboot::crypto {
namespace {

TEST(ShaTest, Fips180Vectors) {
  testing::ForEachVector("dmboot/crypto/testdata/sha.txt", [](testing::Vector& v) {
    const std::vector<uint8_t> input = v.Bytes("Input");
    const auto sha1 = Sha1(input);
    const auto sha256 = Sha256(input);
    EXPECT_EQ(std::vector<uint8_t>(sha1.begin(), sha1.end()), v.Bytes("SHA1"));
    EXPECT_EQ(std::vector<uint8_t>(sha256.begin(), sha256.end()), v.Bytes("SHA256"));
  });
}

}  // namespace
}  // namespace dmboot::crypto

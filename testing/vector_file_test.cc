#include "testing/vector_file.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

namespace dmboot::testing {
namespace {

TEST(VectorFileTest, ReadsHexAndQuotedValues) {
  int cases = 0;
  ForEachVector("testing/testdata/example.txt", [&](Vector& v) {
    ++cases;
    EXPECT_EQ(v.Bytes("Key"), (std::vector<uint8_t>{'J', 'e', 'f', 'e'}));
    EXPECT_EQ(v.Bytes("Hex"), (std::vector<uint8_t>{0x01, 0xab}));
    EXPECT_EQ(v.Text("Error"), "truncated");
  });
  EXPECT_EQ(cases, 2);
}

TEST(VectorFileTest, UnreadAttributeFailsTheTest) {
  EXPECT_NONFATAL_FAILURE(
      ForEachVector("testing/testdata/single.txt", [](Vector& v) { (void)v.Bytes("Key"); }),
      "testing/testdata/single.txt:2: attribute Error was never read");
}

TEST(VectorFileTest, MissingAttributeNamesFileAndLine) {
  EXPECT_NONFATAL_FAILURE(ForEachVector("testing/testdata/single.txt",
                                        [](Vector& v) {
                                          (void)v.Text("Key");
                                          (void)v.Text("Error");
                                          (void)v.Text("Nope");
                                        }),
                          "testing/testdata/single.txt:2: missing attribute Nope");
}

TEST(VectorFileTest, MissingFileFails) {
  EXPECT_NONFATAL_FAILURE(ForEachVector("testing/testdata/absent.txt", [](Vector&) {}),
                          "cannot open vector file");
}

TEST(VectorFileTest, MalformedLineFails) {
  EXPECT_NONFATAL_FAILURE(ForEachVector("testing/testdata/malformed.txt", [](Vector&) {}),
                          "malformed.txt:3: expected `Name = value`");
}

}  // namespace
}  // namespace dmboot::testing

#include "dmboot/core/uintvar.h"

#include <gtest/gtest.h>

#include "testing/vector_file.h"

namespace dmboot {
namespace {

TEST(UintvarTest, Vectors) {
  testing::ForEachVector("dmboot/core/testdata/uintvar.txt", [](testing::Vector& v) {
    const std::vector<uint8_t> encoded = v.Bytes("Encoded");
    ByteReader reader(encoded);
    Result<uint32_t> value = ReadUintvar(reader);
    if (v.Has("Error")) {
      const std::string error = v.Text("Error");
      ASSERT_FALSE(value);
      EXPECT_EQ(ErrorCodeName(value.error().code), error) << value.error().message;
      return;
    }
    ASSERT_TRUE(value) << value.error().message;
    const uint32_t expected = static_cast<uint32_t>(std::stoul(v.Text("Value")));
    EXPECT_EQ(*value, expected);
    EXPECT_TRUE(reader.empty());
    if (v.Has("Minimal")) {
      ByteWriter writer;
      WriteUintvar(writer, expected);
      EXPECT_EQ(std::vector<uint8_t>(writer.bytes().begin(), writer.bytes().end()),
                v.Bytes("Minimal"));
      EXPECT_EQ(UintvarLength(expected), writer.size());
    }
  });
}

TEST(UintvarTest, RoundTripsBoundaries) {
  for (uint32_t value : {0u, 1u, 0x7fu, 0x80u, 0x3fffu, 0x4000u, 0x1fffffu, 0x200000u,
                         0xfffffffu, 0x10000000u, 0xffffffffu}) {
    ByteWriter writer;
    WriteUintvar(writer, value);
    ByteReader reader(writer.bytes());
    Result<uint32_t> back = ReadUintvar(reader);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, value);
    EXPECT_TRUE(reader.empty());
  }
}

}  // namespace
}  // namespace dmboot

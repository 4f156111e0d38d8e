#include "dmboot/core/byte_reader.h"

#include <gtest/gtest.h>

#include "dmboot/core/byte_writer.h"

namespace dmboot {
namespace {

TEST(ByteReaderTest, ReadsInOrder) {
  const std::vector<uint8_t> in = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 'h', 'i', 0x00, 0xee};
  ByteReader r(in);
  EXPECT_EQ(*r.ReadU8(), 0x01);
  EXPECT_EQ(*r.ReadBe16(), 0x0203);
  EXPECT_EQ(*r.ReadBe32(), 0x04050607u);
  EXPECT_EQ(*r.ReadCString(), "hi");
  EXPECT_EQ(r.offset(), 10u);
  EXPECT_EQ(*r.PeekU8(), 0xee);
  EXPECT_EQ(r.remaining(), 1u);
  EXPECT_EQ(r.ReadRest().size(), 1u);
  EXPECT_TRUE(r.empty());
}

TEST(ByteReaderTest, FailedReadDoesNotMoveAndNamesOffset) {
  const std::vector<uint8_t> in = {0xaa, 0xbb, 0xcc};
  ByteReader r(in);
  ASSERT_TRUE(r.ReadU8());
  Result<uint32_t> v = r.ReadBe32();
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::kTruncated);
  EXPECT_EQ(v.error().message, "expected 4 byte(s) at offset 1, found 2");
  EXPECT_EQ(r.offset(), 1u);
  EXPECT_FALSE(r.ReadBytes(3));
  EXPECT_FALSE(r.Skip(3));
  EXPECT_TRUE(r.Skip(2));
  EXPECT_FALSE(r.ReadU8());
  EXPECT_FALSE(r.PeekU8());
  EXPECT_FALSE(r.ReadBe16());
}

TEST(ByteReaderTest, HugeDeclaredLengthFailsWithoutAllocating) {
  const std::vector<uint8_t> in = {1, 2, 3};
  ByteReader r(in);
  Result<std::vector<uint8_t>> copy = r.ReadCopy(SIZE_MAX);
  ASSERT_FALSE(copy);
  EXPECT_EQ(copy.error().code, ErrorCode::kTruncated);
}

TEST(ByteReaderTest, UnterminatedStringIsTruncated) {
  const std::vector<uint8_t> in = {'a', 'b'};
  ByteReader r(in);
  Result<std::string> s = r.ReadCString();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kTruncated);
  EXPECT_EQ(r.offset(), 0u);
}

TEST(ByteWriterTest, MirrorsTheReader) {
  ByteWriter w;
  w.WriteU8(0x01);
  w.WriteBe16(0x0203);
  w.WriteBe32(0x04050607);
  w.WriteCString("hi");
  w.WriteText("xy");
  std::vector<uint8_t> out = w.Take();
  EXPECT_EQ(out, (std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 'h', 'i', 0, 'x', 'y'}));
  EXPECT_EQ(w.size(), 0u);
}

// SetBits sets flags in a byte already written (WBXML's tag content bit) and nothing past the end.
TEST(ByteWriterTest, SetBitsChangesOnlyThatByte) {
  ByteWriter w;
  w.WriteU8(0x05);
  w.WriteU8(0x80);
  w.SetBits(0, 0x40);
  w.SetBits(1, 0x01);
  EXPECT_EQ(w.Take(), (std::vector<uint8_t>{0x45, 0x81}));
  EXPECT_DEATH(w.SetBits(0, 0x40), "check failed");
}

}  // namespace
}  // namespace dmboot

#include "dmboot/gba/sqn.h"

#include <set>

#include <gtest/gtest.h>

#include "dmboot/gba/test_util.h"

namespace dmboot::gba {
namespace {

using test::HexOf;
using test::MakeHex;

TEST(SqnTest, SeqIndSplitUsesFiveBitIndAnd43BitSeq) {
  const Sqn sqn = MakeHex<Sqn>("ff9bb4d0b607");
  EXPECT_EQ(SqnToInt(sqn), 0xff9bb4d0b607u);
  EXPECT_EQ(IndOf(sqn), 0x07u);                 // low 5 bits of 0x07
  EXPECT_EQ(SeqOf(sqn), 0xff9bb4d0b607u >> 5);  // the other 43
  EXPECT_EQ(MakeSqn(SeqOf(sqn), IndOf(sqn)), sqn);
  EXPECT_EQ(HexOf(MakeSqn(kSeqMax, 31).bytes), "ffffffffffff");
  EXPECT_EQ(HexOf(MakeSqn(1, 0).bytes), "000000000020");
  EXPECT_EQ(HexOf(MakeSqn(0, 31).bytes), "00000000001f");
  EXPECT_EQ(kSeqMax, 0x7ffffffffffu);
}

TEST(SqnGeneratorTest, FirstValuesAndIndCycling) {
  SqnGenerator gen;
  for (uint64_t i = 1; i <= 70; ++i) {
    Result<Sqn> sqn = gen.Next();
    ASSERT_TRUE(sqn.has_value());
    EXPECT_EQ(SeqOf(*sqn), i);
    EXPECT_EQ(IndOf(*sqn), (i - 1) % 32);  // IND cycles 0..31, then 0 again
  }
  EXPECT_EQ(gen.state().seq_he, 70u);
  EXPECT_EQ(gen.state().next_ind, 70u % 32);
}

TEST(SqnGeneratorTest, NeverIssuesAValueTwiceAcrossRestore) {
  SqnGenerator gen;
  std::set<uint64_t> seen;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(seen.insert(SqnToInt(*gen.Next())).second);
  }
  // Persist and restore, as an HSS does before releasing a vector.
  Result<SqnGenerator> restored = SqnGenerator::Deserialize(gen.Serialize());
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->state(), gen.state());
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(seen.insert(SqnToInt(*restored->Next())).second);
  }
}

// TS 33.102 §6.3.5: a resync sets SQN_HE to SQN_MS, both up and down, so the next SEQ is
// SEQ_MS + 1.
TEST(SqnGeneratorTest, ResyncSetsSeqHeToSeqMs) {
  SqnGenerator gen;
  gen.Resync(MakeSqn(1000, 17));
  EXPECT_EQ(SeqOf(*gen.Next()), 1001u);
  Result<SqnGenerator> far = SqnGenerator::Restore({kSeqMax - 10, 4});
  ASSERT_TRUE(far.has_value());
  far->Resync(MakeSqn(5, 3));
  EXPECT_EQ(far->state().seq_he, 5u);
  EXPECT_EQ(SeqOf(*far->Next()), 6u);
}

TEST(SqnGeneratorTest, RefusesToWrap) {
  Result<SqnGenerator> gen = SqnGenerator::Restore({kSeqMax - 1, 31});
  ASSERT_TRUE(gen.has_value());
  Result<Sqn> last = gen->Next();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(HexOf(last->bytes), "ffffffffffff");
  Result<Sqn> wrapped = gen->Next();
  ASSERT_FALSE(wrapped.has_value());
  EXPECT_EQ(wrapped.error().code, ErrorCode::kLimitExceeded);
}

TEST(SqnGeneratorTest, RestoreValidatesState) {
  EXPECT_FALSE(SqnGenerator::Restore({kSeqMax + 1, 0}).has_value());
  EXPECT_FALSE(SqnGenerator::Restore({0, 32}).has_value());
  const std::vector<uint8_t> short_state(6, 0);
  EXPECT_EQ(SqnGenerator::Deserialize(short_state).error().code, ErrorCode::kMalformed);
  const std::vector<uint8_t> bad_ind = {0, 0, 0, 0, 0, 1, 32};
  EXPECT_EQ(SqnGenerator::Deserialize(bad_ind).error().code, ErrorCode::kMalformed);
  const std::vector<uint8_t> seq_too_big = {0x08, 0, 0, 0, 0, 0, 0};  // 2^43
  EXPECT_EQ(SqnGenerator::Deserialize(seq_too_big).error().code, ErrorCode::kMalformed);
  const std::vector<uint8_t> ok = {0x07, 0xff, 0xff, 0xff, 0xff, 0xff, 31};
  ASSERT_TRUE(SqnGenerator::Deserialize(ok).has_value());
}

TEST(SqnArrayTest, FreshnessPerIndSlot) {
  SqnArray usim;
  EXPECT_FALSE(usim.IsFresh(MakeSqn(0, 0)));  // SEQ must be > SEQ_MS(IND) = 0
  EXPECT_TRUE(usim.IsFresh(MakeSqn(1, 0)));
  usim.Accept(MakeSqn(1, 0));
  EXPECT_FALSE(usim.IsFresh(MakeSqn(1, 0)));  // replay
  // Out-of-order delivery within the IND cycle is accepted: slot 5 has never been used.
  usim.Accept(MakeSqn(10, 9));
  EXPECT_TRUE(usim.IsFresh(MakeSqn(6, 5)));
  usim.Accept(MakeSqn(6, 5));
  EXPECT_FALSE(usim.IsFresh(MakeSqn(6, 5)));
  EXPECT_FALSE(usim.IsFresh(MakeSqn(4, 5)));  // lower than SEQ_MS(5)
  EXPECT_EQ(usim.seq_ms(5), 6u);
  EXPECT_EQ(usim.sqn_ms(), MakeSqn(10, 9));  // the highest accepted, not the last
}

TEST(SqnArrayTest, DeltaLimit) {
  SqnArray usim(SqnPolicy{uint64_t{1} << 28, std::nullopt});
  usim.Accept(MakeSqn(100, 0));
  EXPECT_TRUE(usim.IsFresh(MakeSqn(100 + (uint64_t{1} << 28), 1)));       // exactly Δ ahead
  EXPECT_FALSE(usim.IsFresh(MakeSqn(100 + (uint64_t{1} << 28) + 1, 1)));  // Δ + 1 ahead
  SqnArray no_delta(SqnPolicy{std::nullopt, std::nullopt});
  no_delta.Accept(MakeSqn(100, 0));
  EXPECT_TRUE(no_delta.IsFresh(MakeSqn(kSeqMax, 1)));
}

TEST(SqnArrayTest, AgeLimit) {
  SqnArray usim(SqnPolicy{std::nullopt, 32});
  usim.Accept(MakeSqn(1000, 0));
  EXPECT_TRUE(usim.IsFresh(MakeSqn(1000 - 31, 7)));   // 31 below the highest: young enough
  EXPECT_FALSE(usim.IsFresh(MakeSqn(1000 - 32, 7)));  // L = 32 below: too old
  EXPECT_TRUE(usim.IsFresh(MakeSqn(1000, 3)));        // same SEQ, other slot: age 0
}

TEST(SqnArrayTest, WrapEdge) {
  SqnArray usim(SqnPolicy{std::nullopt, std::nullopt});
  usim.Accept(MakeSqn(kSeqMax, 31));
  EXPECT_EQ(HexOf(usim.sqn_ms().bytes), "ffffffffffff");
  // Nothing wraps around to look fresh again.
  EXPECT_FALSE(usim.IsFresh(MakeSqn(0, 31)));
  EXPECT_FALSE(usim.IsFresh(MakeSqn(kSeqMax, 31)));
  EXPECT_TRUE(usim.IsFresh(MakeSqn(kSeqMax, 30)));  // another slot, same SEQ
}

TEST(SqnArrayTest, SerializeRoundTripAndValidation) {
  SqnArray usim;
  usim.Accept(MakeSqn(10, 9));
  usim.Accept(MakeSqn(6, 5));
  const std::vector<uint8_t> bytes = usim.Serialize();
  ASSERT_EQ(bytes.size(), SqnArray::kSerializedLength);
  Result<SqnArray> back = SqnArray::Deserialize(bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->Serialize(), bytes);
  EXPECT_EQ(back->sqn_ms(), MakeSqn(10, 9));
  EXPECT_FALSE(back->IsFresh(MakeSqn(6, 5)));
  EXPECT_TRUE(SqnArray::Deserialize(SqnArray().Serialize()).has_value());

  EXPECT_EQ(SqnArray::Deserialize(std::span<const uint8_t>(bytes).first(197)).error().code,
            ErrorCode::kMalformed);
  std::vector<uint8_t> bad = bytes;
  bad[6 * 32 + 5] ^= 0x01;  // SQN_MS now names slot 8, whose SEQ_MS is 0
  EXPECT_EQ(SqnArray::Deserialize(bad).error().code, ErrorCode::kMalformed);
  bad = bytes;
  bad[6 * 3] = 0xff;  // SEQ_MS(3) over 43 bits
  EXPECT_EQ(SqnArray::Deserialize(bad).error().code, ErrorCode::kMalformed);
}

// The generator and the array together: a batch of vectors used out of order within one IND
// cycle is accepted; the generator's values always pass a USIM that saw only earlier ones.
TEST(SqnTest, GeneratorAndArrayAgree) {
  SqnGenerator gen;
  SqnArray usim;
  std::vector<Sqn> batch;
  for (int i = 0; i < 32; ++i) {
    batch.push_back(*gen.Next());
  }
  for (auto it = batch.rbegin(); it != batch.rend(); ++it) {  // reverse order
    ASSERT_TRUE(usim.IsFresh(*it)) << HexOf(it->bytes);
    usim.Accept(*it);
  }
  for (const Sqn& sqn : batch) {
    EXPECT_FALSE(usim.IsFresh(sqn));
  }
  for (int i = 0; i < 200; ++i) {
    const Sqn sqn = *gen.Next();
    ASSERT_TRUE(usim.IsFresh(sqn));
    usim.Accept(sqn);
  }
}

}  // namespace
}  // namespace dmboot::gba

#include "dmboot/gba/usim.h"

#include <gtest/gtest.h>

#include "dmboot/gba/test_util.h"

namespace dmboot::gba {
namespace {

using test::HexOf;
using test::MakeHex;

SubscriberKeys Set1Keys() {
  return SubscriberKeys{MakeHex<K>("465b5ce8b199b49faa5f0a2ee238a6bc"),
                        MakeHex<Opc>("cd63cb71954a9f4e48a5994e37a02baf")};
}

Rand RandOf(uint8_t seed) {
  Rand r;
  for (size_t i = 0; i < r.bytes.size(); ++i) {
    r.bytes[i] = static_cast<uint8_t>(seed * 31 + i);
  }
  return r;
}

const Amf kGbaAmf = MakeHex<Amf>("0000");

TEST(UsimTest, AuthenticateSet1) {
  Usim usim = Usim::Create(Set1Keys(), UsimConfig{SqnPolicy{std::nullopt, std::nullopt}, {}});
  Result<AkaResponse> r = usim.Authenticate(MakeHex<Rand>("23553cbe9637a89d218ae64dae47bf35"),
                                            MakeHex<Autn>("55f328b43577b9b94a9ffac354dfafb3"));
  ASSERT_TRUE(r.has_value());
  const AkaSuccess* ok = std::get_if<AkaSuccess>(&*r);
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(HexOf(ok->res.Reveal()), "a54211d5e3ba50bf");
  EXPECT_EQ(HexOf(ok->ck.Reveal()), "b40ba9a3c58b2a05bbf0d987b21bf8cb");
  EXPECT_EQ(HexOf(ok->ik.Reveal()), "f769bcd751044604127672711c6d3441");
  EXPECT_EQ(HexOf(usim.sqn_array().sqn_ms().bytes), "ff9bb4d0b607");
}

TEST(UsimTest, EveryAutnBitFlipIsRejectedWithoutStateChange) {
  const Milenage hss = Milenage::Create(Set1Keys());
  Usim usim = Usim::Create(Set1Keys());
  const Rand rand = RandOf(1);
  const AuthVector av = GenerateAuthVector(hss, rand, MakeSqn(1, 0), kGbaAmf);
  for (size_t bit = 0; bit < 128; ++bit) {
    Autn bad = av.autn;
    bad.bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    Result<AkaResponse> r = usim.Authenticate(rand, bad);
    ASSERT_FALSE(r.has_value()) << "bit " << bit;
    EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
    EXPECT_EQ(r.error().message, "verification failed");
  }
  Rand other = rand;
  other.bytes[15] ^= 0x80;
  EXPECT_EQ(usim.Authenticate(other, av.autn).error().code, ErrorCode::kAuthenticationFailed);
  // None of the failures touched the SQN array: the genuine AUTN still passes.
  EXPECT_EQ(SqnToInt(usim.sqn_array().sqn_ms()), 0u);
  Result<AkaResponse> good = usim.Authenticate(rand, av.autn);
  ASSERT_TRUE(good.has_value());
  EXPECT_TRUE(std::holds_alternative<AkaSuccess>(*good));
}

// Desync then resync, end to end: the USIM is ahead of the HSS; the AUTS carries SQN_MS; the HSS
// verifies it with f1* and AMF* = 0000, moves SEQ_HE, and the next vector is accepted.
TEST(UsimTest, DesyncThenResync) {
  const Milenage hss = Milenage::Create(Set1Keys());
  Usim usim = Usim::Create(Set1Keys());
  // The USIM has already used SEQ 500 (e.g. an HSS restored from an old backup).
  SqnGenerator ahead = *SqnGenerator::Restore({499, 4});
  const Sqn used = *ahead.Next();
  ASSERT_TRUE(std::holds_alternative<AkaSuccess>(
      *usim.Authenticate(RandOf(2), GenerateAuthVector(hss, RandOf(2), used, kGbaAmf).autn)));

  SqnGenerator gen = *SqnGenerator::Restore({10, 0});
  const Rand rand = RandOf(3);
  const AuthVector stale = GenerateAuthVector(hss, rand, *gen.Next(), kGbaAmf);
  Result<AkaResponse> r = usim.Authenticate(rand, stale.autn);
  ASSERT_TRUE(r.has_value());
  const SyncFailure* sync = std::get_if<SyncFailure>(&*r);
  ASSERT_NE(sync, nullptr);

  Result<Sqn> sqn_ms = VerifyAuts(hss, rand, sync->auts);
  ASSERT_TRUE(sqn_ms.has_value());
  EXPECT_EQ(*sqn_ms, used);
  EXPECT_EQ(VerifyAuts(hss, RandOf(4), sync->auts).error().code,
            ErrorCode::kAuthenticationFailed);  // AUTS is bound to its RAND
  gen.Resync(*sqn_ms);
  const Sqn next = *gen.Next();
  EXPECT_EQ(SeqOf(next), 501u);
  Result<AkaResponse> again =
      usim.Authenticate(RandOf(5), GenerateAuthVector(hss, RandOf(5), next, kGbaAmf).autn);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(std::holds_alternative<AkaSuccess>(*again));
}

TEST(UsimTest, ReplayedAutnIsASyncFailure) {
  const Milenage hss = Milenage::Create(Set1Keys());
  Usim usim = Usim::Create(Set1Keys());
  const AuthVector av = GenerateAuthVector(hss, RandOf(6), MakeSqn(7, 7), kGbaAmf);
  ASSERT_TRUE(std::holds_alternative<AkaSuccess>(*usim.Authenticate(av.rand, av.autn)));
  Result<AkaResponse> replay = usim.Authenticate(av.rand, av.autn);
  ASSERT_TRUE(replay.has_value());
  EXPECT_TRUE(std::holds_alternative<SyncFailure>(*replay));
}

TEST(UsimTest, SqnStateSurvivesARestart) {
  const Milenage hss = Milenage::Create(Set1Keys());
  Usim usim = Usim::Create(Set1Keys());
  const AuthVector av = GenerateAuthVector(hss, RandOf(12), MakeSqn(40, 7), kGbaAmf);
  ASSERT_TRUE(std::holds_alternative<AkaSuccess>(*usim.Authenticate(av.rand, av.autn)));
  Usim rebooted = Usim::Create(Set1Keys());
  ASSERT_TRUE(rebooted.RestoreSqnState(usim.sqn_array().Serialize()).has_value());
  Result<AkaResponse> replay = rebooted.Authenticate(av.rand, av.autn);
  ASSERT_TRUE(replay.has_value());
  EXPECT_TRUE(std::holds_alternative<SyncFailure>(*replay));
  EXPECT_FALSE(rebooted.RestoreSqnState(std::vector<uint8_t>(3)).has_value());
}

TEST(UsimTest, DeltaLimitTriggersResync) {
  const Milenage hss = Milenage::Create(Set1Keys());
  Usim usim = Usim::Create(Set1Keys(), UsimConfig{SqnPolicy{1000, std::nullopt}, {}});
  ASSERT_TRUE(std::holds_alternative<AkaSuccess>(*usim.Authenticate(
      RandOf(7), GenerateAuthVector(hss, RandOf(7), MakeSqn(1, 0), kGbaAmf).autn)));
  const AuthVector far = GenerateAuthVector(hss, RandOf(8), MakeSqn(1002, 1), kGbaAmf);
  Result<AkaResponse> r = usim.Authenticate(far.rand, far.autn);
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(std::holds_alternative<SyncFailure>(*r));
  EXPECT_EQ(*VerifyAuts(hss, far.rand, std::get<SyncFailure>(*r).auts), MakeSqn(1, 0));
}

TEST(UsimTest, AmfPolicyRefusesSeparationBit) {
  const Milenage hss = Milenage::Create(Set1Keys());
  Usim usim = Usim::Create(Set1Keys(), UsimConfig{{}, AmfPolicy{true}});
  const AuthVector eps = GenerateAuthVector(hss, RandOf(9), MakeSqn(1, 0), MakeHex<Amf>("8000"));
  Result<AkaResponse> r = usim.Authenticate(eps.rand, eps.autn);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kRefused);
  const AuthVector gba = GenerateAuthVector(hss, RandOf(10), MakeSqn(1, 0), kGbaAmf);
  EXPECT_TRUE(std::holds_alternative<AkaSuccess>(*usim.Authenticate(gba.rand, gba.autn)));
}

TEST(UsimTest, GbaUBootstrapNeedsAutnStar) {
  const Milenage hss = Milenage::Create(Set1Keys());
  Usim usim = Usim::Create(Set1Keys());
  const NafId naf = *NafId::Create("dms.example.com", kDefaultDmUaId);
  const std::string impi = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
  EXPECT_EQ(usim.GbaUDeriveNafKey(impi, naf).error().code, ErrorCode::kNotFound);

  const AuthVector av = GenerateAuthVector(hss, RandOf(11), MakeSqn(3, 2), kGbaAmf);
  // A plain AUTN is not accepted in GBA_U mode, and an AUTN* is not accepted in 3G mode.
  EXPECT_EQ(usim.GbaUBootstrap(av.rand, av.autn).error().code, ErrorCode::kAuthenticationFailed);
  const Autn autn_star = ToAutnStar(av.autn, av.ik);
  EXPECT_EQ(usim.Authenticate(av.rand, autn_star).error().code, ErrorCode::kAuthenticationFailed);

  Result<GbaUBootstrapResponse> boot = usim.GbaUBootstrap(av.rand, autn_star);
  ASSERT_TRUE(boot.has_value());
  const GbaUBootstrapSuccess* ok = std::get_if<GbaUBootstrapSuccess>(&*boot);
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(ok->res, av.xres);

  const Ks ks = MakeKs(av.ck, av.ik);
  const NafKeyContext context{av.rand, impi, naf};
  EXPECT_EQ(*usim.GbaUDeriveNafKey(impi, naf), *DeriveNafKey(ks, NafKeyKind::kExternal, context));
  EXPECT_EQ(*usim.GbaUIntNafKey(impi, naf), *DeriveNafKey(ks, NafKeyKind::kInternal, context));
  EXPECT_FALSE(*usim.GbaUIntNafKey(impi, naf) == *usim.GbaUDeriveNafKey(impi, naf));
}

}  // namespace
}  // namespace dmboot::gba

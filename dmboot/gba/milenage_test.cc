#include "dmboot/gba/milenage.h"

#include <gtest/gtest.h>

#include "dmboot/gba/aka.h"
#include "dmboot/gba/test_util.h"
#include "testing/vector_file.h"

namespace dmboot::gba {
namespace {

using test::HexOf;
using test::Make;
using test::MakeHex;

// TS 35.208 sets: every API shape (Compute, F1 + F2345, ComputeOpc from OP, the AV) on each set.
int CheckSets(const char* file) {
  int cases = 0;
  testing::ForEachVector(file, [&](testing::Vector& v) {
    const K k = Make<K>(v.Bytes("K"));
    const Rand rand = Make<Rand>(v.Bytes("RAND"));
    const Sqn sqn = Make<Sqn>(v.Bytes("SQN"));
    const Amf amf = Make<Amf>(v.Bytes("AMF"));
    const Op op = Make<Op>(v.Bytes("OP"));
    const std::vector<uint8_t> opc_expected = v.Bytes("OPc");
    const std::vector<uint8_t> f1 = v.Bytes("f1"), f1s = v.Bytes("f1*"), f2 = v.Bytes("f2"),
                               f3 = v.Bytes("f3"), f4 = v.Bytes("f4"), f5 = v.Bytes("f5"),
                               f5s = v.Bytes("f5*");

    const Opc opc = ComputeOpc(k, op);
    EXPECT_EQ(HexOf(opc.Reveal()), HexOf(opc_expected));
    const Milenage m = Milenage::Create(SubscriberKeys{k, opc});

    const MilenageOutput all = m.Compute(rand, sqn, amf);
    EXPECT_EQ(HexOf(all.mac_a.bytes), HexOf(f1));
    EXPECT_EQ(HexOf(all.mac_s.bytes), HexOf(f1s));
    EXPECT_EQ(HexOf(all.res.Reveal()), HexOf(f2));
    EXPECT_EQ(HexOf(all.ck.Reveal()), HexOf(f3));
    EXPECT_EQ(HexOf(all.ik.Reveal()), HexOf(f4));
    EXPECT_EQ(HexOf(all.ak.Reveal()), HexOf(f5));
    EXPECT_EQ(HexOf(all.ak_star.Reveal()), HexOf(f5s));

    const MilenageMacs macs = m.F1(rand, sqn, amf);
    EXPECT_EQ(HexOf(macs.mac_a.bytes), HexOf(f1));
    EXPECT_EQ(HexOf(macs.mac_s.bytes), HexOf(f1s));
    const MilenageKeys keys = m.F2345(rand);
    EXPECT_EQ(HexOf(keys.res.Reveal()), HexOf(f2));
    EXPECT_EQ(HexOf(keys.ck.Reveal()), HexOf(f3));
    EXPECT_EQ(HexOf(keys.ik.Reveal()), HexOf(f4));
    EXPECT_EQ(HexOf(keys.ak.Reveal()), HexOf(f5));
    EXPECT_EQ(HexOf(keys.ak_star.Reveal()), HexOf(f5s));

    // The same instance gives the same answer twice (the key schedule is reused, not consumed).
    EXPECT_EQ(HexOf(m.Compute(rand, sqn, amf).ck.Reveal()), HexOf(f3));

    // AUTN = SQN ⊕ AK ‖ AMF ‖ MAC-A.
    const AuthVector av = GenerateAuthVector(m, rand, sqn, amf);
    std::vector<uint8_t> autn(6);
    for (size_t i = 0; i < 6; ++i) {
      autn[i] = static_cast<uint8_t>(sqn.bytes[i] ^ f5[i]);
    }
    autn.insert(autn.end(), amf.bytes.begin(), amf.bytes.end());
    autn.insert(autn.end(), f1.begin(), f1.end());
    EXPECT_EQ(HexOf(av.autn.bytes), HexOf(autn));
    EXPECT_EQ(HexOf(av.xres.Reveal()), HexOf(f2));
    EXPECT_EQ(av.rand, rand);
    const AutnParts parts = OpenAutn(av.autn, keys.ak);
    EXPECT_EQ(parts.sqn, sqn);
    EXPECT_EQ(parts.amf, amf);
    EXPECT_EQ(HexOf(parts.mac.bytes), HexOf(f1));
    ++cases;
  });
  return cases;
}

TEST(MilenageTest, Ts35208Sets1To6) {
  EXPECT_EQ(CheckSets("dmboot/gba/testdata/milenage_35208.txt"), 6);
}

TEST(MilenageTest, Ts35208ConformanceSets7To20) {
  EXPECT_EQ(CheckSets("dmboot/gba/testdata/milenage_35208_conformance.txt"), 14);
}

// TS 35.207 kernel check values are implied by the f-outputs; set 1's AUTN is also the libosmogsm
// value of shared/samples/milenage_check.c.
TEST(MilenageTest, Set1AutnMatchesPublishedValue) {
  const Milenage m =
      Milenage::Create(SubscriberKeys{MakeHex<K>("465b5ce8b199b49faa5f0a2ee238a6bc"),
                                      MakeHex<Opc>("cd63cb71954a9f4e48a5994e37a02baf")});
  const AuthVector av = GenerateAuthVector(m, MakeHex<Rand>("23553cbe9637a89d218ae64dae47bf35"),
                                           MakeHex<Sqn>("ff9bb4d0b607"), MakeHex<Amf>("b9b9"));
  EXPECT_EQ(HexOf(av.autn.bytes), "55f328b43577b9b94a9ffac354dfafb3");
}

TEST(AkaTest, AutsAndMacStarVectors) {
  int cases = 0;
  testing::ForEachVector("dmboot/gba/testdata/aka_derived.txt", [&](testing::Vector& v) {
    const Milenage m =
        Milenage::Create(SubscriberKeys{Make<K>(v.Bytes("K")), Make<Opc>(v.Bytes("OPc"))});
    const Rand rand = Make<Rand>(v.Bytes("RAND"));
    const Sqn sqn = Make<Sqn>(v.Bytes("SQN"));
    const Amf amf = Make<Amf>(v.Bytes("AMF"));
    const std::vector<uint8_t> auts_expected = v.Bytes("AUTS");
    const std::vector<uint8_t> mac_star = v.Bytes("MacStar");

    const Auts auts = BuildAuts(m, rand, sqn);
    EXPECT_EQ(HexOf(auts.bytes), HexOf(auts_expected));
    Result<Sqn> recovered = VerifyAuts(m, rand, auts);
    ASSERT_TRUE(recovered.has_value());
    EXPECT_EQ(*recovered, sqn);

    // MAC-S of an AUTS uses AMF* = 0000 and f1*: it differs from the official f1* (set's AMF) and
    // from f1 with AMF 0000. These are the peers' bugs the test pins down.
    const MilenageOutput with_amf = m.Compute(rand, sqn, amf);
    EXPECT_NE(HexOf(std::span<const uint8_t>(auts.bytes).subspan(6)), HexOf(with_amf.mac_s.bytes));
    const MilenageMacs zero_amf = m.F1(rand, sqn, kResyncAmf);
    EXPECT_NE(HexOf(std::span<const uint8_t>(auts.bytes).subspan(6)), HexOf(zero_amf.mac_a.bytes));

    const AuthVector av = GenerateAuthVector(m, rand, sqn, amf);
    const Autn autn_star = ToAutnStar(av.autn, av.ik);
    EXPECT_EQ(HexOf(std::span<const uint8_t>(autn_star.bytes).subspan(8)), HexOf(mac_star));
    EXPECT_EQ(HexOf(std::span<const uint8_t>(autn_star.bytes).first(8)),
              HexOf(std::span<const uint8_t>(av.autn.bytes).first(8)));
    EXPECT_EQ(ToAutnStar(autn_star, av.ik), av.autn);  // the UICC's inverse
    ++cases;
  });
  EXPECT_EQ(cases, 3);
}

TEST(AkaTest, AutsEveryBitFlipFails) {
  const Milenage m =
      Milenage::Create(SubscriberKeys{MakeHex<K>("465b5ce8b199b49faa5f0a2ee238a6bc"),
                                      MakeHex<Opc>("cd63cb71954a9f4e48a5994e37a02baf")});
  const Rand rand = MakeHex<Rand>("23553cbe9637a89d218ae64dae47bf35");
  const Auts auts = BuildAuts(m, rand, MakeHex<Sqn>("0000000001e1"));
  for (size_t bit = 0; bit < auts.bytes.size() * 8; ++bit) {
    Auts bad = auts;
    bad.bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    Result<Sqn> r = VerifyAuts(m, rand, bad);
    ASSERT_FALSE(r.has_value()) << "bit " << bit;
    EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
    EXPECT_EQ(r.error().message, "verification failed");
  }
  Rand other = rand;
  other.bytes[0] ^= 1;
  EXPECT_FALSE(VerifyAuts(m, other, auts).has_value());
}

TEST(TypesTest, FromSpanChecksLength) {
  const std::vector<uint8_t> five(5, 0);
  Result<Sqn> sqn = Sqn::FromSpan(five);
  ASSERT_FALSE(sqn.has_value());
  EXPECT_EQ(sqn.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(sqn.error().message, "SQN must be 6 octets, got 5");
  Result<K> k = K::FromSpan(five);
  ASSERT_FALSE(k.has_value());
  EXPECT_EQ(k.error().message, "K must be 16 octets, got 5");
}

TEST(TypesTest, SecretArrayMoveWipesSource) {
  K k = MakeHex<K>("465b5ce8b199b49faa5f0a2ee238a6bc");
  K moved = std::move(k);
  EXPECT_EQ(HexOf(moved.Reveal()), "465b5ce8b199b49faa5f0a2ee238a6bc");
  EXPECT_EQ(HexOf(k.Reveal()), std::string(32, '0'));  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace dmboot::gba

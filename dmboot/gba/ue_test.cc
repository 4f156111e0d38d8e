#include "dmboot/gba/ue.h"

#include <gtest/gtest.h>

#include "dmboot/gba/test_util.h"

namespace dmboot::gba {
namespace {

using test::Hex;
using test::HexOf;
using test::MakeHex;

constexpr uint64_t kNow = 1790000000;
constexpr uint64_t kExpiry = kNow + 3600;
const char kImpi[] = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";

SubscriberKeys Keys() {
  return SubscriberKeys{MakeHex<K>("465b5ce8b199b49faa5f0a2ee238a6bc"),
                        MakeHex<Opc>("cd63cb71954a9f4e48a5994e37a02baf")};
}

NafId Dms() { return *NafId::Create("dms.example.com", kDefaultDmUaId); }

// Network is a minimal HSS + BSF: a subscriber, its SQN generator, and GPI generation.
class Network {
 public:
  Network() : milenage_(Milenage::Create(Keys())) {}

  GpiResponse Push(std::vector<uint8_t> p_tid, GbaType type = GbaType::kGbaMe,
                   uint64_t expiry = kExpiry, NafId naf = Dms()) {
    Rand rand;
    for (size_t i = 0; i < rand.bytes.size(); ++i) {
      rand.bytes[i] = static_cast<uint8_t>(counter_ * 7 + i);
    }
    ++counter_;
    const AuthVector av = GenerateAuthVector(milenage_, rand, *sqn_.Next(), Amf{});
    Result<GpiResponse> r = BuildGpi(GpiRequest{std::move(p_tid), std::move(naf), kImpi, type,
                                                expiry, std::nullopt, std::nullopt},
                                     av);
    EXPECT_TRUE(r.has_value());
    return std::move(*r);
  }

  const Milenage& milenage() const { return milenage_; }
  SqnGenerator& sqn() { return sqn_; }

 private:
  Milenage milenage_;
  SqnGenerator sqn_;
  size_t counter_ = 1;
};

class UeTest : public ::testing::Test {
 protected:
  UeGbaConfig config_{kImpi, {Dms()}, true};
  Usim usim_ = Usim::Create(Keys());
  InMemoryNafSaStore store_;
  Network net_;

  Result<GpiOutcome> Process(std::span<const uint8_t> gpi, uint64_t now = kNow) {
    return ProcessGpi(gpi, now, config_, usim_, store_);
  }
};

TEST_F(UeTest, AcceptsAndStoresTheNafSa) {
  const GpiResponse push = net_.Push(Hex("01"));
  Result<GpiOutcome> r = Process(push.gpi);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_TRUE(std::holds_alternative<GpiAccepted>(*r));
  EXPECT_EQ(std::get<GpiAccepted>(*r).p_tid, Hex("01"));
  Result<NafSa> sa = store_.Find(Hex("01"), kNow);
  ASSERT_TRUE(sa.has_value());
  EXPECT_EQ(sa->key, push.ks_naf);  // the NAF and the UE share Ks_NAF
  EXPECT_EQ(sa->naf_id, Dms());
  EXPECT_EQ(sa->expiry, kExpiry);
  EXPECT_EQ(sa->gba_type, GbaType::kGbaMe);
}

TEST_F(UeTest, GbaUGivesKsExtNaf) {
  const GpiResponse push = net_.Push(Hex("02"), GbaType::kGbaU);
  ASSERT_TRUE(push.ks_int_naf.has_value());
  Result<GpiOutcome> r = Process(push.gpi);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  Result<NafSa> sa = store_.Find(Hex("02"), kNow);
  ASSERT_TRUE(sa.has_value());
  EXPECT_EQ(sa->key, push.ks_naf);
  EXPECT_EQ(*usim_.GbaUIntNafKey(kImpi, Dms()), *push.ks_int_naf);

  config_.gba_u_capable = false;
  Result<GpiOutcome> unsupported = Process(net_.Push(Hex("03"), GbaType::kGbaU).gpi);
  EXPECT_EQ(unsupported.error().code, ErrorCode::kUnsupported);
}

TEST_F(UeTest, ReplayIsRefused) {
  const GpiResponse push = net_.Push(Hex("01"));
  ASSERT_TRUE(Process(push.gpi).has_value());
  Result<GpiOutcome> again = Process(push.gpi);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kRefused);
  // A new GPI reusing the P-TID is refused as well.
  Result<GpiOutcome> same_ptid = Process(net_.Push(Hex("01")).gpi);
  EXPECT_EQ(same_ptid.error().code, ErrorCode::kRefused);
  EXPECT_EQ(store_.size(), 1u);
  // Once the SA is gone, a replay still fails: the USIM sees a used SQN (sync failure, no SA).
  ASSERT_TRUE(store_.Drop(Hex("01")));
  Result<GpiOutcome> after_drop = Process(push.gpi);
  ASSERT_TRUE(after_drop.has_value());
  EXPECT_TRUE(std::holds_alternative<GpiSyncFailure>(*after_drop));
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(UeTest, WrongNafIdIsRefused) {
  const NafId other = *NafId::Create("evil.example.com", kDefaultDmUaId);
  Result<GpiOutcome> r = Process(net_.Push(Hex("01"), GbaType::kGbaMe, kExpiry, other).gpi);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kRefused);
  // Same FQDN, another Ua security protocol id: a different NAF_Id, also refused.
  const NafId other_ua = *NafId::Create("dms.example.com", {0x01, 0, 0, 0, 0x05});
  EXPECT_EQ(Process(net_.Push(Hex("02"), GbaType::kGbaMe, kExpiry, other_ua).gpi).error().code,
            ErrorCode::kRefused);
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(UeTest, ExpiredLifetimeIsRefusedAndExpiredSaUnusable) {
  Result<GpiOutcome> r = Process(net_.Push(Hex("01"), GbaType::kGbaMe, kNow).gpi);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kRefused);

  ASSERT_TRUE(Process(net_.Push(Hex("02"), GbaType::kGbaMe, kNow + 10).gpi).has_value());
  EXPECT_TRUE(store_.Find(Hex("02"), kNow + 9).has_value());
  EXPECT_EQ(store_.Find(Hex("02"), kNow + 10).error().code, ErrorCode::kRefused);
  EXPECT_EQ(store_.Find(Hex("99"), kNow).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.DropExpired(kNow + 10), 1u);
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(UeTest, AutnFromAnotherSubscriberFailsMac) {
  Network other_net;
  SubscriberKeys other_keys = Keys();
  other_keys.k.RevealMutable()[0] ^= 1;
  Usim other_usim = Usim::Create(other_keys);
  Result<GpiOutcome> r = ProcessGpi(net_.Push(Hex("01")).gpi, kNow, config_, other_usim, store_);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
  EXPECT_EQ(r.error().message, "verification failed");
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(UeTest, StaleSqnGivesAutsThenResyncWorks) {
  // The USIM has seen a much later SQN than the HSS now issues.
  Result<SqnGenerator> ahead = SqnGenerator::Restore({5000, 0});
  Rand r0;
  r0.bytes.fill(0x42);
  ASSERT_TRUE(std::holds_alternative<AkaSuccess>(*usim_.Authenticate(
      r0, GenerateAuthVector(net_.milenage(), r0, *ahead->Next(), Amf{}).autn)));

  Result<GpiOutcome> r = Process(net_.Push(Hex("01")).gpi);
  ASSERT_TRUE(r.has_value());
  const GpiSyncFailure* sync = std::get_if<GpiSyncFailure>(&*r);
  ASSERT_NE(sync, nullptr);
  EXPECT_EQ(store_.size(), 0u);

  Result<Sqn> sqn_ms = VerifyAuts(net_.milenage(), sync->rand, sync->auts);
  ASSERT_TRUE(sqn_ms.has_value());
  EXPECT_EQ(SeqOf(*sqn_ms), 5001u);
  net_.sqn().Resync(*sqn_ms);
  Result<GpiOutcome> retry = Process(net_.Push(Hex("01")).gpi);
  ASSERT_TRUE(retry.has_value());
  EXPECT_TRUE(std::holds_alternative<GpiAccepted>(*retry));
}

// Tink's tamper loop over the whole GPI: every single-bit change is refused and leaves no SA.
TEST_F(UeTest, EveryBitFlipIsRefused) {
  for (GbaType type : {GbaType::kGbaMe, GbaType::kGbaU}) {
    const GpiResponse push = net_.Push(Hex("0a0b"), type);
    for (size_t bit = 0; bit < push.gpi.size() * 8; ++bit) {
      std::vector<uint8_t> bad = push.gpi;
      bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      Usim usim = Usim::Create(Keys());
      InMemoryNafSaStore store;
      Result<GpiOutcome> r = ProcessGpi(bad, kNow, config_, usim, store);
      EXPECT_FALSE(r.has_value() && std::holds_alternative<GpiAccepted>(*r)) << "bit " << bit;
      EXPECT_EQ(store.size(), 0u) << "bit " << bit;
    }
    // The untampered GPI is accepted by a fresh device.
    Usim usim = Usim::Create(Keys());
    InMemoryNafSaStore store;
    EXPECT_TRUE(ProcessGpi(push.gpi, kNow, config_, usim, store).has_value());
    EXPECT_EQ(store.size(), 1u);
  }
}

// A MAC check failure after a valid AUTN: the NAF_Id is re-written to another trusted NAF (same
// RAND/AUTN), so only the GPI MAC (and the key binding) can catch it.
TEST_F(UeTest, GpiMacCatchesFieldSwapWithValidAutn) {
  const NafId second = *NafId::Create("dms2.example.com", kDefaultDmUaId);
  config_.trusted_nafs.push_back(second);
  const GpiResponse push = net_.Push(Hex("01"));
  GbaPushInfo info = *GpiProfileV1().Decode(push.gpi);
  info.naf_id = second;
  info.key_expiry += 86400;
  const std::vector<uint8_t> forged = *GpiProfileV1().Encode(info);
  Result<GpiOutcome> r = Process(forged);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
  EXPECT_EQ(store_.size(), 0u);
}

TEST(NafSaStoreTest, DropWipesAndPutRefusesDuplicates) {
  InMemoryNafSaStore store;
  NafSa sa{Hex("01"), MakeHex<Rand>("000102030405060708090a0b0c0d0e0f"),
           Dms(),     MakeHex<NafKey>(std::string(64, 'a')),
           kExpiry,   GbaType::kGbaMe};
  ASSERT_TRUE(store.Put(sa).has_value());
  EXPECT_EQ(store.Put(sa).error().code, ErrorCode::kRefused);
  EXPECT_TRUE(store.Contains(sa.rand, Hex("ff")));
  EXPECT_TRUE(store.Contains(Rand{}, Hex("01")));
  EXPECT_FALSE(store.Contains(Rand{}, Hex("02")));
  EXPECT_TRUE(store.Drop(Hex("01")));
  EXPECT_FALSE(store.Drop(Hex("01")));
  EXPECT_EQ(store.size(), 0u);
}

}  // namespace
}  // namespace dmboot::gba

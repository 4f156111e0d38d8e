// Authentication vectors per second: dmboot's GenerateAuthVector (Milenage keyed once per
// subscriber, 6 AES blocks in 2 cipher calls) against libosmogsm's osmo_auth_gen_vec (TS 35.206
// Milenage as used by osmo-hlr), side by side in one run. Both produce RAND-given quintets with
// AUTN (RAND generation is excluded from both). A third case re-creates dmboot's subscriber object
// for every vector, for an HSS that keeps no per-subscriber state in memory.
#include <cstring>

#include <benchmark/benchmark.h>

extern "C" {
#include <osmocom/crypt/auth.h>
}

#include "dmboot/gba/aka.h"
#include "dmboot/gba/milenage.h"
#include "dmboot/gba/sqn.h"

namespace {

namespace gba = dmboot::gba;

constexpr uint8_t kK[16] = {0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
                            0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
constexpr uint8_t kOpc[16] = {0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
                              0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};
constexpr uint8_t kRand[16] = {0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d,
                               0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35};

gba::SubscriberKeys Keys() {
  return gba::SubscriberKeys{*gba::K::FromSpan(kK), *gba::Opc::FromSpan(kOpc)};
}

void BM_Dmboot_GenerateAuthVector(benchmark::State& state) {
  const gba::Milenage subscriber = gba::Milenage::Create(Keys());
  gba::Rand rand = *gba::Rand::FromSpan(kRand);
  gba::SqnGenerator sqn;
  const gba::Amf amf{};
  for (auto _ : state) {
    rand.bytes[15]++;
    gba::AuthVector av = gba::GenerateAuthVector(subscriber, rand, *sqn.Next(), amf);
    benchmark::DoNotOptimize(av);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Dmboot_GenerateAuthVector);

void BM_Dmboot_GenerateAuthVector_KeySetupPerVector(benchmark::State& state) {
  const gba::SubscriberKeys keys = Keys();
  gba::Rand rand = *gba::Rand::FromSpan(kRand);
  gba::SqnGenerator sqn;
  const gba::Amf amf{};
  for (auto _ : state) {
    rand.bytes[15]++;
    const gba::Milenage subscriber = gba::Milenage::Create(keys);
    gba::AuthVector av = gba::GenerateAuthVector(subscriber, rand, *sqn.Next(), amf);
    benchmark::DoNotOptimize(av);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Dmboot_GenerateAuthVector_KeySetupPerVector);

void BM_Libosmogsm_OsmoAuthGenVec(benchmark::State& state) {
  osmo_sub_auth_data aud;
  std::memset(&aud, 0, sizeof(aud));
  aud.type = OSMO_AUTH_TYPE_UMTS;
  aud.algo = OSMO_AUTH_ALG_MILENAGE;
  std::memcpy(aud.u.umts.k, kK, 16);
  std::memcpy(aud.u.umts.opc, kOpc, 16);
  aud.u.umts.opc_is_op = 0;
  aud.u.umts.ind_bitlen = 5;  // SEQ ‖ IND with a 5-bit IND, as dmboot
  uint8_t rand[16];
  std::memcpy(rand, kRand, 16);
  osmo_auth_vector vec;
  for (auto _ : state) {
    rand[15]++;
    if (osmo_auth_gen_vec(&vec, &aud, rand) < 0) {
      state.SkipWithError("osmo_auth_gen_vec failed");
      break;
    }
    benchmark::DoNotOptimize(vec);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Libosmogsm_OsmoAuthGenVec);

}  // namespace

// HMAC-SHA1 over a 1.5 KB message (the size of a DM 1.2 bootstrap in WBXML): dmboot's keyed Hmac
// against raw OpenSSL EVP_MAC with the key set once, side by side in one run.
#include <benchmark/benchmark.h>

#include <vector>

#include "openssl_hmac_peer.h"
#include "dmboot/crypto/hmac.h"

namespace {

constexpr size_t kMessageLength = 1500;

std::vector<uint8_t> Message() {
  std::vector<uint8_t> m(kMessageLength);
  for (size_t i = 0; i < m.size(); ++i) {
    m[i] = static_cast<uint8_t>(i * 31 + 7);
  }
  return m;
}

const std::vector<uint8_t> kKey = {'1', '2', '3', '4'};

void BM_Dmboot_HmacSha1_KeyedOnce(benchmark::State& state) {
  const std::vector<uint8_t> msg = Message();
  dmboot::crypto::Hmac hmac = dmboot::crypto::Hmac::Create(dmboot::crypto::HmacHash::kSha1, kKey);
  for (auto _ : state) {
    dmboot::crypto::HmacTag tag = hmac.Compute(msg);
    benchmark::DoNotOptimize(tag);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * msg.size()));
}
BENCHMARK(BM_Dmboot_HmacSha1_KeyedOnce);

void BM_OpenSsl_EvpMac_HmacSha1_KeyedOnce(benchmark::State& state) {
  const std::vector<uint8_t> msg = Message();
  RunOpenSslHmacSha1KeyedOnce(state, kKey, msg);
}
BENCHMARK(BM_OpenSsl_EvpMac_HmacSha1_KeyedOnce);

// For scale: the one-shot path that re-keys every message (what a naive caller does).
void BM_Dmboot_HmacSha1_OneShot(benchmark::State& state) {
  const std::vector<uint8_t> msg = Message();
  for (auto _ : state) {
    dmboot::crypto::HmacTag tag = dmboot::crypto::HmacSha1(kKey, msg);
    benchmark::DoNotOptimize(tag);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * msg.size()));
}
BENCHMARK(BM_Dmboot_HmacSha1_OneShot);

}  // namespace

// HMAC-SHA1 over a 1.5 KB message (the size of a DM 1.2 bootstrap in WBXML): dmboot's keyed Hmac
// against raw OpenSSL EVP_MAC with the key set once, side by side in one run.
#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <vector>

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
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  char digest[] = "SHA1";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  EVP_MAC_init(ctx, kKey.data(), kKey.size(), params);
  uint8_t out[EVP_MAX_MD_SIZE];
  size_t out_len = 0;
  for (auto _ : state) {
    EVP_MAC_init(ctx, nullptr, 0, nullptr);
    EVP_MAC_update(ctx, msg.data(), msg.size());
    EVP_MAC_final(ctx, out, &out_len, sizeof out);
    benchmark::DoNotOptimize(out);
  }
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * msg.size()));
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

#ifndef DMBOOT_BENCH_OPENSSL_HMAC_PEER_H_
#define DMBOOT_BENCH_OPENSSL_HMAC_PEER_H_

// The peer every HMAC benchmark is measured against: raw OpenSSL EVP_MAC HMAC-SHA1 with the key
// set once and the context re-initialised from the stored pads for each message.
#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <cstdint>
#include <span>

inline void RunOpenSslHmacSha1KeyedOnce(benchmark::State& state, std::span<const uint8_t> key,
                                        std::span<const uint8_t> message) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  char digest[] = "SHA1";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  EVP_MAC_init(ctx, key.data(), key.size(), params);
  uint8_t out[EVP_MAX_MD_SIZE];
  size_t out_len = 0;
  for (auto _ : state) {
    EVP_MAC_init(ctx, nullptr, 0, nullptr);
    EVP_MAC_update(ctx, message.data(), message.size());
    EVP_MAC_final(ctx, out, &out_len, sizeof out);
    benchmark::DoNotOptimize(out);
  }
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * message.size()));
}

#endif  // DMBOOT_BENCH_OPENSSL_HMAC_PEER_H_

#include "dmboot/crypto/sha.h"

#include <openssl/evp.h>

#include "dmboot/core/result.h"

namespace dmboot::crypto {
namespace {

template <size_t N>
std::array<uint8_t, N> Digest(const EVP_MD* md, std::span<const uint8_t> data) {
  std::array<uint8_t, N> out{};
  unsigned int out_len = 0;
  DMBOOT_CHECK(EVP_Digest(data.data(), data.size(), out.data(), &out_len, md, nullptr) == 1);
  DMBOOT_CHECK(out_len == N);
  return out;
}

}  // namespace

std::array<uint8_t, kSha1Length> Sha1(std::span<const uint8_t> data) {
  return Digest<kSha1Length>(EVP_sha1(), data);
}

std::array<uint8_t, kSha256Length> Sha256(std::span<const uint8_t> data) {
  return Digest<kSha256Length>(EVP_sha256(), data);
}

}  // namespace dmboot::crypto

#include "dmboot/crypto/aes128.h"

#include <openssl/evp.h>

#include <climits>

#include "dmboot/core/result.h"

namespace dmboot::crypto {

namespace {

// The cipher implementation is fetched from the provider once per process: an implicit fetch on
// every EVP_EncryptInit_ex is most of the cost of keying (measured by the gba benchmark).
EVP_CIPHER* Aes128Ecb() {
  static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "AES-128-ECB", nullptr);
  DMBOOT_CHECK(cipher != nullptr);
  return cipher;
}

}  // namespace

struct Aes128::Impl {
  EVP_CIPHER_CTX* ctx = nullptr;
  ~Impl() { EVP_CIPHER_CTX_free(ctx); }  // cleanses the expanded key
};

Aes128::Aes128(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Aes128::Aes128(Aes128&& other) noexcept = default;
Aes128& Aes128::operator=(Aes128&& other) noexcept = default;
Aes128::~Aes128() = default;

Aes128 Aes128::Create(std::span<const uint8_t, 16> key) {
  auto impl = std::make_unique<Impl>();
  impl->ctx = EVP_CIPHER_CTX_new();
  DMBOOT_CHECK(impl->ctx != nullptr);
  // ECB with padding off is the raw block function; ECB keeps no state between calls, so the
  // context is reused without ever calling EncryptFinal.
  DMBOOT_CHECK(EVP_EncryptInit_ex2(impl->ctx, Aes128Ecb(), key.data(), nullptr, nullptr) == 1);
  DMBOOT_CHECK(EVP_CIPHER_CTX_set_padding(impl->ctx, 0) == 1);
  return Aes128(std::move(impl));
}

void Aes128::EncryptBlocks(std::span<const uint8_t> in, std::span<uint8_t> out) const {
  DMBOOT_CHECK(in.size() == out.size());
  DMBOOT_CHECK(in.size() % kAesBlockLength == 0 && in.size() <= INT_MAX);
  int out_len = 0;
  DMBOOT_CHECK(EVP_EncryptUpdate(impl_->ctx, out.data(), &out_len, in.data(),
                                 static_cast<int>(in.size())) == 1);
  DMBOOT_CHECK(static_cast<size_t>(out_len) == in.size());
}

AesBlock Aes128::Encrypt(const AesBlock& in) const {
  AesBlock out;
  EncryptBlocks(in, out);
  return out;
}

}  // namespace dmboot::crypto

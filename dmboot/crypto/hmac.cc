#include "dmboot/crypto/hmac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "dmboot/core/result.h"

namespace dmboot::crypto {
namespace {

// The HMAC algorithm object is fetched once per process; fetching is the expensive part of
// EVP_MAC setup.
EVP_MAC* HmacAlgorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  DMBOOT_CHECK(mac != nullptr);
  return mac;
}

}  // namespace

struct Hmac::Impl {
  EVP_MAC_CTX* ctx = nullptr;
  size_t tag_length = 0;
  bool pending = false;  // an Update happened since the last (re)start

  ~Impl() { EVP_MAC_CTX_free(ctx); }  // frees and cleanses the keyed pad states
};

Hmac::Hmac(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Hmac::Hmac(Hmac&& other) noexcept = default;
Hmac& Hmac::operator=(Hmac&& other) noexcept = default;
Hmac::~Hmac() = default;

Hmac Hmac::Create(HmacHash hash, std::span<const uint8_t> key) {
  auto impl = std::make_unique<Impl>();
  impl->ctx = EVP_MAC_CTX_new(HmacAlgorithm());
  DMBOOT_CHECK(impl->ctx != nullptr);
  char sha1[] = "SHA1";
  char sha256[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                       hash == HmacHash::kSha1 ? sha1 : sha256, 0),
      OSSL_PARAM_construct_end(),
  };
  // OpenSSL treats a NULL key as "keep the old key", so an empty key needs a non-NULL pointer.
  static const uint8_t kEmpty[1] = {0};
  const uint8_t* key_data = key.empty() ? kEmpty : key.data();
  DMBOOT_CHECK(EVP_MAC_init(impl->ctx, key_data, key.size(), params) == 1);
  impl->tag_length = EVP_MAC_CTX_get_mac_size(impl->ctx);
  DMBOOT_CHECK(impl->tag_length > 0 && impl->tag_length <= HmacTag{}.bytes.size());
  return Hmac(std::move(impl));
}

void Hmac::Update(std::span<const uint8_t> data) {
  DMBOOT_CHECK(EVP_MAC_update(impl_->ctx, data.data(), data.size()) == 1);
  impl_->pending = true;
}

HmacTag Hmac::Finish() {
  HmacTag tag;
  size_t out_len = 0;
  DMBOOT_CHECK(EVP_MAC_final(impl_->ctx, tag.bytes.data(), &out_len, tag.bytes.size()) == 1);
  tag.size = out_len;
  // A NULL key restarts from the stored pad states (the key schedule is not recomputed).
  DMBOOT_CHECK(EVP_MAC_init(impl_->ctx, nullptr, 0, nullptr) == 1);
  impl_->pending = false;
  return tag;
}

HmacTag Hmac::Compute(std::span<const uint8_t> data) {
  DMBOOT_CHECK(!impl_->pending);
  Update(data);
  return Finish();
}

size_t Hmac::tag_length() const { return impl_->tag_length; }

HmacTag HmacSha1(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  return Hmac::Create(HmacHash::kSha1, key).Compute(data);
}

HmacTag HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  return Hmac::Create(HmacHash::kSha256, key).Compute(data);
}

}  // namespace dmboot::crypto

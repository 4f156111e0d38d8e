#ifndef DMBOOT_CRYPTO_HMAC_H_
#define DMBOOT_CRYPTO_HMAC_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace dmboot::crypto {

// HmacHash names the hash under an HMAC (RFC 2104). SHA-1 is for the OMA bootstrap MAC only;
// SHA-256 is for the 3GPP KDF (TS 33.220 Annex B) and the GPI MAC.
enum class HmacHash { kSha1, kSha256 };

// HmacTag is a computed tag: up to 32 bytes, no heap allocation on the hot path.
struct HmacTag {
  std::array<uint8_t, 32> bytes{};
  size_t size = 0;

  std::span<const uint8_t> span() const { return std::span<const uint8_t>(bytes).first(size); }
};

// Hmac is an HMAC keyed once: the inner and outer pad states are computed by Create and reused for
// every message, so a server signing many documents with one key pays the key schedule once.
// Not thread-safe: give each thread its own Hmac.
class Hmac {
 public:
  // Create keys an HMAC with `key` (any length, including empty). Aborts only if OpenSSL itself
  // fails, which is a broken installation, not bad input.
  static Hmac Create(HmacHash hash, std::span<const uint8_t> key);

  Hmac(Hmac&& other) noexcept;
  Hmac& operator=(Hmac&& other) noexcept;
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;
  ~Hmac();

  // Update feeds `data` into the message being MACed.
  void Update(std::span<const uint8_t> data);
  // Finish returns the tag of everything fed since the last Finish and starts a new message with
  // the same key.
  HmacTag Finish();
  // Compute is Update(data) then Finish(): the one-shot form.
  HmacTag Compute(std::span<const uint8_t> data);

  size_t tag_length() const;

 private:
  struct Impl;
  explicit Hmac(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// HmacSha1 returns HMAC-SHA1(`key`, `data`) (RFC 2104 with FIPS 180-4 SHA-1).
HmacTag HmacSha1(std::span<const uint8_t> key, std::span<const uint8_t> data);

// HmacSha256 returns HMAC-SHA-256(`key`, `data`).
HmacTag HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> data);

}  // namespace dmboot::crypto

#endif  // DMBOOT_CRYPTO_HMAC_H_

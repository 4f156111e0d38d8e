#ifndef DMBOOT_CRYPTO_AES128_H_
#define DMBOOT_CRYPTO_AES128_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace dmboot::crypto {

inline constexpr size_t kAesBlockLength = 16;
using AesBlock = std::array<uint8_t, kAesBlockLength>;

// Aes128 is the AES-128 block cipher (FIPS 197) in the encrypt direction only, as Milenage (TS
// 35.206) needs. The key schedule is expanded once by Create and reused for every block; the
// expanded key is wiped when the object is destroyed. Not thread-safe.
class Aes128 {
 public:
  static Aes128 Create(std::span<const uint8_t, 16> key);

  Aes128(Aes128&& other) noexcept;
  Aes128& operator=(Aes128&& other) noexcept;
  Aes128(const Aes128&) = delete;
  Aes128& operator=(const Aes128&) = delete;
  ~Aes128();

  // Encrypt returns E_K(`in`).
  AesBlock Encrypt(const AesBlock& in) const;
  // EncryptBlocks encrypts `in` block by block (ECB) into `out`. Both must have the same length, a
  // multiple of 16; several independent blocks in one call amortise the per-call overhead.
  void EncryptBlocks(std::span<const uint8_t> in, std::span<uint8_t> out) const;

 private:
  struct Impl;
  explicit Aes128(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dmboot::crypto

#endif  // DMBOOT_CRYPTO_AES128_H_

#ifndef DMBOOT_CRYPTO_SHA_H_
#define DMBOOT_CRYPTO_SHA_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace dmboot::crypto {

inline constexpr size_t kSha1Length = 20;
inline constexpr size_t kSha256Length = 32;

// Sha1 returns the SHA-1 digest of `data` (FIPS 180-4). Used only inside HMAC-SHA1, as the OMA
// DM bootstrap MAC requires; never for a new signature.
std::array<uint8_t, kSha1Length> Sha1(std::span<const uint8_t> data);

// Sha256 returns the SHA-256 digest of `data` (FIPS 180-4).
std::array<uint8_t, kSha256Length> Sha256(std::span<const uint8_t> data);

}  // namespace dmboot::crypto

#endif  // DMBOOT_CRYPTO_SHA_H_

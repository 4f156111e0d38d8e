#ifndef DMBOOT_CRYPTO_MD5_H_
#define DMBOOT_CRYPTO_MD5_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace dmboot::crypto {

inline constexpr size_t kMd5Length = 16;

// Md5 returns the MD5 digest of `data` (RFC 1321). Only for the legacy OMA DM 1.2 client and
// server authentication (syncml:auth-md5, syncml:auth-MAC), which the DM specification defines
// over MD5; never for anything new.
std::array<uint8_t, kMd5Length> Md5(std::span<const uint8_t> data);

}  // namespace dmboot::crypto

#endif  // DMBOOT_CRYPTO_MD5_H_

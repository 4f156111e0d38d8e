#ifndef DMBOOT_CRYPTO_CONSTANT_TIME_H_
#define DMBOOT_CRYPTO_CONSTANT_TIME_H_

#include <cstdint>
#include <span>

namespace dmboot::crypto {

// ConstantTimeEquals returns true iff `a` and `b` have the same length and the same bytes. Its
// time depends on the lengths only, never on the contents (OpenSSL's CRYPTO_memcmp). The only
// way dmboot compares MACs, RES, AUTN and keys.
bool ConstantTimeEquals(std::span<const uint8_t> a, std::span<const uint8_t> b);

// Cleanse overwrites `bytes` with zeros in a way the compiler may not elide (OPENSSL_cleanse).
void Cleanse(std::span<uint8_t> bytes);

}  // namespace dmboot::crypto

#endif  // DMBOOT_CRYPTO_CONSTANT_TIME_H_

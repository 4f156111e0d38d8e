#ifndef DMBOOT_CRYPTO_RANDOM_H_
#define DMBOOT_CRYPTO_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "dmboot/crypto/secret_bytes.h"

namespace dmboot::crypto {

// FillRandom fills `out` from OpenSSL's CSPRNG (seeded from the OS). It aborts if the generator
// fails: continuing without randomness (RAND, nonces, session ids) would be worse than stopping.
void FillRandom(std::span<uint8_t> out);

// RandomSecret returns `len` random bytes as a secret (e.g. a generated PIN seed or a test K).
SecretBytes RandomSecret(size_t len);

}  // namespace dmboot::crypto

#endif  // DMBOOT_CRYPTO_RANDOM_H_

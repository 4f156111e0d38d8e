#include "dmboot/crypto/random.h"

#include <openssl/rand.h>

#include <climits>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot::crypto {

void FillRandom(std::span<uint8_t> out) {
  while (!out.empty()) {
    size_t chunk = out.size() < INT_MAX ? out.size() : INT_MAX;
    DMBOOT_CHECK(RAND_bytes(out.data(), static_cast<int>(chunk)) == 1);
    out = out.subspan(chunk);
  }
}

SecretBytes RandomSecret(size_t len) {
  SecretBytes secret{std::vector<uint8_t>(len)};
  FillRandom(secret.RevealMutable());  // filled in place: no unwiped staging copy
  return secret;
}

}  // namespace dmboot::crypto

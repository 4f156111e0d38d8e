#include "dmboot/crypto/md5.h"

#include <openssl/evp.h>

#include "dmboot/core/result.h"

namespace dmboot::crypto {

std::array<uint8_t, kMd5Length> Md5(std::span<const uint8_t> data) {
  std::array<uint8_t, kMd5Length> out{};
  unsigned int out_len = 0;
  DMBOOT_CHECK(EVP_Digest(data.data(), data.size(), out.data(), &out_len, EVP_md5(), nullptr) == 1);
  return out;
}

}  // namespace dmboot::crypto

#include "dmboot/crypto/secret_bytes.h"

#include <ostream>

#include "dmboot/crypto/constant_time.h"

namespace dmboot::crypto {

SecretBytes SecretBytes::FromText(std::string_view text) {
  SecretBytes out;
  out.bytes_.assign(text.begin(), text.end());
  return out;
}

SecretBytes SecretBytes::Concat(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  SecretBytes out;
  out.bytes_.reserve(a.size() + b.size());
  out.bytes_.insert(out.bytes_.end(), a.begin(), a.end());
  out.bytes_.insert(out.bytes_.end(), b.begin(), b.end());
  return out;
}

SecretBytes& SecretBytes::operator=(const SecretBytes& other) {
  if (this != &other) {
    Wipe();
    bytes_ = other.bytes_;
  }
  return *this;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    bytes_ = std::move(other.bytes_);
    other.Wipe();
  }
  return *this;
}

void SecretBytes::Wipe() {
  Cleanse(bytes_);
  bytes_.clear();
}

bool operator==(const SecretBytes& a, const SecretBytes& b) {
  return ConstantTimeEquals(a.bytes_, b.bytes_);
}

void PrintTo(const SecretBytes& secret, std::ostream* os) {
  *os << "SecretBytes(" << secret.size() << " bytes)";
}

}  // namespace dmboot::crypto

#ifndef DMBOOT_CRYPTO_SECRET_BYTES_H_
#define DMBOOT_CRYPTO_SECRET_BYTES_H_

#include <cstdint>
#include <iosfwd>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace dmboot::crypto {

// SecretBytes owns key material (a PIN, Ks_NAF, K, OPc, a bootstrap HMAC key). It wipes its
// memory on destruction and on assignment, compares in constant time, and cannot be printed: the
// only accessors are Reveal() and RevealText(), names that a review can grep for.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::span<const uint8_t> bytes) : bytes_(bytes.begin(), bytes.end()) {}
  // Takes over `bytes`' buffer: no copy is left behind unwiped.
  explicit SecretBytes(std::vector<uint8_t>&& bytes) : bytes_(std::move(bytes)) {}
  // FromText copies the bytes of `text` (e.g. a PIN's ASCII digits).
  static SecretBytes FromText(std::string_view text);
  // Concat returns `a` ‖ `b` without leaving an unwiped intermediate copy.
  static SecretBytes Concat(std::span<const uint8_t> a, std::span<const uint8_t> b);

  SecretBytes(const SecretBytes& other) : bytes_(other.bytes_) {}
  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) { other.Wipe(); }
  SecretBytes& operator=(const SecretBytes& other);
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes() { Wipe(); }

  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  std::span<const uint8_t> Reveal() const { return bytes_; }
  // RevealText views the bytes as text (a secret that is text, e.g. a PIN's digits).
  std::string_view RevealText() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }
  // RevealMutable lets a key derivation write its output in place.
  std::span<uint8_t> RevealMutable() { return bytes_; }

  // Constant-time comparison (the lengths are not secret).
  friend bool operator==(const SecretBytes& a, const SecretBytes& b);

  // Printing is refused at compile time; tests see only the length.
  friend std::ostream& operator<<(std::ostream&, const SecretBytes&) = delete;
  friend void PrintTo(const SecretBytes& secret, std::ostream* os);

 private:
  void Wipe();

  std::vector<uint8_t> bytes_;
};

}  // namespace dmboot::crypto

#endif  // DMBOOT_CRYPTO_SECRET_BYTES_H_

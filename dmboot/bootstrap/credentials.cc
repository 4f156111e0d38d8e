#include "dmboot/bootstrap/credentials.h"

#include "dmboot/core/hex.h"

namespace dmboot::bootstrap {
namespace {

template <size_t N>
Result<std::array<uint8_t, N>> ParseFixedHex(std::string_view hex, std::string_view what) {
  if (hex.size() != 2 * N) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " must be " +
                                                 std::to_string(2 * N) + " hex digits, got " +
                                                 std::to_string(hex.size()));
  }
  Result<std::vector<uint8_t>> bytes = HexDecode(hex);
  if (!bytes) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": " + bytes.error().message);
  }
  std::array<uint8_t, N> out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

}  // namespace

Result<Imsi> Imsi::Parse(std::string_view digits) {
  if (digits.size() < 6 || digits.size() > 15) {
    return Fail(ErrorCode::kInvalidArgument,
                "IMSI must be 6 to 15 digits, got " + std::to_string(digits.size()));
  }
  for (size_t i = 0; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') {
      return Fail(ErrorCode::kInvalidArgument,
                  "IMSI has a non-digit at position " + std::to_string(i));
    }
  }
  return Imsi(std::string(digits));
}

std::vector<uint8_t> Imsi::SemiOctets() const {
  // Nibbles in transmission order (low nibble first): parity/type, then the digits, then F.
  std::vector<uint8_t> nibbles;
  nibbles.reserve(digits_.size() + 2);
  nibbles.push_back(digits_.size() % 2 == 1 ? 0x9 : 0x1);
  for (char c : digits_) {
    nibbles.push_back(static_cast<uint8_t>(c - '0'));
  }
  if (nibbles.size() % 2 == 1) {
    nibbles.push_back(0xf);
  }
  std::vector<uint8_t> out(nibbles.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<uint8_t>(nibbles[2 * i] | (nibbles[2 * i + 1] << 4));
  }
  return out;
}

Result<Esn> Esn::Parse(std::string_view hex) {
  Result<std::array<uint8_t, 4>> bytes = ParseFixedHex<4>(hex, "ESN");
  if (!bytes) {
    return bytes.error();
  }
  return Esn(*bytes);
}

Result<Meid> Meid::Parse(std::string_view hex) {
  Result<std::array<uint8_t, 7>> bytes = ParseFixedHex<7>(hex, "MEID");
  if (!bytes) {
    return bytes.error();
  }
  return Meid(*bytes);
}

Result<Pin> Pin::Parse(std::string_view text, const PinPolicy& policy) {
  // Messages give lengths and positions only: the PIN itself is secret.
  if (text.size() < policy.min_length || text.size() > policy.max_length) {
    return Fail(ErrorCode::kInvalidArgument, "PIN must be " + std::to_string(policy.min_length) +
                                                 " to " + std::to_string(policy.max_length) +
                                                 " characters, got " + std::to_string(text.size()));
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool ok = policy.digits_only ? (c >= '0' && c <= '9') : (c > 0x20 && c < 0x7f);
    if (!ok) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("PIN has a character that is not ") +
                      (policy.digits_only ? "a digit" : "printable ASCII") + " at position " +
                      std::to_string(i));
    }
  }
  return Pin(crypto::SecretBytes::FromText(text));
}

Result<KsNaf> KsNaf::Create(crypto::SecretBytes key) {
  if (key.size() != kKsNafLength) {
    return Fail(ErrorCode::kInvalidArgument, "Ks_NAF must be exactly 32 bytes, got " +
                                                 std::to_string(key.size()));
  }
  return KsNaf(std::move(key));
}

}  // namespace dmboot::bootstrap

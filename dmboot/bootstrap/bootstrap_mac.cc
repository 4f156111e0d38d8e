#include "dmboot/bootstrap/bootstrap_mac.h"

#include <array>
#include <vector>

#include "dmboot/bootstrap/bootstrap_key.h"
#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "dmboot/crypto/sha.h"

namespace dmboot::bootstrap {
namespace {

// UserPinMacDigits returns m: m_i = (M_i mod 10) + '0' for the first `n` bytes of M.
std::string UserPinMacDigits(const crypto::HmacTag& tag, size_t n) {
  std::string m(n, '0');
  for (size_t i = 0; i < n; ++i) {
    m[i] = static_cast<char>('0' + tag.bytes[i] % 10);
  }
  return m;
}

}  // namespace

Error VerificationFailed() { return Fail(ErrorCode::kAuthenticationFailed, "verification failed"); }

Result<BootstrapSigner> BootstrapSigner::Create(SecurityType type,
                                                const BootstrapCredentials& credentials) {
  Result<crypto::SecretBytes> key = DeriveBootstrapKey(type, credentials);
  if (!key) {
    return key.error();
  }
  size_t digits = 0;
  if (type == SecurityType::kCpUserPinMac) {
    digits = key->size();
    if (digits == 0 || digits > crypto::kSha1Length) {
      return Fail(ErrorCode::kInvalidArgument,
                  "USERPINMAC needs a PIN of 1 to 20 digits, got " + std::to_string(digits));
    }
  }
  return BootstrapSigner(type, crypto::Hmac::Create(crypto::HmacHash::kSha1, key->Reveal()), digits);
}

std::string BootstrapSigner::Sign(std::span<const uint8_t> wbxml) {
  const crypto::HmacTag tag = hmac_.Compute(wbxml);
  if (type_ == SecurityType::kCpUserPinMac) {
    return UserPinMacDigits(tag, pin_mac_digits_);
  }
  return HexEncode(tag.span(), HexCase::kUpper);
}

Result<std::string> ComputeBootstrapMac(SecurityType type, const BootstrapCredentials& credentials,
                                        std::span<const uint8_t> wbxml) {
  Result<BootstrapSigner> signer = BootstrapSigner::Create(type, credentials);
  if (!signer) {
    return signer.error();
  }
  return signer->Sign(wbxml);
}

Result<void> VerifyBootstrapMac(SecurityType type, const BootstrapCredentials& credentials,
                                std::span<const uint8_t> wbxml, std::string_view mac_text) {
  if (type == SecurityType::kCpUserPinMac) {
    // The user string K ‖ m: both halves have the same length n.
    if (!credentials.pin) {
      return Fail(ErrorCode::kInvalidArgument, "SEC=USERPINMAC needs the user string (PIN ‖ MAC)");
    }
    std::span<const uint8_t> user = credentials.pin->secret().Reveal();
    const size_t n = user.size() / 2;
    if (user.size() % 2 != 0 || n == 0 || n > crypto::kSha1Length) {
      return VerificationFailed();
    }
    crypto::Hmac hmac = crypto::Hmac::Create(crypto::HmacHash::kSha1, user.first(n));
    const std::string expected = UserPinMacDigits(hmac.Compute(wbxml), n);
    const bool ok = crypto::ConstantTimeEquals(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(expected.data()), n),
        user.subspan(n));
    return ok ? Ok() : Result<void>(VerificationFailed());
  }

  Result<crypto::SecretBytes> key = DeriveBootstrapKey(type, credentials);
  if (!key) {
    return key.error();
  }
  if (mac_text.size() != kMacHexLength) {
    return VerificationFailed();
  }
  Result<std::vector<uint8_t>> received = HexDecode(mac_text);
  if (!received) {
    return VerificationFailed();
  }
  const crypto::HmacTag tag = crypto::HmacSha1(key->Reveal(), wbxml);
  return crypto::ConstantTimeEquals(tag.span(), *received) ? Ok()
                                                          : Result<void>(VerificationFailed());
}

}  // namespace dmboot::bootstrap

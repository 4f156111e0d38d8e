#include "dmboot/session/dm_auth.h"

#include "dmboot/core/base64.h"
#include "dmboot/crypto/constant_time.h"
#include "dmboot/crypto/md5.h"

namespace dmboot::session {
namespace {

Error VerificationFailed() { return Fail(ErrorCode::kAuthenticationFailed, "verification failed"); }

std::span<const uint8_t> AsBytes(std::string_view s) {
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// B64(H(username:password)), the first half of both digest forms.
std::string UserDigest(const DmCredential& c) {
  crypto::SecretBytes user_pass = crypto::SecretBytes::Concat(
      AsBytes(c.name + ":"), c.secret.Reveal());
  return Base64Encode(crypto::Md5(user_pass.Reveal()));
}

// B64(H(<first>:nonce[:<third>])).
std::string DigestOf(const std::string& first, std::span<const uint8_t> nonce, std::string_view third) {
  std::vector<uint8_t> input(first.begin(), first.end());
  input.push_back(':');
  input.insert(input.end(), nonce.begin(), nonce.end());
  if (!third.empty()) {
    input.push_back(':');
    input.insert(input.end(), third.begin(), third.end());
  }
  return Base64Encode(crypto::Md5(input));
}

bool SameText(std::string_view a, std::string_view b) { return crypto::ConstantTimeEquals(AsBytes(a), AsBytes(b)); }

}  // namespace

Result<DmAuthType> AuthTypeFromAAuthType(std::string_view t) {
  if (t == "BASIC" || t == "HTTP-BASIC") {
    return DmAuthType::kBasic;
  }
  if (t == "DIGEST" || t == "HTTP-DIGEST") {
    return DmAuthType::kDigest;
  }
  if (t == "HMAC") {
    return DmAuthType::kHmac;
  }
  return Fail(ErrorCode::kUnsupported, "AAuthType '" + std::string(t) + "' is not supported for DM sessions");
}

std::string_view CredTypeName(DmAuthType type) {
  switch (type) {
    case DmAuthType::kBasic:
      return "syncml:auth-basic";
    case DmAuthType::kDigest:
      return "syncml:auth-md5";
    case DmAuthType::kHmac:
      return "syncml:auth-MAC";
  }
  return "?";
}

std::string ComputeCredData(const DmCredential& c) {
  if (c.type == DmAuthType::kBasic) {
    crypto::SecretBytes user_pass = crypto::SecretBytes::Concat(AsBytes(c.name + ":"), c.secret.Reveal());
    return Base64Encode(user_pass.Reveal());
  }
  return DigestOf(UserDigest(c), c.nonce, "");
}

std::string ComputeHmacHeader(const DmCredential& c, std::span<const uint8_t> body) {
  const std::string mac = DigestOf(UserDigest(c), c.nonce, Base64Encode(crypto::Md5(body)));
  return "algorithm=MD5, username=\"" + c.name + "\", mac=" + mac;
}

Result<void> VerifyCredData(const DmCredential& expected, std::string_view received) {
  return SameText(ComputeCredData(expected), received) ? Ok() : Result<void>(VerificationFailed());
}

Result<void> VerifyHmacHeader(const DmCredential& expected, std::string_view header,
                              std::span<const uint8_t> body) {
  // Parameters: comma-separated name=value, values optionally quoted (OMA DM Security §5.3.2).
  std::string algorithm = "MD5";
  std::string username;
  std::string mac;
  size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == ',')) {
      ++i;
    }
    const size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) {
      break;
    }
    const std::string name(header.substr(i, eq - i));
    i = eq + 1;
    std::string value;
    if (i < header.size() && header[i] == '"') {
      const size_t close = header.find('"', i + 1);
      if (close == std::string_view::npos) {
        return VerificationFailed();
      }
      value = std::string(header.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      const size_t comma = header.find(',', i);
      const size_t end = comma == std::string_view::npos ? header.size() : comma;
      value = std::string(header.substr(i, end - i));
      while (!value.empty() && value.back() == ' ') {
        value.pop_back();
      }
      i = end;
    }
    if (name == "algorithm") {
      algorithm = value;
    } else if (name == "username") {
      username = value;
    } else if (name == "mac") {
      mac = value;
    }
  }
  if (algorithm != "MD5" || username != expected.name || mac.empty()) {
    return VerificationFailed();
  }
  const std::string want = DigestOf(UserDigest(expected), expected.nonce, Base64Encode(crypto::Md5(body)));
  return SameText(want, mac) ? Ok() : Result<void>(VerificationFailed());
}

}  // namespace dmboot::session

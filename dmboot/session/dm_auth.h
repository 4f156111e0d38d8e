#ifndef DMBOOT_SESSION_DM_AUTH_H_
#define DMBOOT_SESSION_DM_AUTH_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/crypto/secret_bytes.h"

namespace dmboot::session {

// DmAuthType is how a DM client authenticates in a session (OMA DM Security 1.2.1 §5.3).
enum class DmAuthType {
  kBasic,   // syncml:auth-basic: Cred Data = B64(username:password)
  kDigest,  // syncml:auth-md5:   Cred Data = B64(H(B64(H(username:password)):nonce)), H = MD5
  kHmac,    // syncml:auth-MAC:   HTTP header x-syncml-hmac, mac = B64(H(B64(H(username:password)):nonce:B64(H(body))))
};

// AuthTypeFromAAuthType maps a w7 AAuthType ("BASIC"/"HTTP-BASIC", "DIGEST"/"HTTP-DIGEST",
// "HMAC"); others fail with kUnsupported.
Result<DmAuthType> AuthTypeFromAAuthType(std::string_view aauth_type);

// CredTypeName returns the SyncML Meta Type of a Cred: "syncml:auth-basic", "syncml:auth-md5",
// "syncml:auth-MAC".
std::string_view CredTypeName(DmAuthType type);

// DmCredential is one side's credential from the bootstrapped account: AAuthName, AAuthSecret and
// the nonce (AAuthData, decoded).
struct DmCredential {
  DmAuthType type = DmAuthType::kDigest;
  std::string name;
  crypto::SecretBytes secret;
  std::vector<uint8_t> nonce;
};

// ComputeCredData returns the Cred Data text for kBasic and kDigest.
std::string ComputeCredData(const DmCredential& credential);

// ComputeHmacHeader returns the value of the x-syncml-hmac header for `body` (kHmac):
// `algorithm=MD5, username="<name>", mac=<b64>`.
std::string ComputeHmacHeader(const DmCredential& credential, std::span<const uint8_t> body);

// VerifyCredData checks a received Cred Data against `expected` (kBasic, kDigest) in constant
// time; any mismatch is kAuthenticationFailed "verification failed".
Result<void> VerifyCredData(const DmCredential& expected, std::string_view received);

// VerifyHmacHeader parses a received x-syncml-hmac header (algorithm MD5, the expected username)
// and checks its mac over `body` in constant time; a malformed header or a mismatch is
// kAuthenticationFailed "verification failed".
Result<void> VerifyHmacHeader(const DmCredential& expected, std::string_view header,
                              std::span<const uint8_t> body);

}  // namespace dmboot::session

#endif  // DMBOOT_SESSION_DM_AUTH_H_

#ifndef DMBOOT_NF_COMMON_AUTH_H_
#define DMBOOT_NF_COMMON_AUTH_H_

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dmboot/core/result.h"
#include "nf/common/http.h"

namespace dmboot::nf {

// Principal is an authenticated caller: its name (the mTLS DNS SAN or the token's name) and roles.
struct Principal {
  std::string name;
  std::set<std::string> roles;
  bool Has(const std::string& role) const { return roles.contains(role); }
};

// A token as stored: never the token itself, only SHA-256(token).
struct StoredToken {
  std::string name;
  std::set<std::string> roles;
  std::array<uint8_t, 32> sha256{};
};

// NewToken returns a fresh random bearer token (printed once) and its stored form.
std::pair<std::string, StoredToken> NewToken(const std::string& name, std::set<std::string> roles);

// LoadTokens reads a tokens file: one JSON object a line, {"name", "roles": [..], "sha256": hex}.
// The file must be a regular file of mode 0600 (or stricter), else kRefused naming the path.
Result<std::vector<StoredToken>> LoadTokens(const std::string& path);
// StoredTokenLine is the tokens-file line of `token` (no secret: only the hash).
std::string StoredTokenLine(const StoredToken& token);

// Authenticator establishes a Principal for a request: from `peer_identity` (a TLS-verified
// client certificate, mapped to roles by `identity_roles`) or from `Authorization: Bearer <t>`
// (compared by hash in constant time against every stored token). No credential, or a wrong
// one, is kAuthenticationFailed (401).
class Authenticator {
 public:
  Authenticator() = default;
  Authenticator(std::vector<StoredToken> tokens, std::map<std::string, std::set<std::string>> identity_roles)
      : tokens_(std::move(tokens)), identity_roles_(std::move(identity_roles)) {}

  Result<Principal> Authenticate(const HttpRequest& request) const;

 private:
  std::vector<StoredToken> tokens_;
  std::map<std::string, std::set<std::string>> identity_roles_;
};

// Authorize checks that `request`'s caller holds `role`: 401 unauthenticated, 403 not allowed;
// every refusal is logged (component `component`) with the caller's identity, never a token.
Result<Principal> Authorize(const Authenticator& auth, const HttpRequest& request, const std::string& role,
                            std::string_view component);

// kOpen is the role of a route anyone may call (health, the device's own report).
inline constexpr const char* kOpenRoute = "";

// AuthorizedRoutes wraps HttpServer so that no route can be registered without its role.
using AuthorizedHandler = std::function<Result<HttpReply>(const HttpRequest&, const Principal&)>;
class AuthorizedRoutes {
 public:
  AuthorizedRoutes(HttpServer& server, const Authenticator& auth, std::string component)
      : server_(server), auth_(auth), component_(std::move(component)) {}
  void Route(const std::string& method, const std::string& pattern, const std::string& role,
             AuthorizedHandler handler, bool json_body = true);

 private:
  HttpServer& server_;
  const Authenticator& auth_;
  std::string component_;
};

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_COMMON_AUTH_H_

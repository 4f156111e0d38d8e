#include "nf/common/auth.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <span>
#include <utility>

#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "dmboot/crypto/random.h"
#include "dmboot/crypto/sha.h"
#include "nf/common/log.h"

namespace dmboot::nf {
namespace {

std::array<uint8_t, 32> HashToken(std::string_view token) {
  return crypto::Sha256(std::span(reinterpret_cast<const uint8_t*>(token.data()), token.size()));
}

}  // namespace

std::pair<std::string, StoredToken> NewToken(const std::string& name, std::set<std::string> roles) {
  std::array<uint8_t, 32> raw{};
  crypto::FillRandom(raw);
  std::string token = HexEncode(raw);
  StoredToken stored{name, std::move(roles), HashToken(token)};
  return {std::move(token), std::move(stored)};
}

std::string StoredTokenLine(const StoredToken& token) {
  return Json{{"name", token.name}, {"roles", token.roles}, {"sha256", HexEncode(token.sha256)}}.dump();
}

Result<std::vector<StoredToken>> LoadTokens(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Fail(ErrorCode::kIo, "cannot stat tokens file " + path);
  if (!S_ISREG(st.st_mode) || (st.st_mode & 077) != 0) {
    return Fail(ErrorCode::kRefused, "tokens file " + path + " must be a regular file of mode 0600");
  }
  std::ifstream in(path);
  std::vector<StoredToken> tokens;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json j = Json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("name") || !j.contains("sha256") || !j["name"].is_string() ||
        !j["sha256"].is_string()) {
      return Fail(ErrorCode::kMalformed, "tokens file " + path + ": bad line");
    }
    Result<std::vector<uint8_t>> digest = HexDecode(j["sha256"].get<std::string>());
    if (!digest || digest->size() != 32) return Fail(ErrorCode::kMalformed, "tokens file " + path + ": bad sha256");
    StoredToken token;
    token.name = j["name"].get<std::string>();
    if (j.contains("roles") && j["roles"].is_array()) {
      for (const auto& role : j["roles"]) {
        if (role.is_string()) token.roles.insert(role.get<std::string>());
      }
    }
    std::copy(digest->begin(), digest->end(), token.sha256.begin());
    tokens.push_back(std::move(token));
  }
  return tokens;
}

Result<Principal> Authenticator::Authenticate(const HttpRequest& request) const {
  if (!request.peer_identity.empty()) {
    auto it = identity_roles_.find(request.peer_identity);
    return Principal{request.peer_identity, it == identity_roles_.end() ? std::set<std::string>{} : it->second};
  }
  auto header = request.headers.find("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header == request.headers.end() || !header->second.starts_with(kBearer)) {
    return Fail(ErrorCode::kAuthenticationFailed, "authentication required");
  }
  auto digest = HashToken(std::string_view(header->second).substr(kBearer.size()));
  const StoredToken* match = nullptr;
  for (const auto& token : tokens_) {  // every token compared: no early exit on a match
    if (crypto::ConstantTimeEquals(token.sha256, digest)) match = &token;
  }
  if (match == nullptr) return Fail(ErrorCode::kAuthenticationFailed, "authentication failed");
  return Principal{match->name, match->roles};
}

Result<Principal> Authorize(const Authenticator& auth, const HttpRequest& request, const std::string& role,
                            std::string_view component) {
  auto principal = auth.Authenticate(request);
  if (!principal.has_value()) {
    Log(LogLevel::kWarning, component, "refused unauthenticated caller: " + principal.error().message);
    return principal.error();
  }
  if (!principal.value().Has(role)) {
    Log(LogLevel::kWarning, component, "refused caller " + principal.value().name + ": lacks role " + role);
    return Fail(ErrorCode::kRefused, "caller lacks role " + role);
  }
  return principal;
}

void AuthorizedRoutes::Route(const std::string& method, const std::string& pattern, const std::string& role,
                             AuthorizedHandler handler, bool json_body) {
  server_.Route(
      method, pattern,
      [this, role, handler = std::move(handler)](const HttpRequest& request) -> Result<HttpReply> {
        if (role == kOpenRoute) return handler(request, Principal{});
        auto principal = Authorize(auth_, request, role, component_);
        if (!principal.has_value()) return principal.error();
        return handler(request, principal.value());
      },
      json_body);
}

}  // namespace dmboot::nf

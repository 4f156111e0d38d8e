#include "dmboot/bootstrap/account.h"

#include <nlohmann/json.hpp>

#include <set>
#include <tuple>

#include "dmboot/crypto/constant_time.h"

namespace dmboot::bootstrap {
namespace {

using Json = nlohmann::json;

Error Invalid(const std::string& message) { return Fail(ErrorCode::kInvalidArgument, message); }

bool IsNodeNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// IsPrintable: well-formed UTF-8 without control characters. Every account field travels as a
// WBXML string (no NUL) and may be shown to a user or written as XML.
bool IsPrintable(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1fu;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0fu;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > s.size()) {
      return false;
    }
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (cc & 0x3fu);
    }
    const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0)) {
      return false;
    }
    i += len;
  }
  return true;
}

bool IsBase64(std::string_view s) {
  if (s.size() % 4 != 0) {
    return false;
  }
  size_t pad = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '=') {
      ++pad;
      continue;
    }
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '+' || c == '/';
    if (!alpha || pad > 0) {
      return false;
    }
  }
  return pad <= 2;
}

bool IsDottedQuad(std::string_view s) {
  int parts = 0;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find('.', i);
    if (j == std::string_view::npos) {
      j = s.size();
    }
    std::string_view part = s.substr(i, j - i);
    if (part.empty() || part.size() > 3) {
      return false;
    }
    int value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') {
        return false;
      }
      value = value * 10 + (c - '0');
    }
    if (value > 255) {
      return false;
    }
    ++parts;
    i = j + 1;
  }
  return parts == 4;
}

// The w7 AAuthType values (OMA-SUP-ac_w7_dm, AAUTHTYPE).
const std::set<std::string, std::less<>> kAuthTypes = {
    "HTTP-BASIC", "HTTP-DIGEST", "BASIC", "DIGEST", "HMAC", "X509", "SECURID", "SAFEWORD", "DIGIPASS"};

}  // namespace

std::string_view AuthLevelName(AuthLevel level) {
  switch (level) {
    case AuthLevel::kClient:
      return "CLCRED";
    case AuthLevel::kServer:
      return "SRVCRED";
  }
  return "?";
}

const AppAuth* Account::ClientCredential() const {
  for (const AppAuth& a : credentials) {
    if (a.level == AuthLevel::kClient) {
      return &a;
    }
  }
  return nullptr;
}

const AppAuth* Account::ServerCredential() const {
  for (const AppAuth& a : credentials) {
    if (a.level == AuthLevel::kServer) {
      return &a;
    }
  }
  return nullptr;
}

Result<void> ValidateAccount(const Account& a) {
  if (a.node_name.empty() || a.node_name.size() > 64) {
    return Invalid("node_name must be 1 to 64 characters, got " + std::to_string(a.node_name.size()));
  }
  for (char c : a.node_name) {
    if (!IsNodeNameChar(c)) {
      return Invalid("node_name '" + a.node_name + "' may use only A-Z a-z 0-9 . _ -");
    }
  }
  if (a.server_id.empty() || a.server_id.size() > 255 || !IsPrintable(a.server_id)) {
    return Invalid("server_id must be 1 to 255 printable characters");
  }
  if (a.name.empty() || !IsPrintable(a.name)) {
    return Invalid("name must be non-empty printable text");
  }
  if (a.addresses.empty()) {
    return Invalid("an account needs at least one address");
  }
  for (size_t i = 0; i < a.addresses.size(); ++i) {
    const AppAddr& addr = a.addresses[i];
    const std::string where = "addresses[" + std::to_string(i) + "]";
    if (addr.addr_type == "URI") {
      if (addr.addr.rfind("http://", 0) != 0 && addr.addr.rfind("https://", 0) != 0) {
        return Invalid(where + ": URI '" + addr.addr + "' must start with http:// or https://");
      }
      if (addr.addr.size() <= 8 || !IsPrintable(addr.addr) || addr.addr.find(' ') != std::string::npos) {
        return Invalid(where + ": URI '" + addr.addr + "' is not a usable address");
      }
    } else if (addr.addr_type == "IPv4") {
      if (!IsDottedQuad(addr.addr)) {
        return Invalid(where + ": '" + addr.addr + "' is not a dotted-quad IPv4 address");
      }
    } else {
      return Invalid(where + ": addr_type '" + addr.addr_type + "' must be URI or IPv4");
    }
    if (addr.port && *addr.port == 0) {
      return Invalid(where + ": port must be 1 to 65535, got 0");
    }
  }
  bool seen[2] = {false, false};
  std::set<std::string, std::less<>> types;
  for (size_t i = 0; i < a.credentials.size(); ++i) {
    const AppAuth& c = a.credentials[i];
    const std::string where = "credentials[" + std::to_string(i) + "]";
    const auto level = static_cast<size_t>(c.level);
    if (seen[level]) {
      return Invalid(where + ": a second " + std::string(AuthLevelName(c.level)) + " entry");
    }
    seen[level] = true;
    if (kAuthTypes.count(c.type) == 0) {
      return Invalid(where + ": unknown AAuthType '" + c.type + "'");
    }
    if (c.name.empty() || !IsPrintable(c.name)) {
      return Invalid(where + ": AAuthName must be non-empty printable text");
    }
    const auto secret = c.secret.Reveal();
    if (secret.empty() ||
        !IsPrintable(std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()))) {
      return Invalid(where + ": AAuthSecret must be non-empty printable text");
    }
    if (!c.nonce_b64.empty() && !IsBase64(c.nonce_b64)) {
      return Invalid(where + ": nonce is not base64");
    }
    types.insert(c.type);
  }
  if (!seen[static_cast<size_t>(AuthLevel::kClient)]) {
    return Invalid("a CLCRED credential is required: the device needs it for its first session");
  }
  if (!a.auth_pref.empty() && types.count(a.auth_pref) == 0) {
    return Invalid("auth_pref '" + a.auth_pref + "' is not the type of any credential");
  }
  if (!IsPrintable(a.pref_con_ref)) {
    return Invalid("pref_con_ref must be printable text");
  }
  return Ok();
}

Result<Account> ParseAccountJson(std::string_view text) {
  Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return Fail(ErrorCode::kMalformed, "account file is not a JSON object");
  }
  const std::set<std::string, std::less<>> top_keys = {
      "node_name", "server_id", "name", "addresses", "auth_pref", "credentials", "pref_con_ref"};
  for (const auto& [key, value] : json.items()) {
    if (top_keys.count(key) == 0) {
      return Fail(ErrorCode::kInvalidArgument, "account file: unknown key '" + key + "'");
    }
  }
  auto text_field = [](const Json& obj, const char* key, std::string& out, bool required) -> Result<void> {
    auto it = obj.find(key);
    if (it == obj.end()) {
      return required ? Result<void>(Fail(ErrorCode::kInvalidArgument,
                                          std::string("account file: missing '") + key + "'"))
                      : Ok();
    }
    if (!it->is_string()) {
      return Fail(ErrorCode::kMalformed, std::string("account file: '") + key + "' must be a string");
    }
    out = it->get<std::string>();
    return Ok();
  };

  Account a;
  for (auto [key, out, required] : {std::tuple<const char*, std::string*, bool>{"node_name", &a.node_name, true},
                                    {"server_id", &a.server_id, true},
                                    {"name", &a.name, true},
                                    {"auth_pref", &a.auth_pref, false},
                                    {"pref_con_ref", &a.pref_con_ref, false}}) {
    Result<void> r = text_field(json, key, *out, required);
    if (!r) {
      return r.error();
    }
  }
  auto addresses = json.find("addresses");
  if (addresses == json.end() || !addresses->is_array()) {
    return Fail(ErrorCode::kInvalidArgument, "account file: 'addresses' must be an array");
  }
  for (const Json& item : *addresses) {
    if (!item.is_object()) {
      return Fail(ErrorCode::kMalformed, "account file: each address must be an object");
    }
    AppAddr addr;
    for (const auto& [key, value] : item.items()) {
      if (key != "addr" && key != "addr_type" && key != "port") {
        return Fail(ErrorCode::kInvalidArgument, "account file: unknown address key '" + key + "'");
      }
    }
    Result<void> r = text_field(item, "addr", addr.addr, true);
    if (r) {
      r = text_field(item, "addr_type", addr.addr_type, false);
    }
    if (!r) {
      return r.error();
    }
    if (auto port = item.find("port"); port != item.end()) {
      if (!port->is_number_integer() || port->get<int64_t>() < 1 || port->get<int64_t>() > 65535) {
        return Fail(ErrorCode::kInvalidArgument, "account file: port must be an integer 1 to 65535");
      }
      addr.port = static_cast<uint16_t>(port->get<int64_t>());
    }
    a.addresses.push_back(std::move(addr));
  }
  auto credentials = json.find("credentials");
  if (credentials == json.end() || !credentials->is_array()) {
    return Fail(ErrorCode::kInvalidArgument, "account file: 'credentials' must be an array");
  }
  for (const Json& item : *credentials) {
    if (!item.is_object()) {
      return Fail(ErrorCode::kMalformed, "account file: each credential must be an object");
    }
    for (const auto& [key, value] : item.items()) {
      if (key != "level" && key != "type" && key != "name" && key != "secret" && key != "nonce") {
        return Fail(ErrorCode::kInvalidArgument, "account file: unknown credential key '" + key + "'");
      }
    }
    AppAuth c;
    std::string level;
    std::string secret;
    for (auto [key, out, required] : {std::tuple<const char*, std::string*, bool>{"level", &level, true},
                                      {"type", &c.type, true},
                                      {"name", &c.name, true},
                                      {"secret", &secret, true},
                                      {"nonce", &c.nonce_b64, false}}) {
      Result<void> r = text_field(item, key, *out, required);
      if (!r) {
        return r.error();
      }
    }
    if (level == "CLCRED") {
      c.level = AuthLevel::kClient;
    } else if (level == "SRVCRED") {
      c.level = AuthLevel::kServer;
    } else {
      return Fail(ErrorCode::kInvalidArgument,
                  "account file: AAuthLevel '" + level + "' must be CLCRED or SRVCRED");
    }
    c.secret = crypto::SecretBytes::FromText(secret);
    crypto::Cleanse(std::span<uint8_t>(reinterpret_cast<uint8_t*>(secret.data()), secret.size()));
    a.credentials.push_back(std::move(c));
  }
  Result<void> valid = ValidateAccount(a);
  if (!valid) {
    return valid.error();
  }
  return a;
}

std::string AccountToJson(const Account& a) {
  Json json = {{"node_name", a.node_name}, {"server_id", a.server_id}, {"name", a.name}};
  Json addresses = Json::array();
  for (const AppAddr& addr : a.addresses) {
    Json item = {{"addr", addr.addr}, {"addr_type", addr.addr_type}};
    if (addr.port) {
      item["port"] = *addr.port;
    }
    addresses.push_back(item);
  }
  json["addresses"] = addresses;
  if (!a.auth_pref.empty()) {
    json["auth_pref"] = a.auth_pref;
  }
  Json credentials = Json::array();
  for (const AppAuth& c : a.credentials) {
    const auto secret = c.secret.Reveal();
    Json item = {{"level", AuthLevelName(c.level)},
                 {"type", c.type},
                 {"name", c.name},
                 {"secret", std::string(secret.begin(), secret.end())}};
    if (!c.nonce_b64.empty()) {
      item["nonce"] = c.nonce_b64;
    }
    credentials.push_back(item);
  }
  json["credentials"] = credentials;
  if (!a.pref_con_ref.empty()) {
    json["pref_con_ref"] = a.pref_con_ref;
  }
  return json.dump(2) + "\n";
}

}  // namespace dmboot::bootstrap

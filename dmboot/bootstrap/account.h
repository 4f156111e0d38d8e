#ifndef DMBOOT_BOOTSTRAP_ACCOUNT_H_
#define DMBOOT_BOOTSTRAP_ACCOUNT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/crypto/secret_bytes.h"

namespace dmboot::bootstrap {

// AuthLevel is AAuthLevel of the DMAcc w7 management object (OMA-TS-DM_StdObj 1.2 §5.3):
// whose credentials an AppAuth entry holds.
enum class AuthLevel {
  kClient,  // "CLCRED": the client authenticates to the server with these (CP: "APPSRV")
  kServer,  // "SRVCRED": the server authenticates to the client with these (CP: "CLIENT")
};

// AppAuth is one AppAuth/<x> entry: AAuthLevel, AAuthType, AAuthName, AAuthSecret, AAuthData.
struct AppAuth {
  AuthLevel level = AuthLevel::kClient;
  std::string type;        // "BASIC", "DIGEST", "HMAC", ... (w7 AAuthType)
  std::string name;        // AAuthName
  crypto::SecretBytes secret;  // AAuthSecret
  std::string nonce_b64;   // AAuthData, base64 text; may be empty
};

// AppAddr is one AppAddr/<x> entry with its optional Port/<y>/PortNbr.
struct AppAddr {
  std::string addr;               // e.g. "https://dm.example.test/dm"
  std::string addr_type = "URI";  // "URI" or "IPv4"
  std::optional<uint16_t> port;
};

// Account is the DM account a bootstrap creates (a DMAcc of type org.openmobilealliance/1.0/w7).
struct Account {
  std::string node_name;  // the account's node: ./DMAcc/<node_name>
  std::string server_id;  // ServerID (CP: PROVIDER-ID)
  std::string name;       // Name, for the user
  std::vector<AppAddr> addresses;
  std::string auth_pref;  // AAuthPref: one of the credential types
  std::vector<AppAuth> credentials;
  std::string pref_con_ref;  // PrefConRef (optional connectivity reference, e.g. ./Inbox/Conn1)

  // ClientCredential returns the CLCRED entry, or nullptr.
  const AppAuth* ClientCredential() const;
  // ServerCredential returns the SRVCRED entry, or nullptr.
  const AppAuth* ServerCredential() const;
};

// AuthLevelName returns "CLCRED" or "SRVCRED".
std::string_view AuthLevelName(AuthLevel level);

// ValidateAccount checks what a bootstrap may carry before it is encoded (server side) and before
// it is offered for applying (device side): a node name of [A-Za-z0-9._-], a ServerID, a Name, at
// least one address (URI addresses must be http:// or https://, IPv4 ones a dotted quad), ports in
// 1..65535, credential levels CLCRED/SRVCRED at most once each with a CLCRED present, known
// AAuthTypes, base64 nonces, and an AAuthPref that names a credential type present. It fails with
// kInvalidArgument naming the first offending field (never a secret).
Result<void> ValidateAccount(const Account& account);

// ParseAccountJson reads an account description (docs/bootstrap.md §Account file):
//   {"node_name": "ExampleDM", "server_id": "dm.example.test", "name": "Example DM",
//    "addresses": [{"addr": "https://dm.example.test/dm", "addr_type": "URI", "port": 443}],
//    "auth_pref": "HMAC",
//    "credentials": [{"level": "CLCRED", "type": "HMAC", "name": "dev1", "secret": "s1",
//                     "nonce": "bm9uY2U="}, ...],
//    "pref_con_ref": "./Inbox/Conn1"}
// Unknown keys are refused (a typo must not silently drop a field). The result is validated.
// Fails with kMalformed for bad JSON or wrong value types, kInvalidArgument as ValidateAccount.
Result<Account> ParseAccountJson(std::string_view json);

// AccountToJson writes `account` in the same format (secrets included: it is an account file).
std::string AccountToJson(const Account& account);

}  // namespace dmboot::bootstrap

#endif  // DMBOOT_BOOTSTRAP_ACCOUNT_H_

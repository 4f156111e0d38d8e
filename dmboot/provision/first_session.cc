#include "dmboot/provision/first_session.h"

#include <utility>
#include <vector>

#include "dmboot/core/base64.h"

namespace dmboot::provision {

Result<session::DmCredential> ClientCredentialOf(const bootstrap::Account& account) {
  const bootstrap::AppAuth* cl = account.ClientCredential();
  if (cl == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "account: no CLCRED credential");
  }
  Result<session::DmAuthType> type = session::AuthTypeFromAAuthType(cl->type);
  if (!type) {
    return Fail(ErrorCode::kInvalidArgument,
                "account: CLCRED type '" + cl->type + "' is not one the DM session supports "
                "(BASIC, DIGEST, HMAC)");
  }
  session::DmCredential credential;
  credential.type = *type;
  credential.name = cl->name;
  credential.secret = cl->secret;
  if (!cl->nonce_b64.empty()) {
    Result<std::vector<uint8_t>> nonce = Base64Decode(cl->nonce_b64);
    if (!nonce) {
      return Fail(ErrorCode::kInvalidArgument, "account: CLCRED nonce is not base64");
    }
    credential.nonce = std::move(*nonce);
  }
  return credential;
}

}  // namespace dmboot::provision

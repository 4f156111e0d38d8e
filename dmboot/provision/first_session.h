#ifndef DMBOOT_PROVISION_FIRST_SESSION_H_
#define DMBOOT_PROVISION_FIRST_SESSION_H_

// The first DM session after a bootstrap: the client credential both ends take from the
// bootstrapped account, the DMS to check package 1 and the device to sign it.

#include "dmboot/bootstrap/account.h"
#include "dmboot/core/result.h"
#include "dmboot/session/dm_auth.h"

namespace dmboot::provision {

// ClientCredentialOf returns the account's CLCRED as the session's credential: AAuthType mapped
// (BASIC, DIGEST or HMAC; OMA DM Security 1.2.1 §5.3), AAuthName, AAuthSecret and the decoded
// AAuthData nonce (empty when absent). It fails with kInvalidArgument, naming what is wrong and
// never the secret, when there is no CLCRED, its type is none of those, or the nonce is not base64.
Result<session::DmCredential> ClientCredentialOf(const bootstrap::Account& account);

}  // namespace dmboot::provision

#endif  // DMBOOT_PROVISION_FIRST_SESSION_H_

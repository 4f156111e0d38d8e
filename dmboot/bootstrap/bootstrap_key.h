#ifndef DMBOOT_BOOTSTRAP_BOOTSTRAP_KEY_H_
#define DMBOOT_BOOTSTRAP_BOOTSTRAP_KEY_H_

#include "dmboot/bootstrap/credentials.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/result.h"
#include "dmboot/crypto/secret_bytes.h"

namespace dmboot::bootstrap {

// DeriveBootstrapKey is the one place where a security type becomes HMAC key bytes
// (docs/decisions.md):
//   NETWORKID, NETWPIN        network key: IMSI semi-octets | ESN 4 bytes | MEID 7 bytes
//                             (ASCII text only with NetworkIdFormat::kAscii; NETWPIN is IMSI only)
//   USERPIN (DM and CP)       PIN ASCII bytes
//   USERPIN_NETWORKID (DM)    PIN ‖ ':' ‖ network key            (OMA DM Security §5.7 "PIN:secret")
//   USERNETWPIN (CP)          IMSI semi-octets ‖ PIN, no colon   (OMA PROVBOOT 1.1)
//   USERPINMAC (CP)           K, the first half of the user string K ‖ m (on the sending side the
//                             `pin` credential is K itself)
//   NETWORKID_GBA             Ks_NAF, 32 raw bytes
//   USERPIN_NETWORKID_GBA     PIN ‖ ':' ‖ Ks_NAF
// It fails with kInvalidArgument naming the credential that `type` needs and `credentials` lacks.
Result<crypto::SecretBytes> DeriveBootstrapKey(SecurityType type,
                                               const BootstrapCredentials& credentials);

}  // namespace dmboot::bootstrap

#endif  // DMBOOT_BOOTSTRAP_BOOTSTRAP_KEY_H_

#ifndef DMBOOT_PROVISION_BOOTSTRAP_PUSH_H_
#define DMBOOT_PROVISION_BOOTSTRAP_PUSH_H_

// A bootstrap as WAP Push, both ways (docs/push.md "SEC and MAC"): the server turns a signed
// bootstrap into the WSP push it sends, the device turns a received push into the typed
// Content-Type the verifier takes. The one place where SEC and MAC meet the WSP parameters.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dmboot/bootstrap/content_type.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/result.h"
#include "dmboot/push/wsp_push.h"

namespace dmboot::provision {

// WspSecOf returns how `type` travels: the typed SEC parameter with its short-integer code for the
// four legacy codes, the GBA types as untyped text (docs/push.md "SEC and MAC").
push::WspSec WspSecOf(bootstrap::SecurityType type);

// BootstrapPushOf returns the WSP push of the bootstrap `wbxml` keyed with `type`: the media of
// the type's family as its well-known code, SEC as WspSecOf, the MAC parameters `macs` as given
// (one for an HMAC type, none for USERPINMAC; a test may send others), X-Wap-Application-Id
// syncml.dm for a DM bootstrap and none for CP (CP pushes carry none), and transaction id `tid`.
push::WspPush BootstrapPushOf(bootstrap::SecurityType type, std::vector<uint8_t> wbxml,
                              std::vector<std::string> macs, uint8_t tid = 1);

// IsBootstrapMedia reports whether a push of media `ct` is a bootstrap for the device to verify:
// DM or CP WBXML, and DM XML (which the verifier must see to refuse it), by code or by name.
bool IsBootstrapMedia(const push::WspContentType& ct);

// ReceivedContentType returns the typed Content-Type of a received bootstrap push: its media
// family, its SEC mapped for that family (a typed code or a name, in any case), and every MAC
// parameter as received. It fails as bootstrap::ParseContentType does: kRefused for an XML media
// type or a SEC of the other family, kUnsupported for a media that is no bootstrap or an unknown
// SEC. An absent SEC is not an error here; the verifier refuses it.
Result<bootstrap::BootstrapContentType> ReceivedContentType(const push::WspContentType& ct);

}  // namespace dmboot::provision

#endif  // DMBOOT_PROVISION_BOOTSTRAP_PUSH_H_

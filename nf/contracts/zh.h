#ifndef DMBOOT_NF_CONTRACTS_ZH_H_
#define DMBOOT_NF_CONTRACTS_ZH_H_

// Zh, the BSF ↔ HSS interface (shaped after TS 29.109 MAR/MAA): an authentication vector for a
// UE identity, and the AUTS resynchronisation. The types, the client interface the BSF calls,
// and the JSON codec both sides use (docs/network-functions.md "HSS": POST /zh/v1/av,
// POST /zh/v1/resync).

#include <string>
#include <string_view>

#include "dmboot/core/result.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/types.h"
#include "nf/common/http.h"
#include "nf/contracts/identity.h"

namespace dmboot::nf::contracts {

inline constexpr std::string_view kZhAvPath = "/zh/v1/av";
inline constexpr std::string_view kZhResyncPath = "/zh/v1/resync";

// UeIdentity names a subscriber on Zh.
struct UeIdentity {
  IdentityKind kind = IdentityKind::kImpi;
  std::string id;
};

// ZhVector is an AV as the HSS hands it to the BSF: the IMPI and the quintet (CK, IK, XRES are
// secrets; this is the one place they leave the HSS).
struct ZhVector {
  std::string impi;
  gba::AuthVector av;
};

// ZhResync is a resynchronisation request: the RAND the UE answered and its AUTS.
struct ZhResync {
  UeIdentity ue;
  gba::Rand rand;
  gba::Auts auts;
};

// ZhClient is the BSF's view of the HSS. Errors: kNotFound for an unknown subscriber,
// kAuthenticationFailed for a bad AUTS, kIo when the HSS cannot be reached.
class ZhClient {
 public:
  virtual ~ZhClient() = default;
  virtual Result<ZhVector> GetAv(const UeIdentity& ue) = 0;
  virtual Result<void> Resync(const ZhResync& request) = 0;
};

// JSON: an identity is one member named by its kind, {"imsi": "001..."}.
Json UeIdentityJson(const UeIdentity& ue);
// ParseUeIdentityJson reads exactly one of `impi`, `imsi` and (when `allow_msisdn`) `msisdn`,
// failing with kInvalidArgument naming the field.
Result<UeIdentity> ParseUeIdentityJson(const Json& body, bool allow_msisdn);

// ZhVectorJson returns {"impi", "rand", "autn", "xres", "ck", "ik"} (lower-case hex).
Json ZhVectorJson(const ZhVector& vector);
// ParseZhVectorJson reads it back, failing with kMalformed naming the field (never a value).
Result<ZhVector> ParseZhVectorJson(const Json& body);

// ZhResyncJson returns the identity member plus {"rand", "auts"}; ParseZhResyncJson reads it
// (kInvalidArgument naming the field; an MSISDN is not a resync identity).
Json ZhResyncJson(const ZhResync& request);
Result<ZhResync> ParseZhResyncJson(const Json& body);

}  // namespace dmboot::nf::contracts

#endif  // DMBOOT_NF_CONTRACTS_ZH_H_

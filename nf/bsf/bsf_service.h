#ifndef DMBOOT_NF_BSF_BSF_SERVICE_H_
#define DMBOOT_NF_BSF_BSF_SERVICE_H_

// The BSF's GBA Push Function (docs/network-functions.md "BSF"): push-info-retrieval shaped after
// TS 29.309 Nbsp_GBA (the SBA form of Zpn, TS 29.109), the NAF authorization table, the AV from
// the HSS over Zh, Ks_NAF (TS 33.220 B.3) and the GPI (TS 33.223 §4.3, gba::BuildGpi).
// BsfService has no sockets; bsf_server.h is the HTTP adapter and the HTTP Zh client. The types
// it speaks are the contracts of nf/contracts (zh.h, zpn.h).

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/gpi.h"
#include "dmboot/gba/kdf.h"
#include "nf/bsf/bsf_store.h"
#include "nf/common/http.h"
#include "nf/contracts/identity.h"
#include "nf/contracts/zh.h"
#include "nf/contracts/zpn.h"

namespace dmboot::nf::bsf {

using contracts::IdentityKind;
using contracts::PushInfo;
using contracts::PushInfoRequest;
using contracts::PushResync;
using contracts::ZhClient;

// NafAuthorization is one row of the BSF's NAF table (config `naf_authorizations`).
struct NafAuthorization {
  gba::NafId naf_id;
  bool may_push = false;
  uint64_t max_key_lifetime_s = 0;  // >= 1
  bool gba_u_allowed = false;
};

// ParseNafAuthorizations reads the config array `naf_authorizations` (objects with naf_fqdn,
// ua_id (10 hex digits), may_push, max_key_lifetime_s, gba_u_allowed), or fails with
// kInvalidArgument naming the entry and field. Two entries with the same NAF_Id are refused.
Result<std::vector<NafAuthorization>> ParseNafAuthorizations(const Json& array);

// Clock returns the current time in seconds since the Unix epoch.
using Clock = std::function<uint64_t()>;
uint64_t SystemClockSeconds();

// BsfService is the GBA Push Function. Thread-safe.
class BsfService {
 public:
  // Create validates the table (kInvalidArgument) and keeps `zh` and `store` (not owned).
  static Result<std::unique_ptr<BsfService>> Create(std::vector<NafAuthorization> nafs, ZhClient& zh,
                                                    BsfStore& store, Clock clock = SystemClockSeconds);

  // PushInfoRetrieval: the NAF must be in the table with may_push (else kRefused "NAF not
  // authorized", TS 29.109 5402); GBA_U only where allowed (kRefused); an unknown UE is kNotFound
  // "identity unknown" (5401); the HSS being down is kIo. The lifetime is capped. The push record
  // is committed before the answer is returned.
  Result<PushInfo> PushInfoRetrieval(const PushInfoRequest& request);

  // Resync forwards (RAND, AUTS) to the HSS after the same NAF authorization check.
  Result<void> Resync(const PushResync& request);

 private:
  BsfService(std::vector<NafAuthorization> nafs, ZhClient& zh, BsfStore& store, Clock clock)
      : nafs_(std::move(nafs)), zh_(&zh), store_(&store), clock_(std::move(clock)) {}
  // Authorize returns the NAF's row if it may push, else kRefused "NAF not authorized".
  Result<const NafAuthorization*> Authorize(const std::vector<uint8_t>& naf_id) const;

  std::vector<NafAuthorization> nafs_;
  ZhClient* zh_;
  BsfStore* store_;
  Clock clock_;
};

}  // namespace dmboot::nf::bsf

#endif  // DMBOOT_NF_BSF_BSF_SERVICE_H_

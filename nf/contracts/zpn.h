#ifndef DMBOOT_NF_CONTRACTS_ZPN_H_
#define DMBOOT_NF_CONTRACTS_ZPN_H_

// Zpn, the NAF (the DMS) ↔ BSF interface, in the JSON shape of TS 29.309 Nbsp_GBA: GBA Push Info
// retrieval and the AUTS resynchronisation. The types, the client interface the DMS calls, and
// the JSON codec both sides use (docs/network-functions.md "BSF": POST
// /nbsp-gba/v1/push-info-retrieval, POST /nbsp-gba/v1/resync).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/gpi.h"
#include "dmboot/gba/kdf.h"
#include "nf/common/http.h"
#include "nf/contracts/identity.h"

namespace dmboot::nf::contracts {

inline constexpr std::string_view kPushInfoRetrievalPath = "/nbsp-gba/v1/push-info-retrieval";
inline constexpr std::string_view kPushResyncPath = "/nbsp-gba/v1/resync";

// GbaTypeName returns "GBA_ME" or "GBA_U" (the gbaType value); ParseGbaType reads them, failing
// with kInvalidArgument naming `field`.
std::string_view GbaTypeName(gba::GbaType type);
Result<gba::GbaType> ParseGbaType(std::string_view text, std::string_view field);

// PushInfoRequest asks for a GPI and the NAF key for one UE.
struct PushInfoRequest {
  std::vector<uint8_t> naf_id;  // NAF_Id wire form: FQDN ‖ Ua security protocol id
  std::string ue_id;
  IdentityKind ue_id_type = IdentityKind::kImpi;
  gba::GbaType gba_type = gba::GbaType::kGbaMe;
  uint64_t key_lifetime_s = 0;  // requested; the BSF caps it by the NAF's max_key_lifetime_s
  std::optional<std::string> app_label;
  std::optional<std::vector<uint8_t>> p_tid;  // chosen by the BSF when absent
};

// PushInfo is the answer: the P-TID, the signed GPI, the NAF key (Ks_NAF for GBA_ME,
// Ks_ext_NAF for GBA_U), its expiry (unix seconds) and the IMPI.
struct PushInfo {
  std::vector<uint8_t> p_tid;
  std::vector<uint8_t> gpi;
  gba::NafKey key;
  gba::GbaType gba_type = gba::GbaType::kGbaMe;
  uint64_t key_expiry = 0;
  std::string impi;
};

// PushResync forwards the UE's AUTS (with the RAND it answered) to the BSF.
struct PushResync {
  std::vector<uint8_t> naf_id;
  std::string ue_id;
  IdentityKind ue_id_type = IdentityKind::kImpi;
  gba::Rand rand;
  gba::Auts auts;
};

// BsfClient is the NAF's view of the BSF. Errors keep the BSF's kind: kRefused (NAF not
// authorized), kNotFound (identity unknown), kIo (BSF down), kMalformed (an unusable answer).
class BsfClient {
 public:
  virtual ~BsfClient() = default;
  virtual Result<PushInfo> RetrievePushInfo(const PushInfoRequest& request) = 0;
  virtual Result<void> Resync(const PushResync& request) = 0;
};

// The codec. Requests parse with kInvalidArgument, answers with kMalformed, naming the field and
// never a key value.
Json PushInfoRequestJson(const PushInfoRequest& request);
Result<PushInfoRequest> ParsePushInfoRequestJson(const Json& body);
// PushInfoJson carries the key as meKeyMaterial (GBA_ME) or uiccKeyMaterial (GBA_U).
Json PushInfoJson(const PushInfo& info);
Result<PushInfo> ParsePushInfoJson(const Json& body);
Json PushResyncJson(const PushResync& request);
Result<PushResync> ParsePushResyncJson(const Json& body);

}  // namespace dmboot::nf::contracts

#endif  // DMBOOT_NF_CONTRACTS_ZPN_H_

#ifndef DMBOOT_NF_BSF_BSF_SERVICE_H_
#define DMBOOT_NF_BSF_BSF_SERVICE_H_

// The BSF's GBA Push Function (docs/network-functions.md "BSF"): push-info-retrieval shaped after
// TS 29.309 Nbsp_GBA (the SBA form of Zpn, TS 29.109), the NAF authorization table, the AV from
// the HSS over Zh, Ks_NAF (TS 33.220 B.3) and the GPI (TS 33.223 §4.3, gba::BuildGpi).
// BsfService has no sockets; bsf_server.h is the HTTP adapter and the HTTP Zh client.

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
#include "nf/common/database.h"
#include "nf/common/http.h"
#include "nf/hss/hss_service.h"

namespace dmboot::nf::bsf {

using hss::IdentityKind;

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

// ZhClient is the BSF's view of the HSS (Zh, TS 29.109 MAR/MAA): an AV for a UE identity and the
// AUTS resynchronisation. Errors: kNotFound for an unknown subscriber, kAuthenticationFailed for
// a bad AUTS, kIo when the HSS cannot be reached.
class ZhClient {
 public:
  virtual ~ZhClient() = default;
  virtual Result<hss::ZhVector> GetAv(IdentityKind kind, const std::string& id) = 0;
  virtual Result<void> Resync(IdentityKind kind, const std::string& id, const gba::Rand& rand,
                              const gba::Auts& auts) = 0;
};

// LocalZhClient calls an HssService in the same process (tests, single-process tools).
class LocalZhClient final : public ZhClient {
 public:
  explicit LocalZhClient(hss::HssService& hss) : hss_(&hss) {}
  Result<hss::ZhVector> GetAv(IdentityKind kind, const std::string& id) override;
  Result<void> Resync(IdentityKind kind, const std::string& id, const gba::Rand& rand,
                      const gba::Auts& auts) override;

 private:
  hss::HssService* hss_;
};

// PushRecord is what the BSF keeps of each push: the P-TID, IMPI, NAF_Id, expiry (no key).
struct PushRecord {
  std::vector<uint8_t> p_tid;
  std::string impi;
  std::vector<uint8_t> naf_id;
  uint64_t expiry = 0;
  gba::GbaType gba_type = gba::GbaType::kGbaMe;
  uint64_t created = 0;
};

// BsfStore keeps PushRecords durably (committed when Record returns success).
class BsfStore {
 public:
  virtual ~BsfStore() = default;
  // Record commits `record`, or fails with kRefused if its P-TID exists, kIo on a database error.
  virtual Result<void> Record(const PushRecord& record) = 0;
  // Find returns the record of `p_tid`, or kNotFound.
  virtual Result<PushRecord> Find(const std::vector<uint8_t>& p_tid) = 0;
};

// SqliteBsfStore is the BsfStore on a nf::Database (table `push_records`).
class SqliteBsfStore final : public BsfStore {
 public:
  static Result<std::unique_ptr<SqliteBsfStore>> Open(const std::string& path);
  Result<void> Record(const PushRecord& record) override;
  Result<PushRecord> Find(const std::vector<uint8_t>& p_tid) override;

 private:
  explicit SqliteBsfStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  std::mutex mutex_;
  std::unique_ptr<Database> db_;
};

// PushInfoRequest is a parsed push-info-retrieval request.
struct PushInfoRequest {
  std::vector<uint8_t> naf_id;  // NAF_Id wire form: FQDN ‖ Ua security protocol id
  std::string ue_id;
  IdentityKind ue_id_type = IdentityKind::kImpi;
  gba::GbaType gba_type = gba::GbaType::kGbaMe;
  uint64_t key_lifetime_s = 0;  // requested; capped by the NAF's max_key_lifetime_s
  std::optional<std::string> app_label;
  std::optional<std::vector<uint8_t>> p_tid;  // chosen by the BSF when absent
};

// PushInfo is the answer: the P-TID, the signed GPI, the NAF key (Ks_NAF for GBA_ME, Ks_ext_NAF
// for GBA_U), its expiry and the IMPI.
struct PushInfo {
  std::vector<uint8_t> p_tid;
  std::vector<uint8_t> gpi;
  gba::NafKey key;
  gba::GbaType gba_type = gba::GbaType::kGbaMe;
  uint64_t key_expiry = 0;
  std::string impi;
};

struct BsfResyncRequest {
  std::vector<uint8_t> naf_id;
  std::string ue_id;
  IdentityKind ue_id_type = IdentityKind::kImpi;
  gba::Rand rand;
  gba::Auts auts;
};

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
  Result<void> Resync(const BsfResyncRequest& request);

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

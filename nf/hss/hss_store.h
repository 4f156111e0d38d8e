#ifndef DMBOOT_NF_HSS_HSS_STORE_H_
#define DMBOOT_NF_HSS_HSS_STORE_H_

// The HSS's subscriber table behind an interface: HssStore, and OpenHssStore, which opens the
// backend a store URL names (nf/common/store_url.h). Backends: sqlite_hss_store.h.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/gba/types.h"
#include "nf/common/store_url.h"
#include "nf/contracts/identity.h"

namespace dmboot::nf::hss {

using contracts::IdentityKind;

// SubscriberRecord is one row of the store, secrets included (never leaves the HSS except as
// the derived AV fields CK, IK, XRES to the BSF).
struct SubscriberRecord {
  std::string imsi;
  std::string impi;
  std::optional<std::string> msisdn;
  gba::K k;
  gba::Opc opc;
  gba::Amf amf;
  std::array<uint8_t, 7> sqn_state{};  // gba::SqnGenerator::Serialize()
};

// SubscriberInfo is the public view of a subscriber: no K, OPc or SQN.
struct SubscriberInfo {
  std::string imsi;
  std::string impi;
  std::optional<std::string> msisdn;
  gba::Amf amf;
};

// HssStore is the durable subscriber table. Every method that changes data has committed it
// (synchronous=FULL) when it returns success. Implementations are thread-safe.
class HssStore {
 public:
  virtual ~HssStore() = default;
  // InsertBatch inserts `records` in one transaction: the returned vector has one entry per
  // record, success or kRefused ("imsi already provisioned", same for impi, msisdn) for a
  // duplicate; duplicates are skipped, the others are committed together. Fails as a whole with
  // kIo if the database fails (then nothing is committed).
  virtual Result<std::vector<Result<void>>> InsertBatch(const std::vector<SubscriberRecord>& records) = 0;
  // List returns every subscriber ordered by IMSI, without secrets.
  virtual Result<std::vector<SubscriberInfo>> List() = 0;
  // Find returns the subscriber named `id` of kind `kind`, or kNotFound "subscriber unknown".
  virtual Result<SubscriberRecord> Find(IdentityKind kind, const std::string& id) = 0;
  // CompareAndSetSqnState replaces the SQN generator state of `imsi` by `next` if it is still
  // `expected`, and commits; returns false (changing nothing) if it was not `expected`.
  virtual Result<bool> CompareAndSetSqnState(const std::string& imsi,
                                             const std::array<uint8_t, 7>& expected,
                                             const std::array<uint8_t, 7>& next) = 0;
};

// OpenHssStore opens the store `url` names (sqlite:PATH or a path). Under OpenMode::kExisting a
// missing database is kNotFound instead of a new empty one (`hss list` with a mistyped --db).
Result<std::unique_ptr<HssStore>> OpenHssStore(std::string_view url, OpenMode mode = OpenMode::kCreate);

}  // namespace dmboot::nf::hss

#endif  // DMBOOT_NF_HSS_HSS_STORE_H_

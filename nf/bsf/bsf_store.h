#ifndef DMBOOT_NF_BSF_BSF_STORE_H_
#define DMBOOT_NF_BSF_BSF_STORE_H_

// What the BSF keeps of each push, behind an interface: BsfStore, and OpenBsfStore, which opens
// the backend a store URL names (nf/common/store_url.h). Backends: sqlite_bsf_store.h.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/gba/gpi.h"
#include "nf/common/store_url.h"

namespace dmboot::nf::bsf {

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

// OpenBsfStore opens the store `url` names (sqlite:PATH or a path).
Result<std::unique_ptr<BsfStore>> OpenBsfStore(std::string_view url, OpenMode mode = OpenMode::kCreate);

}  // namespace dmboot::nf::bsf

#endif  // DMBOOT_NF_BSF_BSF_STORE_H_

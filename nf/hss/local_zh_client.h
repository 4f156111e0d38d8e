#ifndef DMBOOT_NF_HSS_LOCAL_ZH_CLIENT_H_
#define DMBOOT_NF_HSS_LOCAL_ZH_CLIENT_H_

// The HSS as a Zh client in the same process (tests and single-process tools): the BSF calls an
// HssService without HTTP. The BSF itself knows only contracts::ZhClient.

#include "nf/contracts/zh.h"
#include "nf/hss/hss_service.h"

namespace dmboot::nf::hss {

class LocalZhClient final : public contracts::ZhClient {
 public:
  explicit LocalZhClient(HssService& hss) : hss_(&hss) {}
  Result<contracts::ZhVector> GetAv(const contracts::UeIdentity& ue) override;
  Result<void> Resync(const contracts::ZhResync& request) override;

 private:
  HssService* hss_;
};

}  // namespace dmboot::nf::hss

#endif  // DMBOOT_NF_HSS_LOCAL_ZH_CLIENT_H_

#include "nf/hss/local_zh_client.h"

namespace dmboot::nf::hss {

Result<contracts::ZhVector> LocalZhClient::GetAv(const contracts::UeIdentity& ue) {
  return hss_->GenerateAv(ue.kind, ue.id);
}

Result<void> LocalZhClient::Resync(const contracts::ZhResync& request) {
  Result<std::string> impi = hss_->Resync(request.ue.kind, request.ue.id, request.rand, request.auts);
  if (!impi) {
    return impi.error();
  }
  return Ok();
}

}  // namespace dmboot::nf::hss

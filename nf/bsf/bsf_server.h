#ifndef DMBOOT_NF_BSF_BSF_SERVER_H_
#define DMBOOT_NF_BSF_BSF_SERVER_H_

// The HTTP adapter of the BSF (docs/network-functions.md "BSF") and the HTTP Zh client to the HSS.
// The bodies are the contracts' codecs (nf/contracts/zh.h, zpn.h).

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "dmboot/core/result.h"
#include "nf/bsf/bsf_service.h"
#include "nf/common/http.h"

namespace dmboot::nf::bsf {

// HttpZhClient is the ZhClient over the HSS's HTTP API (/zh/v1/av, /zh/v1/resync). A reply that
// is not a well-formed vector is kMalformed; the HSS not answering is kIo.
class HttpZhClient final : public contracts::ZhClient {
 public:
  HttpZhClient(const std::string& host, int port,
               std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  Result<contracts::ZhVector> GetAv(const contracts::UeIdentity& ue) override;
  Result<void> Resync(const contracts::ZhResync& request) override;

 private:
  std::mutex mutex_;  // one keep-alive connection, one request at a time
  HttpClient client_;
};

// AddBsfRoutes registers the Nbsp_GBA routes on `server` (the service must outlive it).
void AddBsfRoutes(HttpServer& server, BsfService& service);

}  // namespace dmboot::nf::bsf

#endif  // DMBOOT_NF_BSF_BSF_SERVER_H_

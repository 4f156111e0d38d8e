#ifndef DMBOOT_NF_BSF_BSF_SERVER_H_
#define DMBOOT_NF_BSF_BSF_SERVER_H_

// The HTTP adapter of the BSF (docs/network-functions.md "BSF") and the HTTP Zh client to the HSS.

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
class HttpZhClient final : public ZhClient {
 public:
  HttpZhClient(const std::string& host, int port,
               std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  Result<hss::ZhVector> GetAv(IdentityKind kind, const std::string& id) override;
  Result<void> Resync(IdentityKind kind, const std::string& id, const gba::Rand& rand,
                      const gba::Auts& auts) override;

 private:
  std::mutex mutex_;  // one keep-alive connection, one request at a time
  HttpClient client_;
};

// ParseZhVectorJson reads an HSS /zh/v1/av answer (kMalformed naming the field).
Result<hss::ZhVector> ParseZhVectorJson(const Json& body);

// AddBsfRoutes registers the Nbsp_GBA routes on `server` (the service must outlive it).
void AddBsfRoutes(HttpServer& server, BsfService& service);

// ParsePushInfoRequestJson / PushInfoJson / ParseBsfResyncJson are the JSON bindings of the
// routes, exposed for socket-free tests. Parse failures are kInvalidArgument naming the field.
Result<PushInfoRequest> ParsePushInfoRequestJson(const Json& body);
Json PushInfoJson(const PushInfo& info);
Result<BsfResyncRequest> ParseBsfResyncJson(const Json& body);

}  // namespace dmboot::nf::bsf

#endif  // DMBOOT_NF_BSF_BSF_SERVER_H_

#ifndef DMBOOT_NF_HSS_HSS_SERVER_H_
#define DMBOOT_NF_HSS_HSS_SERVER_H_

// The HTTP adapter of the HSS (docs/network-functions.md "HSS"): provisioning under /v1 and the
// Zh vectors under /zh/v1.

#include <optional>
#include <string>

#include "dmboot/core/result.h"
#include "nf/common/http.h"
#include "nf/hss/hss_service.h"

namespace dmboot::nf::hss {

// AddHssRoutes registers every HSS route on `server`, calling `service` (which must outlive the
// server).
void AddHssRoutes(HttpServer& server, HssService& service);

// ParseSubscriberJson is the body of POST /v1/subscribers, exposed for socket-free tests; it
// fails with kInvalidArgument naming the offending field (never a key value). The Zh bodies are
// the contracts' (nf/contracts/zh.h).

// ParseSubscriberJson parses a POST /v1/subscribers body.
Result<NewSubscriber> ParseSubscriberJson(const Json& body);
}  // namespace dmboot::nf::hss

#endif  // DMBOOT_NF_HSS_HSS_SERVER_H_

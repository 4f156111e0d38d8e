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

// The JSON bindings below are the routes' bodies, exposed for socket-free tests. Each fails with
// kInvalidArgument naming the offending field (never a key value).

// ParseSubscriberJson parses a POST /v1/subscribers body.
Result<NewSubscriber> ParseSubscriberJson(const Json& body);
// ParseIdentityJson returns the one identity of a Zh body: exactly one of `impi`, `imsi`, and
// (when `allow_msisdn`) `msisdn`.
Result<std::pair<IdentityKind, std::string>> ParseIdentityJson(const Json& body, bool allow_msisdn);
// ZhVectorJson returns {"impi", "rand", "autn", "xres", "ck", "ik"} (lower-case hex): the Zh
// answer, the one place CK, IK and XRES leave the HSS (to the BSF).
Json ZhVectorJson(const ZhVector& vector);

// JsonStringField returns body[name] if it is a string; nullopt if absent (or null) and not
// `required`; kInvalidArgument "<name>: is required" / "<name>: must be a string" otherwise.
Result<std::optional<std::string>> JsonStringField(const Json& body, const std::string& name,
                                                   bool required);
// RequireJsonObject fails with kInvalidArgument unless `body` is a JSON object.
Result<void> RequireJsonObject(const Json& body);

}  // namespace dmboot::nf::hss

#endif  // DMBOOT_NF_HSS_HSS_SERVER_H_

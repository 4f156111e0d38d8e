#include "nf/bsf/bsf_server.h"

#include <algorithm>
#include <optional>
#include <span>
#include <utility>

#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "nf/common/log.h"
#include "nf/contracts/json_fields.h"

namespace dmboot::nf::bsf {

// --- HttpZhClient ----------------------------------------------------------------------------

HttpZhClient::HttpZhClient(const std::string& host, int port, std::chrono::milliseconds timeout)
    : client_(host, port, timeout, "HSS") {}

Result<contracts::ZhVector> HttpZhClient::GetAv(const contracts::UeIdentity& ue) {
  const std::string path(contracts::kZhAvPath);
  Result<Json> reply = [&] {
    std::lock_guard<std::mutex> lock(mutex_);
    const Json body = contracts::UeIdentityJson(ue);
    Result<Json> first = client_.PostJson(path, body);
    if (first || first.error().code != ErrorCode::kIo) {
      return first;
    }
    // One retry on a transport failure: the kept-alive connection may have died with an HSS that
    // restarted. If the first request did reach the HSS, its SQN is lost, never reissued.
    return client_.PostJson(path, body);
  }();
  if (!reply) {
    return reply.error();
  }
  Result<contracts::ZhVector> v = contracts::ParseZhVectorJson(*reply);
  contracts::WipeStringFields(*reply, {"xres", "ck", "ik"});  // the JSON held them as text
  return v;
}

Result<void> HttpZhClient::Resync(const contracts::ZhResync& request) {
  const std::string path(contracts::kZhResyncPath);
  std::lock_guard<std::mutex> lock(mutex_);
  const Json body = contracts::ZhResyncJson(request);
  Result<Json> reply = client_.PostJson(path, body);
  if (!reply && reply.error().code == ErrorCode::kIo) {
    reply = client_.PostJson(path, body);  // idempotent: retry once (see GetAv)
  }
  if (!reply) {
    return reply.error();
  }
  return Ok();
}

void AddBsfRoutes(HttpServer& server, BsfService& service) {
  server.Route("POST", std::string(contracts::kPushInfoRetrievalPath),
               [&service](const HttpRequest& request) -> Result<HttpReply> {
                 Result<PushInfoRequest> parsed = contracts::ParsePushInfoRequestJson(request.json);
                 if (!parsed) {
                   return parsed.error();
                 }
                 Result<PushInfo> info = service.PushInfoRetrieval(*parsed);
                 if (!info) {
                   return info.error();
                 }
                 HttpReply reply;
                 reply.json = contracts::PushInfoJson(*info);
                 return reply;
               });
  server.Route("POST", std::string(contracts::kPushResyncPath), [&service](const HttpRequest& request) -> Result<HttpReply> {
    Result<PushResync> parsed = contracts::ParsePushResyncJson(request.json);
    if (!parsed) {
      return parsed.error();
    }
    Result<void> done = service.Resync(*parsed);
    if (!done) {
      return done.error();
    }
    HttpReply reply;
    reply.json = Json{{"resynchronised", true}};
    return reply;
  });
}

}  // namespace dmboot::nf::bsf

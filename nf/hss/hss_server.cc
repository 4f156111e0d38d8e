#include "nf/hss/hss_server.h"

#include <algorithm>
#include <span>
#include <utility>

#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "nf/common/log.h"
#include "nf/contracts/json_fields.h"
#include "nf/contracts/zh.h"

namespace dmboot::nf::hss {
namespace {

constexpr const char* kComponent = "hss";

HttpReply JsonReply(int status, Json json) {
  HttpReply reply;
  reply.status = status;
  reply.json = std::move(json);
  return reply;
}

}  // namespace

Result<NewSubscriber> ParseSubscriberJson(const Json& body) {
  Result<void> object = contracts::RequireJsonObject(body);
  if (!object) {
    return object.error();
  }
  static const char* const kKnown[] = {"imsi", "msisdn", "impi", "k", "op", "opc", "amf", "sqn"};
  for (const auto& item : body.items()) {
    if (std::find_if(std::begin(kKnown), std::end(kKnown),
                     [&](const char* k) { return item.key() == k; }) == std::end(kKnown)) {
      return Fail(ErrorCode::kInvalidArgument, item.key() + ": unknown field");
    }
  }
  NewSubscriberText text;
  const std::pair<const char*, std::string*> fields[] = {
      {"imsi", &text.imsi}, {"msisdn", &text.msisdn}, {"impi", &text.impi}, {"k", &text.k},
      {"op", &text.op},     {"opc", &text.opc},       {"amf", &text.amf},   {"sqn", &text.sqn}};
  for (const auto& [name, out] : fields) {
    Result<std::optional<std::string>> value = contracts::JsonStringField(body, name, false);
    if (!value) {
      return value.error();
    }
    if (*value) {
      if ((*value)->empty()) {
        return Fail(ErrorCode::kInvalidArgument, std::string(name) + ": must not be empty");
      }
      *out = std::move(**value);
    }
  }
  if (text.imsi.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "imsi: is required");
  }
  Result<NewSubscriber> parsed = ParseNewSubscriber(text);
  for (std::string* secret : {&text.k, &text.op, &text.opc}) {
    crypto::Cleanse(std::span<uint8_t>(reinterpret_cast<uint8_t*>(secret->data()), secret->size()));
  }
  return parsed;
}

void AddHssRoutes(HttpServer& server, HssService& service) {
  server.Route("POST", "/v1/subscribers", [&service](const HttpRequest& request) -> Result<HttpReply> {
    Result<NewSubscriber> subscriber = ParseSubscriberJson(request.json);
    if (!subscriber) {
      return subscriber.error();
    }
    Result<Provisioned> added = service.Add(*subscriber);
    if (!added) {
      return added.error();
    }
    Log(LogLevel::kInfo, kComponent, "provisioned imsi " + added->imsi);
    return JsonReply(201, Json{{"imsi", added->imsi}, {"impi", added->impi}});
  });
  server.Route("GET", "/v1/subscribers", [&service](const HttpRequest&) -> Result<HttpReply> {
    Result<std::vector<SubscriberInfo>> list = service.List();
    if (!list) {
      return list.error();
    }
    Json out = Json::array();
    for (const SubscriberInfo& s : *list) {
      Json item{{"imsi", s.imsi}, {"impi", s.impi}, {"amf", HexEncode(s.amf.bytes)}};
      item["msisdn"] = s.msisdn ? Json(*s.msisdn) : Json(nullptr);
      out.push_back(std::move(item));
    }
    return JsonReply(200, Json{{"subscribers", std::move(out)}});
  });
  server.Route(
      "POST", "/v1/subscribers/import",
      [&service](const HttpRequest& request) -> Result<HttpReply> {
        if (request.content_type.rfind("text/csv", 0) != 0) {
          return Fail(ErrorCode::kInvalidArgument, "Content-Type: must be text/csv");
        }
        Result<ImportReport> report = service.ImportCsv(request.body);
        if (!report) {
          return report.error();
        }
        Json rejected = Json::array();
        for (const ImportRejection& r : report->rejected) {
          rejected.push_back(Json{{"line", r.line}, {"error", r.error}});
        }
        Log(LogLevel::kInfo, kComponent,
            "import: " + std::to_string(report->imported) + " imported, " +
                std::to_string(report->rejected.size()) + " rejected");
        return JsonReply(200, Json{{"imported", report->imported}, {"rejected", std::move(rejected)}});
      },
      /*json_body=*/false);
  server.Route("POST", std::string(contracts::kZhAvPath), [&service](const HttpRequest& request) -> Result<HttpReply> {
    Result<contracts::UeIdentity> ue = contracts::ParseUeIdentityJson(request.json, /*allow_msisdn=*/true);
    if (!ue) {
      return ue.error();
    }
    Result<ZhVector> av = service.GenerateAv(ue->kind, ue->id);
    if (!av) {
      Log(LogLevel::kInfo, kComponent,
          std::string("av refused for ") + std::string(IdentityKindName(ue->kind)) + " " + ue->id + ": " +
              std::string(ErrorCodeName(av.error().code)));
      return av.error();
    }
    Log(LogLevel::kDebug, kComponent, "av issued for " + av->impi);
    return JsonReply(200, contracts::ZhVectorJson(*av));
  });
  server.Route("POST", std::string(contracts::kZhResyncPath), [&service](const HttpRequest& request) -> Result<HttpReply> {
    Result<contracts::ZhResync> resync = contracts::ParseZhResyncJson(request.json);
    if (!resync) {
      return resync.error();
    }
    Result<std::string> impi = service.Resync(resync->ue.kind, resync->ue.id, resync->rand, resync->auts);
    if (!impi) {
      Log(LogLevel::kWarning, kComponent,
          "resync refused for " + resync->ue.id + ": " + std::string(ErrorCodeName(impi.error().code)));
      return impi.error();
    }
    Log(LogLevel::kInfo, kComponent, "resynchronised " + *impi);
    return JsonReply(200, Json{{"impi", *impi}, {"resynchronised", true}});
  });
}

}  // namespace dmboot::nf::hss

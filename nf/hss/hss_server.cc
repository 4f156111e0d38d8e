#include "nf/hss/hss_server.h"

#include <algorithm>
#include <span>
#include <utility>

#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "nf/common/log.h"

namespace dmboot::nf::hss {
namespace {

constexpr const char* kComponent = "hss";

template <typename T>
Result<T> ParseHexJson(const Json& body, const std::string& name) {
  Result<std::optional<std::string>> text = JsonStringField(body, name, true);
  if (!text) {
    return text.error();
  }
  Result<std::vector<uint8_t>> bytes = HexDecode(**text);
  if (!bytes || bytes->size() != T::kLength) {
    return Fail(ErrorCode::kInvalidArgument,
                name + ": must be " + std::to_string(T::kLength * 2) + " hex digits");
  }
  return T::FromSpan(*bytes);
}

HttpReply JsonReply(int status, Json json) {
  HttpReply reply;
  reply.status = status;
  reply.json = std::move(json);
  return reply;
}

}  // namespace

Result<void> RequireJsonObject(const Json& body) {
  if (!body.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "body: must be a JSON object");
  }
  return Ok();
}

Result<std::optional<std::string>> JsonStringField(const Json& body, const std::string& name,
                                                   bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) {
      return Fail(ErrorCode::kInvalidArgument, name + ": is required");
    }
    return std::optional<std::string>();
  }
  if (!it->is_string()) {
    return Fail(ErrorCode::kInvalidArgument, name + ": must be a string");
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<NewSubscriber> ParseSubscriberJson(const Json& body) {
  Result<void> object = RequireJsonObject(body);
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
    Result<std::optional<std::string>> value = JsonStringField(body, name, false);
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

Result<std::pair<IdentityKind, std::string>> ParseIdentityJson(const Json& body, bool allow_msisdn) {
  Result<void> object = RequireJsonObject(body);
  if (!object) {
    return object.error();
  }
  std::optional<std::pair<IdentityKind, std::string>> found;
  for (IdentityKind kind : {IdentityKind::kImpi, IdentityKind::kImsi, IdentityKind::kMsisdn}) {
    if (kind == IdentityKind::kMsisdn && !allow_msisdn) {
      continue;
    }
    const std::string name(IdentityKindName(kind));
    Result<std::optional<std::string>> value = JsonStringField(body, name, false);
    if (!value) {
      return value.error();
    }
    if (!*value) {
      continue;
    }
    if (found) {
      return Fail(ErrorCode::kInvalidArgument,
                  name + ": give exactly one identity (impi, imsi" + (allow_msisdn ? ", msisdn)" : ")"));
    }
    Result<void> valid = ValidateIdentity(kind, **value, name);
    if (!valid) {
      return valid.error();
    }
    found = std::make_pair(kind, std::move(**value));
  }
  if (!found) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("impi: an identity is required (impi, imsi") + (allow_msisdn ? ", msisdn)" : ")"));
  }
  return *found;
}

Json ZhVectorJson(const ZhVector& v) {
  return Json{{"impi", v.impi},
              {"rand", HexEncode(v.av.rand.bytes)},
              {"autn", HexEncode(v.av.autn.bytes)},
              {"xres", HexEncode(v.av.xres.Reveal())},
              {"ck", HexEncode(v.av.ck.Reveal())},
              {"ik", HexEncode(v.av.ik.Reveal())}};
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
  server.Route("POST", "/zh/v1/av", [&service](const HttpRequest& request) -> Result<HttpReply> {
    Result<std::pair<IdentityKind, std::string>> id = ParseIdentityJson(request.json, true);
    if (!id) {
      return id.error();
    }
    Result<ZhVector> av = service.GenerateAv(id->first, id->second);
    if (!av) {
      Log(LogLevel::kInfo, kComponent,
          std::string("av refused for ") + std::string(IdentityKindName(id->first)) + " " + id->second +
              ": " + std::string(ErrorCodeName(av.error().code)));
      return av.error();
    }
    Log(LogLevel::kDebug, kComponent, "av issued for " + av->impi);
    return JsonReply(200, ZhVectorJson(*av));
  });
  server.Route("POST", "/zh/v1/resync", [&service](const HttpRequest& request) -> Result<HttpReply> {
    Result<std::pair<IdentityKind, std::string>> id = ParseIdentityJson(request.json, false);
    if (!id) {
      return id.error();
    }
    Result<gba::Rand> rand = ParseHexJson<gba::Rand>(request.json, "rand");
    if (!rand) {
      return rand.error();
    }
    Result<gba::Auts> auts = ParseHexJson<gba::Auts>(request.json, "auts");
    if (!auts) {
      return auts.error();
    }
    Result<std::string> impi = service.Resync(id->first, id->second, *rand, *auts);
    if (!impi) {
      Log(LogLevel::kWarning, kComponent,
          "resync refused for " + id->second + ": " + std::string(ErrorCodeName(impi.error().code)));
      return impi.error();
    }
    Log(LogLevel::kInfo, kComponent, "resynchronised " + *impi);
    return JsonReply(200, Json{{"impi", *impi}, {"resynchronised", true}});
  });
}

}  // namespace dmboot::nf::hss

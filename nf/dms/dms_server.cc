#include "nf/dms/dms_server.h"

#include <fstream>
#include <set>
#include <sstream>

#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "dmboot/session/dm_package.h"
#include "nf/common/log.h"
#include "nf/common/serve.h"
#include "nf/contracts/json_fields.h"

namespace dmboot::nf::dms {
namespace {

constexpr char kComponent[] = "dms";

Error Invalid(const std::string& what) { return Fail(ErrorCode::kInvalidArgument, what); }

Result<std::string> StringKey(const Json& json, const char* key) {
  const Json& v = json.at(key);
  if (!v.is_string()) {
    return Invalid(std::string(key) + ": must be a string");
  }
  return v.get<std::string>();
}

Result<int64_t> IntKey(const Json& json, const char* key, int64_t min, int64_t max) {
  const Json& v = json.at(key);
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max) {
    return Invalid(std::string(key) + ": must be an integer in " + std::to_string(min) + ".." +
                   std::to_string(max));
  }
  return v.get<int64_t>();
}

Result<std::set<std::string>> ImeiList(const Json& json, const std::string& key) {
  std::set<std::string> out;
  if (!json.is_array()) {
    return Invalid("fault_injection." + key + ": must be an array of IMEIs");
  }
  for (const Json& v : json) {
    if (!v.is_string()) {
      return Invalid("fault_injection." + key + ": must be an array of IMEIs");
    }
    out.insert(v.get<std::string>());
  }
  return out;
}

}  // namespace

// --- routes ---------------------------------------------------------------------------------

Result<std::vector<Route>> ParseRoutes(const Json& json) {
  const Json* list = &json;
  if (json.is_object() && json.contains("routes")) {
    list = &json.at("routes");
  }
  if (!list->is_array()) {
    return Invalid("routes: must be an array of {msisdn, udp, bearer}");
  }
  std::vector<Route> out;
  size_t index = 0;
  for (const Json& entry : *list) {
    const std::string where = "routes[" + std::to_string(index++) + "]";
    if (!entry.is_object()) {
      return Invalid(where + ": must be an object");
    }
    Route route;
    auto msisdn = entry.find("msisdn");
    if (msisdn == entry.end() || !msisdn->is_string() || !ValidateMsisdn(msisdn->get<std::string>())) {
      return Invalid(where + ".msisdn: must be an E.164 number");
    }
    route.msisdn = msisdn->get<std::string>();
    auto udp = entry.find("udp");
    if (udp == entry.end() || !udp->is_string()) {
      return Invalid(where + ".udp: must be HOST:PORT");
    }
    Result<std::pair<std::string, int>> hp = ParseHostPort(udp->get<std::string>());
    if (!hp) {
      return Invalid(where + ".udp: " + hp.error().message);
    }
    route.host = hp->first;
    route.port = hp->second;
    auto bearer = entry.find("bearer");
    if (bearer != entry.end()) {
      Result<Bearer> parsed = bearer->is_string() ? ParseBearer(bearer->get<std::string>())
                                                  : ParseBearer("");
      if (!parsed) {
        return Invalid(where + ".bearer: " + parsed.error().message);
      }
      route.bearer = *parsed;
    }
    out.push_back(std::move(route));
  }
  return out;
}

RouteTable::RouteTable(std::vector<Route> routes, std::string routes_file)
    : configured_(std::move(routes)), routes_file_(std::move(routes_file)) {}

Result<void> RouteTable::ReloadLocked() {
  std::ifstream in(routes_file_);
  if (!in) {
    return Fail(ErrorCode::kIo, "cannot read routes_file " + routes_file_);
  }
  std::stringstream text;
  text << in.rdbuf();
  Json json = Json::parse(text.str(), nullptr, false);
  if (json.is_discarded()) {
    return Fail(ErrorCode::kMalformed, "routes_file " + routes_file_ + " is not JSON");
  }
  Result<std::vector<Route>> routes = ParseRoutes(json);
  if (!routes) {
    return Fail(ErrorCode::kMalformed, "routes_file " + routes_file_ + ": " + routes.error().message);
  }
  from_file_ = std::move(*routes);
  return Ok();
}

Result<Route> RouteTable::Lookup(const std::string& msisdn) {
  std::lock_guard<std::mutex> lock(mu_);
  // "+15550001" and "15550001" name the same subscriber: compare without the '+'.
  auto bare = [](std::string_view m) { return m.substr(!m.empty() && m.front() == '+' ? 1 : 0); };
  auto find = [&msisdn, &bare](const std::vector<Route>& routes) -> const Route* {
    for (const Route& r : routes) {
      if (bare(r.msisdn) == bare(msisdn)) {
        return &r;
      }
    }
    return nullptr;
  };
  if (const Route* r = find(configured_)) {
    return *r;
  }
  if (const Route* r = find(from_file_)) {
    return *r;
  }
  if (!routes_file_.empty()) {
    // The fleet may have (re)written the file since: read it again on every miss.
    if (Result<void> reloaded = ReloadLocked(); !reloaded) {
      Log(LogLevel::kWarning, kComponent, reloaded.error().message);
    } else if (const Route* r = find(from_file_)) {
      return *r;
    }
  }
  return Fail(ErrorCode::kNotFound, "no route for MSISDN " + msisdn);
}

// --- configuration --------------------------------------------------------------------------

Result<DmsServerConfig> ParseDmsConfig(const Json& json) {
  if (!json.is_object()) {
    return Invalid("the configuration must be a JSON object");
  }
  DmsServerConfig config;
  for (const auto& [key, value] : json.items()) {
    if (key == "listen") {
      Result<std::string> text = StringKey(json, "listen");
      if (!text) {
        return text.error();
      }
      Result<std::pair<std::string, int>> hp = ParseListenAddress(*text);
      if (!hp) {
        return Invalid("listen: " + hp.error().message);
      }
      config.listen_host = hp->first;
      config.listen_port = hp->second;
    } else if (key == "db") {
      Result<std::string> text = StringKey(json, "db");
      if (!text) {
        return text.error();
      }
      config.db = *text;
    } else if (key == "fqdn") {
      Result<std::string> text = StringKey(json, "fqdn");
      if (!text) {
        return text.error();
      }
      config.service.fqdn = *text;
    } else if (key == "ua_id") {
      Result<std::string> text = StringKey(json, "ua_id");
      if (!text) {
        return text.error();
      }
      Result<std::vector<uint8_t>> bytes = HexDecode(*text);
      if (!bytes || bytes->size() != 5) {
        return Invalid("ua_id: must be 10 hex digits (TS 33.220 Annex H)");
      }
      std::copy(bytes->begin(), bytes->end(), config.service.ua_id.begin());
    } else if (key == "bsf") {
      Result<std::string> text = StringKey(json, "bsf");
      if (!text) {
        return text.error();
      }
      if (Result<std::pair<std::string, int>> hp = ParseHostPort(*text); !hp) {
        return Invalid("bsf: " + hp.error().message);
      }
      config.bsf = *text;
    } else if (key == "key_lifetime_s") {
      Result<int64_t> v = IntKey(json, "key_lifetime_s", 1, 365LL * 86400);
      if (!v) {
        return v.error();
      }
      config.service.key_lifetime_s = *v;
    } else if (key == "gba_type") {
      Result<std::string> text = StringKey(json, "gba_type");
      if (!text) {
        return text.error();
      }
      Result<gba::GbaType> type = contracts::ParseGbaType(*text, "gba_type");
      if (!type) {
        return type.error();
      }
      config.service.gba_type = *type;
    } else if (key == "dm_server_uri") {
      Result<std::string> text = StringKey(json, "dm_server_uri");
      if (!text) {
        return text.error();
      }
      config.service.dm_server_uri = *text;
    } else if (key == "routes") {
      Result<std::vector<Route>> routes = ParseRoutes(value);
      if (!routes) {
        return routes.error();
      }
      config.routes = std::move(*routes);
    } else if (key == "routes_file") {
      Result<std::string> text = StringKey(json, "routes_file");
      if (!text) {
        return text.error();
      }
      config.routes_file = *text;
    } else if (key == "sms_originator") {
      Result<std::string> text = StringKey(json, "sms_originator");
      if (!text) {
        return text.error();
      }
      config.bearers.sms_originator = *text;
    } else if (key == "workers") {
      Result<int64_t> v = IntKey(json, "workers", 1, 64);
      if (!v) {
        return v.error();
      }
      config.service.workers = static_cast<size_t>(*v);
    } else if (key == "queue_capacity") {
      Result<int64_t> v = IntKey(json, "queue_capacity", 1, 1000000);
      if (!v) {
        return v.error();
      }
      config.service.queue_capacity = static_cast<size_t>(*v);
    } else if (key == "max_resyncs") {
      Result<int64_t> v = IntKey(json, "max_resyncs", 0, 10);
      if (!v) {
        return v.error();
      }
      config.service.max_resyncs = static_cast<int>(*v);
    } else if (key == "fault_injection") {
      if (!value.is_object()) {
        return Invalid("fault_injection: must be an object");
      }
      for (const auto& [fkey, fvalue] : value.items()) {
        Result<std::set<std::string>> imeis = ImeiList(fvalue, fkey);
        if (!imeis) {
          return imeis.error();
        }
        if (fkey == "tamper_bootstrap_imeis") {
          config.service.tamper_bootstrap_imeis = std::move(*imeis);
        } else if (fkey == "drop_sms_segment_imeis") {
          config.service.drop_sms_segment_imeis = std::move(*imeis);
        } else {
          return Invalid("fault_injection." + fkey + ": unknown key");
        }
      }
    } else {
      return Invalid(key + ": unknown configuration key");
    }
  }
  if (Result<gba::NafId> naf = gba::NafId::Create(config.service.fqdn, config.service.ua_id); !naf) {
    return Invalid("fqdn: " + naf.error().message);
  }
  // Bearer options (the SMS originator goes into TP-OA): checked now rather than on the first push.
  if (Result<void> valid = ValidateBearerOptions(config.bearers); !valid) {
    return Invalid(valid.error().message);
  }
  return config;
}

// --- BSF client -----------------------------------------------------------------------------

Result<PushInfo> HttpBsfClient::RetrievePushInfo(const contracts::PushInfoRequest& request) {
  HttpClient client(host_, port_, timeout_, "BSF");
  Result<Json> reply =
      client.PostJson(std::string(contracts::kPushInfoRetrievalPath), contracts::PushInfoRequestJson(request));
  if (!reply) {
    return reply.error();
  }
  Result<PushInfo> info = contracts::ParsePushInfoJson(*reply);
  contracts::WipeStringFields(*reply, {"meKeyMaterial", "uiccKeyMaterial"});  // Ks_NAF as text
  return info;
}

Result<void> HttpBsfClient::Resync(const contracts::PushResync& request) {
  HttpClient client(host_, port_, timeout_, "BSF");
  Result<Json> reply = client.PostJson(std::string(contracts::kPushResyncPath), contracts::PushResyncJson(request));
  if (!reply) {
    return reply.error();
  }
  if (!reply->is_object() || !reply->value("resynchronised", false)) {
    return Fail(ErrorCode::kMalformed, "BSF reply: resynchronised is not true");
  }
  return Ok();
}

// --- push sender ----------------------------------------------------------------------------

Result<std::unique_ptr<UdpPushSender>> UdpPushSender::Create(RouteTable& routes,
                                                             const BearerOptions& options) {
  Result<std::unique_ptr<PushSocket>> socket = PushSocket::Create(options);
  if (!socket) {
    return socket.error();
  }
  return std::unique_ptr<UdpPushSender>(new UdpPushSender(std::move(*socket), routes));
}

Result<void> UdpPushSender::Send(const PushMessage& message) {
  Result<Route> route = routes_.Lookup(message.msisdn);
  if (!route) {
    return route.error();
  }
  Result<SentPush> sent = socket_->Send(route->bearer, route->host, route->port,
                                        message.wsp_pdu, message.drop_one_frame);
  if (!sent) {
    return sent.error();
  }
  if (sent->dropped) {
    Log(LogLevel::kWarning, kComponent,
        "FAULT INJECTION: imei " + message.imei + ": " + std::string(BearerName(route->bearer)) +
            " frame " + std::to_string(*sent->dropped + 1) + "/" +
            std::to_string(sent->num_frames) + " dropped");
  }
  return Ok();
}

// --- JSON and HTTP ---------------------------------------------------------------------------

Result<Json> DmsJsonApi::RequestBootstrap(const Json& body, const std::string& default_dm_uri) {
  Result<contracts::BootstrapRequest> request = contracts::ParseBootstrapRequestJson(body);
  if (!request) {
    return request.error();
  }
  Result<JobStatus> done = service_.RequestBootstrap(*request, default_dm_uri);
  if (!done) {
    return done.error();
  }
  return contracts::JobStatusJson(*done);
}

Result<Json> DmsJsonApi::RequestBulk(std::string_view csv, const std::string& default_dm_uri) {
  Result<BulkResult> done = service_.RequestBulk(csv, default_dm_uri);
  if (!done) {
    return done.error();
  }
  return contracts::BulkResultJson(*done);
}

Result<Json> DmsJsonApi::GetDevice(const std::string& imei) {
  Result<DeviceView> view = service_.GetDevice(imei);
  if (!view) {
    return view.error();
  }
  return contracts::DeviceViewJson(*view);
}

Result<Json> DmsJsonApi::Fleet() {
  Result<FleetView> view = service_.Fleet();
  if (!view) {
    return view.error();
  }
  return contracts::FleetViewJson(*view);
}

Result<Json> DmsJsonApi::GpiReport(const std::string& imei, const Json& body) {
  Result<contracts::GpiReport> report = contracts::ParseGpiReportJson(body);
  if (!report) {
    return report.error();
  }
  Result<JobStatus> done = service_.GpiReport(imei, *report);
  if (!done) {
    return done.error();
  }
  return contracts::JobStatusJson(*done);
}

void RegisterDmsRoutes(HttpServer& server, DmsService& service) {
  auto default_uri = [](const HttpRequest& request) {
    auto host = request.headers.find("host");
    return host == request.headers.end() ? std::string() : "http://" + host->second + "/dm";
  };
  // The routes hold the adapter by value: it is a reference to `service`, which outlives them.
  DmsJsonApi api(service);
  server.Route("POST", "/v1/bootstrap", [api, default_uri](const HttpRequest& request) mutable -> Result<HttpReply> {
    Result<Json> done = api.RequestBootstrap(request.json, default_uri(request));
    if (!done) {
      return done.error();
    }
    return HttpReply{202, std::move(*done), "", ""};
  });
  server.Route(
      "POST", "/v1/bootstrap/bulk",
      [api, default_uri](const HttpRequest& request) mutable -> Result<HttpReply> {
        Result<Json> done = api.RequestBulk(request.body, default_uri(request));
        if (!done) {
          return done.error();
        }
        return HttpReply{202, std::move(*done), "", ""};
      },
      /*json_body=*/false);
  server.Route("GET", R"(/v1/devices/([^/]+))", [api](const HttpRequest& request) mutable -> Result<HttpReply> {
    Result<Json> device = api.GetDevice(request.captures.at(1));
    if (!device) {
      return device.error();
    }
    return HttpReply{200, std::move(*device), "", ""};
  });
  server.Route("GET", "/v1/fleet", [api](const HttpRequest&) mutable -> Result<HttpReply> {
    Result<Json> fleet = api.Fleet();
    if (!fleet) {
      return fleet.error();
    }
    return HttpReply{200, std::move(*fleet), "", ""};
  });
  server.Route("POST", R"(/v1/devices/([^/]+)/gpi-report)",
               [api](const HttpRequest& request) mutable -> Result<HttpReply> {
                 Result<Json> done = api.GpiReport(request.captures.at(1), request.json);
                 if (!done) {
                   return done.error();
                 }
                 return HttpReply{200, std::move(*done), "", ""};
               });
  server.Route(
      "POST", "/dm",
      [&service](const HttpRequest& request) -> Result<HttpReply> {
        const std::string media = request.content_type.substr(0, request.content_type.find(';'));
        if (media != session::kDmWbxmlMediaType) {
          return Fail(ErrorCode::kInvalidArgument,
                      std::string("Content-Type: must be ") + session::kDmWbxmlMediaType);
        }
        auto hmac = request.headers.find("x-syncml-hmac");
        const std::span<const uint8_t> body(reinterpret_cast<const uint8_t*>(request.body.data()),
                                            request.body.size());
        Result<DmReply> reply =
            service.HandleDm(body, hmac == request.headers.end() ? std::string() : hmac->second);
        if (!reply) {
          return reply.error();
        }
        HttpReply out;
        out.status = 200;
        out.raw_body.assign(reply->package2.begin(), reply->package2.end());
        out.raw_content_type = session::kDmWbxmlMediaType;
        return out;
      },
      /*json_body=*/false);
}

namespace {

// NoBsf answers every GBA request with kIo when no BSF is configured.
class NoBsf : public BsfClient {
 public:
  Result<PushInfo> RetrievePushInfo(const contracts::PushInfoRequest&) override {
    return Fail(ErrorCode::kIo, "no BSF configured (bsf / --bsf)");
  }
  Result<void> Resync(const contracts::PushResync&) override {
    return Fail(ErrorCode::kIo, "no BSF configured (bsf / --bsf)");
  }
};

}  // namespace

Result<void> RunDmsServer(const DmsServerConfig& config, const std::string& port_file) {
  BlockStopSignals();
  Result<std::unique_ptr<JobStore>> store = OpenJobStore(config.db);
  if (!store) {
    return store.error();
  }
  std::unique_ptr<BsfClient> bsf;
  if (config.bsf.empty()) {
    // A DMS started without a BSF is legal (legacy types only) but surprising: say it at start.
    Log(LogLevel::kWarning, "dms",
        "no BSF configured (config key bsf or --bsf HOST:PORT): bootstraps of the GBA types "
        "(NETWORKID_GBA, USERPIN_NETWORKID_GBA) will fail with bsf_unavailable");
    bsf = std::make_unique<NoBsf>();
  } else {
    Result<std::pair<std::string, int>> hp = ParseHostPort(config.bsf);
    if (!hp) {
      return Invalid("bsf: " + hp.error().message);
    }
    bsf = std::make_unique<HttpBsfClient>(hp->first, hp->second);
  }
  if (config.routes.empty() && config.routes_file.empty()) {
    Log(LogLevel::kWarning, "dms",
        "no routes configured (config keys routes or routes_file): every push will fail with "
        "push_failed, as no device MSISDN has an address");
  }
  RouteTable routes(config.routes, config.routes_file);
  Result<std::unique_ptr<UdpPushSender>> sender = UdpPushSender::Create(routes, config.bearers);
  if (!sender) {
    return sender.error();
  }
  DmsService service(config.service, **store, *bsf, **sender);
  if (Result<void> started = service.Start(); !started) {
    return started;
  }
  HttpServer server;
  RegisterDmsRoutes(server, service);
  ServeOptions options;
  options.name = "dms";
  options.host = config.listen_host;
  options.port = config.listen_port;
  options.port_file = port_file;
  return Serve(server, options, [&service] { service.Stop(); });
}

}  // namespace dmboot::nf::dms

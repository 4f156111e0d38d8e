#ifndef DMBOOT_NF_DMS_DMS_SERVER_H_
#define DMBOOT_NF_DMS_DMS_SERVER_H_

// The DMS's adapters: the configuration file, the HTTP routes over DmsService, the BSF HTTP
// client, MSISDN routing and the push sender over the bearers of nf/bearer (WAP over IP, or
// SMS-DELIVER TPDUs as datagrams for an SMSC emulation). docs/network-functions.md §DMS.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dmboot/core/result.h"
#include "nf/bearer/bearer.h"
#include "nf/common/http.h"
#include "nf/dms/dms_service.h"

namespace dmboot::nf::dms {

// Route is where a MSISDN's pushes go: a bearer (nf/bearer) and the UDP address it sends to.
struct Route {
  std::string msisdn;
  std::string host;
  int port = 0;
  Bearer bearer = Bearer::kUdp;
};

// ParseRoutes reads `[{"msisdn", "udp": "HOST:PORT", "bearer": "udp"|"sms"}]` (or an object
// with that array under "routes"), failing with kInvalidArgument naming the entry and field.
Result<std::vector<Route>> ParseRoutes(const Json& json);

// RouteTable maps MSISDNs (compared without a leading '+') to routes: the configured ones, plus
// `routes_file`, which is re-read whenever a MSISDN is not known (the device fleet writes it).
// Thread-safe.
class RouteTable {
 public:
  RouteTable(std::vector<Route> routes, std::string routes_file);
  // Lookup returns the route of `msisdn`, or kNotFound "no route for MSISDN ...".
  Result<Route> Lookup(const std::string& msisdn);

 private:
  Result<void> ReloadLocked();
  std::mutex mu_;
  std::vector<Route> configured_;
  std::vector<Route> from_file_;
  std::string routes_file_;
};

// DmsServerConfig is the whole `dmboot dms` configuration.
struct DmsServerConfig {
  std::string listen_host = "127.0.0.1";
  int listen_port = 0;
  std::string db = "dms.sqlite";
  std::string bsf;  // HOST:PORT
  std::vector<Route> routes;
  std::string routes_file;
  BearerOptions bearers;  // sms_originator: TP-OA of the SMS-DELIVERs (default short code 7777)
  DmsConfig service;
};

// ParseDmsConfig reads the JSON configuration (unknown keys refused), failing with
// kInvalidArgument naming the key.
Result<DmsServerConfig> ParseDmsConfig(const Json& json);

// HttpBsfClient calls the BSF's /nbsp-gba/v1 API with the contract's codec (nf/contracts/zpn.h;
// one HTTP client per call: thread-safe).
class HttpBsfClient : public BsfClient {
 public:
  HttpBsfClient(std::string host, int port,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(5000))
      : host_(std::move(host)), port_(port), timeout_(timeout) {}
  Result<PushInfo> RetrievePushInfo(const contracts::PushInfoRequest& request) override;
  Result<void> Resync(const contracts::PushResync& request) override;

 private:
  std::string host_;
  int port_;
  std::chrono::milliseconds timeout_;
};

// UdpPushSender is the DMS's PushSender: the route of the MSISDN names the bearer and the
// address, nf::PushSocket frames the push for that bearer and sends the frames from one UDP
// socket. PushMessage::drop_one_frame (fault injection) loses the bearer's losable frame, logged.
class UdpPushSender : public PushSender {
 public:
  // Create opens the socket, or fails with kIo, or kInvalidArgument for a bad bearer option.
  static Result<std::unique_ptr<UdpPushSender>> Create(RouteTable& routes, const BearerOptions& options);
  Result<void> Send(const PushMessage& message) override;

 private:
  UdpPushSender(std::unique_ptr<PushSocket> socket, RouteTable& routes)
      : socket_(std::move(socket)), routes_(routes) {}
  std::unique_ptr<PushSocket> socket_;
  RouteTable& routes_;
};

// DmsJsonApi is the JSON face of DmsService: each call reads its body with the contract's codec
// (nf/contracts/operator_api.h), calls the typed service and writes the answer with the codec.
// The HTTP routes use it; so do the tests that check the API's JSON. Copyable (a reference).
class DmsJsonApi {
 public:
  explicit DmsJsonApi(DmsService& service) : service_(service) {}
  Result<Json> RequestBootstrap(const Json& body, const std::string& default_dm_uri = "");
  Result<Json> RequestBulk(std::string_view csv, const std::string& default_dm_uri = "");
  Result<Json> GetDevice(const std::string& imei);
  Result<Json> Fleet();
  Result<Json> GpiReport(const std::string& imei, const Json& body);

 private:
  DmsService& service_;
};

// RegisterDmsRoutes adds the DMS's HTTP API (POST /v1/bootstrap, /v1/bootstrap/bulk,
// GET /v1/devices/<imei>, GET /v1/fleet, POST /v1/devices/<imei>/gpi-report, POST /dm).
void RegisterDmsRoutes(HttpServer& server, DmsService& service);

// RunDmsServer opens the store, starts the service and serves until SIGINT/SIGTERM.
Result<void> RunDmsServer(const DmsServerConfig& config, const std::string& port_file);

}  // namespace dmboot::nf::dms

#endif  // DMBOOT_NF_DMS_DMS_SERVER_H_

#include "nf/dms/dms_server.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "dmboot/bootstrap/account.h"
#include "dmboot/bootstrap/bootstrap_mac.h"
#include "dmboot/core/base64.h"
#include "dmboot/core/hex.h"
#include "dmboot/gba/gpi.h"
#include "dmboot/push/sms.h"
#include "dmboot/push/wsp_push.h"
#include "dmboot/session/dm_auth.h"
#include "dmboot/session/dm_package.h"
#include "nf/common/udp_socket.h"
#include "nf/dms/dms_test_util.h"

namespace dmboot::nf::dms {
namespace {

using testing::FakeBsf;
using testing::FakeSender;

constexpr char kImsi[] = "001010123456789";

// A bound loopback UDP socket standing in for a device.
class UdpReceiver {
 public:
  UdpReceiver() : socket_(*UdpSocket::Bind("127.0.0.1", 0)) {}
  int port() const { return socket_.port(); }
  // Receive returns the datagrams that arrive within `timeout_ms` of each other.
  std::vector<std::vector<uint8_t>> Receive(int timeout_ms = 500) {
    std::vector<std::vector<uint8_t>> out;
    while (true) {
      Result<std::optional<std::vector<uint8_t>>> got = socket_.Receive(timeout_ms);
      if (!got || !*got) {
        return out;
      }
      out.push_back(std::move(**got));
      timeout_ms = 200;
    }
  }

 private:
  UdpSocket socket_;
};

Json Request(const std::string& imei, const std::string& msisdn, const std::string& type,
             std::optional<std::string> pin = {}) {
  Json j = {{"imei", imei}, {"imsi", kImsi}, {"msisdn", msisdn}, {"security_type", type}};
  if (pin) {
    j["pin"] = *pin;
  }
  return j;
}

// --- configuration and routes ---------------------------------------------------------------

TEST(DmsConfigTest, ParsesTheContractShapeAndNamesBadKeys) {
  Json json = Json::parse(R"({"listen": "127.0.0.1:0", "db": "dms.sqlite", "fqdn": "dms.example.test",
    "ua_id": "ff00000001", "bsf": "127.0.0.1:9000", "key_lifetime_s": 3600, "gba_type": "GBA_ME",
    "dm_server_uri": "http://127.0.0.1:1/dm",
    "routes": [{"msisdn": "+15550001", "udp": "127.0.0.1:2948", "bearer": "sms"}],
    "routes_file": "routes.json",
    "fault_injection": {"tamper_bootstrap_imeis": ["490154203237518"], "drop_sms_segment_imeis": []}})");
  Result<DmsServerConfig> c = ParseDmsConfig(json);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->listen_host, "127.0.0.1");
  EXPECT_EQ(c->listen_port, 0);
  EXPECT_EQ(c->bsf, "127.0.0.1:9000");
  ASSERT_EQ(c->routes.size(), 1u);
  EXPECT_EQ(c->routes[0].bearer, Bearer::kSms);
  EXPECT_EQ(c->routes[0].port, 2948);
  EXPECT_EQ(c->service.tamper_bootstrap_imeis.count("490154203237518"), 1u);
  EXPECT_EQ(c->service.dm_server_uri, "http://127.0.0.1:1/dm");

  for (const auto& [bad, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"lsiten": "x"})", "lsiten:"},
           {R"({"ua_id": "ff"})", "ua_id:"},
           {R"({"gba_type": "GBA_X"})", "gba_type:"},
           {R"({"fqdn": "bad_name!"})", "fqdn:"},
           {R"({"routes": [{"msisdn": "+1555", "udp": "nowhere"}]})", "routes[0].udp:"},
           {R"({"routes": [{"msisdn": "+1555", "udp": "h:1", "bearer": "fax"}]})", "routes[0].bearer:"},
           {R"({"routes": [{"msisdn": "+1555", "udp": "h:1", "bearer": 1}]})", "routes[0].bearer:"},
           {R"({"fault_injection": {"flip": []}})", "fault_injection.flip:"},
           {R"({"sms_originator": "short-code"})", "sms_originator:"}}) {
    Result<DmsServerConfig> r = ParseDmsConfig(Json::parse(bad));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().message.rfind(field, 0), 0u) << r.error().message;
  }
}

TEST(DmsConfigTest, RoutesFileIsReReadOnAMiss) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("dms_routes_" + std::to_string(::getpid()) + ".json");
  std::filesystem::remove(file);
  RouteTable table({Route{"+1000", "127.0.0.1", 1000, Bearer::kUdp}}, file.string());
  EXPECT_EQ(table.Lookup("+1000")->port, 1000);
  EXPECT_EQ(table.Lookup("1000")->port, 1000);  // with or without the '+'
  EXPECT_EQ(table.Lookup("+10000").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(table.Lookup("+2000").error().code, ErrorCode::kNotFound);
  std::ofstream(file) << R"([{"msisdn": "+2000", "udp": "127.0.0.1:2000", "bearer": "sms"}])";
  Result<Route> found = table.Lookup("+2000");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->port, 2000);
  EXPECT_EQ(found->bearer, Bearer::kSms);
  std::ofstream(file) << R"({"routes": [{"msisdn": "+3000", "udp": "127.0.0.1:3000"}]})";
  EXPECT_EQ(table.Lookup("+3000")->bearer, Bearer::kUdp);
  std::filesystem::remove(file);
}

// --- UDP push sender ----------------------------------------------------------------------

struct UdpFixture {
  UdpFixture(Bearer bearer, DmsConfig config = {}) {
    store = std::move(*SqliteJobStore::Open(":memory:"));
    routes = std::make_unique<RouteTable>(
        std::vector<Route>{Route{"+15550001", "127.0.0.1", device.port(), bearer}}, "");
    sender = std::move(*UdpPushSender::Create(*routes, BearerOptions{}));
    config.workers = 0;
    config.dm_server_uri = "http://127.0.0.1:1/dm";
    service = std::make_unique<DmsService>(config, *store, bsf, *sender);
    EXPECT_TRUE(service->Start());
  }
  UdpReceiver device;
  std::unique_ptr<SqliteJobStore> store;
  std::unique_ptr<RouteTable> routes;
  std::unique_ptr<UdpPushSender> sender;
  FakeBsf bsf;
  std::unique_ptr<DmsService> service;
};

constexpr char kImei[] = "490154203237518";

TEST(DmsUdpTest, UdpBearerDatagramDecodesAndVerifies) {
  UdpFixture f(Bearer::kUdp);
  ASSERT_TRUE(DmsJsonApi(*f.service).RequestBootstrap(Request(kImei, "+15550001", "USERPIN_NETWORKID", "1357")));
  std::vector<std::vector<uint8_t>> got = f.device.Receive();
  ASSERT_EQ(got.size(), 1u);
  Result<push::WspPush> p = push::DecodeWspPush(got[0]);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->content_type.media_code, push::kMediaDmWbxml);
  EXPECT_EQ(p->content_type.media, "application/vnd.syncml.dm+wbxml");
  ASSERT_TRUE(p->content_type.sec);
  EXPECT_EQ(p->content_type.sec->code, 2u);  // USERPIN_NETWORKID, typed
  EXPECT_EQ(p->application_id->code, push::kAppIdSyncmlDm);
  bootstrap::BootstrapCredentials creds;
  creds.network_id = *bootstrap::Imsi::Parse(kImsi);
  creds.pin = *bootstrap::Pin::Parse("1357");
  EXPECT_TRUE(bootstrap::VerifyBootstrapMac(bootstrap::SecurityType::kUserPinNetworkId, creds, p->body,
                                            p->content_type.macs.at(0)));
}

TEST(DmsUdpTest, GpiAndGbaBootstrapOverUdp) {
  UdpFixture f(Bearer::kUdp);
  ASSERT_TRUE(DmsJsonApi(*f.service).RequestBootstrap(Request(kImei, "+15550001", "NETWORKID_GBA")));
  std::vector<std::vector<uint8_t>> gpi = f.device.Receive();
  ASSERT_EQ(gpi.size(), 1u);
  Result<push::WspPush> g = push::DecodeWspPush(gpi[0]);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->content_type.media, push::kMediaGbaPushInfo);
  EXPECT_EQ(gba::DecodeGpiEnvelope(g->body)->gpi, f.bsf.last_gpi);
  ASSERT_TRUE(DmsJsonApi(*f.service).GpiReport(kImei, {{"status", "accepted"}}));
  std::vector<std::vector<uint8_t>> boot = f.device.Receive();
  ASSERT_EQ(boot.size(), 1u);
  Result<push::WspPush> p = push::DecodeWspPush(boot[0]);
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->content_type.sec->typed);
  EXPECT_EQ(p->content_type.sec->name, "NETWORKID_GBA");
  bootstrap::BootstrapCredentials creds;
  creds.ks_naf = *bootstrap::KsNaf::Create(crypto::SecretBytes(testing::FakeKsNafBytes()));
  EXPECT_TRUE(bootstrap::VerifyBootstrapMac(bootstrap::SecurityType::kNetworkIdGba, creds, p->body,
                                            p->content_type.macs.at(0)));
}

// Reassemble runs the received SMS-DELIVER TPDUs through dmboot::push's reassembler.
std::optional<push::WdpDatagram> Reassemble(const std::vector<std::vector<uint8_t>>& tpdus,
                                            size_t* segments) {
  push::SmsReassembler reassembler;
  std::optional<push::WdpDatagram> out;
  *segments = 0;
  for (const std::vector<uint8_t>& bytes : tpdus) {
    Result<push::SmsTpdu> tpdu = push::DecodeSmsTpdu(bytes);
    EXPECT_TRUE(tpdu) << tpdu.error().message;
    EXPECT_EQ(tpdu->type, push::SmsTpduType::kDeliver);
    EXPECT_EQ(tpdu->address, "7777");
    EXPECT_TRUE(tpdu->has_udh);
    Result<push::SmsUserData> ud = push::DecodeUserData(tpdu->user_data, true);
    EXPECT_TRUE(ud);
    EXPECT_EQ(ud->ports->destination, push::kWapPushPort);
    EXPECT_EQ(ud->ports->source, push::kWspSourcePort);
    ++*segments;
    Result<std::optional<push::WdpDatagram>> done = reassembler.Add(tpdu->address, *ud, 0);
    EXPECT_TRUE(done);
    if (done && *done) {
      out = **done;
    }
  }
  return out;
}

TEST(DmsUdpTest, SmsBearerTpdusReassembleToAVerifiablePush) {
  UdpFixture f(Bearer::kSms);
  ASSERT_TRUE(DmsJsonApi(*f.service).RequestBootstrap(Request(kImei, "+15550001", "USERPIN", "8642")));
  std::vector<std::vector<uint8_t>> got = f.device.Receive();
  ASSERT_GE(got.size(), 2u) << "a DM 1.2 bootstrap needs more than one SMS";
  size_t segments = 0;
  std::optional<push::WdpDatagram> datagram = Reassemble(got, &segments);
  ASSERT_TRUE(datagram);
  Result<push::WspPush> p = push::DecodeWspPush(datagram->payload);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->content_type.sec->code, 1u);
  bootstrap::BootstrapCredentials creds;
  creds.pin = *bootstrap::Pin::Parse("8642");
  EXPECT_TRUE(bootstrap::VerifyBootstrapMac(bootstrap::SecurityType::kUserPin, creds, p->body,
                                            p->content_type.macs.at(0)));
}

TEST(DmsUdpTest, DropInjectionLosesOneSegment) {
  DmsConfig config;
  config.drop_sms_segment_imeis = {kImei};
  UdpFixture f(Bearer::kSms, config);
  ASSERT_TRUE(DmsJsonApi(*f.service).RequestBootstrap(Request(kImei, "+15550001", "USERPIN", "8642")));
  std::vector<std::vector<uint8_t>> got = f.device.Receive();
  ASSERT_GE(got.size(), 1u);
  size_t segments = 0;
  EXPECT_FALSE(Reassemble(got, &segments));
  const push::SmsTpdu first = *push::DecodeSmsTpdu(got[0]);
  const push::SmsUserData ud = *push::DecodeUserData(first.user_data, true);
  ASSERT_TRUE(ud.concat);
  EXPECT_EQ(got.size() + 1, ud.concat->total);
}

// The fault "drop one segment" is the SMS bearer's: on WDP/UDP the push is one datagram and
// nothing is lost.
TEST(DmsUdpTest, DropInjectionLosesNothingOnTheUdpBearer) {
  DmsConfig config;
  config.drop_sms_segment_imeis = {kImei};
  UdpFixture f(Bearer::kUdp, config);
  ASSERT_TRUE(DmsJsonApi(*f.service).RequestBootstrap(Request(kImei, "+15550001", "USERPIN", "8642")));
  std::vector<std::vector<uint8_t>> got = f.device.Receive();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(push::DecodeWspPush(got[0]).has_value());
}

TEST(DmsUdpTest, UnknownMsisdnFailsThePush) {
  UdpFixture f(Bearer::kUdp);
  ASSERT_TRUE(DmsJsonApi(*f.service).RequestBootstrap(Request(kImei, "+19999999", "NETWORKID")));
  Json d = *DmsJsonApi(*f.service).GetDevice(kImei);
  EXPECT_EQ(d["state"], "failed");
  EXPECT_EQ(d["failure"]["kind"], "push_failed");
}

// --- HTTP ---------------------------------------------------------------------------------

struct HttpFixture {
  HttpFixture() {
    store = std::move(*SqliteJobStore::Open(":memory:"));
    DmsConfig config;
    config.workers = 0;  // dm_server_uri empty: derived from the Host header
    service = std::make_unique<DmsService>(config, *store, bsf, sender);
    EXPECT_TRUE(service->Start());
    RegisterDmsRoutes(server, *service);
    port = *server.Bind("127.0.0.1", 0);
    thread = std::thread([this] { server.Serve(); });
    client = std::make_unique<HttpClient>("127.0.0.1", port);
    // Wait until the server answers.
    for (int i = 0; i < 100 && !client->GetJson("/v1/fleet"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~HttpFixture() {
    client.reset();  // close the keep-alive connection first, or Stop waits for its timeout
    server.Stop();
    thread.join();
  }
  std::unique_ptr<SqliteJobStore> store;
  FakeBsf bsf;
  FakeSender sender;
  std::unique_ptr<DmsService> service;
  HttpServer server;
  int port = 0;
  std::thread thread;
  std::unique_ptr<HttpClient> client;
};

session::DmCredential ClientCred(const std::string& account_json) {
  bootstrap::Account account = *bootstrap::ParseAccountJson(account_json);
  const bootstrap::AppAuth* cl = account.ClientCredential();
  session::DmCredential c;
  c.type = *session::AuthTypeFromAAuthType(cl->type);
  c.name = cl->name;
  c.secret = cl->secret;
  c.nonce = *Base64Decode(cl->nonce_b64);
  return c;
}

Result<session::Package2> PostDm(HttpClient& client, const std::string& imei,
                                 const session::DmCredential& cred) {
  session::Package1 p;
  p.session_id = "7";
  p.server_uri = "http://dms/dm";
  p.device_id = "IMEI:" + imei;
  const session::SignedPackage1 signed_p1 = *session::SignPackage1(p, cred);
  const std::vector<uint8_t>& body = signed_p1.body;
  std::map<std::string, std::string> headers;
  if (!signed_p1.hmac_header.empty()) {
    headers["x-syncml-hmac"] = signed_p1.hmac_header;
  }
  Result<std::string> reply = client.PostRaw("/dm", std::string(body.begin(), body.end()),
                                             session::kDmWbxmlMediaType, headers);
  if (!reply) {
    return reply.error();
  }
  return session::DecodePackage2(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(reply->data()), reply->size()));
}

TEST(DmsHttpTest, DmEndpointAcceptsTheRightCredentialPerTypeAndRefusesWrongOnes) {
  HttpFixture f;
  const std::vector<std::string> imeis = {"490154203237518", "356938035643809", "353918058381472"};
  std::vector<std::string> types;
  for (const std::string& imei : imeis) {
    Result<Json> r = f.client->PostJson("/v1/bootstrap", Request(imei, "+15550001", "USERPIN", "2580"));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)["state"], "requested");
    const JobRecord job = **f.store->GetJob(imei);
    // Generated account: the address comes from the Host header.
    bootstrap::Account account = *bootstrap::ParseAccountJson(job.account_json);
    EXPECT_EQ(account.addresses[0].addr, "http://127.0.0.1:" + std::to_string(f.port) + "/dm");
    session::DmCredential cred = ClientCred(job.account_json);
    types.push_back(std::string(session::CredTypeName(cred.type)));

    session::DmCredential wrong = cred;
    wrong.nonce.push_back(0x00);
    if (cred.type == session::DmAuthType::kBasic) {
      wrong.secret = crypto::SecretBytes::FromText("guess");
    }
    Result<session::Package2> refused = PostDm(*f.client, imei, wrong);
    ASSERT_TRUE(refused) << refused.error().message;
    EXPECT_EQ(refused->header_status, 401);
    EXPECT_EQ((*f.client->GetJson("/v1/devices/" + imei))["state"], "bootstrap_pushed");

    Result<session::Package2> accepted = PostDm(*f.client, imei, cred);
    ASSERT_TRUE(accepted) << accepted.error().message;
    EXPECT_EQ(accepted->header_status, 212);
    EXPECT_EQ(accepted->session_id, "7");
    Json device = *f.client->GetJson("/v1/devices/" + imei);
    EXPECT_EQ(device["state"], "enrolled");
    EXPECT_TRUE(device.contains("enrolled_at_ms"));
  }
  EXPECT_EQ(types, (std::vector<std::string>{"syncml:auth-MAC", "syncml:auth-md5", "syncml:auth-basic"}));
  Json fleet = *f.client->GetJson("/v1/fleet");
  EXPECT_EQ(fleet["by_state"]["enrolled"], 3);
  EXPECT_EQ(fleet["latency_ms"]["samples"], 3);
}

TEST(DmsHttpTest, ErrorsMapToStatusKinds) {
  HttpFixture f;
  Json bad = Request("490154203237517", "+15550001", "NETWORKID");
  Result<Json> r = f.client->PostJson("/v1/bootstrap", bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);  // 400
  EXPECT_EQ(r.error().message.rfind("imei: ", 0), 0u);
  EXPECT_EQ(f.client->GetJson("/v1/devices/490154203237518").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(f.client->PostJson("/v1/bootstrap", Request("490154203237518", "+15550001", "NETWORKID_GBA")));
  EXPECT_EQ(f.client->PostJson("/v1/bootstrap", Request("490154203237518", "+15550001", "NETWORKID_GBA"))
                .error()
                .code,
            ErrorCode::kRefused);  // 403
  Result<Json> report = f.client->PostJson("/v1/devices/490154203237518/gpi-report", {{"status", "accepted"}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ((*f.client->GetJson("/v1/devices/490154203237518"))["state"], "bootstrap_pushed");
  // /dm wants SyncML.
  EXPECT_EQ(f.client->PostRaw("/dm", "{}", "application/json").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(f.client->PostRaw("/dm", "junk", session::kDmWbxmlMediaType).error().code,
            ErrorCode::kMalformed);  // 400
}

TEST(DmsHttpTest, BulkCsv) {
  HttpFixture f;
  const std::string csv =
      "imei,imsi,msisdn,security_type,pin\n"
      "490154203237518,001010123456789,+15550001,USERPIN,1234\n"
      "490154203237517,001010123456789,+15550002,NETWORKID,\n"
      "356938035643809,001010123456780,+15550003,NETWORKID,\n";
  Result<std::string> reply = f.client->PostRaw("/v1/bootstrap/bulk", csv, "text/csv");
  ASSERT_TRUE(reply) << reply.error().message;
  Json j = Json::parse(*reply);
  EXPECT_EQ(j["accepted"], 2);
  ASSERT_EQ(j["rejected"].size(), 1u);
  EXPECT_EQ(j["rejected"][0]["line"], 3);
  EXPECT_EQ(j["rejected"][0]["error"].get<std::string>().rfind("imei: ", 0), 0u);
  EXPECT_EQ(f.client->PostRaw("/v1/bootstrap/bulk", "a,b\n", "text/csv").error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace dmboot::nf::dms

// In-process fleet test: real UDP datagrams to a fleet of devices, a tiny in-test DMS (nf/common
// HttpServer) that takes the GPI reports, pushes the bootstrap after an accepted GPI and answers
// package 1 with dmboot/session; the devices must reach `enrolled` with the account on disk, and
// a dropped SMS segment must give `sms_segment_lost`.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "dmboot/device/test_util.h"
#include "nf/common/udp_socket.h"
#include "nf/device/device_server.h"
#include "nf/device/device_service.h"

namespace dmboot::nf::device {
namespace {

// StatusJsonOf is a device's status as GET /v1/devices/<imei> answers it (the contract's codec).
Result<Json> StatusJsonOf(const FleetService& fleet, const std::string& imei) {
  Result<contracts::FleetDeviceStatus> status = fleet.DeviceStatus(imei);
  if (!status) {
    return status.error();
  }
  return contracts::FleetDeviceStatusJson(*status);
}


namespace dt = dmboot::device::test;
using bootstrap::SecurityType;
using Clock = std::chrono::steady_clock;

void SendUdp(int port, const std::vector<uint8_t>& bytes) {
  Result<UdpSocket> socket = UdpSocket::Open();
  ASSERT_TRUE(socket.has_value()) << socket.error().message;
  Result<void> sent = socket->SendTo("127.0.0.1", port, bytes);
  EXPECT_TRUE(sent.has_value()) << sent.error().message;
}

// FakeDms is the DMS half the fleet talks to.
class FakeDms {
 public:
  FakeDms() {
    server_.Route("POST", R"(/v1/devices/(\d+)/gpi-report)",
                  [this](const HttpRequest& request) -> Result<HttpReply> {
                    const std::string imei = request.captures.at(1);
                    std::vector<uint8_t> bootstrap;
                    int port = 0;
                    {
                      std::lock_guard<std::mutex> lock(mu_);
                      reports_[imei] = request.json;
                      auto it = after_gpi_.find(imei);
                      if (it != after_gpi_.end() && request.json.value("status", "") == "accepted") {
                        bootstrap = it->second.second;
                        port = it->second.first;
                      }
                    }
                    if (port != 0) {
                      SendUdp(port, bootstrap);  // the DMS pushes the bootstrap after "accepted"
                    }
                    return HttpReply{200, Json{{"imei", imei}}, "", ""};
                  });
    server_.Route(
        "POST", "/dm",
        [this](const HttpRequest& request) -> Result<HttpReply> {
          std::vector<uint8_t> body(request.body.begin(), request.body.end());
          Result<session::Package1> p1 = session::DecodePackage1(body);
          if (!p1) {
            return p1.error();
          }
          bootstrap::Account account;
          {
            std::lock_guard<std::mutex> lock(mu_);
            auto it = accounts_.find(p1->device_id);
            if (it == accounts_.end()) {
              return Fail(ErrorCode::kNotFound, "unknown device");
            }
            account = it->second;
            ++sessions_;
          }
          auto h = request.headers.find("x-syncml-hmac");
          std::vector<uint8_t> p2 =
              dt::AnswerPackage1(account, body, h == request.headers.end() ? "" : h->second);
          HttpReply reply;
          reply.raw_body.assign(p2.begin(), p2.end());
          reply.raw_content_type = session::kDmWbxmlMediaType;
          return reply;
        },
        /*json_body=*/false);
    port_ = *server_.Bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_.Serve(); });
  }
  ~FakeDms() {
    server_.Stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string DmUri() const { return "http://127.0.0.1:" + std::to_string(port_) + "/dm"; }
  void Expect(const std::string& imei, const bootstrap::Account& account) {
    std::lock_guard<std::mutex> lock(mu_);
    accounts_["IMEI:" + imei] = account;
  }
  void PushAfterGpi(const std::string& imei, int port, std::vector<uint8_t> bootstrap) {
    std::lock_guard<std::mutex> lock(mu_);
    after_gpi_[imei] = {port, std::move(bootstrap)};
  }
  Json Report(const std::string& imei) {
    std::lock_guard<std::mutex> lock(mu_);
    return reports_.count(imei) ? reports_[imei] : Json();
  }

 private:
  HttpServer server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::map<std::string, bootstrap::Account> accounts_;
  std::map<std::string, std::pair<int, std::vector<uint8_t>>> after_gpi_;
  std::map<std::string, Json> reports_;
  int sessions_ = 0;
};

// Imei returns a 15-digit IMEI with a valid Luhn check digit (TS 23.003 Annex B).
std::string Imei(size_t i) {
  std::string body = std::to_string(49015420000000ull + i);
  int sum = 0;
  for (size_t k = 0; k < body.size(); ++k) {
    int d = body[body.size() - 1 - k] - '0';
    if (k % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + static_cast<char>('0' + (10 - sum % 10) % 10);
}

Json DeviceEntry(size_t i, const std::string& bearer) {
  return Json{{"imei", Imei(i)}, {"imsi", dt::kImsi}, {"msisdn", "3584010" + std::to_string(10000 + i)},
              {"k", dt::kKHex}, {"opc", dt::kOpcHex}, {"pin", "1234"}, {"bearer", bearer},
              {"policy", {{"allow_networkid", false}, {"max_pin_failures", 3}}}};
}

class FleetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dmboot_fleet_XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  void TearDown() override {
    if (runner_) {
      runner_->Stop();
    }
    runner_.reset();
    service_.reset();
    std::filesystem::remove_all(dir_);
  }

  void StartFleet(const std::vector<std::string>& bearers, uint64_t sms_timeout_ms = 300) {
    Json devices = Json::array();
    for (size_t i = 0; i < bearers.size(); ++i) {
      devices.push_back(DeviceEntry(i, bearers[i]));
    }
    Json config = {{"dms", "127.0.0.1:" + std::to_string(dms_.port())},
                   {"data_dir", dir_ + "/fleet"},
                   {"routes_file", dir_ + "/routes.json"},
                   {"trusted_naf_ids", {HexEncode(dt::Dms().Bytes())}},
                   {"sms_timeout_ms", sms_timeout_ms},
                   {"workers", 4},
                   {"devices", devices}};
    Result<FleetConfig> parsed = ParseFleetConfig(config);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    Result<std::unique_ptr<FleetService>> service = FleetService::Create(
        *parsed, std::make_unique<HttpDmsLink>("127.0.0.1", dms_.port()));
    ASSERT_TRUE(service.has_value()) << service.error().message;
    service_ = std::move(*service);
    Result<std::unique_ptr<FleetRunner>> runner = FleetRunner::Bind(*service_, "127.0.0.1");
    ASSERT_TRUE(runner.has_value()) << runner.error().message;
    runner_ = std::move(*runner);
    ASSERT_TRUE(runner_->WriteRoutes(parsed->routes_file).has_value());
    runner_->Start();
  }

  std::string State(size_t i) { return (*StatusJsonOf(*service_, Imei(i)))["state"]; }

  // WaitFor polls until device `i` is in `state` (or 20 s pass).
  bool WaitFor(size_t i, const std::string& state) {
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
      if (State(i) == state) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

  std::string dir_;
  FakeDms dms_;
  std::unique_ptr<FleetService> service_;
  std::unique_ptr<FleetRunner> runner_;
};

TEST_F(FleetTest, PushesOverUdpAndSmsEnrollAndALostSegmentFails) {
  ASSERT_NO_FATAL_FAILURE(StartFleet({"udp", "udp", "sms", "sms", "udp"}));

  // routes_file holds every device's socket.
  std::ifstream in(dir_ + "/routes.json");
  Json routes = Json::parse(in);
  ASSERT_EQ(routes.size(), 5u);
  for (size_t i = 0; i < routes.size(); ++i) {
    EXPECT_EQ(routes[i]["udp"], "127.0.0.1:" + std::to_string(runner_->Port(i)));
    EXPECT_EQ(routes[i]["bearer"], i == 2 || i == 3 ? "sms" : "udp");
    EXPECT_EQ(routes[i]["msisdn"], DeviceEntry(i, "udp")["msisdn"]);
  }

  // Device 0: hostile noise first, then a legacy USERPIN bootstrap (DIGEST credential).
  std::mt19937 rng(1);
  for (int n = 0; n < 200; ++n) {
    std::vector<uint8_t> junk(rng() % 200);
    for (uint8_t& b : junk) b = static_cast<uint8_t>(rng());
    SendUdp(runner_->Port(0), junk);
  }
  bootstrap::Account a0 = dt::Account("dms.example.test", "DIGEST", dms_.DmUri());
  dms_.Expect(Imei(0), a0);
  SendUdp(runner_->Port(0), dt::SignedBootstrapPush(a0, SecurityType::kUserPin, dt::PinCredentials("1234")));

  // Device 1: GBA. The GPI goes first; the DMS pushes the NETWORKID_GBA bootstrap after the
  // device reported "accepted".
  dt::Network net;
  dt::GpiPush gpi = net.Push({0x01, 0x01}, UnixSeconds() + 600);
  bootstrap::Account a1 = dt::Account("dms.example.test", "HMAC", dms_.DmUri());
  dms_.Expect(Imei(1), a1);
  dms_.PushAfterGpi(Imei(1), runner_->Port(1),
                    dt::SignedBootstrapPush(a1, SecurityType::kNetworkIdGba, dt::GbaCredentials(gpi.ks_naf)));
  SendUdp(runner_->Port(1), gpi.pdu);

  // Device 2: SMS bearer, every segment delivered (out of order).
  bootstrap::Account a2 = dt::Account("dms.example.test", "BASIC", dms_.DmUri());
  dms_.Expect(Imei(2), a2);
  std::vector<std::vector<uint8_t>> tpdus = dt::SmsTpdus(
      dt::SignedBootstrapPush(a2, SecurityType::kUserPin, dt::PinCredentials("1234")), 11);
  ASSERT_GT(tpdus.size(), 1u);
  for (size_t s = tpdus.size(); s-- > 0;) {
    SendUdp(runner_->Port(2), tpdus[s]);
  }

  // Device 3: SMS bearer, one segment dropped.
  std::vector<std::vector<uint8_t>> lossy = dt::SmsTpdus(
      dt::SignedBootstrapPush(dt::Account("dms.example.test", "BASIC", dms_.DmUri()),
                              SecurityType::kUserPin, dt::PinCredentials("1234")), 12);
  for (size_t s = 0; s + 1 < lossy.size(); ++s) {
    SendUdp(runner_->Port(3), lossy[s]);
  }

  // Device 4: a tampered bootstrap.
  SendUdp(runner_->Port(4), dt::SignedBootstrapPush(dt::Account("dms.example.test", "DIGEST", dms_.DmUri()),
                                                    SecurityType::kUserPin, dt::PinCredentials("1234"),
                                                    /*tamper=*/true));

  EXPECT_TRUE(WaitFor(0, "enrolled")) << State(0);
  EXPECT_TRUE(WaitFor(1, "enrolled")) << State(1);
  EXPECT_TRUE(WaitFor(2, "enrolled")) << State(2);
  EXPECT_TRUE(WaitFor(3, "failed")) << State(3);
  EXPECT_TRUE(WaitFor(4, "failed")) << State(4);
  EXPECT_EQ(dms_.Report(Imei(1)), (Json{{"status", "accepted"}}));
  EXPECT_EQ((*StatusJsonOf(*service_, Imei(3)))["failure"]["kind"], "sms_segment_lost");
  EXPECT_EQ((*StatusJsonOf(*service_, Imei(4)))["failure"]["kind"], "verification_failed");
  EXPECT_EQ((*StatusJsonOf(*service_, Imei(1)))["account_server_id"], "dms.example.test");

  // The DM trees on disk hold the accounts.
  for (size_t i : {0u, 1u, 2u}) {
    Result<dmboot::device::DmTree> tree = dmboot::device::LoadTreeFile(service_->TreePath(i));
    ASSERT_TRUE(tree.has_value()) << tree.error().message;
    ASSERT_NE(tree->Get("./DMAcc/dmboot/ServerID"), nullptr) << i;
    EXPECT_EQ(tree->Get("./DMAcc/dmboot/ServerID")->value, "dms.example.test");
    EXPECT_EQ(tree->replay_guard_size(), 1u);
  }
  EXPECT_EQ(dmboot::device::LoadTreeFile(service_->TreePath(3))->Get("./DMAcc"), nullptr);

  // The status API over HTTP.
  HttpServer status;
  AddFleetRoutes(status, *service_);
  int port = *status.Bind("127.0.0.1", 0);
  std::thread serving([&status] { status.Serve(); });
  HttpClient client("127.0.0.1", port);
  Result<Json> one = client.GetJson("/v1/devices/" + Imei(0));
  ASSERT_TRUE(one.has_value()) << one.error().message;
  EXPECT_EQ((*one)["state"], "enrolled");
  Result<Json> all = client.GetJson("/v1/devices");
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ((*all)["devices"].size(), 5u);
  EXPECT_EQ((*all)["by_state"]["enrolled"], 3);
  Result<Json> missing = client.GetJson("/v1/devices/123456789012345");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  status.Stop();
  serving.join();
}

// The server side of every registered bearer (the DMS's PushSocket) into the fleet's sockets and
// that bearer's device side: each device enrolls; an SMS push that loses a segment fails the
// device with sms_segment_lost once its reassembly times out.
TEST_F(FleetTest, EveryBearerFromThePushSocketEnrollsADevice) {
  std::vector<std::string> names;
  for (const BearerSpec& spec : Bearers()) {
    names.emplace_back(spec.name);
  }
  names.emplace_back("sms");  // the lossy one
  ASSERT_NO_FATAL_FAILURE(StartFleet(names));
  Result<std::unique_ptr<PushSocket>> dms_socket = PushSocket::Create({});
  ASSERT_TRUE(dms_socket.has_value()) << dms_socket.error().message;
  for (size_t i = 0; i < names.size(); ++i) {
    bootstrap::Account account = dt::Account("dms.example.test", "BASIC", dms_.DmUri());
    dms_.Expect(Imei(i), account);
    const bool lossy = i + 1 == names.size();
    const std::vector<uint8_t> pdu =
        dt::SignedBootstrapPush(account, SecurityType::kUserPin, dt::PinCredentials("1234"));
    Result<SentPush> sent =
        (*dms_socket)->Send(*ParseBearer(names[i]), "127.0.0.1", runner_->Port(i), pdu, lossy);
    ASSERT_TRUE(sent.has_value()) << sent.error().message;
    EXPECT_EQ(sent->dropped.has_value(), lossy) << names[i];
  }
  for (size_t i = 0; i + 1 < names.size(); ++i) {
    EXPECT_TRUE(WaitFor(i, "enrolled")) << names[i] << ": " << State(i);
  }
  const size_t lossy = names.size() - 1;
  EXPECT_TRUE(WaitFor(lossy, "failed")) << State(lossy);
  EXPECT_EQ((*StatusJsonOf(*service_, Imei(lossy)))["failure"]["kind"], "sms_segment_lost");
}

// What must not verify is refused by the real fleet, over its sockets: a bootstrap whose MAC
// differs from the right one only in its last byte (UDP and SMS bearers), and a GPI whose AUTN is
// valid but whose MAC is not (the DMS would push the bootstrap on an "accepted" report). Nothing
// reaches the tree on disk; the PIN failure is counted there.
TEST_F(FleetTest, LastByteMacAndWrongGpiMacAreRefused) {
  ASSERT_NO_FATAL_FAILURE(StartFleet({"udp", "sms", "udp"}));
  const bootstrap::Account account = dt::Account("dms.example.test", "HMAC", dms_.DmUri());
  const std::vector<uint8_t> doc = dt::BootstrapDocument(account);
  std::string mac = *bootstrap::ComputeBootstrapMac(SecurityType::kUserPin, dt::PinCredentials("1234"), doc);
  mac[39] = mac[39] == 'F' ? 'E' : 'F';
  const std::vector<uint8_t> last_byte_off = dt::BootstrapPush(doc, SecurityType::kUserPin, {mac});
  dms_.Expect(Imei(0), account);
  dms_.Expect(Imei(1), account);
  SendUdp(runner_->Port(0), last_byte_off);
  for (const std::vector<uint8_t>& tpdu : dt::SmsTpdus(last_byte_off, 21)) {
    SendUdp(runner_->Port(1), tpdu);
  }

  dt::Network net;
  dt::GpiPush gpi = net.Push({0x02, 0x01}, UnixSeconds() + 600, dt::Dms(), std::nullopt,
                             /*wrong_mac=*/true);
  dms_.Expect(Imei(2), account);
  dms_.PushAfterGpi(Imei(2), runner_->Port(2),
                    dt::SignedBootstrapPush(account, SecurityType::kNetworkIdGba,
                                            dt::GbaCredentials(gpi.ks_naf)));
  SendUdp(runner_->Port(2), gpi.pdu);

  EXPECT_TRUE(WaitFor(0, "failed")) << State(0);
  EXPECT_TRUE(WaitFor(1, "failed")) << State(1);
  EXPECT_TRUE(WaitFor(2, "gpi_rejected")) << State(2);
  for (size_t i : {0u, 1u}) {
    EXPECT_EQ((*StatusJsonOf(*service_, Imei(i)))["failure"]["kind"], "verification_failed") << i;
    Result<dmboot::device::DmTree> tree = dmboot::device::LoadTreeFile(service_->TreePath(i));
    ASSERT_TRUE(tree.has_value()) << tree.error().message;
    EXPECT_TRUE(tree->AccountServerIds().empty()) << i;
    EXPECT_EQ(tree->pin_failures(), 1u) << i;
  }
  // The report reaches the DMS just after the device changed state.
  Json report = dms_.Report(Imei(2));
  for (auto deadline = Clock::now() + std::chrono::seconds(20);
       report.is_null() && Clock::now() < deadline; report = dms_.Report(Imei(2))) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(report.is_object()) << "no GPI report";
  EXPECT_EQ(report.value("status", ""), "rejected") << report.dump();
  EXPECT_NE(report.value("reason", "").find("verification_failed"), std::string::npos)
      << report.dump();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // a wrongly pushed bootstrap lands
  EXPECT_EQ(State(2), "gpi_rejected");
}

// Throughput: N devices, each gets one bootstrap (half legacy USERPIN, half GBA with a GPI
// first), measured from the first datagram sent to the last device enrolled.
TEST_F(FleetTest, Throughput) {
  constexpr size_t kDevices = 200;
  ASSERT_NO_FATAL_FAILURE(StartFleet(std::vector<std::string>(kDevices, "udp")));
  std::vector<std::vector<uint8_t>> first(kDevices);
  std::vector<dt::Network> nets(kDevices);
  for (size_t i = 0; i < kDevices; ++i) {
    bootstrap::Account a = dt::Account("dms.example.test", i % 3 == 0 ? "HMAC" : (i % 3 == 1 ? "DIGEST" : "BASIC"),
                                       dms_.DmUri(), "secret-" + std::to_string(i));
    dms_.Expect(Imei(i), a);
    if (i % 2 == 0) {
      first[i] = dt::SignedBootstrapPush(a, SecurityType::kUserPin, dt::PinCredentials("1234"));
    } else {
      dt::GpiPush gpi = nets[i].Push({static_cast<uint8_t>(i), 1}, UnixSeconds() + 600);
      dms_.PushAfterGpi(Imei(i), runner_->Port(i),
                        dt::SignedBootstrapPush(a, SecurityType::kNetworkIdGba, dt::GbaCredentials(gpi.ks_naf)));
      first[i] = gpi.pdu;
    }
  }
  auto start = Clock::now();
  for (size_t i = 0; i < kDevices; ++i) {
    SendUdp(runner_->Port(i), first[i]);
  }
  for (size_t i = 0; i < kDevices; ++i) {
    ASSERT_TRUE(WaitFor(i, "enrolled")) << i << " " << State(i);
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const FleetStats stats = service_->stats();
  std::printf("fleet: %zu devices enrolled in %.3f s: %.0f devices/s, %.0f pushes/s (%llu datagrams, %llu DM sessions)\n",
              kDevices, seconds, kDevices / seconds, static_cast<double>(stats.datagrams) / seconds,
              static_cast<unsigned long long>(stats.datagrams),
              static_cast<unsigned long long>(stats.dm_sessions));
  RecordProperty("devices_per_s", static_cast<int>(kDevices / seconds));
  EXPECT_EQ(stats.datagrams, kDevices * 3 / 2);
  EXPECT_EQ(runner_->dropped(), 0u);
}

// Noise: hostile datagrams (random bytes, truncated and bit-flipped pushes) spread over the
// fleet's sockets; every one is received, decoded and dropped, nothing changes state.
TEST_F(FleetTest, NoiseThroughput) {
  constexpr size_t kDevices = 100;
  constexpr size_t kPerDevice = 100;
  ASSERT_NO_FATAL_FAILURE(StartFleet(std::vector<std::string>(kDevices, "udp")));
  std::vector<uint8_t> valid = dt::SignedBootstrapPush(dt::Account(), SecurityType::kUserPin,
                                                       dt::PinCredentials("1234"));
  std::mt19937 rng(5);
  std::vector<std::vector<uint8_t>> junk(kPerDevice);
  for (size_t n = 0; n < kPerDevice; ++n) {
    if (n % 2 == 0) {
      junk[n].resize(1 + rng() % 200);
      for (uint8_t& b : junk[n]) b = static_cast<uint8_t>(rng());
    } else {
      junk[n] = std::vector<uint8_t>(valid.begin(), valid.begin() + static_cast<long>(rng() % 40));
    }
  }
  Result<UdpSocket> socket = UdpSocket::Open();
  ASSERT_TRUE(socket.has_value());
  auto start = Clock::now();
  for (size_t n = 0; n < kPerDevice; ++n) {
    for (size_t i = 0; i < kDevices; ++i) {
      (void)socket->SendTo("127.0.0.1", runner_->Port(i), junk[n]);
    }
  }
  const uint64_t sent = kDevices * kPerDevice;
  auto deadline = Clock::now() + std::chrono::seconds(30);
  // `noise` is counted when a datagram's handling has finished (`datagrams` when it starts).
  while (service_->stats().noise + runner_->dropped() < sent && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const FleetStats stats = service_->stats();
  std::printf("fleet noise: %llu hostile datagrams handled in %.3f s: %.0f datagrams/s (%llu dropped)\n",
              static_cast<unsigned long long>(stats.datagrams), seconds,
              static_cast<double>(stats.datagrams) / seconds,
              static_cast<unsigned long long>(runner_->dropped()));
  EXPECT_EQ(stats.datagrams + runner_->dropped(), sent);
  EXPECT_EQ(stats.noise, stats.datagrams);
  EXPECT_EQ(contracts::FleetStatusJson(service_->Status())["by_state"], (Json{{"idle", kDevices}}));
}

}  // namespace
}  // namespace dmboot::nf::device

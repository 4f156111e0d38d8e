#include "nf/device/device_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>

#include "dmboot/device/test_util.h"

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

Json DeviceJson(const std::string& imei, const std::string& msisdn) {
  return Json{{"imei", imei}, {"imsi", dt::kImsi}, {"msisdn", msisdn}, {"k", dt::kKHex},
              {"opc", dt::kOpcHex}, {"pin", "1234"}, {"bearer", "udp"},
              {"policy", {{"allow_networkid", false}, {"max_pin_failures", 3}}}};
}

Json ConfigJson(const std::string& data_dir) {
  return Json{{"listen", "127.0.0.1:0"},
              {"dms", "127.0.0.1:9"},
              {"data_dir", data_dir},
              {"udp_host", "127.0.0.1"},
              {"routes_file", data_dir + "/routes.json"},
              {"trusted_naf_ids", {HexEncode(dt::Dms().Bytes())}},
              {"devices", {DeviceJson("490154203237518", "358401000001")}}};
}

TEST(FleetConfigTest, ParsesTheContractShape) {
  Result<FleetConfig> c = ParseFleetConfig(ConfigJson("/tmp/x"));
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->dms_port, 9);
  ASSERT_EQ(c->devices.size(), 1u);
  EXPECT_EQ(c->devices[0].config.impi, dt::kImpi);  // TS 23.003 §13.3 with 2 MNC digits
  EXPECT_EQ(c->devices[0].config.trusted_nafs.size(), 1u);
  EXPECT_EQ(c->devices[0].config.policy.max_pin_failures, 3u);
}

TEST(FleetConfigTest, RefusesBadFieldsNamingThemButNotTheirValues) {
  struct Case {
    const char* field;
    Json value;
    const char* expect;
  };
  const Case cases[] = {
      {"k", "00112233", "devices[0].k"},
      {"opc", "zz", "devices[0].opc"},
      {"imei", "123", "devices[0].imei"},
      {"imei", "490154203237519", "devices[0].imei"},  // Luhn check digit wrong
      {"pin", "12", "devices[0].pin"},
      {"bearer", "mms", "devices[0].bearer"},
      {"sqn", "0011", "devices[0].sqn"},
      {"colour", "red", "devices[0].colour"},
  };
  for (const Case& c : cases) {
    Json j = ConfigJson("/tmp/x");
    j["devices"][0][c.field] = c.value;
    Result<FleetConfig> r = ParseFleetConfig(j);
    ASSERT_FALSE(r.has_value()) << c.field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find(dt::kKHex), std::string::npos);
  }
  Json dup = ConfigJson("/tmp/x");
  dup["devices"].push_back(DeviceJson("490154203237518", "358401000002"));
  EXPECT_FALSE(ParseFleetConfig(dup).has_value());
  Json no_dms = ConfigJson("/tmp/x");
  no_dms.erase("dms");
  EXPECT_FALSE(ParseFleetConfig(no_dms).has_value());
  Json bad_naf = ConfigJson("/tmp/x");
  bad_naf["trusted_naf_ids"] = {"not hex"};
  EXPECT_FALSE(ParseFleetConfig(bad_naf).has_value());
}

TEST(HttpUriTest, Parses) {
  Result<HttpUri> u = ParseHttpUri("http://127.0.0.1:8080/dm");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->path, "/dm");
  EXPECT_EQ(ParseHttpUri("http://dms.example.test")->path, "/");
  EXPECT_EQ(ParseHttpUri("https://x/dm").error().code, ErrorCode::kUnsupported);
  EXPECT_FALSE(ParseHttpUri("ftp://x").has_value());
  EXPECT_FALSE(ParseHttpUri("http://x:99999/").has_value());
  EXPECT_FALSE(ParseHttpUri("http://:80/").has_value());
}

// FakeLink is the DMS without sockets: it records reports and answers package 1 for `account`.
class FakeLink : public DmsLink {
 public:
  explicit FakeLink(bootstrap::Account account) : account_(std::move(account)) {}
  Result<void> PostGpiReport(const std::string& imei, const contracts::GpiReport& report) override {
    std::lock_guard<std::mutex> lock(mu);
    reports.push_back({imei, contracts::GpiReportJson(report)});  // what the DMS would receive
    return Ok();
  }
  Result<std::vector<uint8_t>> PostDm(const std::string& uri, const std::vector<uint8_t>& body,
                                      const std::map<std::string, std::string>& headers) override {
    std::lock_guard<std::mutex> lock(mu);
    uris.push_back(uri);
    if (refuse_first_dm > 0) {
      --refuse_first_dm;
      return Fail(ErrorCode::kRefused, "no bootstrap was pushed");  // the DMS not yet committed
    }
    auto h = headers.find("x-syncml-hmac");
    return dt::AnswerPackage1(account_, body, h == headers.end() ? "" : h->second);
  }
  std::mutex mu;
  std::vector<std::pair<std::string, Json>> reports;
  std::vector<std::string> uris;
  int refuse_first_dm = 0;

 private:
  bootstrap::Account account_;
};

class FleetServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dmboot_fleet_service_XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(FleetServiceTest, GpiReportThenBootstrapThenEnrolledAndPersisted) {
  bootstrap::Account account = dt::Account("dms.example.test", "HMAC", "http://127.0.0.1:1/dm");
  auto link = std::make_unique<FakeLink>(account);
  FakeLink* fake = link.get();
  Result<FleetConfig> config = ParseFleetConfig(ConfigJson(dir_));
  ASSERT_TRUE(config.has_value());
  Result<std::unique_ptr<FleetService>> service = FleetService::Create(*config, std::move(link));
  ASSERT_TRUE(service.has_value()) << service.error().message;
  FleetService& fleet = **service;

  dt::Network net;
  dt::GpiPush gpi = net.Push({0x42}, UnixSeconds() + 600);
  fleet.HandleDatagram(0, gpi.pdu);
  ASSERT_EQ(fake->reports.size(), 1u);
  EXPECT_EQ(fake->reports[0].first, "490154203237518");
  EXPECT_EQ(fake->reports[0].second, (Json{{"status", "accepted"}}));
  EXPECT_EQ((*StatusJsonOf(fleet, "490154203237518"))["state"], "gpi_accepted");

  fleet.HandleDatagram(0, dt::SignedBootstrapPush(account, SecurityType::kNetworkIdGba,
                                                  dt::GbaCredentials(gpi.ks_naf)));
  ASSERT_EQ(fake->uris.size(), 1u);
  EXPECT_EQ(fake->uris[0], "http://127.0.0.1:1/dm");
  Json status = *StatusJsonOf(fleet, "490154203237518");
  EXPECT_EQ(status, (Json{{"imei", "490154203237518"},
                          {"state", "enrolled"},
                          {"account_server_id", "dms.example.test"}}));
  Result<dmboot::device::DmTree> on_disk = dmboot::device::LoadTreeFile(fleet.TreePath(0));
  ASSERT_TRUE(on_disk.has_value());
  EXPECT_EQ(on_disk->Get("./DMAcc/dmboot/ServerID")->value, "dms.example.test");
  EXPECT_EQ(StatusJsonOf(fleet, "000000000000000").error().code, ErrorCode::kNotFound);

  // Noise is counted, not fatal.
  std::vector<uint8_t> junk = {0x01, 0x06, 0xff};
  fleet.HandleDatagram(0, junk);
  EXPECT_EQ(fleet.stats().noise, 1u);
  EXPECT_EQ((*StatusJsonOf(fleet, "490154203237518"))["state"], "enrolled");
  Json all = contracts::FleetStatusJson(fleet.Status());
  EXPECT_EQ(all["by_state"]["enrolled"], 1);

  // A restarted fleet loads the account (and the replay guard) from disk.
  Result<std::unique_ptr<FleetService>> again =
      FleetService::Create(*config, std::make_unique<FakeLink>(account));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ((*StatusJsonOf(*(*again), "490154203237518"))["account_server_id"], "dms.example.test");
}

TEST_F(FleetServiceTest, DmSessionIsRetriedWhileTheDmsCatchesUp) {
  bootstrap::Account account = dt::Account("dms.example.test", "DIGEST");
  auto link = std::make_unique<FakeLink>(account);
  FakeLink* fake = link.get();
  fake->refuse_first_dm = 2;
  Result<std::unique_ptr<FleetService>> service =
      FleetService::Create(*ParseFleetConfig(ConfigJson(dir_)), std::move(link));
  ASSERT_TRUE(service.has_value());
  (*service)->HandleDatagram(0, dt::SignedBootstrapPush(account, SecurityType::kUserPin,
                                                        dt::PinCredentials("1234")));
  EXPECT_EQ(fake->uris.size(), 3u);
  EXPECT_EQ((*StatusJsonOf(*(*service), "490154203237518"))["state"], "enrolled");
}

TEST_F(FleetServiceTest, RejectedGpiIsReportedWithAReason) {
  auto link = std::make_unique<FakeLink>(dt::Account());
  FakeLink* fake = link.get();
  Result<std::unique_ptr<FleetService>> service =
      FleetService::Create(*ParseFleetConfig(ConfigJson(dir_)), std::move(link));
  ASSERT_TRUE(service.has_value());
  dt::Network net;
  (*service)->HandleDatagram(0, net.Push({0x01}, UnixSeconds() + 600, dt::Dms("other.example.test")).pdu);
  ASSERT_EQ(fake->reports.size(), 1u);
  EXPECT_EQ(fake->reports[0].second["status"], "rejected");
  EXPECT_TRUE(fake->reports[0].second.contains("reason"));
  Json status = *StatusJsonOf(*(*service), "490154203237518");
  EXPECT_EQ(status["state"], "gpi_rejected");
  EXPECT_EQ(status["failure"]["kind"], "gpi_rejected");
}

TEST_F(FleetServiceTest, UnreadableTreeFailsCreate) {
  Result<FleetConfig> config = ParseFleetConfig(ConfigJson(dir_));
  std::filesystem::create_directories(dir_ + "/490154203237518");
  {
    FILE* f = std::fopen((dir_ + "/490154203237518/dmtree.json").c_str(), "w");
    std::fputs("not json", f);
    std::fclose(f);
  }
  Result<std::unique_ptr<FleetService>> service =
      FleetService::Create(*config, std::make_unique<FakeLink>(dt::Account()));
  ASSERT_FALSE(service.has_value());
  EXPECT_EQ(service.error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace dmboot::nf::device

#include "nf/demo/demo.h"

#include <algorithm>
#include <climits>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <thread>

#include "dmboot/bootstrap/bootstrap_document.h"
#include "dmboot/bootstrap/bootstrap_mac.h"
#include "dmboot/bootstrap/credentials.h"
#include "dmboot/provision/bootstrap_push.h"
#include "dmboot/push/wsp_push.h"
#include "dmboot/core/hex.h"
#include "dmboot/crypto/random.h"
#include "dmboot/gba/kdf.h"
#include "nf/bearer/bearer.h"
#include "nf/common/http.h"
#include "nf/demo/operator_keys.h"
#include "nf/demo/process.h"

namespace dmboot::nf {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr char kDmsFqdn[] = "dms.example.test";
constexpr char kRogueFqdn[] = "rogue.example.test";
constexpr char kUaIdHex[] = "ff00000001";
// The MNC length the HSS and the fleet use for the default IMPI (TS 23.003 §13.3): their default,
// which the demo keeps (its IMSIs are MCC 001, MNC 01).
constexpr int kMncDigits = 2;

// Expectation of one device at the end of the campaign.
enum class Expect { kEnrolled, kFailed };

struct PlannedDevice {
  std::string imei;
  std::string imsi;
  std::string msisdn;
  std::string k_hex;
  std::string opc_hex;
  std::string sec;
  std::string pin_server;  // sent to the DMS
  std::string pin_device;  // typed on the device
  std::string bearer = "udp";
  std::string usim_sqn = "000000000000";
  bool in_hss = true;
  bool via_rogue = false;
  bool tamper = false;
  bool drop_segment = false;
  Expect expect = Expect::kEnrolled;
  std::string expect_reason;  // a substring of the failure kind or message
  std::string plant;          // name of the planted case, for the report
};

struct Outcome {
  std::string state;         // final state (device view if it has one, else the DMS job)
  std::string failure;       // "kind: message"
  int64_t latency_ms = -1;   // request → enrolled
  int64_t requested_at_ms = -1;
  int64_t enrolled_at_ms = -1;
  bool gpi_accepted = false;
  bool bootstrapped = false;
  std::string dms_state{};             // the DMS job's state (GET /v1/devices/<imei>)
  std::optional<NafSaFacts> naf_sa{};  // the public facts of the job's NAF SA, GBA types only
};

std::string RandomHex(size_t len) {
  std::vector<uint8_t> b(len);
  crypto::FillRandom(b);
  return HexEncode(b);
}

std::string RandomDigits(size_t n) {
  std::vector<uint8_t> b(n);
  crypto::FillRandom(b);
  std::string out;
  for (uint8_t x : b) {
    out += static_cast<char>('0' + x % 10);
  }
  if (out[0] == '0') {
    out[0] = '7';
  }
  return out;
}

// Luhn check digit (ISO/IEC 7812) for a 14-digit IMEI body (3GPP TS 23.003 §6.2.1).
std::string WithLuhn(const std::string& body) {
  int sum = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    int d = body[body.size() - 1 - i] - '0';
    if (i % 2 == 0) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
  }
  return body + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string Pad(uint64_t value, size_t width) {
  std::string s = std::to_string(value);
  return std::string(width > s.size() ? width - s.size() : 0, '0') + s;
}

std::vector<PlannedDevice> PlanFleet(const DemoOptions& o) {
  // Every security type represented: both GBA types and the three legacy DM types.
  const char* kTypes[] = {"NETWORKID_GBA", "USERPIN_NETWORKID_GBA", "NETWORKID", "USERPIN",
                          "USERPIN_NETWORKID"};
  std::vector<PlannedDevice> fleet;
  for (int i = 0; i < o.devices; ++i) {
    PlannedDevice d;
    d.imei = WithLuhn("35" + Pad(static_cast<uint64_t>(100000 + i), 12));
    d.imsi = "00101" + Pad(static_cast<uint64_t>(i + 1), 10);
    d.msisdn = "1555" + Pad(static_cast<uint64_t>(i), 7);
    d.k_hex = RandomHex(16);
    d.opc_hex = RandomHex(16);
    d.sec = kTypes[i % 5];
    if (d.sec.find("USERPIN") != std::string::npos) {
      d.pin_server = RandomDigits(8);
      d.pin_device = d.pin_server;
    }
    if (i % 10 == 3) {
      d.bearer = "sms";  // a share of the fleet behind the SMS bearer
    }
    fleet.push_back(std::move(d));
  }
  if (!o.plant_failures || o.devices < 12) {
    return fleet;
  }
  // Planted cases take the last devices of the fleet.
  size_t next = fleet.size();
  auto plant = [&](const char* name, const char* sec) -> PlannedDevice& {
    PlannedDevice& d = fleet[--next];
    d.plant = name;
    d.sec = sec;
    d.bearer = "udp";
    d.pin_server = d.sec.find("USERPIN") != std::string::npos ? RandomDigits(8) : "";
    d.pin_device = d.pin_server;
    return d;
  };
  PlannedDevice& wrong_pin = plant("wrong PIN", "USERPIN");
  wrong_pin.pin_device = RandomDigits(8);
  wrong_pin.expect = Expect::kFailed;
  wrong_pin.expect_reason = "verif";
  PlannedDevice& rogue = plant("NAF not authorized", "NETWORKID_GBA");
  rogue.via_rogue = true;
  rogue.expect = Expect::kFailed;
  rogue.expect_reason = "not_authorized";
  PlannedDevice& tampered = plant("tampered push", "USERPIN_NETWORKID_GBA");
  tampered.tamper = true;
  tampered.expect = Expect::kFailed;
  tampered.expect_reason = "verif";
  PlannedDevice& unknown = plant("unknown IMSI", "NETWORKID_GBA");
  unknown.in_hss = false;
  unknown.expect = Expect::kFailed;
  unknown.expect_reason = "unknown";
  PlannedDevice& lost = plant("lost SMS segment", "USERPIN");
  lost.bearer = "sms";
  lost.drop_segment = true;
  lost.expect = Expect::kFailed;
  lost.expect_reason = "segment";
  PlannedDevice& resync = plant("SQN resync (must succeed)", "NETWORKID_GBA");
  resync.usim_sqn = "000000100000";  // the USIM is ahead of the HSS: AUTS, resync, success
  return fleet;
}

Result<void> WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) {
    return Fail(ErrorCode::kIo, "cannot write " + path.string());
  }
  return Ok();
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int64_t Percentile(std::vector<int64_t> v, double p) {
  if (v.empty()) {
    return -1;
  }
  std::sort(v.begin(), v.end());
  const auto index = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(index, v.size() - 1)];
}

bool IsTerminal(const std::string& state) { return state == "enrolled" || state == "failed"; }

std::string FailureText(const Json& j, const char* field = "failure") {
  if (!j.contains(field) || !j[field].is_object()) {
    return "";
  }
  return j[field].value("kind", std::string()) + ": " + j[field].value("message", std::string());
}

// OperatorGbaKeys derives the GBA_ME keys of `d`'s NAF SA as the operator that provisioned its K
// and OPc: the DMS shows only the SA's public facts (RAND, NAF_Id), never Ks_NAF.
Result<GbaMeKeys> OperatorGbaKeys(const PlannedDevice& d, const NafSaFacts& sa) {
  Result<gba::SubscriberKeys> keys = SubscriberKeysFromHex(d.k_hex, d.opc_hex);
  if (!keys) {
    return keys.error();
  }
  Result<std::string> impi = gba::ImpiFromImsi(d.imsi, kMncDigits);
  if (!impi) {
    return impi.error();
  }
  return DeriveGbaMeKeys(*keys, *impi, sa.rand, sa.naf_id);
}

// The run's secrets, for the log scan: every K, OPc, PIN and IMSI-derived key the demo planned,
// and for each GBA job the CK, IK and Ks_NAF of its NAF SA, derived from K/OPc and the SA's
// public facts (no other process's store is read).
std::vector<std::string> CollectSecrets(const std::vector<PlannedDevice>& fleet,
                                        const std::map<std::string, Outcome>& outcomes) {
  std::vector<std::string> secrets;
  auto add_hex = [&](std::span<const uint8_t> bytes) {
    secrets.push_back(HexEncode(bytes));
    secrets.push_back(HexEncode(bytes, HexCase::kUpper));
  };
  for (const PlannedDevice& d : fleet) {
    for (const std::string& hex : {d.k_hex, d.opc_hex}) {
      secrets.push_back(hex);
      std::string upper = hex;
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      secrets.push_back(upper);
    }
    for (const std::string& pin : {d.pin_server, d.pin_device}) {
      if (!pin.empty()) {
        secrets.push_back(pin);
      }
    }
    if (Result<bootstrap::Imsi> imsi = bootstrap::Imsi::Parse(d.imsi)) {
      add_hex(imsi->SemiOctets());
    }
    auto out = outcomes.find(d.imei);
    if (out == outcomes.end() || !out->second.naf_sa) {
      continue;
    }
    if (Result<GbaMeKeys> keys = OperatorGbaKeys(d, *out->second.naf_sa)) {
      add_hex(keys->ck.Reveal());
      add_hex(keys->ik.Reveal());
      add_hex(keys->ks_naf.Reveal());
    }
  }
  return secrets;
}

// SendBootstrapPush builds a small DM 1.2 bootstrap for `d` (an account `node_name` of server
// `server_id`), signs it as `type` with `creds` and pushes it over the device's bearer to its UDP
// address from routes.json (what a DMS does; used after the campaign to reach the lock-out,
// key-check and expired-SA paths).
Result<void> SendBootstrapPush(const fs::path& w, const PlannedDevice& d, bootstrap::SecurityType type,
                               const bootstrap::BootstrapCredentials& creds, const std::string& node_name,
                               const std::string& server_id = kDmsFqdn) {
  Json routes = Json::parse(ReadFile(w / "routes.json"), nullptr, false);
  std::string address;
  std::string bearer_name = "udp";
  if (routes.is_array()) {
    for (const Json& r : routes) {
      if (r.value("msisdn", std::string()) == d.msisdn) {
        address = r.value("udp", std::string());
        if (r.contains("bearer") && r["bearer"].is_string()) {
          bearer_name = r["bearer"].get<std::string>();
        }
      }
    }
  }
  Result<Bearer> bearer = ParseBearer(bearer_name);
  if (!bearer) {
    return Fail(ErrorCode::kMalformed,
                "routes.json: bearer of device " + d.imei + ": " + bearer.error().message);
  }
  Result<std::pair<std::string, int>> host_port = ParseHostPort(address);
  if (!host_port) {
    return Fail(ErrorCode::kNotFound, "no UDP route for device " + d.imei);
  }
  bootstrap::Account account;
  account.node_name = node_name;
  account.server_id = server_id;
  account.name = "post-campaign check";
  account.addresses.push_back({.addr = "http://127.0.0.1:9/dm", .addr_type = "URI", .port = std::nullopt});
  account.credentials.push_back({.level = bootstrap::AuthLevel::kClient, .type = "BASIC", .name = "x",
                                 .secret = crypto::SecretBytes::FromText("y"), .nonce_b64 = ""});
  Result<std::vector<uint8_t>> wbxml =
      bootstrap::BuildBootstrapWbxml(account, bootstrap::Profile::kDm12Inbox, {.device_id = "IMEI:" + d.imei});
  if (!wbxml) {
    return wbxml.error();
  }
  Result<std::string> mac = bootstrap::ComputeBootstrapMac(type, creds, *wbxml);
  if (!mac) {
    return mac.error();
  }
  Result<std::vector<uint8_t>> pdu =
      push::EncodeWspPush(provision::BootstrapPushOf(type, std::move(wbxml).value(), {*mac}));
  if (!pdu) {
    return pdu.error();
  }
  Result<std::unique_ptr<PushSocket>> socket = PushSocket::Create({});
  if (!socket) {
    return socket.error();
  }
  Result<SentPush> sent = (*socket)->Send(*bearer, host_port->first, host_port->second, *pdu);
  if (!sent) {
    return sent.error();
  }
  return Ok();
}

// WaitForDeviceFailure polls the fleet until `imei` reports a refused push of `kind` (its
// last_refusal: an enrolled device keeps its state and records the refusal there).
std::string WaitForDeviceFailure(HttpClient& fleet_api, const std::string& imei, const std::string& kind) {
  std::string last;
  for (int i = 0; i < 100; ++i) {
    Result<Json> dev = fleet_api.GetJson("/v1/devices/" + imei);
    if (dev) {
      last = FailureText(*dev, "last_refusal");
      if (last.rfind(kind + ":", 0) == 0) {
        return last;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return last.empty() ? "no failure reported" : last;
}

// PostCampaignChecks drives two failure paths the campaign itself cannot reach, against the
// running fleet: a PIN lock-out after repeated wrong PINs, and a bootstrap keyed with a NAF SA's
// real Ks_NAF arriving after the SA expired (only when the SA lifetime is short enough to wait).
// The SA is an enrolled NETWORKID_GBA job's, as the DMS's API shows it (`outcomes`); its Ks_NAF
// is derived here from the device's K/OPc (OperatorGbaKeys), so a refusal for naf_sa_expired
// also shows the derivation right (a wrong key would be refused as a MAC failure instead).
void PostCampaignChecks(const DemoOptions& o, const fs::path& w, const std::vector<PlannedDevice>& fleet,
                        const std::map<std::string, Outcome>& outcomes, HttpClient& fleet_api,
                        std::vector<std::pair<std::string, std::string>>& results) {
  for (const PlannedDevice& d : fleet) {
    if (d.plant != "wrong PIN") {
      continue;
    }
    // The campaign already counted one failure; two more wrong PINs reach the limit of 3.
    for (int i = 0; i < 2; ++i) {
      bootstrap::BootstrapCredentials wrong;
      wrong.pin = *bootstrap::Pin::Parse(RandomDigits(8));
      (void)SendBootstrapPush(w, d, bootstrap::SecurityType::kUserPin, wrong, "wrong" + std::to_string(i));
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    bootstrap::BootstrapCredentials right;
    right.pin = *bootstrap::Pin::Parse(d.pin_device);
    Result<void> sent = SendBootstrapPush(w, d, bootstrap::SecurityType::kUserPin, right, "right");
    const std::string failure = sent ? WaitForDeviceFailure(fleet_api, d.imei, "pin_locked") : sent.error().message;
    results.emplace_back("PIN lock-out (right PIN after 3 wrong)", failure);
  }
  const PlannedDevice* chosen = nullptr;
  for (const PlannedDevice& d : fleet) {
    auto out = outcomes.find(d.imei);
    if (d.sec != "NETWORKID_GBA" || out == outcomes.end() || out->second.dms_state != "enrolled" ||
        !out->second.naf_sa) {
      continue;
    }
    if (chosen == nullptr || out->second.naf_sa->expiry_s > outcomes.at(chosen->imei).naf_sa->expiry_s) {
      chosen = &d;
    }
  }
  if (chosen == nullptr) {
    if (o.key_lifetime_s <= 60) {
      results.emplace_back("expired NAF SA", "no enrolled NETWORKID_GBA device with a NAF SA");
    }
    return;
  }
  const std::string imei = chosen->imei;
  const NafSaFacts& sa = *outcomes.at(imei).naf_sa;
  Result<GbaMeKeys> keys = OperatorGbaKeys(*chosen, sa);
  if (!keys) {
    results.emplace_back("expired NAF SA", keys.error().message);
    return;
  }
  bootstrap::BootstrapCredentials creds;
  creds.ks_naf = *bootstrap::KsNaf::Create(crypto::SecretBytes(keys->ks_naf.Reveal()));
  const int64_t expiry_s = sa.expiry_s;
  auto now_s = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  // While the SA is valid, the derived key is checked by its outcome: a bootstrap signed with it
  // whose account node ("dmboot", the DMS's) names another server passes the device's MAC check
  // and is then refused as account_conflict, changing nothing (a wrong key would be
  // verification_failed). An expired SA is refused before any MAC check, so the expired case
  // below cannot tell a right key from a wrong one.
  if (expiry_s - now_s() >= 3) {
    Result<void> sent = SendBootstrapPush(w, *chosen, bootstrap::SecurityType::kNetworkIdGba, creds, "dmboot",
                                          "key-check.example.test");
    results.emplace_back("derived Ks_NAF (another server's account)",
                         sent ? WaitForDeviceFailure(fleet_api, imei, "account_conflict") : sent.error().message);
  } else {
    results.emplace_back("derived Ks_NAF (another server's account)", "skipped: the NAF SA expired first");
  }
  if (o.key_lifetime_s > 60) {
    return;
  }
  if (const int64_t now = now_s(); expiry_s >= now) {
    std::this_thread::sleep_for(std::chrono::seconds(expiry_s - now + 2));
  }
  Result<void> sent = SendBootstrapPush(w, *chosen, bootstrap::SecurityType::kNetworkIdGba, creds, "late");
  results.emplace_back("expired NAF SA (right Ks_NAF, too late)",
                       sent ? WaitForDeviceFailure(fleet_api, imei, "naf_sa_expired") : sent.error().message);
}

struct Servers {
  std::vector<ChildProcess> processes;
  void StopAll() {
    for (auto it = processes.rbegin(); it != processes.rend(); ++it) {
      it->Stop();
    }
  }
};

Result<int> StartServer(Servers& servers, const std::vector<std::string>& argv, const fs::path& log,
                        const fs::path& port_file) {
  Result<ChildProcess> child = ChildProcess::Start(argv, log.string());
  if (!child) {
    return child.error();
  }
  servers.processes.push_back(std::move(child).value());
  Result<int> port = WaitForPortFile(port_file.string(), servers.processes.back(), std::chrono::seconds(20));
  if (!port) {
    return Fail(port.error().code, port.error().message + " (see " + log.string() + ")");
  }
  return port;
}

Result<void> Campaign(const DemoOptions& o, const fs::path& w, Servers& servers, const std::vector<PlannedDevice>& fleet,
                      std::map<std::string, Outcome>& outcomes, double& seconds,
                      std::vector<std::pair<std::string, std::string>>& extra) {
  const std::string exe = o.dmboot.empty() ? SelfExecutable() : o.dmboot;

  // HSS, and the subscribers it knows.
  Result<int> hss_port = StartServer(servers,
                                     {exe, "hss", "serve", "--listen", "127.0.0.1:0", "--db", (w / "hss.sqlite").string(),
                                      "--port-file", (w / "hss.port").string()},
                                     w / "hss.log", w / "hss.port");
  if (!hss_port) {
    return hss_port.error();
  }
  std::string csv = "imsi,msisdn,k,opc,amf,sqn\n";
  for (const PlannedDevice& d : fleet) {
    if (d.in_hss) {
      csv += d.imsi + "," + d.msisdn + "," + d.k_hex + "," + d.opc_hex + ",8000,000000000000\n";
    }
  }
  HttpClient hss("127.0.0.1", *hss_port, std::chrono::seconds(30), "HSS");
  Result<std::string> imported = hss.PostRaw("/v1/subscribers/import", csv, "text/csv");
  if (!imported) {
    return Fail(imported.error().code, "HSS import: " + imported.error().message);
  }

  // BSF with its NAF authorization table: only the real DMS may push.
  Result<gba::NafId> naf = gba::NafId::Create(kDmsFqdn, gba::kDefaultDmUaId);
  if (!naf) {
    return naf.error();
  }
  const Json bsf_config = {{"listen", "127.0.0.1:0"},
                           {"db", (w / "bsf.sqlite").string()},
                           {"hss", "127.0.0.1:" + std::to_string(*hss_port)},
                           {"naf_authorizations",
                            Json::array({{{"naf_fqdn", kDmsFqdn}, {"ua_id", kUaIdHex}, {"may_push", true},
                                          {"max_key_lifetime_s", 86400}, {"gba_u_allowed", false}}})}};
  if (Result<void> r = WriteFile(w / "bsf.json", bsf_config.dump(2)); !r) {
    return r.error();
  }
  Result<int> bsf_port = StartServer(servers,
                                     {exe, "bsf", "serve", "--config", (w / "bsf.json").string(), "--port-file",
                                      (w / "bsf.port").string()},
                                     w / "bsf.log", w / "bsf.port");
  if (!bsf_port) {
    return bsf_port.error();
  }

  // Two DMS: the operator's, and one whose NAF the BSF does not know.
  Json tamper = Json::array();
  Json drop = Json::array();
  for (const PlannedDevice& d : fleet) {
    if (d.tamper) {
      tamper.push_back(d.imei);
    }
    if (d.drop_segment) {
      drop.push_back(d.imei);
    }
  }
  std::map<std::string, int> dms_ports;
  for (const auto& [name, fqdn] : {std::pair<std::string, std::string>{"dms", kDmsFqdn}, {"rogue", kRogueFqdn}}) {
    Result<int> port = FreeLoopbackPort();
    if (!port) {
      return port.error();
    }
    Json config = {{"listen", "127.0.0.1:" + std::to_string(*port)},
                   {"db", (w / (name + ".sqlite")).string()},
                   {"fqdn", fqdn},
                   {"ua_id", kUaIdHex},
                   {"bsf", "127.0.0.1:" + std::to_string(*bsf_port)},
                   {"key_lifetime_s", o.key_lifetime_s},
                   {"gba_type", "GBA_ME"},
                   {"dm_server_uri", "http://127.0.0.1:" + std::to_string(*port) + "/dm"},
                   {"routes_file", (w / "routes.json").string()}};
    if (name == "dms") {
      config["fault_injection"] = {{"tamper_bootstrap_imeis", tamper}, {"drop_sms_segment_imeis", drop}};
    }
    if (Result<void> r = WriteFile(w / (name + ".json"), config.dump(2)); !r) {
      return r.error();
    }
    Result<int> bound = StartServer(servers,
                                    {exe, "dms", "serve", "--config", (w / (name + ".json")).string(), "--port-file",
                                     (w / (name + ".port")).string()},
                                    w / (name + ".log"), w / (name + ".port"));
    if (!bound) {
      return bound.error();
    }
    dms_ports[name] = *bound;
  }

  // The fleet: every device with its USIM, PIN, bearer and policy.
  Json devices = Json::array();
  for (const PlannedDevice& d : fleet) {
    Json dev = {{"imei", d.imei}, {"imsi", d.imsi}, {"msisdn", d.msisdn}, {"k", d.k_hex}, {"opc", d.opc_hex},
                {"sqn", d.usim_sqn}, {"bearer", d.bearer},
                {"policy", {{"allow_networkid", d.sec == "NETWORKID"}, {"max_pin_failures", 3}}}};
    if (!d.pin_device.empty()) {
      dev["pin"] = d.pin_device;
    }
    devices.push_back(dev);
  }
  const Json fleet_config = {{"listen", "127.0.0.1:0"},
                             {"dms", "127.0.0.1:" + std::to_string(dms_ports["dms"])},
                             {"data_dir", (w / "fleet").string()},
                             {"udp_host", "127.0.0.1"},
                             {"routes_file", (w / "routes.json").string()},
                             {"trusted_naf_ids", Json::array({HexEncode(naf->Bytes())})},
                             {"devices", devices}};
  if (Result<void> r = WriteFile(w / "fleet.json", fleet_config.dump(2)); !r) {
    return r.error();
  }
  Result<int> fleet_port = StartServer(servers,
                                       {exe, "device", "serve", "--config", (w / "fleet.json").string(), "--port-file",
                                        (w / "fleet.port").string()},
                                       w / "fleet.log", w / "fleet.port");
  if (!fleet_port) {
    return fleet_port.error();
  }
  for (int i = 0; i < 500 && !fs::exists(w / "routes.json"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  // The campaign: one Bootstrap Device request per device.
  const auto start = Clock::now();
  HttpClient dms("127.0.0.1", dms_ports["dms"], std::chrono::seconds(30), "DMS");
  HttpClient rogue("127.0.0.1", dms_ports["rogue"], std::chrono::seconds(30), "rogue DMS");
  HttpClient fleet_api("127.0.0.1", *fleet_port, std::chrono::seconds(30), "device fleet");
  for (const PlannedDevice& d : fleet) {
    Json request = {{"imei", d.imei}, {"imsi", d.imsi}, {"msisdn", d.msisdn}, {"security_type", d.sec}};
    if (!d.pin_server.empty()) {
      request["pin"] = d.pin_server;
    }
    Result<Json> accepted = (d.via_rogue ? rogue : dms).PostJson("/v1/bootstrap", request);
    if (!accepted) {
      outcomes[d.imei] = Outcome{.state = "failed", .failure = std::string(ErrorCodeName(accepted.error().code)) + ": " +
                                                              accepted.error().message};
    }
  }

  // Progress until every device is in a final state (one line every 2 s when stderr is not a tty).
  const auto deadline = start + std::chrono::seconds(o.timeout_s);
  const bool tty = isatty(STDERR_FILENO) != 0;
  double next_line_s = 0;
  while (true) {
    size_t done = 0;
    size_t enrolled = 0;
    size_t failed = 0;
    Result<Json> device_states = fleet_api.GetJson("/v1/devices");
    std::map<std::string, Json> by_imei;
    if (device_states && (*device_states).contains("devices")) {
      for (const Json& j : (*device_states)["devices"]) {
        by_imei[j.value("imei", std::string())] = j;
      }
    }
    for (const PlannedDevice& d : fleet) {
      Outcome& out = outcomes[d.imei];
      if (IsTerminal(out.state) && !out.failure.empty()) {
        ++done;
        ++failed;
        continue;
      }
      const Json& dev = by_imei[d.imei];
      std::string state = dev.is_object() ? dev.value("state", std::string()) : "";
      std::string failure = dev.is_object() ? FailureText(dev) : "";
      if (state != "enrolled" && state != "failed") {
        // The DMS may know of a failure the device never sees (NAF not authorized, unknown IMSI).
        Result<Json> job = (d.via_rogue ? rogue : dms).GetJson("/v1/devices/" + d.imei);
        if (job && (*job).value("state", std::string()) == "failed") {
          state = "failed";
          failure = FailureText(*job);
        }
      }
      out.state = state;
      out.failure = failure;
      if (state == "enrolled") {
        ++enrolled;
      }
      if (state == "failed") {
        ++failed;
      }
      if (IsTerminal(state)) {
        ++done;
      }
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (o.progress && (tty || elapsed >= next_line_s || done == fleet.size())) {
      std::fprintf(stderr, "%s[%6.1fs] enrolled %zu, failed %zu, pending %zu of %zu%s", tty ? "\r" : "", elapsed,
                   enrolled, failed, fleet.size() - done, fleet.size(), tty ? "   " : "\n");
      std::fflush(stderr);
      next_line_s = elapsed + 2.0;
    }
    if (done == fleet.size() || Clock::now() > deadline) {
      seconds = elapsed;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (o.progress && tty) {
    std::fprintf(stderr, "\n");
  }

  // Per-device detail from the DMS for the table (latency, GPI and bootstrap milestones).
  for (const PlannedDevice& d : fleet) {
    Result<Json> job = (d.via_rogue ? rogue : dms).GetJson("/v1/devices/" + d.imei);
    if (!job) {
      continue;
    }
    Outcome& out = outcomes[d.imei];
    const std::string state = (*job).value("state", std::string());
    const int64_t requested = (*job).value("requested_at_ms", int64_t{-1});
    const int64_t enrolled_at = (*job).value("enrolled_at_ms", int64_t{-1});
    if (requested >= 0 && enrolled_at >= requested) {
      out.latency_ms = enrolled_at - requested;
      out.requested_at_ms = requested;
      out.enrolled_at_ms = enrolled_at;
    }
    out.dms_state = state;
    if (Result<NafSaFacts> sa = ParseNafSaFacts(*job)) {
      out.naf_sa = std::move(sa).value();
    }
    const std::set<std::string> after_gpi = {"gpi_accepted", "bootstrap_pushed", "enrolled"};
    out.gpi_accepted = after_gpi.count(state) > 0 && d.sec.find("GBA") != std::string::npos;
    out.bootstrapped = state == "bootstrap_pushed" || state == "enrolled" || out.state == "enrolled";
  }
  if (o.plant_failures) {
    PostCampaignChecks(o, w, fleet, outcomes, fleet_api, extra);
  }
  return Ok();
}

}  // namespace

Result<void> RunDemo(const DemoOptions& o) {
  fs::path w = o.workdir;
  const bool temporary = w.empty();
  if (temporary) {
    char tmpl[] = "/tmp/dmboot-demo-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) {
      return Fail(ErrorCode::kIo, "cannot create a temporary folder");
    }
    w = tmpl;
  } else {
    fs::create_directories(w);
  }
  std::printf("dmboot demo: %d devices, HSS + BSF + 2 DMS + fleet on 127.0.0.1, workdir %s\n", o.devices,
              w.string().c_str());
  std::fflush(stdout);

  const std::vector<PlannedDevice> fleet = PlanFleet(o);
  std::map<std::string, Outcome> outcomes;
  double seconds = 0;
  Servers servers;
  std::vector<std::pair<std::string, std::string>> extra;  // (check, failure seen)
  Result<void> ran = Campaign(o, w, servers, fleet, outcomes, seconds, extra);
  servers.StopAll();

  std::vector<std::string> problems;
  if (!ran) {
    problems.push_back(ran.error().message);
  }

  // Summary per security type.
  struct Row {
    int requested = 0, gpi = 0, boot = 0, enrolled = 0;
    std::map<std::string, int> failed;
    std::vector<int64_t> latency;
  };
  std::map<std::string, Row> rows;
  std::vector<int64_t> all_latency;
  for (const PlannedDevice& d : fleet) {
    Row& r = rows[d.sec];
    const Outcome& out = outcomes[d.imei];
    ++r.requested;
    r.gpi += out.gpi_accepted ? 1 : 0;
    r.boot += out.bootstrapped ? 1 : 0;
    if (out.state == "enrolled") {
      ++r.enrolled;
      if (out.latency_ms >= 0) {
        r.latency.push_back(out.latency_ms);
        all_latency.push_back(out.latency_ms);
      }
    } else {
      std::string reason = out.failure.empty() ? "pending (" + out.state + ")" : out.failure.substr(0, out.failure.find(':'));
      ++r.failed[reason];
    }
  }
  std::printf("\n%-22s %9s %8s %12s %8s %8s %8s  %s\n", "security type", "requested", "gpi ok", "bootstrapped",
              "enrolled", "p50 ms", "p99 ms", "failed (reason)");
  for (const auto& [sec, r] : rows) {
    std::string failed;
    for (const auto& [reason, n] : r.failed) {
      failed += (failed.empty() ? "" : ", ") + std::to_string(n) + " " + reason;
    }
    std::printf("%-22s %9d %8s %12d %8d %8lld %8lld  %s\n", sec.c_str(), r.requested,
                sec.find("GBA") != std::string::npos ? std::to_string(r.gpi).c_str() : "-", r.boot, r.enrolled,
                static_cast<long long>(Percentile(r.latency, 0.50)), static_cast<long long>(Percentile(r.latency, 0.99)),
                failed.empty() ? "-" : failed.c_str());
  }
  // Throughput over the window from the first request to the last enrollment (the DMS clock), so
  // the wait for planted time-outs (a lost SMS segment) does not count.
  int64_t first_request = INT64_MAX;
  int64_t last_enrolled = -1;
  for (const auto& [imei, out] : outcomes) {
    if (out.enrolled_at_ms >= 0) {
      first_request = std::min(first_request, out.requested_at_ms);
      last_enrolled = std::max(last_enrolled, out.enrolled_at_ms);
    }
  }
  const size_t enrolled_total = all_latency.size();
  const double window_s = last_enrolled > first_request ? static_cast<double>(last_enrolled - first_request) / 1000.0 : 0;
  std::printf("\n%zu enrolled; first request to last enrollment %.2f s: %.1f bootstraps/s end to end; latency p50 %lld "
              "ms, p99 %lld ms (campaign %.1f s including planted time-outs)\n",
              enrolled_total, window_s, window_s > 0 ? static_cast<double>(enrolled_total) / window_s : 0.0,
              static_cast<long long>(Percentile(all_latency, 0.50)),
              static_cast<long long>(Percentile(all_latency, 0.99)), seconds);

  // Expectations.
  std::printf("\nplanted cases:\n");
  for (const PlannedDevice& d : fleet) {
    const Outcome& out = outcomes[d.imei];
    const bool ok = d.expect == Expect::kEnrolled
                        ? out.state == "enrolled"
                        : (out.state == "failed" && out.failure.find(d.expect_reason) != std::string::npos);
    if (!d.plant.empty()) {
      std::printf("  %-28s %-22s -> %-8s %s  [%s]\n", d.plant.c_str(), d.sec.c_str(), out.state.c_str(),
                  out.failure.c_str(), ok ? "as planned" : "NOT as planned");
    }
    if (!ok) {
      problems.push_back("device " + d.imei + " (" + d.sec + (d.plant.empty() ? "" : ", " + d.plant) + ") ended " +
                         (out.state.empty() ? "unknown" : out.state) + (out.failure.empty() ? "" : " [" + out.failure + "]"));
    }
  }

  const std::map<std::string, std::string> extra_expect = {
      {"PIN lock-out (right PIN after 3 wrong)", "pin_locked:"},
      {"derived Ks_NAF (another server's account)", "account_conflict:"},
      {"expired NAF SA (right Ks_NAF, too late)", "naf_sa_expired:"}};
  for (const auto& [check, seen] : extra) {
    if (seen.rfind("skipped:", 0) == 0) {
      std::printf("  %-40s -> %s\n", check.c_str(), seen.c_str());
      continue;
    }
    auto it = extra_expect.find(check);
    const bool ok = it != extra_expect.end() && seen.rfind(it->second, 0) == 0;
    std::printf("  %-40s -> %s  [%s]\n", check.c_str(), seen.c_str(), ok ? "as planned" : "NOT as planned");
    if (!ok) {
      problems.push_back(check + ": " + seen);
    }
  }
  if (o.plant_failures && o.key_lifetime_s > 60) {
    std::printf("  (expired NAF SA check skipped: --key-lifetime %d is too long to wait for)\n", o.key_lifetime_s);
  }

  // No key, PIN or IMSI-derived key in any log of the run.
  const std::vector<std::string> secrets = CollectSecrets(fleet, outcomes);
  size_t logs = 0;
  for (const auto& entry : fs::directory_iterator(w)) {
    if (entry.path().extension() != ".log") {
      continue;
    }
    ++logs;
    const std::string text = ReadFile(entry.path());
    for (const std::string& s : secrets) {
      if (text.find(s) != std::string::npos) {
        problems.push_back("a secret (" + std::to_string(s.size()) + " chars) appears in " + entry.path().filename().string());
        break;
      }
    }
  }
  std::printf("\nlog scan: %zu logs checked against %zu secret values\n", logs, secrets.size());

  if (temporary && !o.keep && problems.empty()) {
    std::error_code ec;
    fs::remove_all(w, ec);
  }
  if (!problems.empty()) {
    std::string message = std::to_string(problems.size()) + " problem(s): " + problems.front();
    for (size_t i = 1; i < problems.size() && i < 5; ++i) {
      message += "; " + problems[i];
    }
    std::printf("\ndemo FAILED (workdir kept: %s)\n", w.string().c_str());
    return Fail(ErrorCode::kInternal, message);
  }
  std::printf("\ndemo passed: every device meant to succeed is enrolled, every planted failure failed for its reason,"
              " no secret in any log\n");
  return Ok();
}

}  // namespace dmboot::nf

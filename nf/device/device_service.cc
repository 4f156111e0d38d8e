#include "nf/device/device_service.h"

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "dmboot/bootstrap/credentials.h"
#include "dmboot/core/hex.h"
#include "dmboot/device/dm_tree.h"
#include "dmboot/gba/kdf.h"

#include "nf/common/log.h"

namespace dmboot::nf::device {
namespace {

// ToGpiReport turns the device's report into the report contract (the device library spells the
// status and the values as text; the wire type is typed).
Result<contracts::GpiReport> ToGpiReport(const dmboot::device::GpiReport& from) {
  contracts::GpiReport report;
  if (from.status == "accepted") {
    report.status = contracts::GpiReportStatus::kAccepted;
  } else if (from.status == "rejected") {
    report.status = contracts::GpiReportStatus::kRejected;
  } else if (from.status == "sync_failure") {
    report.status = contracts::GpiReportStatus::kSyncFailure;
    Result<std::vector<uint8_t>> rand = HexDecode(from.rand_hex);
    Result<std::vector<uint8_t>> auts = HexDecode(from.auts_hex);
    Result<gba::Rand> r = rand ? gba::Rand::FromSpan(*rand) : Result<gba::Rand>(rand.error());
    Result<gba::Auts> a = auts ? gba::Auts::FromSpan(*auts) : Result<gba::Auts>(auts.error());
    if (!r || !a) {
      return Fail(ErrorCode::kInternal, "the device's sync_failure report has a bad RAND or AUTS");
    }
    report.rand = *r;
    report.auts = *a;
  } else {
    return Fail(ErrorCode::kInternal, "the device reported an unknown GPI status");
  }
  if (!from.reason.empty()) {
    report.reason = from.reason;
  }
  return report;
}

using dmboot::device::Device;
using dmboot::device::DeviceConfig;
using dmboot::device::DeviceState;
using dmboot::device::DmTree;

constexpr char kComponent[] = "device";

Error Invalid(const std::string& message) { return Fail(ErrorCode::kInvalidArgument, message); }

// Retryable: the DMS may not have committed the job state the call depends on yet (it pushes,
// then records), or a connection failed. Bad requests and bad credentials are not retried.
bool Retryable(ErrorCode code) {
  return code == ErrorCode::kIo || code == ErrorCode::kRefused || code == ErrorCode::kNotFound;
}

// WithRetries runs `call` up to kAttempts times, backing off 100 ms, 300 ms between attempts.
template <typename F>
auto WithRetries(F call) -> decltype(call()) {
  constexpr int kAttempts = 3;
  auto result = call();
  for (int attempt = 1; attempt < kAttempts && !result && Retryable(result.error().code);
       ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100 * (2 * attempt - 1)));
    result = call();
  }
  return result;
}

bool AllDigits(const std::string& s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

// LuhnValid checks an IMEI's check digit (TS 23.003 Annex B), as the DMS does: a fleet with an
// IMEI the DMS refuses is a configuration error best reported at start.
bool LuhnValid(const std::string& digits) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
  }
  return sum % 10 == 0;
}

Result<std::string> StringField(const Json& object, const std::string& where, const char* name,
                                bool required) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) {
    if (required) {
      return Invalid(where + name + ": is required");
    }
    return std::string();
  }
  if (!it->is_string()) {
    return Invalid(where + name + ": must be a string");
  }
  return it->get<std::string>();
}

// HexField decodes a hex field of exactly `len` octets; the message names the field only.
template <typename T>
Result<T> HexField(const Json& object, const std::string& where, const char* name) {
  Result<std::string> text = StringField(object, where, name, true);
  if (!text) {
    return text.error();
  }
  Result<std::vector<uint8_t>> bytes = HexDecode(*text);
  if (!bytes || bytes->size() != T::kLength) {
    return Invalid(where + name + ": must be " + std::to_string(T::kLength * 2) + " hex digits");
  }
  return *T::FromSpan(*bytes);
}

// NOLINTBEGIN(bugprone-easily-swappable-parameters): fallback, then max; callers pass literals.
Result<uint64_t> UnsignedField(const Json& object, const std::string& where, const char* name,
                               uint64_t fallback, uint64_t max) {
  // NOLINTEND(bugprone-easily-swappable-parameters)
  auto it = object.find(name);
  if (it == object.end()) {
    return fallback;
  }
  if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<uint64_t>() > max) {
    return Invalid(where + name + ": must be an integer 0.." + std::to_string(max));
  }
  return it->get<uint64_t>();
}

Result<FleetDevice> ParseDevice(const Json& j, const std::string& where, int mnc_digits,
                                const std::vector<gba::NafId>& trusted, uint64_t sms_timeout_ms) {
  if (!j.is_object()) {
    return Invalid(where + ": must be an object");
  }
  static const std::set<std::string> kKeys = {"imei", "imsi", "msisdn", "k",      "opc", "sqn",
                                              "amf",  "pin",  "bearer", "policy", "impi"};
  for (const auto& [key, value] : j.items()) {
    if (!kKeys.count(key)) {
      return Invalid(where + key + ": unknown key");
    }
  }
  FleetDevice d;
  DeviceConfig& c = d.config;
  Result<std::string> s = StringField(j, where, "imei", true);
  if (!s) {
    return s.error();
  }
  if (!AllDigits(*s, 15, 15)) {
    return Invalid(where + "imei: must be 15 digits");
  }
  if (!LuhnValid(*s)) {
    return Invalid(where + "imei: the check digit (Luhn, TS 23.003 Annex B) is wrong");
  }
  c.imei = *s;
  if (!(s = StringField(j, where, "imsi", true))) {
    return s.error();
  }
  if (!AllDigits(*s, 6, 15)) {
    return Invalid(where + "imsi: must be 6 to 15 digits");
  }
  c.imsi = *s;
  if (!(s = StringField(j, where, "msisdn", true))) {
    return s.error();
  }
  {
    std::string digits = !s->empty() && (*s)[0] == '+' ? s->substr(1) : *s;
    if (!AllDigits(digits, 3, 15)) {
      return Invalid(where + "msisdn: must be an E.164 number");
    }
  }
  c.msisdn = *s;
  Result<gba::K> k = HexField<gba::K>(j, where, "k");
  if (!k) {
    return k.error();
  }
  Result<gba::Opc> opc = HexField<gba::Opc>(j, where, "opc");
  if (!opc) {
    return opc.error();
  }
  c.keys = gba::SubscriberKeys{std::move(*k), std::move(*opc)};
  if (j.contains("sqn")) {
    Result<gba::Sqn> sqn = HexField<gba::Sqn>(j, where, "sqn");
    if (!sqn) {
      return sqn.error();
    }
    c.sqn = *sqn;
  }
  if (j.contains("amf")) {
    Result<gba::Amf> amf = HexField<gba::Amf>(j, where, "amf");
    if (!amf) {
      return amf.error();
    }
    c.amf = *amf;
  }
  if (!(s = StringField(j, where, "pin", false))) {
    return s.error();
  }
  if (!s->empty()) {
    Result<bootstrap::Pin> pin = bootstrap::Pin::Parse(*s);
    if (!pin) {
      return Invalid(where + "pin: does not meet the PIN policy");
    }
    c.pin = std::move(*pin);
  }
  if (!(s = StringField(j, where, "impi", false))) {
    return s.error();
  }
  if (!s->empty()) {
    c.impi = *s;
  } else {
    Result<std::string> impi = gba::ImpiFromImsi(c.imsi, mnc_digits);
    if (!impi) {
      return Invalid(where + "imsi: " + impi.error().message);
    }
    c.impi = *impi;
  }
  if (!(s = StringField(j, where, "bearer", false))) {
    return s.error();
  }
  if (!s->empty()) {
    Result<Bearer> bearer = ParseBearer(*s);
    if (!bearer) {
      return Invalid(where + "bearer: " + bearer.error().message);
    }
    d.bearer = *bearer;
  }
  if (auto p = j.find("policy"); p != j.end()) {
    if (!p->is_object()) {
      return Invalid(where + "policy: must be an object");
    }
    for (const auto& [key, value] : p->items()) {
      if (key == "allow_networkid" || key == "allow_replace_other_server") {
        if (!value.is_boolean()) {
          // NOLINTNEXTLINE(performance-inefficient-string-concatenation): once, on the error path.
          return Invalid(where + "policy." + key + ": must be a boolean");
        }
        (key == "allow_networkid" ? c.policy.allow_networkid
                                  : c.policy.allow_replace_other_server) = value.get<bool>();
      } else if (key == "max_pin_failures") {
        if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > 1000) {
          return Invalid(where + "policy.max_pin_failures: must be an integer 0..1000");
        }
        c.policy.max_pin_failures = value.get<unsigned>();
      } else {
        // NOLINTNEXTLINE(performance-inefficient-string-concatenation): once, on the error path.
        return Invalid(where + "policy." + key + ": unknown key");
      }
    }
  }
  c.trusted_nafs = trusted;
  c.reassembly.timeout_ms = sms_timeout_ms;
  return d;
}

const char* const kConfigKeys[] = {
    "listen",  "dms",     "data_dir",    "udp_host",       "routes_file", "trusted_naf_ids",
    "devices", "workers", "queue_limit", "sms_timeout_ms", "mnc_digits"};

}  // namespace

uint64_t MonotonicMs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

uint64_t UnixSeconds() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

Result<FleetConfig> ParseFleetConfig(const Json& json) {
  if (!json.is_object()) {
    return Invalid("config: must be a JSON object");
  }
  for (const auto& [key, value] : json.items()) {
    bool known = false;
    for (const char* k : kConfigKeys) {
      known = known || key == k;
    }
    if (!known) {
      return Invalid(key + ": unknown key");
    }
  }
  FleetConfig config;
  Result<std::string> s = StringField(json, "", "listen", false);
  if (!s) {
    return s.error();
  }
  if (!s->empty()) {
    Result<std::pair<std::string, int>> hp = ParseListenAddress(*s);
    if (!hp) {
      return Invalid("listen: must be HOST:PORT");
    }
    config.listen_host = hp->first;
    config.listen_port = hp->second;
  }
  if (!(s = StringField(json, "", "dms", true))) {
    return s.error();
  }
  {
    Result<std::pair<std::string, int>> hp = ParseHostPort(*s);
    if (!hp) {
      return Invalid("dms: " + hp.error().message);
    }
    config.dms_host = hp->first;
    config.dms_port = hp->second;
  }
  if (!(s = StringField(json, "", "data_dir", false))) {
    return s.error();
  }
  if (!s->empty()) {
    config.data_dir = *s;
  }
  if (!(s = StringField(json, "", "udp_host", false))) {
    return s.error();
  }
  if (!s->empty()) {
    config.udp_host = *s;
  }
  if (!(s = StringField(json, "", "routes_file", false))) {
    return s.error();
  }
  if (!s->empty()) {
    config.routes_file = *s;
  }
  Result<uint64_t> n = UnsignedField(json, "", "workers", 4, 256);
  if (!n) {
    return n.error();
  }
  config.workers = *n == 0 ? 1 : static_cast<size_t>(*n);
  if (!(n = UnsignedField(json, "", "queue_limit", 8192, 1u << 20))) {
    return n.error();
  }
  config.queue_limit = *n == 0 ? 1 : static_cast<size_t>(*n);
  if (!(n = UnsignedField(json, "", "sms_timeout_ms", 5000, 3600000))) {
    return n.error();
  }
  config.sms_timeout_ms = *n;
  if (!(n = UnsignedField(json, "", "mnc_digits", 2, 3))) {
    return n.error();
  }
  if (*n != 2 && *n != 3) {
    return Invalid("mnc_digits: must be 2 or 3");
  }
  const int mnc_digits = static_cast<int>(*n);

  std::vector<gba::NafId> trusted;
  if (auto t = json.find("trusted_naf_ids"); t != json.end()) {
    if (!t->is_array()) {
      return Invalid("trusted_naf_ids: must be an array of hex NAF_Ids");
    }
    for (size_t i = 0; i < t->size(); ++i) {
      const std::string where = "trusted_naf_ids[" + std::to_string(i) + "]";
      if (!(*t)[i].is_string()) {
        return Invalid(where + ": must be hex");
      }
      Result<std::vector<uint8_t>> bytes = HexDecode((*t)[i].get<std::string>());
      if (!bytes) {
        return Invalid(where + ": must be hex");
      }
      Result<gba::NafId> id = gba::NafId::Parse(*bytes);
      if (!id) {
        return Invalid(where + ": " + id.error().message);
      }
      trusted.push_back(*id);
    }
  }
  auto devices = json.find("devices");
  if (devices == json.end() || !devices->is_array()) {
    return Invalid("devices: must be an array");
  }
  std::set<std::string> imeis;
  std::set<std::string> msisdns;
  for (size_t i = 0; i < devices->size(); ++i) {
    const std::string where = "devices[" + std::to_string(i) + "].";
    Result<FleetDevice> d =
        ParseDevice((*devices)[i], where, mnc_digits, trusted, config.sms_timeout_ms);
    if (!d) {
      return d.error();
    }
    if (!imeis.insert(d->config.imei).second) {
      return Invalid(where + "imei: duplicate");
    }
    if (!msisdns.insert(d->config.msisdn).second) {
      return Invalid(where + "msisdn: duplicate");
    }
    config.devices.push_back(std::move(*d));
  }
  return config;
}

Result<HttpUri> ParseHttpUri(const std::string& uri) {
  constexpr std::string_view kHttp = "http://";
  if (uri.rfind("https://", 0) == 0) {
    return Fail(ErrorCode::kUnsupported, "https DM server addresses are not supported");
  }
  if (uri.rfind(kHttp, 0) != 0) {
    return Fail(ErrorCode::kInvalidArgument, "DM server address is not an http:// URI");
  }
  std::string rest = uri.substr(kHttp.size());
  HttpUri out;
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  out.path = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = authority.rfind(':');
  if (colon == std::string::npos) {
    out.host = authority;
  } else {
    out.host = authority.substr(0, colon);
    const std::string port = authority.substr(colon + 1);
    if (!AllDigits(port, 1, 5) || std::stoi(port) < 1 || std::stoi(port) > 65535) {
      return Fail(ErrorCode::kInvalidArgument, "DM server address has a bad port");
    }
    out.port = std::stoi(port);
  }
  if (out.host.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "DM server address has no host");
  }
  return out;
}

Result<void> HttpDmsLink::PostGpiReport(const std::string& imei, const contracts::GpiReport& report) {
  HttpClient client(host_, port_, std::chrono::milliseconds(5000), "DMS");
  Result<Json> r = client.PostJson("/v1/devices/" + imei + "/gpi-report", contracts::GpiReportJson(report));
  if (!r) {
    return r.error();
  }
  return Ok();
}

Result<std::vector<uint8_t>> HttpDmsLink::PostDm(
    const std::string& server_uri, const std::vector<uint8_t>& body,
    const std::map<std::string, std::string>& headers) {
  Result<HttpUri> uri = ParseHttpUri(server_uri);
  if (!uri) {
    return uri.error();
  }
  HttpClient client(uri->host, uri->port, std::chrono::milliseconds(5000), "DM server");
  Result<std::string> reply = client.PostRaw(uri->path, std::string(body.begin(), body.end()),
                                             "application/vnd.syncml.dm+wbxml", headers);
  if (!reply) {
    return reply.error();
  }
  return std::vector<uint8_t>(reply->begin(), reply->end());
}

Result<std::unique_ptr<FleetService>> FleetService::Create(FleetConfig config,
                                                           std::unique_ptr<DmsLink> link) {
  std::unique_ptr<FleetService> service(new FleetService(std::move(config), std::move(link)));
  const FleetConfig& c = service->config_;
  for (size_t i = 0; i < c.devices.size(); ++i) {
    const FleetDevice& d = c.devices[i];
    auto slot = std::make_unique<Slot>();
    slot->imei = d.config.imei;
    slot->bearer = d.bearer;
    slot->receiver = &SpecOf(d.bearer).receiver();
    service->slots_.push_back(std::move(slot));
    service->by_imei_[d.config.imei] = i;
    const std::string dir = c.data_dir + "/" + d.config.imei;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return Fail(ErrorCode::kIo, "cannot create " + dir + ": " + ec.message());
    }
    const std::string path = service->TreePath(i);
    Result<DmTree> tree = dmboot::device::LoadTreeFile(path);
    if (!tree) {
      return Fail(tree.error().code, path + ": " + tree.error().message);
    }
    Result<Device> device = Device::Create(d.config, std::move(*tree), [path](const DmTree& t) {
      return dmboot::device::SaveTreeFile(path, t);
    });
    if (!device) {
      return device.error();
    }
    service->slots_.back()->device.emplace(std::move(*device));
  }
  return service;
}

std::string FleetService::TreePath(size_t index) const {
  return config_.data_dir + "/" + slots_[index]->imei + "/dmtree.json";
}

void FleetService::HandleDatagram(size_t index, std::span<const uint8_t> datagram) {
  Slot& slot = *slots_[index];
  ++datagrams_;
  dmboot::device::PushOutcome outcome;
  std::string before;
  std::string after;
  {
    std::lock_guard<std::mutex> lock(slot.mu);
    Device& device = *slot.device;
    before = DeviceStateName(device.state());
    outcome = slot.receiver->Receive(device, datagram, MonotonicMs(), UnixSeconds());
    after = DeviceStateName(device.state());
  }
  if (outcome.failure) {
    if (before == after && !outcome.report && !outcome.session) {
      ++noise_;
      Log(LogLevel::kDebug, kComponent,
          "imei " + slot.imei + ": ignored datagram (" + outcome.failure->kind + ")");
    } else {
      Log(LogLevel::kWarning, kComponent,
          "imei " + slot.imei + ": " + after + " (" + outcome.failure->kind + ")");
    }
  }
  if (outcome.report) {
    ++gpi_reports_;
    Result<contracts::GpiReport> report = ToGpiReport(*outcome.report);
    if (!report) {
      Log(LogLevel::kError, kComponent, "imei " + slot.imei + ": " + report.error().message);
      return;
    }
    Log(LogLevel::kInfo, kComponent, "imei " + slot.imei + ": GPI " + outcome.report->status);
    Result<void> sent = WithRetries([&] { return link_->PostGpiReport(slot.imei, *report); });
    if (!sent) {
      Log(LogLevel::kWarning, kComponent,
          "imei " + slot.imei + ": GPI report not delivered (" +
              std::string(ErrorCodeName(sent.error().code)) + ")");
      std::lock_guard<std::mutex> lock(slot.mu);
      slot.device->OnReportFailed(sent.error());
    }
  }
  if (outcome.session) {
    ++dm_sessions_;
    Log(LogLevel::kInfo, kComponent, "imei " + slot.imei + ": bootstrapped, opening DM session");
    Result<std::vector<uint8_t>> reply = WithRetries([&] {
      return link_->PostDm(outcome.session->server_uri, outcome.session->body,
                           outcome.session->headers);
    });
    std::string state;
    std::string failure;
    {
      std::lock_guard<std::mutex> lock(slot.mu);
      slot.device->OnDmSessionReply(reply);
      state = DeviceStateName(slot.device->state());
      if (slot.device->failure()) {
        failure = " (" + slot.device->failure()->kind + ")";
      }
    }
    Log(LogLevel::kInfo, kComponent, "imei " + slot.imei + ": " + state + failure);
  }
}

void FleetService::Tick(uint64_t now_ms) {
  for (const auto& slot : slots_) {
    if (!slot->receiver->reassembles()) {
      continue;  // no partial pushes to expire: do not take a lock a worker may hold
    }
    std::optional<dmboot::device::Failure> lost;
    {
      std::lock_guard<std::mutex> lock(slot->mu);
      if (!slot->device->HasPendingSms()) {
        continue;
      }
      lost = slot->device->Tick(now_ms);
    }
    if (lost) {
      Log(LogLevel::kWarning, kComponent, "imei " + slot->imei + ": " + lost->kind);
    }
  }
}

contracts::FleetDeviceStatus FleetService::SlotStatus(const Slot& slot) const {
  std::lock_guard<std::mutex> lock(slot.mu);
  const Device& d = *slot.device;
  contracts::FleetDeviceStatus status;
  status.imei = slot.imei;
  status.state = std::string(DeviceStateName(d.state()));
  if (d.failure()) {
    status.failure = contracts::DeviceReason{d.failure()->kind, d.failure()->message};
  }
  if (d.last_refusal()) {
    status.last_refusal = contracts::DeviceReason{d.last_refusal()->kind, d.last_refusal()->message};
  }
  status.account_server_id = d.account_server_id();
  return status;
}

contracts::FleetStatus FleetService::Status() const {
  contracts::FleetStatus out;
  for (const auto& slot : slots_) {
    out.devices.push_back(SlotStatus(*slot));
    ++out.by_state[out.devices.back().state];
  }
  const FleetStats s = stats();
  out.datagrams = s.datagrams;
  out.gpi_reports = s.gpi_reports;
  out.dm_sessions = s.dm_sessions;
  out.noise = s.noise;
  return out;
}

Result<contracts::FleetDeviceStatus> FleetService::DeviceStatus(const std::string& imei) const {
  auto it = by_imei_.find(imei);
  if (it == by_imei_.end()) {
    return Fail(ErrorCode::kNotFound, "device unknown");
  }
  return SlotStatus(*slots_[it->second]);
}

FleetStats FleetService::stats() const {
  return FleetStats{datagrams_.load(), gpi_reports_.load(), dm_sessions_.load(), noise_.load()};
}

}  // namespace dmboot::nf::device

#include "nf/contracts/fleet_api.h"

#include <utility>

namespace dmboot::nf::contracts {
namespace {

Json ReasonJson(const DeviceReason& r) { return Json{{"kind", r.kind}, {"message", r.message}}; }

DeviceReason ReadReason(const Json& j) {
  return DeviceReason{j.at("kind").get<std::string>(), j.at("message").get<std::string>()};
}

Error Malformed(const std::string& what) { return Fail(ErrorCode::kMalformed, "fleet answer: " + what); }

// ReadStatus throws Json::exception on a missing key or a wrong type (caught by the callers).
FleetDeviceStatus ReadStatus(const Json& j) {
  FleetDeviceStatus s;
  s.imei = j.at("imei").get<std::string>();
  s.state = j.at("state").get<std::string>();
  if (j.contains("failure")) {
    s.failure = ReadReason(j["failure"]);
  }
  if (j.contains("last_refusal")) {
    s.last_refusal = ReadReason(j["last_refusal"]);
  }
  if (j.contains("account_server_id")) {
    s.account_server_id = j["account_server_id"].get<std::string>();
  }
  return s;
}

}  // namespace

Json FleetDeviceStatusJson(const FleetDeviceStatus& s) {
  Json j = {{"imei", s.imei}, {"state", s.state}};
  if (s.failure) {
    j["failure"] = ReasonJson(*s.failure);
  }
  if (s.last_refusal) {
    j["last_refusal"] = ReasonJson(*s.last_refusal);
  }
  if (s.account_server_id) {
    j["account_server_id"] = *s.account_server_id;
  }
  return j;
}

Result<FleetDeviceStatus> ParseFleetDeviceStatusJson(const Json& body) {
  try {
    return ReadStatus(body);
  } catch (const Json::exception& e) {
    return Malformed(e.what());  // names the key or the type; the status holds no secret
  }
}

Json FleetStatusJson(const FleetStatus& s) {
  Json devices = Json::array();
  for (const FleetDeviceStatus& d : s.devices) {
    devices.push_back(FleetDeviceStatusJson(d));
  }
  Json by_state = Json::object();
  for (const auto& [state, n] : s.by_state) {
    by_state[state] = n;
  }
  return {{"devices", std::move(devices)},
          {"by_state", std::move(by_state)},
          {"stats",
           {{"datagrams", s.datagrams}, {"gpi_reports", s.gpi_reports}, {"dm_sessions", s.dm_sessions}, {"noise", s.noise}}}};
}

Result<FleetStatus> ParseFleetStatusJson(const Json& body) {
  try {
    FleetStatus s;
    for (const Json& d : body.at("devices")) {
      s.devices.push_back(ReadStatus(d));
    }
    for (const auto& [state, n] : body.at("by_state").items()) {
      s.by_state[state] = n.get<int64_t>();
    }
    const Json& stats = body.at("stats");
    s.datagrams = stats.at("datagrams").get<uint64_t>();
    s.gpi_reports = stats.at("gpi_reports").get<uint64_t>();
    s.dm_sessions = stats.at("dm_sessions").get<uint64_t>();
    s.noise = stats.at("noise").get<uint64_t>();
    return s;
  } catch (const Json::exception& e) {
    return Malformed(e.what());
  }
}

}  // namespace dmboot::nf::contracts

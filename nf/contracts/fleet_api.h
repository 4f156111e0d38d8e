#ifndef DMBOOT_NF_CONTRACTS_FLEET_API_H_
#define DMBOOT_NF_CONTRACTS_FLEET_API_H_

// The device fleet's status API (docs/network-functions.md "Device fleet"): GET /v1/devices and
// GET /v1/devices/<imei>. The fleet service returns these types; the fleet's HTTP adapter and its
// clients (the demo, the tests) use the codec. States and reasons are the device library's words
// (dmboot/device: DeviceStateName, Failure::kind).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dmboot/core/result.h"
#include "nf/common/http.h"

namespace dmboot::nf::contracts {

// DeviceReason is why a device failed, or refused its newest push.
struct DeviceReason {
  std::string kind;
  std::string message;
};

struct FleetDeviceStatus {
  std::string imei;
  std::string state;
  std::optional<DeviceReason> failure;
  std::optional<DeviceReason> last_refusal;     // the newest refused push, in any state
  std::optional<std::string> account_server_id;  // once an account is applied
};

struct FleetStatus {
  std::vector<FleetDeviceStatus> devices;
  std::map<std::string, int64_t> by_state;
  uint64_t datagrams = 0;
  uint64_t gpi_reports = 0;
  uint64_t dm_sessions = 0;
  uint64_t noise = 0;  // datagrams that changed nothing (malformed, unknown media, duplicates)
};

Json FleetDeviceStatusJson(const FleetDeviceStatus& status);
// ParseFleetDeviceStatusJson reads a fleet answer (kMalformed naming the field).
Result<FleetDeviceStatus> ParseFleetDeviceStatusJson(const Json& body);
Json FleetStatusJson(const FleetStatus& status);
Result<FleetStatus> ParseFleetStatusJson(const Json& body);

}  // namespace dmboot::nf::contracts

#endif  // DMBOOT_NF_CONTRACTS_FLEET_API_H_

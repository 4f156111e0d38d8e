#ifndef DMBOOT_NF_DEVICE_DEVICE_SERVICE_H_
#define DMBOOT_NF_DEVICE_DEVICE_SERVICE_H_

// The device fleet (docs/network-functions.md "Device fleet"): N simulated handsets in one
// process. FleetService is the socket-free part: the configuration, the devices (each behind its
// own mutex), the handling of one received datagram and the calls it leads to (GPI report, first
// DM session) through a DmsLink, and the status JSON. device_server.h puts UDP sockets, a receive
// loop and a worker pool around it.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/device/device.h"
#include "nf/bearer/bearer.h"
#include "nf/common/http.h"
#include "nf/contracts/fleet_api.h"
#include "nf/contracts/operator_api.h"

namespace dmboot::nf::device {

// FleetDevice is one configured device and the bearer (nf/bearer) the DMS reaches it by.
struct FleetDevice {
  dmboot::device::DeviceConfig config;
  Bearer bearer = Bearer::kUdp;
};

// FleetConfig is the fleet's config file (keys of the contract, plus optional tuning keys:
// "workers", "queue_limit", "sms_timeout_ms", "mnc_digits", per device "impi").
struct FleetConfig {
  std::string listen_host = "127.0.0.1";
  int listen_port = 0;
  std::string dms_host;
  int dms_port = 0;
  std::string data_dir = "fleet";
  std::string udp_host = "127.0.0.1";
  std::string routes_file = "routes.json";
  std::vector<FleetDevice> devices;
  size_t workers = 4;            // crypto + HTTP threads
  size_t queue_limit = 8192;     // datagrams waiting for a worker (more are dropped, counted)
  uint64_t sms_timeout_ms = 5000;
};

// ParseFleetConfig reads the config JSON. Fails with kInvalidArgument naming the first offending
// field (device fields as "devices[3].k"; never a key or PIN value): unknown keys, bad hex,
// duplicate IMEIs or MSISDNs, a PIN outside the PIN policy, an untrusted-NAF list that is not hex.
Result<FleetConfig> ParseFleetConfig(const Json& json);

// DmsLink is what the fleet calls: the DMS's report endpoint and a DM server's /dm.
class DmsLink {
 public:
  virtual ~DmsLink() = default;
  // PostGpiReport sends POST /v1/devices/<imei>/gpi-report (nf/contracts/operator_api.h).
  virtual Result<void> PostGpiReport(const std::string& imei, const contracts::GpiReport& report) = 0;
  // PostDm sends package 1 to `server_uri` (http://HOST:PORT/PATH) and returns the reply body.
  virtual Result<std::vector<uint8_t>> PostDm(const std::string& server_uri,
                                              const std::vector<uint8_t>& body,
                                              const std::map<std::string, std::string>& headers) = 0;
};

// HttpDmsLink is the DmsLink over HTTP (nf/common HttpClient; one client per call).
class HttpDmsLink final : public DmsLink {
 public:
  HttpDmsLink(std::string dms_host, int dms_port) : host_(std::move(dms_host)), port_(dms_port) {}
  Result<void> PostGpiReport(const std::string& imei, const contracts::GpiReport& report) override;
  Result<std::vector<uint8_t>> PostDm(const std::string& server_uri,
                                      const std::vector<uint8_t>& body,
                                      const std::map<std::string, std::string>& headers) override;

 private:
  std::string host_;
  int port_;
};

// ParseHttpUri splits "http://HOST:PORT/PATH" (port required unless 80; https is kUnsupported).
struct HttpUri {
  std::string host;
  int port = 80;
  std::string path = "/";
};
Result<HttpUri> ParseHttpUri(const std::string& uri);

// FleetStats counts what the fleet did (for the status API and measurements).
struct FleetStats {
  uint64_t datagrams = 0;
  uint64_t gpi_reports = 0;
  uint64_t dm_sessions = 0;
  uint64_t noise = 0;  // datagrams that changed nothing (malformed, unknown media, duplicates)
};

class FleetService {
 public:
  // Create loads each device's tree from data_dir/<imei>/dmtree.json (creating the folders) and
  // builds the devices. Fails with kIo when a folder cannot be made, the tree file's error when a
  // tree cannot be loaded, Device::Create's error otherwise.
  static Result<std::unique_ptr<FleetService>> Create(FleetConfig config,
                                                      std::unique_ptr<DmsLink> link);

  size_t size() const { return slots_.size(); }
  const FleetConfig& config() const { return config_; }
  const std::string& imei(size_t index) const { return slots_[index]->imei; }
  Bearer bearer(size_t index) const { return slots_[index]->bearer; }

  // HandleDatagram processes one datagram received on device `index`'s socket, a frame of its
  // bearer that the bearer's FrameReceiver hands to the device: decoding, verification and tree
  // updates under the device's lock, then (without the lock) the GPI report or the DM session,
  // whose answer goes back to the device. Thread-safe; never fails (a failure is the device's
  // state).
  void HandleDatagram(size_t index, std::span<const uint8_t> datagram);

  // Tick expires reassembly (SMS) on every device that waits for segments (monotonic `now_ms`).
  void Tick(uint64_t now_ms);

  // Status returns every device, the count by state and the counters; DeviceStatus one device,
  // or kNotFound (nf/contracts/fleet_api.h).
  contracts::FleetStatus Status() const;
  Result<contracts::FleetDeviceStatus> DeviceStatus(const std::string& imei) const;
  FleetStats stats() const;

  // TreePath is where device `index` keeps its tree.
  std::string TreePath(size_t index) const;

 private:
  struct Slot {
    std::string imei;
    Bearer bearer = Bearer::kUdp;
    const FrameReceiver* receiver = nullptr;  // the bearer's device side
    mutable std::mutex mu;
    std::optional<dmboot::device::Device> device;  // guarded by mu
  };
  FleetService(FleetConfig config, std::unique_ptr<DmsLink> link)
      : config_(std::move(config)), link_(std::move(link)) {}
  contracts::FleetDeviceStatus SlotStatus(const Slot& slot) const;  // takes slot.mu

  FleetConfig config_;
  std::unique_ptr<DmsLink> link_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::map<std::string, size_t> by_imei_;
  std::atomic<uint64_t> datagrams_{0};
  std::atomic<uint64_t> gpi_reports_{0};
  std::atomic<uint64_t> dm_sessions_{0};
  std::atomic<uint64_t> noise_{0};
};

// MonotonicMs / UnixSeconds are the clocks the fleet feeds the devices.
uint64_t MonotonicMs();
uint64_t UnixSeconds();

}  // namespace dmboot::nf::device

#endif  // DMBOOT_NF_DEVICE_DEVICE_SERVICE_H_

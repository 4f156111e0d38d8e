#ifndef DMBOOT_NF_DEVICE_DEVICE_SERVER_H_
#define DMBOOT_NF_DEVICE_DEVICE_SERVER_H_

// The fleet's I/O: one UDP socket per device (its bearer's frames arrive there; nf/bearer turns
// them into device input), one receive thread (epoll over every socket, plus the reassembly tick), a bounded queue and a small worker pool that runs
// FleetService::HandleDatagram (crypto and HTTP calls), and the HTTP status routes.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dmboot/core/result.h"
#include "nf/common/http.h"
#include "nf/common/serve.h"
#include "nf/common/udp_socket.h"
#include "nf/device/device_service.h"

namespace dmboot::nf::device {

// RaiseFileLimit raises RLIMIT_NOFILE's soft limit to the hard limit (1000 devices = 1000
// sockets) and returns the new soft limit.
Result<uint64_t> RaiseFileLimit();

// kMaxDatagramLen is the largest datagram read (a UDP payload).
inline constexpr size_t kMaxDatagramLen = 65535;
// kMaxQueuedBytes bounds the bytes waiting for a worker (with queue_limit, the count bound):
// a flood of 64 KiB datagrams cannot make the queue hold gigabytes.
inline constexpr size_t kMaxQueuedBytes = 16u << 20;

class FleetRunner {
 public:
  // Bind opens and binds one UDP socket per device of `service` on `udp_host` (ephemeral ports).
  // Fails with kInvalidArgument when udp_host does not resolve, kIo naming the device whose
  // socket failed.
  static Result<std::unique_ptr<FleetRunner>> Bind(FleetService& service, const std::string& udp_host);
  ~FleetRunner();
  FleetRunner(const FleetRunner&) = delete;
  FleetRunner& operator=(const FleetRunner&) = delete;

  // Port returns the UDP port of device `index`.
  int Port(size_t index) const { return sockets_[index].port(); }
  // RoutesJson returns [{"msisdn", "udp": "HOST:PORT", "bearer"}] for every device.
  Json RoutesJson() const;
  // WriteRoutes writes RoutesJson to `path` atomically (temp file, fsync, rename).
  Result<void> WriteRoutes(const std::string& path) const;

  // Start starts the receive thread and the workers; Stop stops and joins them (idempotent).
  void Start();
  void Stop();

  // dropped counts datagrams dropped because the queue was full.
  uint64_t dropped() const;

 private:
  struct Job {
    size_t index = 0;
    std::vector<uint8_t> bytes;
  };
  FleetRunner(FleetService& service, std::string udp_host)
      : service_(service), udp_host_(std::move(udp_host)) {}
  void ReceiveLoop();
  void WorkerLoop();

  FleetService& service_;
  std::string udp_host_;
  std::vector<UdpSocket> sockets_;  // index = device index
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: Stop wakes the receive loop

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;  // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  uint64_t dropped_ = 0;   // guarded by mu_
  size_t queued_bytes_ = 0;  // guarded by mu_
  std::thread receiver_;
  std::vector<std::thread> workers_;
};

// AddFleetRoutes registers GET /v1/devices and GET /v1/devices/<imei>.
void AddFleetRoutes(HttpServer& server, const FleetService& service);

// RunFleet is `dmboot device serve`: raise the file limit, build the fleet, bind the sockets,
// write routes_file, start the loops, serve the status API until SIGINT/SIGTERM, stop.
Result<void> RunFleet(const FleetConfig& config, const ServeOptions& options);

}  // namespace dmboot::nf::device

#endif  // DMBOOT_NF_DEVICE_DEVICE_SERVER_H_

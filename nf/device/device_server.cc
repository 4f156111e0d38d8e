#include "nf/device/device_server.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "nf/common/log.h"

namespace dmboot::nf::device {
namespace {

constexpr char kComponent[] = "device";
constexpr int kTickMs = 50;               // SMS reassembly expiry granularity
constexpr int kMaxReadsPerSocket = 64;    // fairness: one busy socket cannot starve the others

Error Io(const std::string& what) { return Fail(ErrorCode::kIo, what + ": " + std::strerror(errno)); }

}  // namespace

Result<uint64_t> RaiseFileLimit() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return Io("getrlimit");
  }
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      return Io("setrlimit");
    }
  }
  return static_cast<uint64_t>(limit.rlim_cur);
}

Result<std::unique_ptr<FleetRunner>> FleetRunner::Bind(FleetService& service,
                                                       const std::string& udp_host) {
  std::unique_ptr<FleetRunner> runner(new FleetRunner(service, udp_host));
  runner->epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (runner->epoll_fd_ < 0) {
    return Io("epoll_create1");
  }
  runner->wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (runner->wake_fd_ < 0) {
    return Io("eventfd");
  }
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.u64 = UINT64_MAX;
  if (::epoll_ctl(runner->epoll_fd_, EPOLL_CTL_ADD, runner->wake_fd_, &wake) != 0) {
    return Io("epoll_ctl");
  }
  runner->sockets_.reserve(service.size());
  for (size_t i = 0; i < service.size(); ++i) {
    Result<UdpSocket> bound = UdpSocket::Bind(udp_host, 0);
    if (!bound) {
      if (bound.error().code == ErrorCode::kInvalidArgument) {
        return Fail(ErrorCode::kInvalidArgument, "udp_host: " + bound.error().message);
      }
      return Fail(bound.error().code, "device " + service.imei(i) + ": " + bound.error().message);
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    if (::epoll_ctl(runner->epoll_fd_, EPOLL_CTL_ADD, bound->fd(), &ev) != 0) {
      return Io("epoll_ctl for device " + service.imei(i));
    }
    runner->sockets_.push_back(std::move(*bound));
  }
  return runner;
}

FleetRunner::~FleetRunner() {
  Stop();
  if (epoll_fd_ >= 0) {
    ::close(epoll_fd_);
  }
  if (wake_fd_ >= 0) {
    ::close(wake_fd_);
  }
}

Json FleetRunner::RoutesJson() const {
  Json routes = Json::array();
  for (size_t i = 0; i < service_.size(); ++i) {
    routes.push_back({{"msisdn", service_.config().devices[i].config.msisdn},
                      {"udp", udp_host_ + ":" + std::to_string(sockets_[i].port())},
                      {"bearer", BearerName(service_.bearer(i))}});
  }
  return routes;
}

Result<void> FleetRunner::WriteRoutes(const std::string& path) const {
  const std::string temp = path + ".tmp";
  const std::string text = RoutesJson().dump(1) + "\n";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Io("create " + temp);
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      Error e = Io("write " + temp);
      ::close(fd);
      return e;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Error e = Io("fsync " + temp);
    ::close(fd);
    return e;
  }
  ::close(fd);
  // The DMS reads routes_file whenever a MSISDN is unknown: it sees the old file or the whole new
  // one, never a partial write.
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return Io("rename " + temp);
  }
  return Ok();
}

void FleetRunner::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  receiver_ = std::thread([this] { ReceiveLoop(); });
  for (size_t i = 0; i < service_.config().workers; ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

void FleetRunner::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (wake_fd_ >= 0) {
    uint64_t one = 1;
    ssize_t n = ::write(wake_fd_, &one, sizeof one);
    (void)n;
  }
  if (receiver_.joinable()) {
    receiver_.join();
  }
  for (std::thread& t : workers_) {
    t.join();
  }
  workers_.clear();
}

uint64_t FleetRunner::dropped() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_;
}

void FleetRunner::ReceiveLoop() {
  std::vector<epoll_event> events(256);
  std::vector<uint8_t> buffer(kMaxDatagramLen);
  uint64_t last_tick = MonotonicMs();
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) {
        return;
      }
    }
    int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), kTickMs);
    if (n < 0 && errno != EINTR) {
      Log(LogLevel::kError, kComponent, std::string("epoll_wait: ") + std::strerror(errno));
      return;
    }
    for (int e = 0; e < n; ++e) {
      const uint64_t index = events[static_cast<size_t>(e)].data.u64;
      if (index == UINT64_MAX) {
        continue;  // the wake-up eventfd: the loop head sees stopping_
      }
      for (int r = 0; r < kMaxReadsPerSocket; ++r) {
        Result<std::optional<size_t>> got = sockets_[index].ReceiveInto(buffer);
        if (!got || !*got) {
          break;  // drained (an error: nothing to do for a datagram socket)
        }
        Job job{static_cast<size_t>(index),
                std::vector<uint8_t>(buffer.begin(),
                                     buffer.begin() + static_cast<std::ptrdiff_t>(**got))};
        std::lock_guard<std::mutex> lock(mu_);
        if (queue_.size() >= service_.config().queue_limit ||
            queued_bytes_ + job.bytes.size() > kMaxQueuedBytes) {
          ++dropped_;  // bounded memory: a flood is dropped, not queued
          continue;
        }
        queued_bytes_ += job.bytes.size();
        queue_.push_back(std::move(job));
        cv_.notify_one();
      }
    }
    const uint64_t now = MonotonicMs();
    if (now - last_tick >= static_cast<uint64_t>(kTickMs)) {
      service_.Tick(now);
      last_tick = now;
    }
  }
}

void FleetRunner::WorkerLoop() {
  while (true) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) {
        return;
      }
      job = std::move(queue_.front());
      queue_.pop_front();
      queued_bytes_ -= job.bytes.size();
    }
    service_.HandleDatagram(job.index, job.bytes);
  }
}

void AddFleetRoutes(HttpServer& server, const FleetService& service) {
  server.Route("GET", "/v1/devices", [&service](const HttpRequest&) -> Result<HttpReply> {
    return HttpReply{200, contracts::FleetStatusJson(service.Status()), "", ""};
  });
  server.Route("GET", R"(/v1/devices/([^/]+))",
               [&service](const HttpRequest& request) -> Result<HttpReply> {
                 Result<contracts::FleetDeviceStatus> device = service.DeviceStatus(request.captures.at(1));
                 if (!device) {
                   return device.error();
                 }
                 return HttpReply{200, contracts::FleetDeviceStatusJson(*device), "", ""};
               });
}

Result<void> RunFleet(const FleetConfig& config, const ServeOptions& options) {
  // Before any thread starts, so SIGINT/SIGTERM reach only Serve's waiter.
  BlockStopSignals();
  Result<uint64_t> limit = RaiseFileLimit();
  if (!limit) {
    return limit.error();
  }
  if (*limit < config.devices.size() + 64) {
    Log(LogLevel::kWarning, kComponent,
        "RLIMIT_NOFILE " + std::to_string(*limit) + " is low for " +
            std::to_string(config.devices.size()) + " devices");
  }
  Result<std::unique_ptr<FleetService>> service = FleetService::Create(
      config, std::make_unique<HttpDmsLink>(config.dms_host, config.dms_port));
  if (!service) {
    return service.error();
  }
  Result<std::unique_ptr<FleetRunner>> runner = FleetRunner::Bind(**service, config.udp_host);
  if (!runner) {
    return runner.error();
  }
  Result<void> routes = (*runner)->WriteRoutes(config.routes_file);
  if (!routes) {
    return routes.error();
  }
  Log(LogLevel::kInfo, kComponent,
      std::to_string(config.devices.size()) + " devices bound; routes in " + config.routes_file);
  (*runner)->Start();
  HttpServer server;
  AddFleetRoutes(server, **service);
  FleetRunner* r = runner->get();
  Result<void> served = Serve(server, options, [r] { r->Stop(); });
  r->Stop();
  return served;
}

}  // namespace dmboot::nf::device

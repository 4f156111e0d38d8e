#ifndef DMBOOT_NF_DEMO_PROCESS_H_
#define DMBOOT_NF_DEMO_PROCESS_H_

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot::nf {

// ChildProcess is a program the demo started, with stdout and stderr sent to a log file. The
// destructor stops it (SIGTERM, then SIGKILL after a grace period) so nothing outlives the demo.
class ChildProcess {
 public:
  static Result<ChildProcess> Start(const std::vector<std::string>& argv, const std::string& log_path);
  ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_), name_(std::move(other.name_)) { other.pid_ = -1; }
  ChildProcess& operator=(ChildProcess&&) = delete;
  ~ChildProcess() { Stop(); }

  // Stop sends SIGTERM, waits up to `grace`, then SIGKILL; returns the exit status (or -signal).
  int Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));
  // Kill sends SIGKILL at once (the crash tests).
  void Kill();
  bool Running();
  pid_t pid() const { return pid_; }

 private:
  ChildProcess(pid_t pid, std::string name) : pid_(pid), name_(std::move(name)) {}
  pid_t pid_;
  std::string name_;
};

// WaitForPortFile waits until `path` holds a port number (written by a server's --port-file), or
// the child died, or `timeout` passed.
Result<int> WaitForPortFile(const std::string& path, ChildProcess& child, std::chrono::milliseconds timeout);

// FreeLoopbackPort returns a port that was free on 127.0.0.1 a moment ago (bind to 0, close).
Result<int> FreeLoopbackPort();

// SelfExecutable returns the path of the running program (/proc/self/exe).
std::string SelfExecutable();

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_DEMO_PROCESS_H_

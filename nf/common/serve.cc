#include "nf/common/serve.h"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <pthread.h>
#include <thread>
#include <unistd.h>

#include "nf/common/log.h"

namespace dmboot::nf {

void BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

Result<void> Serve(HttpServer& server, const ServeOptions& options, const std::function<void()>& on_stop) {
  BlockStopSignals();
  Result<int> port = server.Bind(options.host, options.port);
  if (!port) {
    return port.error();
  }
  if (!options.port_file.empty()) {
    const std::string tmp = options.port_file + ".tmp";
    {
      std::ofstream out(tmp);
      out << *port << "\n";
      if (!out) {
        return Fail(ErrorCode::kIo, "cannot write port file " + options.port_file);
      }
    }
    if (std::rename(tmp.c_str(), options.port_file.c_str()) != 0) {
      return Fail(ErrorCode::kIo, "cannot write port file " + options.port_file);
    }
  }
  std::printf("%s listening on %s:%d\n", options.name.c_str(), options.host.c_str(), *port);
  std::fflush(stdout);
  Log(LogLevel::kInfo, options.name, "listening on " + options.host + ":" + std::to_string(*port));

  std::thread waiter([&server, name = options.name] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int signal_number = 0;
    sigwait(&set, &signal_number);
    Log(LogLevel::kInfo, name, "stopping on signal " + std::to_string(signal_number));
    server.Stop();
  });
  server.Serve();
  // Serve may also return because Stop was called elsewhere: wake the waiter so it can end.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (on_stop) {
    on_stop();
  }
  return Ok();
}

}  // namespace dmboot::nf

#ifndef DMBOOT_NF_COMMON_SERVE_H_
#define DMBOOT_NF_COMMON_SERVE_H_

#include <functional>
#include <string>

#include "dmboot/core/result.h"
#include "nf/common/http.h"

namespace dmboot::nf {

// ServeOptions says where a network function listens and how it announces itself.
struct ServeOptions {
  std::string name;                 // "hss", "bsf", "dms", "device" (log component)
  std::string host = "127.0.0.1";   // loopback by default: nothing listens on other interfaces
  int port = 0;                     // 0 = an ephemeral port
  std::string port_file;            // when set, the bound port is written there (atomically)
};

// Serve binds `server`, prints "<name> listening on <host>:<port>" on stdout, writes the port
// file, and serves until SIGINT or SIGTERM; then it runs `on_stop` (after the server stopped
// taking requests) and returns. Fails with kIo when the address cannot be bound.
Result<void> Serve(HttpServer& server, const ServeOptions& options,
                   const std::function<void()>& on_stop = nullptr);

// WaitForStopSignal blocks SIGINT/SIGTERM in the calling thread and its future children threads;
// call it first thing in main-like entry points before starting threads. Serve uses it.
void BlockStopSignals();

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_COMMON_SERVE_H_

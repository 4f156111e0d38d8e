// `dmboot device serve`: the simulated device fleet (docs/network-functions.md "Device fleet"),
// issue #7.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/config_file.h"
#include "cli/io.h"
#include "nf/common/http.h"
#include "nf/common/serve.h"
#include "nf/device/device_server.h"
#include "nf/device/device_service.h"

namespace dmboot::cli {
namespace {

struct DeviceServeFlags {
  std::string config;
  std::string listen;
  std::string port_file;
};

Result<void> RunDeviceServe(const DeviceServeFlags& flags) {
  Result<nf::Json> parsed = ReadConfigObject(flags.config, 16u << 20);  // a fleet lists its devices
  if (!parsed) {
    return parsed.error();
  }
  nf::Json json = std::move(*parsed);
  // Flags override the configuration file.
  if (!flags.listen.empty()) {
    json["listen"] = flags.listen;
  }
  Result<nf::device::FleetConfig> config = nf::device::ParseFleetConfig(json);
  if (!config) {
    return Fail(config.error().code, "device configuration: " + config.error().message);
  }
  nf::ServeOptions options;
  options.name = "device";
  options.host = config->listen_host;
  options.port = config->listen_port;
  options.port_file = flags.port_file;
  return nf::device::RunFleet(*config, options);
}

const bool kRegistered = RegisterCommand("device", [](CLI::App& app) {
  CLI::App* device = app.add_subcommand("device", "Run a simulated device fleet");
  device->require_subcommand(1);
  auto f = std::make_shared<DeviceServeFlags>();
  CLI::App* serve = device->add_subcommand(
      "serve", "run N devices (one UDP socket each) and the status API until SIGINT/SIGTERM");
  serve->add_option("--config", f->config, "fleet configuration file (JSON, docs/network-functions.md)")
      ->required();
  serve->add_option("--listen", f->listen, "HOST:PORT of the status API (port 0 = ephemeral)");
  serve->add_option("--port-file", f->port_file, "write the bound port to this file");
  SetAction(serve, [f] { return RunDeviceServe(*f); });
});

}  // namespace
}  // namespace dmboot::cli

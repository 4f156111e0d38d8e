// `dmboot dms serve`: the DM server acting as NAF (docs/network-functions.md §DMS), issue #7.
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/config_file.h"
#include "cli/io.h"
#include "nf/common/http.h"
#include "nf/dms/dms_server.h"

namespace dmboot::cli {
namespace {

struct DmsServeFlags {
  std::string config;
  std::string listen;
  std::string db;
  std::string port_file;
  std::string bsf;
  std::string fqdn;
};

Result<void> RunDmsServe(const DmsServeFlags& flags) {
  nf::Json json = nf::Json::object();
  if (!flags.config.empty()) {
    Result<nf::Json> parsed = ReadConfigObject(flags.config);
    if (!parsed) {
      return parsed.error();
    }
    json = std::move(*parsed);
  }
  // Flags override the configuration file.
  if (!flags.listen.empty()) {
    json["listen"] = flags.listen;
  }
  if (!flags.db.empty()) {
    json["db"] = flags.db;
  }
  if (!flags.bsf.empty()) {
    json["bsf"] = flags.bsf;
  }
  if (!flags.fqdn.empty()) {
    json["fqdn"] = flags.fqdn;
  }
  Result<nf::dms::DmsServerConfig> config = nf::dms::ParseDmsConfig(json);
  if (!config) {
    return Fail(config.error().code, "dms configuration: " + config.error().message);
  }
  return nf::dms::RunDmsServer(*config, flags.port_file);
}

const bool kRegistered = RegisterCommand("dms", [](CLI::App& app) {
  CLI::App* dms = app.add_subcommand("dms", "Run the DM server acting as NAF");
  dms->require_subcommand(1);
  auto f = std::make_shared<DmsServeFlags>();
  CLI::App* serve = dms->add_subcommand(
      "serve", "serve the DMS HTTP API (bootstrap jobs, GPI reports, /dm) until SIGINT/SIGTERM");
  serve->add_option("--config", f->config, "configuration file (JSON, docs/network-functions.md)");
  serve->add_option("--listen", f->listen, "HOST:PORT to listen on (port 0 = ephemeral)");
  serve->add_option("--db", f->db, "SQLite database file");
  serve->add_option("--port-file", f->port_file, "write the bound port to this file");
  serve->add_option("--bsf", f->bsf, "the BSF's HOST:PORT");
  serve->add_option("--fqdn", f->fqdn, "the NAF's FQDN (NAF_Id = FQDN || Ua id)");
  SetAction(serve, [f] { return RunDmsServe(*f); });
});

}  // namespace
}  // namespace dmboot::cli

// `dmboot bsf serve`: the BSF (GBA Push Function, NAF authorization), issue #7;
// docs/network-functions.md "BSF".
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/config_file.h"
#include "cli/io.h"
#include "nf/bsf/bsf_server.h"
#include "nf/bsf/bsf_service.h"
#include "nf/common/http.h"
#include "nf/common/log.h"
#include "nf/common/serve.h"

namespace dmboot::cli {
namespace {

using nf::Json;

struct BsfFlags {
  std::string config;
  std::string listen;
  std::string db;
  std::string port_file;
  std::string hss;
};

Result<void> RunServe(const BsfFlags& flags) {
  std::string listen = "127.0.0.1:0";
  std::string db = "bsf.sqlite";
  std::string hss;
  Json nafs = Json::array();
  if (!flags.config.empty()) {
    Result<Json> parsed = ReadConfigObject(flags.config);
    if (!parsed) {
      return parsed.error();
    }
    const Json& config = *parsed;
    for (const auto& item : config.items()) {
      const std::string& k = item.key();
      if (k == "naf_authorizations") {
        nafs = item.value();
      } else if (k == "listen" || k == "db" || k == "hss") {
        if (!item.value().is_string()) {
          return Fail(ErrorCode::kInvalidArgument, "--config: " + k + " must be a string");
        }
        (k == "listen" ? listen : k == "db" ? db : hss) = item.value().get<std::string>();
      } else {
        return Fail(ErrorCode::kInvalidArgument, "--config: unknown key " + k);
      }
    }
  }
  if (!flags.listen.empty()) {
    listen = flags.listen;
  }
  if (!flags.db.empty()) {
    db = flags.db;
  }
  if (!flags.hss.empty()) {
    hss = flags.hss;
  }
  Result<std::pair<std::string, int>> bind = nf::ParseListenAddress(listen);
  if (!bind) {
    return Fail(ErrorCode::kInvalidArgument, "listen: " + bind.error().message);
  }
  if (hss.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "hss: the HSS address HOST:PORT is required (--hss or config)");
  }
  Result<std::pair<std::string, int>> hss_at = nf::ParseHostPort(hss);
  if (!hss_at) {
    return Fail(ErrorCode::kInvalidArgument, "hss: " + hss_at.error().message);
  }
  Result<std::vector<nf::bsf::NafAuthorization>> table = nf::bsf::ParseNafAuthorizations(nafs);
  if (!table) {
    return Fail(table.error().code, "--config: " + table.error().message);
  }
  Result<std::unique_ptr<nf::bsf::BsfStore>> store = nf::bsf::OpenBsfStore(db);
  if (!store) {
    return store.error();
  }
  nf::bsf::HttpZhClient zh(hss_at->first, hss_at->second);
  const size_t naf_count = table->size();
  Result<std::unique_ptr<nf::bsf::BsfService>> service =
      nf::bsf::BsfService::Create(std::move(*table), zh, **store);
  if (!service) {
    return service.error();
  }
  nf::HttpServer server;
  nf::bsf::AddBsfRoutes(server, **service);
  nf::ServeOptions options;
  options.name = "bsf";
  options.host = bind->first;
  options.port = bind->second;
  options.port_file = flags.port_file;
  nf::Log(nf::LogLevel::kInfo, "bsf",
          "database " + db + ", HSS at " + hss + ", " + std::to_string(naf_count) + " NAF(s) in the table");
  return nf::Serve(server, options);
}

const bool kRegistered = RegisterCommand("bsf", [](CLI::App& app) {
  CLI::App* bsf = app.add_subcommand("bsf", "Run the BSF (GBA Push Function, NAF authorization)");
  bsf->require_subcommand(1);
  auto f = std::make_shared<BsfFlags>();
  CLI::App* serve = bsf->add_subcommand("serve", "serve Nbsp_GBA push-info-retrieval over HTTP");
  serve->add_option("--config", f->config,
                    "config file (JSON: listen, db, hss, naf_authorizations)");
  serve->add_option("--listen", f->listen, "HOST:PORT (port 0 = ephemeral; default 127.0.0.1:0)");
  serve->add_option("--db", f->db, "SQLite database file (default bsf.sqlite)");
  serve->add_option("--port-file", f->port_file, "write the bound port to this file");
  serve->add_option("--hss", f->hss, "the HSS's HOST:PORT");
  SetAction(serve, [f] { return RunServe(*f); });
});

}  // namespace
}  // namespace dmboot::cli

// `dmboot hss serve|add|list|import`: the HSS (subscribers, authentication vectors), issue #7;
// docs/network-functions.md "HSS".
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/config_file.h"
#include "cli/io.h"
#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "nf/common/http.h"
#include "nf/common/log.h"
#include "nf/common/serve.h"
#include "nf/hss/hss_server.h"
#include "nf/hss/hss_service.h"

namespace dmboot::cli {
namespace {

using nf::Json;

struct HssFlags {
  std::string config;
  std::string listen;
  std::string db;
  std::string port_file;
  int mnc_digits = 0;  // 0: from the config file, else 2
};

// HssSettings is the config file with the flags applied over it.
struct HssSettings {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string db = "hss.sqlite";
  int mnc_digits = 2;
};

Result<HssSettings> LoadSettings(const HssFlags& flags) {
  HssSettings s;
  std::string listen = "127.0.0.1:0";
  if (!flags.config.empty()) {
    Result<Json> parsed = ReadConfigObject(flags.config);
    if (!parsed) {
      return parsed.error();
    }
    const Json& config = *parsed;
    for (const auto& item : config.items()) {
      if (item.key() != "listen" && item.key() != "db" && item.key() != "mnc_digits") {
        return Fail(ErrorCode::kInvalidArgument, "--config: unknown key " + item.key());
      }
    }
    if (config.contains("listen")) {
      if (!config["listen"].is_string()) {
        return Fail(ErrorCode::kInvalidArgument, "--config: listen must be a string HOST:PORT");
      }
      listen = config["listen"].get<std::string>();
    }
    if (config.contains("db")) {
      if (!config["db"].is_string()) {
        return Fail(ErrorCode::kInvalidArgument, "--config: db must be a string");
      }
      s.db = config["db"].get<std::string>();
    }
    if (config.contains("mnc_digits")) {
      if (!config["mnc_digits"].is_number_integer()) {
        return Fail(ErrorCode::kInvalidArgument, "--config: mnc_digits must be 2 or 3");
      }
      s.mnc_digits = config["mnc_digits"].get<int>();
    }
  }
  if (!flags.listen.empty()) {
    listen = flags.listen;
  }
  if (!flags.db.empty()) {
    s.db = flags.db;
  }
  if (flags.mnc_digits != 0) {
    s.mnc_digits = flags.mnc_digits;
  }
  Result<std::pair<std::string, int>> hp = nf::ParseListenAddress(listen);
  if (!hp) {
    return Fail(ErrorCode::kInvalidArgument, "listen: " + hp.error().message);
  }
  s.host = hp->first;
  s.port = hp->second;
  return s;
}

struct Opened {
  HssSettings settings;
  std::unique_ptr<nf::hss::HssStore> store;
  std::unique_ptr<nf::hss::HssService> service;
};

// OpenHss opens the store `s.db` names; kExisting for commands that only read it.
Result<Opened> OpenHss(const HssSettings& s, nf::OpenMode mode = nf::OpenMode::kCreate) {
  Result<std::unique_ptr<nf::hss::HssStore>> store = nf::hss::OpenHssStore(s.db, mode);
  if (!store) {
    return store.error();
  }
  Result<std::unique_ptr<nf::hss::HssService>> service =
      nf::hss::HssService::Create(nf::hss::HssConfig{s.mnc_digits}, **store);
  if (!service) {
    return service.error();
  }
  return Opened{s, std::move(*store), std::move(*service)};
}

// OpenHssFor opens the HSS that `flags` (and their --config) name.
Result<Opened> OpenHssFor(const HssFlags& flags, nf::OpenMode mode = nf::OpenMode::kCreate) {
  Result<HssSettings> s = LoadSettings(flags);
  if (!s) {
    return s.error();
  }
  return OpenHss(*s, mode);
}

Result<void> RunServe(const HssFlags& flags) {
  Result<Opened> hss = OpenHssFor(flags);
  if (!hss) {
    return hss.error();
  }
  nf::HttpServer server;
  nf::hss::AddHssRoutes(server, *hss->service);
  nf::ServeOptions options;
  options.name = "hss";
  options.host = hss->settings.host;
  options.port = hss->settings.port;
  options.port_file = flags.port_file;
  nf::Log(nf::LogLevel::kInfo, "hss", "database " + hss->settings.db);
  return nf::Serve(server, options);
}

struct AddFlags {
  HssFlags common;
  nf::hss::NewSubscriberText text;
};

void Wipe(std::string& s) {
  crypto::Cleanse(std::span<uint8_t>(reinterpret_cast<uint8_t*>(s.data()), s.size()));
}

Result<void> RunAdd(AddFlags& flags) {
  Result<nf::hss::NewSubscriber> subscriber = nf::hss::ParseNewSubscriber(flags.text);
  Wipe(flags.text.k);
  Wipe(flags.text.op);
  Wipe(flags.text.opc);
  if (!subscriber) {
    return Fail(subscriber.error().code, "--" + subscriber.error().message);
  }
  Result<Opened> hss = OpenHssFor(flags.common);
  if (!hss) {
    return hss.error();
  }
  Result<nf::hss::Provisioned> added = hss->service->Add(*subscriber);
  if (!added) {
    return added.error();
  }
  return WriteText("-", Json{{"imsi", added->imsi}, {"impi", added->impi}}.dump() + "\n");
}

Result<void> RunList(const HssFlags& flags) {
  Result<Opened> hss = OpenHssFor(flags, nf::OpenMode::kExisting);
  if (!hss) {
    return hss.error();
  }
  Result<std::vector<nf::hss::SubscriberInfo>> list = hss->service->List();
  if (!list) {
    return list.error();
  }
  Json out = Json::array();
  for (const nf::hss::SubscriberInfo& i : *list) {
    out.push_back(Json{{"imsi", i.imsi},
                       {"impi", i.impi},
                       {"msisdn", i.msisdn ? Json(*i.msisdn) : Json(nullptr)},
                       {"amf", HexEncode(i.amf.bytes)}});
  }
  return WriteText("-", Json{{"subscribers", std::move(out)}}.dump(2) + "\n");
}

struct ImportFlags {
  HssFlags common;
  std::string csv;
};

Result<void> RunImport(const ImportFlags& flags) {
  Result<HssSettings> s = LoadSettings(flags.common);
  if (!s) {
    return s.error();
  }
  Result<std::vector<uint8_t>> csv = ReadInput(flags.csv);
  if (!csv) {
    return csv.error();
  }
  Result<Opened> hss = OpenHss(*s);
  if (!hss) {
    return hss.error();
  }
  std::string text(csv->begin(), csv->end());
  crypto::Cleanse(*csv);
  Result<nf::hss::ImportReport> report = hss->service->ImportCsv(text);
  Wipe(text);
  if (!report) {
    return report.error();
  }
  Json rejected = Json::array();
  for (const nf::hss::ImportRejection& r : report->rejected) {
    rejected.push_back(Json{{"line", r.line}, {"error", r.error}});
  }
  Result<void> written =
      WriteText("-", Json{{"imported", report->imported}, {"rejected", rejected}}.dump() + "\n");
  if (!written) {
    return written;
  }
  if (!report->rejected.empty()) {
    return Fail(ErrorCode::kMalformed, std::to_string(report->rejected.size()) +
                                           " line(s) rejected, first at line " +
                                           std::to_string(report->rejected.front().line) + ": " +
                                           report->rejected.front().error);
  }
  return Ok();
}

void AddDbFlags(CLI::App* cmd, HssFlags& f) {
  cmd->add_option("--config", f.config, "config file (JSON: listen, db, mnc_digits)");
  cmd->add_option("--db", f.db, "store: sqlite:PATH or a SQLite file path (default hss.sqlite)");
  cmd->add_option("--mnc-digits", f.mnc_digits, "MNC length for the default IMPI (2 or 3)")
      ->check(CLI::IsMember({2, 3}));
}

const bool kRegistered = RegisterCommand("hss", [](CLI::App& app) {
  CLI::App* hss = app.add_subcommand("hss", "Run the HSS (subscribers, authentication vectors)");
  hss->require_subcommand(1);

  auto sf = std::make_shared<HssFlags>();
  CLI::App* serve = hss->add_subcommand("serve", "serve the provisioning and Zh API over HTTP");
  AddDbFlags(serve, *sf);
  serve->add_option("--listen", sf->listen, "HOST:PORT (port 0 = ephemeral; default 127.0.0.1:0)");
  serve->add_option("--port-file", sf->port_file, "write the bound port to this file");
  SetAction(serve, [sf] { return RunServe(*sf); });

  auto af = std::make_shared<AddFlags>();
  CLI::App* add = hss->add_subcommand("add", "provision one subscriber in the database");
  AddDbFlags(add, af->common);
  add->add_option("--imsi", af->text.imsi, "IMSI, 6 to 15 digits")->required();
  add->add_option("--k", af->text.k, "subscriber key K, 16 octets hex")->required();
  CLI::Option* op = add->add_option("--op", af->text.op, "operator variant OP, 16 octets hex");
  CLI::Option* opc = add->add_option("--opc", af->text.opc, "OPc, 16 octets hex");
  op->excludes(opc);
  add->add_option("--msisdn", af->text.msisdn, "MSISDN, digits");
  add->add_option("--amf", af->text.amf, "AMF, 2 octets hex (default 8000)");
  add->add_option("--sqn", af->text.sqn, "SQN_MS of the USIM, 6 octets hex (default 000000000000)");
  add->add_option("--impi", af->text.impi, "IMPI (default: TS 23.003 §13.3 from the IMSI)");
  SetAction(add, [af] { return RunAdd(*af); });

  auto lf = std::make_shared<HssFlags>();
  CLI::App* list = hss->add_subcommand("list", "list the subscribers (no keys)");
  AddDbFlags(list, *lf);
  SetAction(list, [lf] { return RunList(*lf); });

  auto imf = std::make_shared<ImportFlags>();
  CLI::App* import = hss->add_subcommand("import", "import subscribers from CSV (imsi,msisdn,k,opc,amf,sqn)");
  AddDbFlags(import, imf->common);
  import->add_option("CSV", imf->csv, "CSV file, - for stdin")->required();
  SetAction(import, [imf] { return RunImport(*imf); });
});

}  // namespace
}  // namespace dmboot::cli

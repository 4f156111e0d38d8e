// dmboot bootstrap build | extract: bootstrap documents from and to account files.
#include "cli/command.h"
#include "cli/io.h"
#include "dmboot/bootstrap/account.h"
#include "dmboot/bootstrap/bootstrap_document.h"
#include "dmboot/wbxml/decoder.h"

namespace dmboot::cli {
namespace {

void AddBootstrap(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("bootstrap", "Build bootstrap documents from an account file");
  cmd->require_subcommand(1);

  struct BuildFlags {
    std::string profile = "dm12";
    std::string account;
    std::string output = "-";
    bootstrap::MessageHeader header;
  };
  auto build = std::make_shared<BuildFlags>();
  CLI::App* b = cmd->add_subcommand("build", "Encode the bootstrap of ACCOUNT.json as WBXML 1.2");
  b->add_option("--profile", build->profile,
                "dm12 (Add to ./Inbox with an embedded TNDS: DM 1.2, the default), dm12-dmacc "
                "(Adds under ./DMAcc/<name>), dm11 (DM 1.1.2 ./SyncML/DMAcc) or cp (OMA CP w7)")
      ->check(CLI::IsMember({"dm12", "dm12-dmacc", "dm11", "cp"}))
      ->capture_default_str();
  b->add_option("--device-id", build->header.device_id, "SyncHdr Target, e.g. IMEI:490154203237518 (DM profiles)");
  b->add_option("--session-id", build->header.session_id, "SyncHdr SessionID (default 1)");
  b->add_option("--msg-id", build->header.msg_id, "SyncHdr MsgID (default 1)");
  b->add_option("ACCOUNT", build->account, "account description (JSON, docs/bootstrap.md)")->required();
  b->add_option("-o,--output", build->output, "output file ('-' = stdout, the default)");
  SetAction(b, [build]() -> Result<void> {
    Result<std::vector<uint8_t>> json = ReadInput(build->account, 1u << 20);
    if (!json) {
      return json.error();
    }
    Result<bootstrap::Account> account = bootstrap::ParseAccountJson(std::string(json->begin(), json->end()));
    if (!account) {
      return Fail(account.error().code, build->account + ": " + account.error().message);
    }
    Result<bootstrap::Profile> profile = bootstrap::ParseProfile(build->profile);
    if (!profile) {
      return profile.error();
    }
    Result<std::vector<uint8_t>> wbxml = bootstrap::BuildBootstrapWbxml(*account, *profile, build->header);
    if (!wbxml) {
      return wbxml.error();
    }
    return WriteOutput(build->output, *wbxml);
  });

  struct ExtractFlags {
    std::string input;
    std::string output = "-";
  };
  auto extract = std::make_shared<ExtractFlags>();
  CLI::App* e = cmd->add_subcommand("extract", "Print the account a WBXML bootstrap creates, as JSON");
  e->add_option("IN", extract->input, "WBXML bootstrap ('-' = stdin)")->required();
  e->add_option("-o,--output", extract->output, "output file ('-' = stdout, the default)");
  e->footer("The output holds the account's secrets: it is an account file.");
  SetAction(e, [extract]() -> Result<void> {
    Result<std::vector<uint8_t>> wbxml = ReadInput(extract->input);
    if (!wbxml) {
      return wbxml.error();
    }
    Result<wbxml::Document> doc = wbxml::Decode(*wbxml);
    if (!doc) {
      return doc.error();
    }
    Result<bootstrap::Account> account = bootstrap::ExtractAccount(*doc);
    if (!account) {
      return account.error();
    }
    return WriteText(extract->output, bootstrap::AccountToJson(*account));
  });
}

const bool kRegistered = RegisterCommand("bootstrap", AddBootstrap);

}  // namespace
}  // namespace dmboot::cli

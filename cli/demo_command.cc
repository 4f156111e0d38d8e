// dmboot demo: the end-to-end campaign on loopback (docs/network-functions.md §Demo).
#include "cli/command.h"
#include "nf/demo/demo.h"

namespace dmboot::cli {
namespace {

void AddDemo(CLI::App& app) {
  auto options = std::make_shared<nf::DemoOptions>();
  CLI::App* cmd = app.add_subcommand("demo", "Run the end-to-end campaign on loopback");
  cmd->add_option("--devices", options->devices, "fleet size, planted failures included (default 100)")
      ->check(CLI::Range(1, 20000));
  cmd->add_option("--workdir", options->workdir, "keep databases, configs and logs here (default: a temporary folder)");
  cmd->add_flag("--keep", options->keep, "keep the temporary folder");
  cmd->add_option("--timeout", options->timeout_s, "seconds for the whole campaign (default 120)")->check(CLI::Range(5, 3600));
  cmd->add_flag("!--no-progress", options->progress, "no progress line");
  cmd->add_option("--key-lifetime", options->key_lifetime_s, "NAF SA lifetime in seconds (default 3600)")
      ->check(CLI::Range(1, 86400));
  cmd->add_flag("!--no-planted-failures", options->plant_failures, "only devices meant to succeed");
  cmd->add_option("--dmboot", options->dmboot, "the dmboot executable to start (default: this one)");
  cmd->footer("Exits 0 only if every device meant to succeed is enrolled, every planted failure (wrong PIN, NAF "
              "not authorized, tampered push, unknown IMSI, lost SMS segment) failed for its reason, the SQN "
              "resync case succeeded, and no key or PIN appears in any log.");
  SetAction(cmd, [options]() { return nf::RunDemo(*options); });
}

const bool kRegistered = RegisterCommand("demo", AddDemo);

}  // namespace
}  // namespace dmboot::cli

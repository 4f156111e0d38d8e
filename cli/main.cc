// dmboot: the one command of the project. Each subcommand lives in its own file in cli/ and
// registers itself; a planned one that does not exist yet says so and exits non-zero
// (cli/command.h, cli/audit_command.cc).
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/command.h"
#include "cli/exit_code.h"

#ifndef DMBOOT_VERSION
#define DMBOOT_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  CLI::App app{"dmboot: secure OMA DM bootstrapping (WBXML, HMAC security, WAP Push, GBA Push)",
               "dmboot"};
  app.set_version_flag("--version", "dmboot " DMBOOT_VERSION);
  app.require_subcommand(1);

  dmboot::cli::AddRegisteredCommands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "dmboot: usage: %s (see dmboot --help)\n", e.what());
    return dmboot::cli::kExitUsage;
  }
  return dmboot::cli::LastExitCode();
}

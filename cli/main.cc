// dmboot: the one command of the project. Each subcommand lives in its own file in cli/; the
// planned ones that do not exist yet say so and exit non-zero (cli/command.h).
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/command.h"
#include "cli/exit_code.h"

#ifndef DMBOOT_VERSION
#define DMBOOT_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  using dmboot::cli::AddNotBuiltCommand;
  CLI::App app{"dmboot: secure OMA DM bootstrapping (WBXML, HMAC security, WAP Push, GBA Push)",
               "dmboot"};
  app.set_version_flag("--version", "dmboot " DMBOOT_VERSION);
  app.require_subcommand(1);

  // The planned subcommand tree (DESIGN §2). A built one registers itself from its own
  // cli/<name>_command.cc; the others stay visible and say they are not built yet.
  struct Planned {
    const char* name;
    const char* description;
    const char* issue;
  };
  const Planned planned[] = {
      {"wbxml", "Encode and decode WBXML (SyncML DM, DevInf, DDF, OMA CP)", "#3"},
      {"bootstrap", "Build bootstrap documents from an account file", "#4"},
      {"mac", "Compute the bootstrap HMAC for a security type", "#4"},
      {"sign", "Sign a bootstrap: print its Content-Type with SEC and MAC", "#4"},
      {"verify", "Verify a received bootstrap as a device does", "#4"},
      {"push", "Encode, decode and verify WAP Push (WSP over SMS or UDP)", "#5"},
      {"gba", "Milenage, the TS 33.220 KDF and GBA Push Info tools", "#6"},
      {"hss", "Run the HSS (subscribers, authentication vectors)", "#7"},
      {"bsf", "Run the BSF (GBA Push Function, NAF authorization)", "#7"},
      {"dms", "Run the DM server acting as NAF", "#7"},
      {"device", "Run a simulated device fleet", "#7"},
      {"demo", "Run the end-to-end campaign on loopback", "#7"},
      {"audit", "Audit captured pushes (e.g. recover a USERPIN offline)", "later"},
  };
  for (const Planned& p : planned) {
    if (const dmboot::cli::AddCommandFn* add = dmboot::cli::FindCommand(p.name)) {
      (*add)(app);
    } else {
      AddNotBuiltCommand(app, p.name, p.description, p.issue);
    }
  }

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

// dmboot: the one command of the project. Each subcommand lives in its own file in cli/ and
// registers itself; a planned one that does not exist yet says so and exits non-zero
// (cli/command.h, cli/audit_command.cc).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_code.h"

#ifndef DMBOOT_VERSION
#define DMBOOT_VERSION "unknown"
#endif

namespace {

// CommandPath is how the user typed `command`: "dmboot push encode".
std::string CommandPath(const CLI::App* command) {
  std::string path = command->get_name();
  for (const CLI::App* parent = command->get_parent(); parent != nullptr; parent = parent->get_parent()) {
    path = parent->get_name() + " " + path;
  }
  return path;
}

// DeepestParsed is the last subcommand the parser entered: the one a usage error is about, and
// whose --help says what it takes.
const CLI::App* DeepestParsed(const CLI::App* app) {
  while (!app->get_subcommands().empty()) {
    app = app->get_subcommands().back();
  }
  return app;
}

// SubcommandNames lists the subcommands of `command` ("encode, decode, verify"); option groups
// are unnamed subcommands in CLI11 and are left out.
std::string SubcommandNames(const CLI::App* command) {
  std::string names;
  for (const CLI::App* sub : command->get_subcommands([](const CLI::App* s) { return !s->get_name().empty(); })) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  return names;
}

// UsageMessage words a parse error for the user: what is wrong, and the --help of the subcommand
// it is about (not the top-level help). A word where a subcommand was required is named as an
// unknown subcommand, instead of CLI11's "A subcommand is required".
std::string UsageMessage(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App* where = DeepestParsed(&app);
  const std::string path = CommandPath(where);
  const std::string see = "; see " + path + " --help";
  if (where->get_require_subcommand_min() > 0 && where->get_subcommands().empty()) {
    for (const std::string& word : where->remaining()) {
      if (!word.empty() && word[0] != '-') {
        return "unknown subcommand '" + word + "' of '" + path + "'" + see;
      }
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
      return "'" + path + "' needs a subcommand (" + SubcommandNames(where) + ")" + see;
    }
  }
  return e.what() + see;
}

}  // namespace

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
    std::string line = UsageMessage(app, e);
    for (char& c : line) {
      if (c == '\n' || c == '\r') {
        c = ' ';  // one line, always
      }
    }
    std::fprintf(stderr, "dmboot: usage: %s\n", line.c_str());
    return dmboot::cli::kExitUsage;
  }
  return dmboot::cli::LastExitCode();
}

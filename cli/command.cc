#include "cli/command.h"

#include <map>

#include "cli/exit_code.h"

namespace dmboot::cli {
namespace {

int g_exit_code = kExitOk;

std::map<std::string, AddCommandFn>& Registry() {
  static std::map<std::string, AddCommandFn> registry;  // built on first use: init-order safe
  return registry;
}

}  // namespace

void SetAction(CLI::App* command, Action action) {
  command->callback([action = std::move(action)] {
    Result<void> result = action();
    if (!result) {
      g_exit_code = ReportError(result.error());
    }
  });
}

int LastExitCode() { return g_exit_code; }

bool RegisterCommand(const std::string& name, AddCommandFn add) {
  return Registry().emplace(name, std::move(add)).second;
}

void AddRegisteredCommands(CLI::App& app) {
  for (const auto& [name, add] : Registry()) {
    add(app);
  }
}

void AddNotBuiltCommand(CLI::App& app, const std::string& name, const std::string& description,
                        const std::string& issue) {
  CLI::App* command = app.add_subcommand(name, description + " [not built yet]");
  command->allow_extras();
  SetAction(command, [name, issue]() -> Result<void> {
    return Fail(ErrorCode::kUnsupported,
                "`dmboot " + name + "` is not built yet (planned in issue " + issue + ")");
  });
}

}  // namespace dmboot::cli

#ifndef DMBOOT_CLI_COMMAND_H_
#define DMBOOT_CLI_COMMAND_H_

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "dmboot/core/result.h"

namespace dmboot::cli {

// Action is what a subcommand does once its flags are parsed. Its error becomes one line on
// stderr and the exit code of ExitCodeFor.
using Action = std::function<Result<void>()>;

// SetAction makes `action` the callback of `command`.
void SetAction(CLI::App* command, Action action);

// LastExitCode returns the exit code of the action that ran (0 if none failed).
int LastExitCode();

// AddCommandFn adds one built subcommand (with its flags and action) to the top-level app.
using AddCommandFn = std::function<void(CLI::App& app)>;

// RegisterCommand records the subcommand `name`. Each cli/<name>_command.cc calls it from a
// namespace-scope initializer (`const bool kRegistered = RegisterCommand(...)`), so adding a
// subcommand touches no shared file: the registry is the one list of subcommands.
bool RegisterCommand(const std::string& name, AddCommandFn add);

// AddRegisteredCommands adds every registered subcommand to `app`, in name order.
void AddRegisteredCommands(CLI::App& app);

// AddNotBuiltCommand adds a planned subcommand that is not implemented yet (its AddCommandFn
// calls it): it accepts any arguments, says so on stderr and exits with kExitUnsupported. Never a
// fake success.
void AddNotBuiltCommand(CLI::App& app, const std::string& name, const std::string& description,
                        const std::string& issue);

}  // namespace dmboot::cli

#endif  // DMBOOT_CLI_COMMAND_H_

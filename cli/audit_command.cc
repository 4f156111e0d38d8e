// dmboot audit: planned (an operator-facing audit of captured pushes, e.g. recovering a USERPIN
// offline from one captured push). Registered so that it shows in --help, marked not built.
#include "cli/command.h"

namespace dmboot::cli {
namespace {

const bool kRegistered = RegisterCommand("audit", [](CLI::App& app) {
  AddNotBuiltCommand(app, "audit", "Audit captured pushes (e.g. recover a USERPIN offline)",
                     "later");
});

}  // namespace
}  // namespace dmboot::cli

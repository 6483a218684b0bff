#pragma once
// Runs a parsed command with real parts (SQLite, the system clock, the HTTP
// server) and returns the process exit code: 0 success, 1 failure, 2 bad
// input such as an invalid configuration. Messages go to stderr, one clear
// sentence naming the file, key, flag or directory at fault.

#include "cli/command_line.hpp"

namespace civicpost::app {

int RunCommand(const cli::Command& command);

}  // namespace civicpost::app

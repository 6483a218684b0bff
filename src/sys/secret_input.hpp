#pragma once
// Reading a password for the CLI without putting it on the command line
// (where `ps` would show it): from a file, or from standard input with echo
// switched off when it is a terminal.

#include <optional>
#include <string>

#include "core/result.hpp"

namespace civicpost::sys {

Result<std::string> ReadSecret(const std::optional<std::string>& file, const std::string& prompt);

}  // namespace civicpost::sys

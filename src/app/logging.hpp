#pragma once
// Logs as JSON lines on stderr: {"time":..., "level":..., "msg":...}, one
// object per line, so journald, Loki or jq can read them.

#include <string>

#include "core/result.hpp"

namespace civicpost::app {

// `level`: trace, debug, info, warn, error, off.
Status SetUpLogging(const std::string& level);

}  // namespace civicpost::app

#pragma once
// The public site's commands: `export-site` and `impressum check`.

#include "cli/command_line.hpp"

namespace civicpost::app {

int ExportSite(const cli::ExportSiteCommand& cmd);
int ImpressumCheck(const cli::ImpressumCheckCommand& cmd);

}  // namespace civicpost::app

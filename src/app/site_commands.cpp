#include "app/site_commands.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/exit_codes.hpp"
#include "app/workspace.hpp"
#include "store/repositories.hpp"
#include "sys/curl_http_client.hpp"
#include "sys/system_clock.hpp"
#include "web/bio_link_check.hpp"
#include "web/public_site.hpp"
#include "web/templates.hpp"

namespace civicpost::app {

// The export is written beside `dir` and swapped in only when complete, so a
// full disk or a killed process leaves the previous export as it was. A
// directory that is not an earlier export is never replaced.
int ExportSite(const cli::ExportSiteCommand& cmd) {
  namespace fs = std::filesystem;
  constexpr const char* kMarker = ".civicpost-export";
  const fs::path dir = fs::absolute(cmd.dir).lexically_normal();
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec) && !fs::exists(dir / kMarker, ec)) {
    return Fail(cmd.dir + ": the directory holds other files, not an earlier export (no " +
                    kMarker + "); choose an empty or new directory",
                kBadInput);
  }
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  store::Repositories repos(clock);
  web::Templates templates;
  web::PublicSite site(*work->db, repos, templates, work->config.data_dir, clock, std::nullopt,
                       {.base_url = work->config.public_base_url()});
  const fs::path staging = dir.string() + ".partial-" + std::to_string(getpid());
  const fs::path previous = dir.string() + ".previous-" + std::to_string(getpid());
  fs::remove_all(staging, ec);
  // Published pages, for a web server that runs as its own user: readable by all.
  const mode_t umask_before = ::umask(022);
  auto written = site.ExportTo(staging);
  ::umask(umask_before);
  if (written) {
    std::ofstream marker(staging / kMarker);
    marker << "civicpost export-site\n";
  }
  if (!written) {
    fs::remove_all(staging, ec);
    return Fail(cmd.dir + ": " + written.error().message);
  }
  if (fs::exists(dir, ec)) fs::rename(dir, previous, ec);
  if (!ec) fs::rename(staging, dir, ec);
  if (ec) {
    if (fs::exists(previous)) fs::rename(previous, dir, ec);
    fs::remove_all(staging, ec);
    return Fail(cmd.dir + ": cannot move the export into place: " + ec.message());
  }
  fs::remove_all(previous, ec);
  std::cout << *written << " Dateien nach " << dir.string() << " geschrieben / files written\n";
  return 0;
}

int ImpressumCheck(const cli::ImpressumCheckCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  store::Repositories repos(clock);
  sys::CurlHttpClient http;
  web::BioLinkCheck check(*work->db, repos, clock, http);
  auto report = check.Run(Actor::Cli());
  if (!report) return Fail(report.error());
  std::cout << web::FormatBioLinkReport(*report);
  return report->all_ok() ? 0 : kFailure;
}

}  // namespace civicpost::app

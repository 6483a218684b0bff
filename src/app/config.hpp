#pragma once
// The service's own configuration (civicpost.toml), separate from an
// authority's usage concept. Precedence, lowest first: built-in defaults,
// the file, environment variables, command-line flags.
//
//   [server]                       environment
//   listen = "127.0.0.1:8080"      CIVICPOST_LISTEN
//   threads = 2                    CIVICPOST_THREADS
//   [storage]
//   data_dir = "var"               CIVICPOST_DATA_DIR
//   [log]
//   level = "info"                 CIVICPOST_LOG_LEVEL

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "cli/command_line.hpp"
#include "core/result.hpp"
#include "media/upload_checks.hpp"

namespace civicpost::app {

struct Config {
  std::string listen_address = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 2;
  std::filesystem::path data_dir = "var";
  std::string log_level = "info";
  // Staff sessions: idle and absolute timeouts, and whether cookies are
  // always Secure (else only when a proxy says the request came over TLS).
  int session_idle_minutes = 60;
  int session_max_hours = 12;
  bool secure_cookies = false;
  // [media]: what an upload may weigh, how many pixels it may claim, and the
  // age from which a minor's own consent is needed beside their parents'.
  int max_upload_mb = 100;
  int max_megapixels = 100;
  int own_consent_age = 14;
  std::string source = "built-in defaults";  // for the start-up log line

  std::filesystem::path database_path() const { return data_dir / "civicpost.db"; }
};

// [media] as the media library's limits, for the server and `media import`.
media::UploadLimits UploadLimitsOf(const Config& config);

// Reads --config (which must exist) or ./civicpost.toml (if present), then
// the environment, then `location.data_dir` and `listen`. Errors name the
// file with line and column, or the variable or flag.
Result<Config> LoadConfig(const cli::Location& location,
                          const std::optional<std::string>& listen = std::nullopt);

// "127.0.0.1:8080" or "[::1]:8080"; an address is required (0.0.0.0 listens
// on all interfaces, which should sit behind a reverse proxy with TLS).
// `what` names the source in the error.
Status ParseListen(std::string_view text, std::string_view what, Config& config);

}  // namespace civicpost::app

#pragma once
// The service's own configuration (civicpost.toml), separate from an
// authority's usage concept. Precedence, lowest first: built-in defaults,
// the file, environment variables, command-line flags.
//
//   [server]                       environment
//   listen = "127.0.0.1:8080"      CIVICPOST_LISTEN
//   threads = 2                    CIVICPOST_THREADS
//   public_url = "https://..."     CIVICPOST_PUBLIC_URL (where the platform fetches media)
//   [storage]
//   data_dir = "var"               CIVICPOST_DATA_DIR
//   key_file = "/etc/civicpost/secrets.key"   CIVICPOST_KEY_FILE (seals tokens; outside
//                                  the data directory; default "<data_dir>-secrets.key")
//   [webhooks]
//   verify_token = "..."           CIVICPOST_WEBHOOK_VERIFY_TOKEN (as set in Meta's dashboard)
//   app_secret_file = "..."        CIVICPOST_WEBHOOK_SECRET_FILE (the app secret that signs)
//   [instagram]                    (Business Login: staff connect channels in the app)
//   app_id = "..."                 CIVICPOST_INSTAGRAM_APP_ID (the Instagram app's id)
//   app_secret_file = "..."        CIVICPOST_INSTAGRAM_APP_SECRET_FILE (also checks webhooks
//                                  when [webhooks] app_secret_file is not set)
//   authorize_url, token_url, api_base_url   Meta's by default; a proxy or sandbox otherwise
//   [mail]                         (complaint deadline reminders; without smtp_url
//                                  they are shown on the dashboard only)
//   smtp_url = "smtp://mail.example.org:587"   CIVICPOST_SMTP_URL (smtps:// for TLS
//                                  from the start)
//   from = "civicpost <civicpost@example.org>" CIVICPOST_MAIL_FROM
//   username = "civicpost"         CIVICPOST_SMTP_USERNAME
//   password_file = "..."          CIVICPOST_SMTP_PASSWORD_FILE (read at start)
//   starttls = "required" | "off"  CIVICPOST_SMTP_STARTTLS; smtp:// requires STARTTLS
//                                  unless the server is on loopback (there: off);
//                                  "off" with a password only on loopback
//   [log]
//   level = "info"                 CIVICPOST_LOG_LEVEL

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "channels/instagram/business_login.hpp"
#include "cli/command_line.hpp"
#include "core/result.hpp"
#include "media/upload_checks.hpp"
#include "sys/curl_mailer.hpp"

namespace civicpost::app {

// [mail]: where the complaint deadline reminders go out.
struct MailConfig {
  std::string smtp_url{};  // empty: no mail
  std::string from{};      // required with smtp_url
  std::string username{};  // with password_file: SMTP AUTH
  std::filesystem::path password_file{};
  sys::StartTls starttls = sys::StartTls::kRequired;  // resolved: sys::DefaultStartTls()

  bool configured() const { return !smtp_url.empty(); }
};

struct Config {
  std::string listen_address = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 2;
  std::filesystem::path data_dir = "var";
  std::filesystem::path key_file{};  // empty: secrets_key_file()'s default
  std::string public_url{};          // empty: public_base_url()'s default
  // [webhooks]; without both the webhook endpoint refuses every delivery.
  std::string webhook_verify_token{};
  std::filesystem::path webhook_secret_file{};
  std::string webhook_secret{};  // not from the file: `serve --sandbox` sets its own
  // [instagram]: the app staff sign in with to connect a channel; its
  // secret is read from the file when the server starts.
  channels::instagram::LoginSettings instagram{};
  std::filesystem::path instagram_secret_file{};
  MailConfig mail{};
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
  // The key that seals channel tokens: key_file, or "<data_dir>-secrets.key"
  // beside the data directory (never inside it).
  std::filesystem::path secrets_key_file() const;
  // The address the platform reaches the public site at: public_url, or
  // the listening address for a test on one machine.
  std::string public_base_url() const;
};

// [media] as the media library's limits, for the server and `media import`.
media::UploadLimits UploadLimitsOf(const Config& config);

// Reads --config (which must exist) or ./civicpost.toml (if present), then
// the environment, then `location.data_dir` and `listen`. Errors name the
// file with line and column, or the variable or flag.
Result<Config> LoadConfig(const cli::Location& location,
                          const std::optional<std::string>& listen = std::nullopt);

// `given` if set, else the secret in `file` if one is named, else empty;
// errors name the `setting` ("instagram.app_secret_file").
Result<std::string> SecretOf(const std::string& given, const std::filesystem::path& file,
                             std::string_view setting);

// "127.0.0.1:8080" or "[::1]:8080"; an address is required (0.0.0.0 listens
// on all interfaces, which should sit behind a reverse proxy with TLS).
// `what` names the source in the error.
Status ParseListen(std::string_view text, std::string_view what, Config& config);

}  // namespace civicpost::app

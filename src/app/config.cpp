#include "app/config.hpp"

#include <charconv>
#include <cstdlib>

#include "concept/toml_document.hpp"
#include "sys/secret_input.hpp"

namespace civicpost::app {
namespace {

const usage::TableSpec& ConfigSchema() {
  using namespace usage::spec;
  static const usage::TableSpec kSchema{{
      Table("server", {String("listen").Optional().NonEmpty(), Integer("threads", 1, 64).Optional(),
                       String("public_url").Optional().NonEmpty()})
          .Optional(),
      Table("storage",
            {String("data_dir").Optional().NonEmpty(), String("key_file").Optional().NonEmpty()})
          .Optional(),
      Table("sessions",
            {Integer("idle_minutes", 5, 480).Optional(), Integer("max_hours", 1, 24).Optional(),
             Boolean("secure_cookies").Optional()})
          .Optional(),
      Table("media", {Integer("max_upload_mb", 1, 2048).Optional(),
                      Integer("max_megapixels", 1, 1000).Optional(),
                      Integer("own_consent_age", 7, 18).Optional()})
          .Optional(),
      Table("webhooks", {String("verify_token").Optional().NonEmpty(),
                         String("app_secret_file").Optional().NonEmpty()})
          .Optional(),
      Table(
          "instagram",
          {String("app_id").Optional().NonEmpty(), String("app_secret_file").Optional().NonEmpty(),
           String("authorize_url").Optional().NonEmpty(), String("token_url").Optional().NonEmpty(),
           String("api_base_url").Optional().NonEmpty()})
          .Optional(),
      Table("mail", {String("smtp_url").Optional().NonEmpty(), String("from").Optional().NonEmpty(),
                     String("username").Optional().NonEmpty(),
                     String("password_file").Optional().NonEmpty(),
                     Enum("starttls", {"required", "off"}).Optional()})
          .Optional(),
      Table("log", {Enum("level", {"trace", "debug", "info", "warn", "error", "off"}).Optional()})
          .Optional(),
  }};
  return kSchema;
}

std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

// A path from the file, relative to the file (so the service does not
// depend on its working directory).
std::filesystem::path NextTo(const std::filesystem::path& file, const std::string& path) {
  return std::filesystem::path(path).is_absolute() ? std::filesystem::path(path)
                                                   : file.parent_path() / path;
}

// [mail] once file and environment are read: complete, and never a
// password in clear across the network. `starttls` is the setting given
// ("required", "off"), empty for the default.
Status ResolveMail(MailConfig& mail, const std::string& starttls) {
  if (!mail.configured()) {
    if (!mail.from.empty() || !mail.username.empty() || !mail.password_file.empty()) {
      return InvalidArgument(
          "mail: smtp_url is missing (CIVICPOST_SMTP_URL); from, username "
          "and password_file need the server to send to");
    }
    return Status::Ok();
  }
  if (!mail.smtp_url.starts_with("smtp://") && !mail.smtp_url.starts_with("smtps://")) {
    return InvalidArgument("mail.smtp_url: '" + mail.smtp_url +
                           "' is not an smtp:// or smtps:// address");
  }
  if (mail.from.empty()) {
    return InvalidArgument("mail.from: the sender's address is missing (CIVICPOST_MAIL_FROM)");
  }
  if (mail.username.empty() != mail.password_file.empty()) {
    return InvalidArgument("mail: username and password_file go together");
  }
  if (!starttls.empty() && starttls != "off" && starttls != "required") {
    return InvalidArgument("CIVICPOST_SMTP_STARTTLS: '" + starttls +
                           "' is not \"required\" or \"off\"");
  }
  mail.starttls = starttls.empty()    ? sys::DefaultStartTls(mail.smtp_url)
                  : starttls == "off" ? sys::StartTls::kOff
                                      : sys::StartTls::kRequired;
  const bool in_clear =
      mail.smtp_url.starts_with("smtp://") && mail.starttls == sys::StartTls::kOff;
  if (in_clear && !mail.username.empty() && !sys::IsLoopbackUrl(mail.smtp_url)) {
    return InvalidArgument("mail.starttls: \"off\" would send the password to '" + mail.smtp_url +
                           "' in clear; only a server on this machine may go without TLS");
  }
  return Status::Ok();
}

}  // namespace

media::UploadLimits UploadLimitsOf(const Config& config) {
  media::UploadLimits limits;
  limits.max_bytes = int64_t{config.max_upload_mb} * 1024 * 1024;
  limits.max_pixels = int64_t{config.max_megapixels} * 1'000'000;
  return limits;
}

Result<std::string> SecretOf(const std::string& given, const std::filesystem::path& file,
                             std::string_view setting) {
  if (!given.empty() || file.empty()) return given;
  auto secret = sys::ReadSecret(file.string(), "");
  if (!secret) {
    return Error{secret.error().code, std::string(setting) + ": " + secret.error().message};
  }
  return *secret;
}

Status ParseListen(std::string_view text, std::string_view what, Config& config) {
  const auto bad = [&](const std::string& why) {
    return InvalidArgument(std::string(what) + ": '" + std::string(text) + "' " + why +
                           " (expected ADDRESS:PORT, e.g. 127.0.0.1:8080)");
  };
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad("has no port");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  int port = -1;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return bad("has no valid port number");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return bad("has no address");
  config.listen_address = std::string(host);
  config.port = static_cast<uint16_t>(port);
  return Status::Ok();
}

Result<Config> LoadConfig(const cli::Location& location, const std::optional<std::string>& listen) {
  Config config;
  std::string starttls;  // [mail] starttls as given; empty: by the URL
  std::optional<std::filesystem::path> file;
  if (location.config_file) {
    file = *location.config_file;
  } else if (std::filesystem::exists("civicpost.toml")) {
    file = "civicpost.toml";
  }
  if (file) {
    usage::TomlDocument doc = usage::LoadTomlFile(*file, ConfigSchema());
    if (!doc.ok()) return InvalidArgument(usage::FormatDiagnostics(doc.diagnostics));
    const toml::table& t = *doc.table;
    if (auto value = t["server"]["listen"].value<std::string>()) {
      Status s = ParseListen(*value, file->string() + ": server.listen", config);
      if (!s.ok()) return s.error();
    }
    config.threads = static_cast<int>(t["server"]["threads"].value_or(int64_t{config.threads}));
    if (auto dir = t["storage"]["data_dir"].value<std::string>()) {
      config.data_dir = NextTo(*file, *dir);
    }
    if (auto key = t["storage"]["key_file"].value<std::string>()) {
      config.key_file = NextTo(*file, *key);
    }
    config.public_url = t["server"]["public_url"].value_or(config.public_url);
    config.webhook_verify_token =
        t["webhooks"]["verify_token"].value_or(config.webhook_verify_token);
    if (auto secret = t["webhooks"]["app_secret_file"].value<std::string>()) {
      config.webhook_secret_file = NextTo(*file, *secret);
    }
    config.instagram.app_id = t["instagram"]["app_id"].value_or(config.instagram.app_id);
    if (auto secret = t["instagram"]["app_secret_file"].value<std::string>()) {
      config.instagram_secret_file = NextTo(*file, *secret);
    }
    for (auto [key, url] : {std::pair{"authorize_url", &config.instagram.authorize_url},
                            std::pair{"token_url", &config.instagram.token_url},
                            std::pair{"api_base_url", &config.instagram.api_base_url}}) {
      *url = t["instagram"][key].value_or(*url);
      // The app secret and the codes travel there: plain http only on this machine.
      const bool loopback = url->starts_with("http://127.0.0.1") ||
                            url->starts_with("http://localhost") ||
                            url->starts_with("http://[::1]");
      if (!url->starts_with("https://") && !loopback) {
        return InvalidArgument(file->string() + ": instagram." + key + ": '" + *url +
                               "' is not an https:// address (http only on 127.0.0.1)");
      }
    }
    config.mail.smtp_url = t["mail"]["smtp_url"].value_or(config.mail.smtp_url);
    config.mail.from = t["mail"]["from"].value_or(config.mail.from);
    config.mail.username = t["mail"]["username"].value_or(config.mail.username);
    if (auto secret = t["mail"]["password_file"].value<std::string>()) {
      config.mail.password_file = NextTo(*file, *secret);
    }
    starttls = t["mail"]["starttls"].value_or(starttls);
    config.log_level = t["log"]["level"].value_or(config.log_level);
    config.session_idle_minutes = static_cast<int>(
        t["sessions"]["idle_minutes"].value_or(int64_t{config.session_idle_minutes}));
    config.session_max_hours =
        static_cast<int>(t["sessions"]["max_hours"].value_or(int64_t{config.session_max_hours}));
    config.secure_cookies = t["sessions"]["secure_cookies"].value_or(config.secure_cookies);
    config.max_upload_mb =
        static_cast<int>(t["media"]["max_upload_mb"].value_or(int64_t{config.max_upload_mb}));
    config.max_megapixels =
        static_cast<int>(t["media"]["max_megapixels"].value_or(int64_t{config.max_megapixels}));
    config.own_consent_age =
        static_cast<int>(t["media"]["own_consent_age"].value_or(int64_t{config.own_consent_age}));
    config.source = file->string();
  }

  if (auto value = Env("CIVICPOST_LISTEN")) {
    Status s = ParseListen(*value, "CIVICPOST_LISTEN", config);
    if (!s.ok()) return s.error();
  }
  if (auto value = Env("CIVICPOST_THREADS")) {
    int threads = 0;
    auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), threads);
    if (ec != std::errc() || ptr != value->data() + value->size() || threads < 1 || threads > 64) {
      return InvalidArgument("CIVICPOST_THREADS: '" + *value + "' is not a number from 1 to 64");
    }
    config.threads = threads;
  }
  if (auto value = Env("CIVICPOST_DATA_DIR")) config.data_dir = *value;
  if (auto value = Env("CIVICPOST_LOG_LEVEL")) config.log_level = *value;
  if (auto value = Env("CIVICPOST_KEY_FILE")) config.key_file = *value;
  if (auto value = Env("CIVICPOST_PUBLIC_URL")) config.public_url = *value;
  if (auto value = Env("CIVICPOST_WEBHOOK_VERIFY_TOKEN")) config.webhook_verify_token = *value;
  if (auto value = Env("CIVICPOST_WEBHOOK_SECRET_FILE")) config.webhook_secret_file = *value;
  if (auto value = Env("CIVICPOST_INSTAGRAM_APP_ID")) config.instagram.app_id = *value;
  if (auto value = Env("CIVICPOST_INSTAGRAM_APP_SECRET_FILE")) {
    config.instagram_secret_file = *value;
  }
  if (auto value = Env("CIVICPOST_SMTP_URL")) config.mail.smtp_url = *value;
  if (auto value = Env("CIVICPOST_MAIL_FROM")) config.mail.from = *value;
  if (auto value = Env("CIVICPOST_SMTP_USERNAME")) config.mail.username = *value;
  if (auto value = Env("CIVICPOST_SMTP_PASSWORD_FILE")) config.mail.password_file = *value;
  if (auto value = Env("CIVICPOST_SMTP_STARTTLS")) starttls = *value;
  if (Status s = ResolveMail(config.mail, starttls); !s.ok()) return s.error();

  if (location.data_dir) config.data_dir = *location.data_dir;
  if (listen) {
    Status s = ParseListen(*listen, "--listen", config);
    if (!s.ok()) return s.error();
  }
  while (config.public_url.ends_with('/')) config.public_url.pop_back();
  if (!config.public_url.empty() && !config.public_url.starts_with("https://") &&
      !config.public_url.starts_with("http://")) {
    return InvalidArgument("server.public_url: '" + config.public_url +
                           "' must start with https:// (or http:// for a test)");
  }
  return config;
}

std::filesystem::path Config::secrets_key_file() const {
  if (!key_file.empty()) return key_file;
  const std::filesystem::path dir = std::filesystem::absolute(data_dir).lexically_normal();
  const std::string name =
      dir.has_filename() ? dir.filename().string() : dir.parent_path().filename().string();
  return (dir.has_filename() ? dir.parent_path() : dir.parent_path().parent_path()) /
         (name + "-secrets.key");
}

std::string Config::public_base_url() const {
  if (!public_url.empty()) return public_url;
  const bool ipv6 = listen_address.find(':') != std::string::npos;
  const std::string host = listen_address == "0.0.0.0" ? "127.0.0.1" : listen_address;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace civicpost::app

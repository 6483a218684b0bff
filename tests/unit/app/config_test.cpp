#include "app/config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace civicpost::app {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("civicpost-config-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    for (const char* name :
         {"CIVICPOST_LISTEN", "CIVICPOST_DATA_DIR", "CIVICPOST_LOG_LEVEL", "CIVICPOST_THREADS",
          "CIVICPOST_SMTP_URL", "CIVICPOST_MAIL_FROM", "CIVICPOST_SMTP_USERNAME",
          "CIVICPOST_SMTP_PASSWORD_FILE", "CIVICPOST_SMTP_STARTTLS"}) {
      unsetenv(name);
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& text) {
    const auto path = dir_ / "civicpost.toml";
    std::ofstream(path) << text;
    return path.string();
  }

  std::filesystem::path dir_;
};

TEST_F(ConfigTest, FileThenEnvironmentThenFlags) {
  cli::Location location;
  location.config_file = Write(
      "[server]\nlisten = \"127.0.0.1:9000\"\nthreads = 4\n"
      "[storage]\ndata_dir = \"daten\"\n[log]\nlevel = \"warn\"\n");
  auto from_file = LoadConfig(location);
  ASSERT_TRUE(from_file) << from_file.error().message;
  EXPECT_EQ(from_file->port, 9000);
  EXPECT_EQ(from_file->threads, 4);
  EXPECT_EQ(from_file->data_dir, dir_ / "daten");  // relative to the file
  EXPECT_EQ(from_file->log_level, "warn");

  setenv("CIVICPOST_LISTEN", "127.0.0.2:9100", 1);
  setenv("CIVICPOST_DATA_DIR", "/srv/civicpost", 1);
  auto from_env = LoadConfig(location);
  ASSERT_TRUE(from_env);
  EXPECT_EQ(from_env->listen_address, "127.0.0.2");
  EXPECT_EQ(from_env->port, 9100);
  EXPECT_EQ(from_env->data_dir, "/srv/civicpost");

  location.data_dir = "/var/lib/civicpost";
  auto from_flags = LoadConfig(location, std::string("[::1]:9200"));
  ASSERT_TRUE(from_flags);
  EXPECT_EQ(from_flags->listen_address, "::1");
  EXPECT_EQ(from_flags->port, 9200);
  EXPECT_EQ(from_flags->data_dir, "/var/lib/civicpost");
}

TEST_F(ConfigTest, SessionSettingsHaveSafeDefaultsAndBounds) {
  cli::Location location;
  location.config_file = Write("[log]\nlevel = \"info\"\n");
  auto defaults = LoadConfig(location);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->session_idle_minutes, 60);
  EXPECT_EQ(defaults->session_max_hours, 12);
  EXPECT_FALSE(defaults->secure_cookies);

  location.config_file =
      Write("[sessions]\nidle_minutes = 30\nmax_hours = 8\nsecure_cookies = true\n");
  auto set = LoadConfig(location);
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->session_idle_minutes, 30);
  EXPECT_EQ(set->session_max_hours, 8);
  EXPECT_TRUE(set->secure_cookies);

  location.config_file = Write("[sessions]\nidle_minutes = 1440\n");
  auto too_long = LoadConfig(location);
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message.find("sessions.idle_minutes"), std::string::npos)
      << too_long.error().message;
}

TEST_F(ConfigTest, UnknownKeyAndBadValuesAreReportedWithPositions) {
  cli::Location location;
  location.config_file = Write("[server]\nthreads = 0\nlissten = \"x\"\n[log]\nlevel = \"loud\"\n");
  auto config = LoadConfig(location);
  ASSERT_FALSE(config);
  const std::string& message = config.error().message;
  EXPECT_NE(message.find("civicpost.toml:2:"), std::string::npos) << message;  // threads
  EXPECT_NE(message.find("civicpost.toml:3:1: server.lissten"), std::string::npos) << message;
  EXPECT_NE(message.find("'listen'"), std::string::npos) << message;  // did you mean
  EXPECT_NE(message.find("loud"), std::string::npos) << message;
}

TEST_F(ConfigTest, MissingConfigFileIsNamed) {
  cli::Location location;
  location.config_file = (dir_ / "nope.toml").string();
  auto config = LoadConfig(location);
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("nope.toml"), std::string::npos);
}

TEST_F(ConfigTest, BadEnvironmentValueNamesTheVariable) {
  setenv("CIVICPOST_THREADS", "viele", 1);
  auto config = LoadConfig({});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("CIVICPOST_THREADS"), std::string::npos);
}

TEST_F(ConfigTest, WithoutMailTheRemindersStayOnTheDashboard) {
  cli::Location location;
  location.config_file = Write("[log]\nlevel = \"info\"\n");
  auto config = LoadConfig(location);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_FALSE(config->mail.configured());
}

TEST_F(ConfigTest, MailFromFileThenEnvironmentWithStartTlsRequired) {
  cli::Location location;
  location.config_file = Write(
      "[mail]\nsmtp_url = \"smtp://mail.sassenberg.de:587\"\n"
      "from = \"civicpost <civicpost@sassenberg.de>\"\nusername = \"civicpost\"\n"
      "password_file = \"smtp.secret\"\n");
  auto config = LoadConfig(location);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(config->mail.configured());
  EXPECT_EQ(config->mail.from, "civicpost <civicpost@sassenberg.de>");
  EXPECT_EQ(config->mail.username, "civicpost");
  EXPECT_EQ(config->mail.password_file, dir_ / "smtp.secret");  // relative to the file
  EXPECT_EQ(config->mail.starttls, sys::StartTls::kRequired);

  setenv("CIVICPOST_SMTP_URL", "smtps://mail.kreis-warendorf.de:465", 1);
  setenv("CIVICPOST_MAIL_FROM", "redaktion@kreis-warendorf.de", 1);
  setenv("CIVICPOST_SMTP_PASSWORD_FILE", "/run/secrets/smtp", 1);
  auto from_env = LoadConfig(location);
  ASSERT_TRUE(from_env) << from_env.error().message;
  EXPECT_EQ(from_env->mail.smtp_url, "smtps://mail.kreis-warendorf.de:465");
  EXPECT_EQ(from_env->mail.from, "redaktion@kreis-warendorf.de");
  EXPECT_EQ(from_env->mail.password_file, "/run/secrets/smtp");
}

TEST_F(ConfigTest, MailOnLoopbackGoesWithoutTlsButNoPasswordGoesInClear) {
  cli::Location location;
  location.config_file =
      Write("[mail]\nsmtp_url = \"smtp://127.0.0.1:25\"\nfrom = \"civicpost@sassenberg.de\"\n");
  auto local = LoadConfig(location);
  ASSERT_TRUE(local) << local.error().message;
  EXPECT_EQ(local->mail.starttls, sys::StartTls::kOff);

  location.config_file = Write(
      "[mail]\nsmtp_url = \"smtp://mail.sassenberg.de:25\"\nfrom = \"civicpost@sassenberg.de\"\n"
      "username = \"civicpost\"\npassword_file = \"smtp.secret\"\nstarttls = \"off\"\n");
  auto clear = LoadConfig(location);
  ASSERT_FALSE(clear);
  EXPECT_NE(clear.error().message.find("mail.starttls"), std::string::npos)
      << clear.error().message;
}

TEST_F(ConfigTest, IncompleteMailIsNamed) {
  cli::Location location;
  location.config_file = Write("[mail]\nsmtp_url = \"smtp://mail.sassenberg.de:587\"\n");
  auto no_from = LoadConfig(location);
  ASSERT_FALSE(no_from);
  EXPECT_NE(no_from.error().message.find("mail.from"), std::string::npos);

  location.config_file = Write("[mail]\nfrom = \"civicpost@sassenberg.de\"\n");
  auto no_url = LoadConfig(location);
  ASSERT_FALSE(no_url);
  EXPECT_NE(no_url.error().message.find("smtp_url"), std::string::npos);

  location.config_file = Write(
      "[mail]\nsmtp_url = \"http://mail.sassenberg.de\"\nfrom = \"civicpost@sassenberg.de\"\n");
  auto not_smtp = LoadConfig(location);
  ASSERT_FALSE(not_smtp);
  EXPECT_NE(not_smtp.error().message.find("mail.smtp_url"), std::string::npos);

  location.config_file = Write("[log]\nlevel = \"info\"\n");
  setenv("CIVICPOST_SMTP_URL", "smtp://mail.sassenberg.de:587", 1);
  setenv("CIVICPOST_MAIL_FROM", "civicpost@sassenberg.de", 1);
  setenv("CIVICPOST_SMTP_STARTTLS", "vielleicht", 1);
  auto bad_env = LoadConfig(location);
  ASSERT_FALSE(bad_env);
  EXPECT_NE(bad_env.error().message.find("CIVICPOST_SMTP_STARTTLS"), std::string::npos);
}

TEST(ParseListen, RejectsWhatIsNotAddressAndPort) {
  Config config;
  EXPECT_FALSE(ParseListen("localhost", "--listen", config).ok());
  EXPECT_FALSE(ParseListen(":8080", "--listen", config).ok());
  EXPECT_FALSE(ParseListen("127.0.0.1:99999", "--listen", config).ok());
  Status bad = ParseListen("127.0.0.1:http", "CIVICPOST_LISTEN", config);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("CIVICPOST_LISTEN"), std::string::npos);
  EXPECT_TRUE(ParseListen("0.0.0.0:8080", "--listen", config).ok());
  EXPECT_EQ(config.listen_address, "0.0.0.0");
}

}  // namespace
}  // namespace civicpost::app

// `civicpost channel connect` against the Graph API sandbox: the token is
// checked and exchanged before anything is stored, the account comes from
// the token, and what is stored is sealed.

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "child_process.hpp"
#include "sandbox/graph_sandbox.hpp"
#include "store/repositories.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "sys/curl_http_client.hpp"
#include "sys/key_file.hpp"
#include "sys/system_clock.hpp"
#include "test_dirs.hpp"
#include "web/http_server.hpp"
#include "web/metrics.hpp"

namespace civicpost::testing {
namespace {

void WriteText(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file) << text;
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST(ChannelConnect, ChecksAndExchangesTheTokenAndStoresItSealed) {
  TempDir dir;
  const std::string data = dir / "data";
  ASSERT_EQ(RunToEnd({Binary(), "init", "--demo", "--data-dir", data}).exit_code, 0);

  sys::SystemClock clock;
  sys::CurlHttpClient fetcher;
  sandbox::GraphSandbox graph({}, fetcher, clock);
  web::Router router;
  graph.Register(router);
  web::Metrics metrics;
  web::ServerOptions options;
  options.port = 0;
  web::HttpServer server(router, metrics, options);
  ASSERT_TRUE(server.Listen().ok());
  std::thread serving([&] { server.Run(); });
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());

  WriteText(dir.path() / "app-secret", "SANDBOX-APP-SECRET\n");
  WriteText(dir.path() / "short", graph.IssueToken() + "\n");
  WriteText(dir.path() / "wrong", "IGAA-not-a-token\n");
  const std::vector<std::string> connect = {Binary(),     "channel", "connect",        "instagram",
                                            "--data-dir", data,      "--api-base-url", base};
  const auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = connect;
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunToEnd(argv);
  };

  RunResult refused = with({"--token-file", dir / "wrong"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("refused the token"), std::string::npos) << refused.err;
  RunResult other = with({"--token-file", dir / "short", "--account-id", "4711"});
  EXPECT_NE(other.exit_code, 0);
  EXPECT_NE(other.err.find("belongs to account 17841405822304914"), std::string::npos) << other.err;

  RunResult ok = with({"--token-file", dir / "short", "--app-secret-file", dir / "app-secret"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("@stadt.sassenberg.sandbox"), std::string::npos) << ok.out;

  // One account, one channel: a second channel cannot take the same account.
  {
    auto db = store::SqliteDatabase::Open(std::filesystem::path(data) / "civicpost.db",
                                          store::OpenMode::kMustExist);
    ASSERT_TRUE(db);
    store::Repositories repos(clock);
    auto org = repos.organizations.FindBySlug(**db, "sassenberg");
    ASSERT_TRUE(org && *org);
    Channel second;
    second.organization_id = (*org)->id;
    second.key = "instagram-jugend";
    second.platform = ChannelPlatform::kInstagram;
    second.name = "Jugendzentrum";
    ASSERT_TRUE(store::InTransaction(**db, [&](store::Transaction& tx) -> Status {
                  auto id = repos.channels.Create(tx, Actor::Cli(), second);
                  return id ? Status::Ok() : Status(id.error());
                }).ok());
  }
  RunResult twice = RunToEnd({Binary(), "channel", "connect", "instagram-jugend", "--data-dir",
                              data, "--api-base-url", base, "--token-file", dir / "short"});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("already connected to channel 'instagram'"), std::string::npos)
      << twice.err;
  server.Shutdown();
  serving.join();

  auto db = store::SqliteDatabase::Open(std::filesystem::path(data) / "civicpost.db",
                                        store::OpenMode::kMustExist);
  ASSERT_TRUE(db);
  store::Repositories repos(clock);
  auto org = repos.organizations.FindBySlug(**db, "sassenberg");
  ASSERT_TRUE(org && *org);
  auto channels = repos.channels.ListByOrganization(**db, (*org)->id);
  ASSERT_TRUE(channels);
  auto instagram = std::find_if(channels->begin(), channels->end(), [](const Channel& c) {
    return c.platform == ChannelPlatform::kInstagram;
  });
  ASSERT_NE(instagram, channels->end());
  auto connection = repos.channels.GetConnection(**db, instagram->id);
  ASSERT_TRUE(connection);
  EXPECT_EQ(connection->account_id, "17841405822304914");
  EXPECT_EQ(connection->api_base_url, base);
  ASSERT_TRUE(connection->token_expires_at);
  auto key = sys::LoadKeyFile(dir / "data-secrets.key", data, false);
  ASSERT_TRUE(key) << key.error().message;
  auto token = key->Open(connection->token_sealed);
  ASSERT_TRUE(token);
  EXPECT_EQ(token->rfind("SANDBOX-LONG-", 0), 0u);  // the exchanged, long-lived one
  auto audit = (*db)->Query("SELECT after_json FROM audit_log WHERE action = 'channel.connection'");
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 1u);  // the refused attempts stored nothing
  EXPECT_EQ((*audit)[0].Text(0).find("SANDBOX-"), std::string::npos);
}

}  // namespace
}  // namespace civicpost::testing

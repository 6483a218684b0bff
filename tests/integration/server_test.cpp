// The real binary serving the demo authority over loopback.

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <toml++/toml.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "child_process.hpp"
#include "http_get.hpp"
#include "test_dirs.hpp"

namespace civicpost::testing {
namespace {

using namespace std::chrono_literals;

// Waits for `civicpost serve` to say where it listens; returns the port (0: it did not).
uint16_t WaitForPort(ChildProcess& server) {
  auto line = server.WaitForLine("http://127.0.0.1:", 60s);
  if (!line) return 0;
  std::smatch m;
  if (!std::regex_search(*line, m, std::regex(R"(127\.0\.0\.1:(\d+)/)"))) return 0;
  return static_cast<uint16_t>(std::stoi(m[1]));
}

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

struct DemoCaption {
  std::string state;
  std::string first_line;
};

// What the demo file says, so the test follows the demo content.
std::vector<DemoCaption> DemoCaptions() {
  const toml::table demo = toml::parse_file(SourceDir() + "/examples/sassenberg/demo-posts.toml");
  std::vector<DemoCaption> out;
  for (const auto& node : *demo["posts"].as_array()) {
    const toml::table& post = *node.as_table();
    std::string caption = post["caption"].value_or(std::string());
    while (!caption.empty() && caption.front() == '\n') caption.erase(0, 1);
    out.push_back({post["state"].value_or(std::string()), caption.substr(0, caption.find('\n'))});
  }
  return out;
}

class DemoServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ChildProcess(
        {Binary(), "serve", "--demo", "--data-dir", *dir_ / "var", "--listen", "127.0.0.1:0"});
    port_ = WaitForPort(*server_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  void SetUp() override {
    ASSERT_NE(port_, 0) << "server did not start:\n" << server_->out() << server_->err();
  }

  static TempDir* dir_;
  static ChildProcess* server_;
  static uint16_t port_;
};

TempDir* DemoServerTest::dir_ = nullptr;
ChildProcess* DemoServerTest::server_ = nullptr;
uint16_t DemoServerTest::port_ = 0;

TEST_F(DemoServerTest, HealthzAnswers) {
  HttpReply reply = HttpGet(port_, "/healthz");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "ok\n");
}

TEST_F(DemoServerTest, StartupPrintsDemoLogins) {
  EXPECT_NE(server_->out().find("redaktion@sassenberg.example"), std::string::npos)
      << server_->out();
  EXPECT_NE(server_->out().find("(approver,moderator)"), std::string::npos);
}

TEST_F(DemoServerTest, HomeShowsEveryPublishedPostAndNoOther) {
  HttpReply reply = HttpGet(port_, "/");
  ASSERT_EQ(reply.status, 200);
  EXPECT_NE(reply.body.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_NE(reply.body.find("Stadt Sassenberg"), std::string::npos);
  int published = 0;
  for (const DemoCaption& c : DemoCaptions()) {
    const std::string headline = HtmlEscape(c.first_line.substr(0, 40));
    if (c.state == "published") {
      ++published;
      EXPECT_NE(reply.body.find(headline), std::string::npos) << "missing: " << c.first_line;
    } else {
      EXPECT_EQ(reply.body.find(headline), std::string::npos) << "not public: " << c.first_line;
    }
  }
  EXPECT_GT(published, 0);
  size_t articles = 0;
  for (size_t at = reply.body.find("<article"); at != std::string::npos;
       at = reply.body.find("<article", at + 1)) {
    ++articles;
  }
  EXPECT_EQ(articles, static_cast<size_t>(published));
}

TEST_F(DemoServerTest, AuthorityPageShowsContactsAndAlternatives) {
  HttpReply home = HttpGet(port_, "/sassenberg/");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("kein Konto bei Instagram"), std::string::npos);
  EXPECT_NE(home.body.find("href=\"/sassenberg/kontakt/\""), std::string::npos);
  HttpReply reply = HttpGet(port_, "/sassenberg/kontakt/");
  ASSERT_EQ(reply.status, 200);
  EXPECT_NE(reply.body.find("wiewel@sassenberg.de"), std::string::npos);
  EXPECT_NE(reply.body.find("scholz@sassenberg.de"), std::string::npos);
  EXPECT_NE(reply.body.find("https://www.sassenberg.de"), std::string::npos);
}

TEST_F(DemoServerTest, EveryImageLoadsAndHasAltText) {
  HttpReply page = HttpGet(port_, "/");
  const std::regex img(R"re(<img[^>]*src="(/media/\d+/bild\.svg)"[^>]*alt="([^"]*)")re");
  int images = 0;
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), img);
       it != std::sregex_iterator(); ++it) {
    ++images;
    EXPECT_FALSE((*it)[2].str().empty()) << "image without alt text: " << (*it)[1];
    HttpReply image = HttpGet(port_, (*it)[1]);
    EXPECT_EQ(image.status, 200) << (*it)[1];
    EXPECT_EQ(image.headers["content-type"], "image/svg+xml");
    EXPECT_NE(image.body.find("<svg"), std::string::npos);
  }
  EXPECT_GT(images, 0);
}

TEST_F(DemoServerTest, UnknownPagesAndMediaAre404InGerman) {
  HttpReply page = HttpGet(port_, "/gibtesnicht/");
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.body.find("Seite nicht gefunden"), std::string::npos);
  HttpReply deep = HttpGet(port_, "/gibt/es/nicht");
  EXPECT_EQ(deep.status, 404);
  EXPECT_NE(deep.body.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_EQ(HttpGet(port_, "/media/999999").status, 404);
  EXPECT_EQ(HttpGet(port_, "/media/abc").status, 404);
  EXPECT_EQ(HttpGet(port_, "/static/../../etc/passwd").status, 404);
}

// Media of drafts stays private: the demo's draft has an image of its own.
TEST_F(DemoServerTest, ImagesOfUnpublishedPostsAreNotServed) {
  sqlite3* db = nullptr;
  ASSERT_EQ(
      sqlite3_open_v2((*dir_ / "var/civicpost.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
      SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT m.id FROM media m WHERE NOT EXISTS (SELECT 1 FROM "
                               "post_media pm JOIN posts p ON p.id = pm.post_id "
                               "WHERE pm.media_id = m.id AND p.state = 'published')",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  std::vector<int64_t> private_media;
  while (sqlite3_step(stmt) == SQLITE_ROW) private_media.push_back(sqlite3_column_int64(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  ASSERT_FALSE(private_media.empty()) << "the demo should have a draft with its own image";
  for (int64_t id : private_media) {
    EXPECT_EQ(HttpGet(port_, "/media/" + std::to_string(id)).status, 404) << "media " << id;
  }
}

TEST_F(DemoServerTest, PublicPagesSetNoCookiesAndAStrictPolicy) {
  HttpReply reply = HttpGet(port_, "/");
  EXPECT_EQ(reply.headers.count("set-cookie"), 0u);
  EXPECT_NE(reply.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(reply.headers["x-content-type-options"], "nosniff");
  HttpReply css = HttpGet(port_, "/static/style.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_NE(css.headers["content-type"].find("text/css"), std::string::npos);
}

TEST_F(DemoServerTest, MetricsCountRequestsByRoute) {
  HttpGet(port_, "/healthz");
  HttpReply metrics = HttpGet(port_, "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("civicpost_http_requests_total{route=\"/healthz\""),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("civicpost_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("civicpost_db_errors_total{engine=\"sqlite\"} 0"), std::string::npos);
}

TEST(ServerLifecycle, SigtermStopsCleanlyAndDataSurvivesRestart) {
  TempDir dir;
  std::string first_page;
  {
    ChildProcess server(
        {Binary(), "serve", "--demo", "--data-dir", dir / "var", "--listen", "127.0.0.1:0"});
    const uint16_t port = WaitForPort(server);
    ASSERT_NE(port, 0) << server.err();
    first_page = HttpGet(port, "/").body;
    server.Signal(SIGTERM);
    EXPECT_EQ(server.Wait(), 0) << server.err();
    EXPECT_NE(server.err().find("stopped cleanly"), std::string::npos) << server.err();
    EXPECT_EQ(HttpGet(port, "/healthz").status, 0);  // no longer listening
  }
  ChildProcess again(
      {Binary(), "serve", "--demo", "--data-dir", dir / "var", "--listen", "127.0.0.1:0"});
  const uint16_t port = WaitForPort(again);
  ASSERT_NE(port, 0) << again.err();
  // The demo is not loaded twice: the same posts, the same page.
  EXPECT_EQ(HttpGet(port, "/").body, first_page);
  again.Signal(SIGINT);
  EXPECT_EQ(again.Wait(), 0);
}

TEST(ServerLifecycle, SeveralAuthoritiesAreListedOnTheHomePage) {
  TempDir dir;
  std::ifstream in(SourceDir() + "/examples/sassenberg/concept.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string other =
      std::regex_replace(text.str(), std::regex("slug = \"sassenberg\""), "slug = \"warendorf\"");
  other = std::regex_replace(other, std::regex("name = \"Stadt Sassenberg\""),
                             "name = \"Stadt Warendorf\"");
  std::ofstream(dir / "other.toml") << other;
  RunResult demo = RunToEnd({Binary(), "init", "--demo", "--data-dir", dir / "var"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  RunResult second =
      RunToEnd({Binary(), "init", "--data-dir", dir / "var", "--concept", dir / "other.toml"});
  ASSERT_EQ(second.exit_code, 0) << second.err;

  ChildProcess server({Binary(), "serve", "--data-dir", dir / "var", "--listen", "127.0.0.1:0"});
  const uint16_t port = WaitForPort(server);
  ASSERT_NE(port, 0) << server.err();
  HttpReply home = HttpGet(port, "/");
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("<a href=\"/sassenberg/\">Stadt Sassenberg</a>"), std::string::npos)
      << home.body;
  EXPECT_NE(home.body.find("<a href=\"/warendorf/\">Stadt Warendorf</a>"), std::string::npos);
  HttpReply warendorf = HttpGet(port, "/warendorf/");
  EXPECT_EQ(warendorf.status, 200);
  EXPECT_NE(warendorf.body.find("Es wurden noch keine Beiträge veröffentlicht."),
            std::string::npos);
}

}  // namespace
}  // namespace civicpost::testing

// The command line as an operator meets it: clear errors that name the file,
// key, flag or directory, non-zero exits, and no stored data touched.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "child_process.hpp"
#include "core/time_format.hpp"
#include "http_get.hpp"
#include "media/test_images.hpp"
#include "support/smtp_sink.hpp"
#include "test_dirs.hpp"

namespace civicpost::testing {
namespace {

std::string Example() { return SourceDir() + "/examples/sassenberg/concept.toml"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

void Sql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
  sqlite3_close(db);
}

TEST(ConceptCheck, AcceptsTheSassenbergExample) {
  RunResult r = RunToEnd({Binary(), "concept", "check", Example()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("OK"), std::string::npos);
  EXPECT_NE(r.out.find("Stadt Sassenberg"), std::string::npos);
}

TEST(ConceptCheck, ReportsEveryProblemWithFileLineAndColumn) {
  TempDir dir;
  std::string text = ReadFile(Example());
  // A misspelt key and a broken e-mail address in one file.
  text = std::regex_replace(text, std::regex("\nschema_version"), "\nshema_version");
  text = std::regex_replace(text, std::regex("wiewel@sassenberg\\.de"), "wiewel-at-sassenberg");
  WriteFile(dir / "concept.toml", text);
  RunResult r = RunToEnd({Binary(), "concept", "check", dir / "concept.toml"});
  EXPECT_EQ(r.exit_code, 2);
  const std::string file = dir / "concept.toml";
  EXPECT_NE(r.err.find(file + ":"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("shema_version"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("wiewel-at-sassenberg"), std::string::npos) << r.err;
  const std::regex positioned(
      std::regex_replace(file, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") + R"(:\d+:\d+: )");
  EXPECT_GE(std::distance(std::sregex_iterator(r.err.begin(), r.err.end(), positioned),
                          std::sregex_iterator()),
            3)
      << r.err;  // unknown key, missing schema_version, bad e-mail
}

TEST(ConceptCheck, MissingFileIsNamed) {
  RunResult r = RunToEnd({Binary(), "concept", "check", "/nonexistent/concept.toml"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("/nonexistent/concept.toml"), std::string::npos) << r.err;
}

TEST(ConceptRender, WritesEachFormatToAFile) {
  TempDir dir;
  for (const std::string format : {"md", "html", "pdf"}) {
    const std::string out = dir / ("dsfa." + format);
    RunResult r = RunToEnd({Binary(), "concept", "render", Example(), "--doc", "dsfa", "--format",
                            format, "--out", out});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::string content = ReadFile(out);
    EXPECT_NE(content.find(format == "pdf" ? "%PDF-" : "Datenschutz-Folgenabschätzung"),
              std::string::npos)
        << format;
  }
}

TEST(ConceptRender, UnknownDocumentOrFormatExitsWithTwo) {
  RunResult doc =
      RunToEnd({Binary(), "concept", "render", Example(), "--doc", "impressum", "--format", "md"});
  EXPECT_EQ(doc.exit_code, 2);
  EXPECT_NE(doc.err.find("impressum"), std::string::npos) << doc.err;
  EXPECT_NE(doc.err.find("nutzungskonzept"), std::string::npos) << doc.err;
  RunResult format =
      RunToEnd({Binary(), "concept", "render", Example(), "--doc", "dsfa", "--format", "docx"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.err.find("--format"), std::string::npos) << format.err;
  EXPECT_TRUE(format.out.empty());
}

TEST(ConceptStatus, SaysTheDpiaReviewIsMissing) {
  RunResult r = RunToEnd({Binary(), "concept", "status", Example()});
  EXPECT_EQ(r.exit_code, 1);  // needs action: no review recorded in the example
  EXPECT_NE(r.out.find("Stadt Sassenberg"), std::string::npos);
  EXPECT_NE(r.out.find("dpia.last_review"), std::string::npos) << r.out;
}

TEST(ConceptLoad, NewVersionWithDiffSummaryShownInDocuments) {
  TempDir dir;
  const std::string concept_file = dir / "concept.toml";
  WriteFile(concept_file, ReadFile(Example()));
  RunResult init =
      RunToEnd({Binary(), "init", "--data-dir", dir / "var", "--concept", concept_file});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  RunResult v1 = RunToEnd({Binary(), "concept", "render", concept_file, "--doc", "netiquette",
                           "--format", "md", "--data-dir", dir / "var"});
  EXPECT_NE(v1.out.find("Konzeptversion 1"), std::string::npos) << v1.out;

  std::string changed = ReadFile(concept_file);
  changed = std::regex_replace(changed, std::regex("response_target_hours = 24"),
                               "response_target_hours = 8");
  WriteFile(concept_file, changed);
  RunResult load = RunToEnd({Binary(), "concept", "load", concept_file, "--data-dir", dir / "var"});
  EXPECT_EQ(load.exit_code, 0) << load.err;
  EXPECT_NE(load.out.find("version 2"), std::string::npos) << load.out;
  EXPECT_NE(load.out.find("moderation.response_target_hours"), std::string::npos) << load.out;
  RunResult again =
      RunToEnd({Binary(), "concept", "load", concept_file, "--data-dir", dir / "var"});
  EXPECT_NE(again.out.find("unchanged, still version 2"), std::string::npos) << again.out;

  RunResult v2 = RunToEnd({Binary(), "concept", "render", concept_file, "--doc", "netiquette",
                           "--format", "md", "--data-dir", dir / "var"});
  EXPECT_NE(v2.out.find("Konzeptversion 2"), std::string::npos);
  EXPECT_NE(v2.out.find("innerhalb von 8 Stunden"), std::string::npos);
  RunResult verify = RunToEnd({Binary(), "audit", "verify", "--data-dir", dir / "var"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

TEST(ConceptRender, MissingPrivacySectionRendersNothing) {
  TempDir dir;
  std::string text = ReadFile(Example());
  WriteFile(dir / "concept.toml", text.substr(0, text.find("\n[privacy]")));
  const std::string out = dir / "vvt.pdf";
  RunResult r = RunToEnd({Binary(), "concept", "render", dir / "concept.toml", "--doc", "vvt",
                          "--format", "pdf", "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir / "concept.toml" + ":1:1: privacy:"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Serve, UnusableDataDirectoryIsNamed) {
  TempDir dir;
  WriteFile(dir / "afile", "x");
  RunResult r = RunToEnd(
      {Binary(), "serve", "--demo", "--data-dir", dir / "afile/var", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(dir / "afile/var"), std::string::npos) << r.err;
}

TEST(Serve, PortInUseIsReported) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string port = std::to_string(ntohs(addr.sin_port));

  TempDir dir;
  RunResult r = RunToEnd(
      {Binary(), "serve", "--demo", "--data-dir", dir / "var", "--listen", "127.0.0.1:" + port});
  close(fd);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("127.0.0.1:" + port), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("in use"), std::string::npos) << r.err;
}

TEST(Serve, BadListenFlagIsNamed) {
  TempDir dir;
  RunResult r = RunToEnd({Binary(), "serve", "--data-dir", dir / "var", "--listen", "localhost"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--listen"), std::string::npos) << r.err;
}

TEST(Serve, CorruptDatabaseIsNamedAndLeftAlone) {
  TempDir dir;
  std::filesystem::create_directories(dir / "var");
  const std::string garbage(10000, 'z');
  WriteFile(dir / "var/civicpost.db", garbage);
  RunResult r = RunToEnd({Binary(), "serve", "--data-dir", dir / "var", "--listen", "127.0.0.1:0"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("civicpost.db"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(dir / "var/civicpost.db"), garbage);
}

TEST(Serve, WrongConfigKeyIsReportedWithLineAndSuggestion) {
  TempDir dir;
  WriteFile(dir / "civicpost.toml", "[server]\nlissten = \"127.0.0.1:8080\"\n");
  RunResult r = RunToEnd({Binary(), "serve", "--config", dir / "civicpost.toml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir / "civicpost.toml" + ":2:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("listen"), std::string::npos) << r.err;
}

class InitializedDataDir : public ::testing::Test {
 protected:
  void SetUp() override {
    RunResult r = RunToEnd({Binary(), "init", "--demo", "--data-dir", data_dir()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string data_dir() const { return dir_ / "var"; }
  std::string db() const { return dir_ / "var/civicpost.db"; }

  TempDir dir_;
};

TEST_F(InitializedDataDir, DataIsNotReadableByOtherUsers) {
  using std::filesystem::perms;
  for (const std::string& path :
       {data_dir(), db(), data_dir() + "/media", data_dir() + "/demo-logins.txt"}) {
    const perms p = std::filesystem::status(path).permissions();
    EXPECT_EQ(p & perms::others_all, perms::none) << path;
  }
  EXPECT_EQ(
      std::filesystem::status(data_dir() + "/demo-logins.txt").permissions() & perms::group_all,
      perms::none);
}

TEST_F(InitializedDataDir, NewerSchemaIsRefusedWithoutChange) {
  Sql(db(), "INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')");
  const std::string before = ReadFile(db());
  RunResult serve =
      RunToEnd({Binary(), "serve", "--data-dir", data_dir(), "--listen", "127.0.0.1:0"});
  EXPECT_NE(serve.exit_code, 0);
  EXPECT_NE(serve.err.find("newer"), std::string::npos) << serve.err;
  RunResult migrate = RunToEnd({Binary(), "migrate", "--data-dir", data_dir()});
  EXPECT_NE(migrate.exit_code, 0);
  EXPECT_NE(migrate.err.find("newer"), std::string::npos) << migrate.err;
  EXPECT_EQ(ReadFile(db()), before);
}

TEST_F(InitializedDataDir, AuditVerifyFindsTheFirstTamperedEntry) {
  RunResult ok = RunToEnd({Binary(), "audit", "verify", "--data-dir", data_dir()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("intact"), std::string::npos);
  Sql(db(),
      "DROP TRIGGER audit_log_no_update; "
      "UPDATE audit_log SET after_json = '{}' WHERE id = 5;");
  RunResult broken = RunToEnd({Binary(), "audit", "verify", "--data-dir", data_dir()});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.out.find("BROKEN at entry 5"), std::string::npos) << broken.out;
}

int64_t Count(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  int64_t count = -1;
  if (sqlite3_open(db_path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      count = sqlite3_column_int64(statement, 0);
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return count;
}

TEST_F(InitializedDataDir, ModelExamplesWritesPeoplesVerdictsForTheOwnerOnly) {
  Sql(db(),
      "INSERT INTO users (id, organization_id, email, display_name, password_hash, roles, "
      "created_at) VALUES (99, (SELECT MIN(id) FROM organizations), 'mod@example.org', 'Mod', "
      "'x', 'moderator', '2026-11-01T10:00:00Z');"
      "INSERT INTO comments (id, channel_id, remote_id, author_handle, text, state, received_at) "
      "VALUES (1, (SELECT MIN(id) FROM channels), 'r1', 'jemand', 'Sie \"Experten\", echt', "
      "'hidden', '2026-11-01T10:00:00Z'),"
      " (2, (SELECT MIN(id) FROM channels), 'r2', 'wer', 'Nur die Maschine', 'visible', "
      "'2026-11-01T10:00:00Z');"
      "INSERT INTO decisions (comment_id, category, score, action, decided_by, decided_at) "
      "VALUES (1, 'insult', 0.7, 'hide', 99, '2026-11-01T10:05:00Z'),"
      " (2, 'none', 0.1, 'none', NULL, '2026-11-01T10:00:05Z');");
  const std::string out = dir_ / "examples.csv";
  RunResult r = RunToEnd({Binary(), "model", "examples", "--data-dir", data_dir(), "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 Beispiele"), std::string::npos) << r.out;
  // Only people's verdicts, quoted as CSV; the engine's alone are no label.
  EXPECT_EQ(ReadFile(out), "text,label,category\n\"Sie \"\"Experten\"\", echt\",1,\"insult\"\n");
  EXPECT_EQ(std::filesystem::status(out).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(InitializedDataDir, RetentionRunReportsAndTheDryRunDeletesNothing) {
  // A hidden comment from two years ago, its decision and its evidence.
  Sql(db(),
      "INSERT INTO comments (id, channel_id, remote_id, author_handle, text, state, received_at) "
      "VALUES (1, (SELECT MIN(id) FROM channels), 'r1', 'jemand', 'Du Idiot', 'hidden', "
      "'2020-03-01T10:00:00Z');"
      "INSERT INTO decisions (comment_id, category, score, action, decided_at) "
      "VALUES (1, 'insult', 0.97, 'hide', '2020-03-01T10:00:05Z');"
      "INSERT INTO evidence (comment_id, snapshot_json, sha256, prev_hash, hash, created_at) "
      "VALUES (1, '{}', 'a', 'b', 'c', '2020-03-01T10:00:04Z');");
  RunResult dry = RunToEnd({Binary(), "retention", "run", "--dry-run", "--data-dir", data_dir()});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("Probelauf"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("(evidence_retention_days=183): 1 – Nr. 1"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("(decision_retention_days=365): 1"), std::string::npos) << dry.out;
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM evidence"), 1);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM decisions"), 1);

  RunResult run = RunToEnd({Binary(), "retention", "run", "--data-dir", data_dir()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Beweise gelöscht / evidence deleted (evidence_retention_days=183): 1"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Kommentare anonymisiert / comments redacted"), std::string::npos)
      << run.out;
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM evidence"), 0);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM evidence_tombstones"), 1);
  EXPECT_EQ(
      Count(db(), "SELECT COUNT(*) FROM comments WHERE text = '' AND redacted_at IS NOT NULL"), 1);
  RunResult exported = RunToEnd(
      {Binary(), "evidence", "export", "1", "--data-dir", data_dir(), "--out", dir_ / "out"});
  EXPECT_EQ(exported.exit_code, 1);
  EXPECT_NE(exported.err.find("gelöscht (evidence_retention_days=183)"), std::string::npos)
      << exported.err;
  RunResult verify = RunToEnd({Binary(), "audit", "verify", "--data-dir", data_dir()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(InitializedDataDir, RemindersRunMailsTheDeadlineOnceAndNeedsAMailServer) {
  // An insult a moderator decided about 62 days ago: its complaint
  // deadline is 27 to 30 days away, so the 30-day reminder is due.
  const auto received =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) -
      std::chrono::days(62);
  Sql(db(),
      "INSERT INTO comments (id, channel_id, remote_id, author_handle, text, state, received_at) "
      "VALUES (1, (SELECT MIN(id) FROM channels), 'r1', 'jemand', 'Du Lump', 'hidden', '" +
          FormatIsoUtc(received) +
          "');"
          "INSERT INTO decisions (comment_id, category, score, action, decided_by, decided_at, "
          "legal_ground) VALUES (1, 'insult', 0.9, 'hide', (SELECT MIN(id) FROM users), '" +
          FormatIsoUtc(received) + "', 'stgb_185');");
  RunResult unconfigured = RunToEnd({Binary(), "reminders", "run", "--data-dir", data_dir()});
  EXPECT_EQ(unconfigured.exit_code, 2);
  EXPECT_NE(unconfigured.err.find("no mail server configured"), std::string::npos)
      << unconfigured.err;
  RunResult dry = RunToEnd({Binary(), "reminders", "run", "--dry-run", "--data-dir", data_dir()});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("Kommentar Nr. 1 (§ 185 StGB)"), std::string::npos) << dry.out;

  SmtpSink sink;
  std::ofstream(dir_ / "civicpost.toml")
      << "[mail]\nsmtp_url = \"" << sink.Url() << "\"\nfrom = \"civicpost@sassenberg.example\"\n";
  const std::vector<std::string> run = {
      Binary(), "reminders", "run", "--data-dir", data_dir(), "--config", dir_ / "civicpost.toml"};
  RunResult sent = RunToEnd(run);
  ASSERT_EQ(sent.exit_code, 0) << sent.out << sent.err;
  EXPECT_NE(sent.out.find("gesendet an / sent to"), std::string::npos) << sent.out;
  EXPECT_EQ(sink.Messages().size(), 3u);  // the demo's two moderators and its admin
  RunResult again = RunToEnd(run);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("Keine Erinnerung fällig"), std::string::npos) << again.out;
  EXPECT_EQ(sink.Messages().size(), 3u);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM complaint_reminders WHERE sent_at IS NOT NULL"), 1);
}

// A web server on loopback that answers every request with `status` and
// then closes; enough for the bio link check.
class TinyWebServer {
 public:
  explicit TinyWebServer(int status) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(listen(fd_, 4), 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, status] {
      for (;;) {
        const int client = accept(fd_, nullptr, nullptr);
        if (client < 0) return;
        char buffer[4096];
        (void)read(client, buffer, sizeof buffer);
        const std::string reply = "HTTP/1.1 " + std::to_string(status) +
                                  " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        (void)write(client, reply.data(), reply.size());
        close(client);
      }
    });
  }
  ~TinyWebServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  int fd_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(InitializedDataDir, ImpressumCheckSaysWhetherTheBioLinkAnswers) {
  TinyWebServer good(200);
  TinyWebServer gone(404);
  auto link_bio_to = [&](const std::string& url) {
    const std::string file = dir_ / "concept.toml";
    WriteFile(file, std::regex_replace(ReadFile(Example()), std::regex("bio_link = \"[^\"]*\""),
                                       "bio_link = \"" + url + "\""));
    RunResult load = RunToEnd({Binary(), "concept", "load", file, "--data-dir", data_dir()});
    ASSERT_EQ(load.exit_code, 0) << load.out << load.err;
  };
  link_bio_to(good.Url("/impressum"));
  RunResult ok = RunToEnd({Binary(), "impressum", "check", "--data-dir", data_dir()});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("ok (HTTP 200)"), std::string::npos) << ok.out;

  link_bio_to(gone.Url("/impressum"));
  RunResult fails = RunToEnd({Binary(), "impressum", "check", "--data-dir", data_dir()});
  EXPECT_EQ(fails.exit_code, 1) << fails.out << fails.err;
  EXPECT_NE(fails.out.find("ANTWORTET NICHT / FAILS (HTTP 404)"), std::string::npos) << fails.out;
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM bio_link_checks WHERE ok = 0 AND http_status = 404"),
            1);
}

// The export replaces an earlier export and nothing else, and what it writes
// a web server running as another user can read.
TEST_F(InitializedDataDir, ExportSiteWritesTheSiteAndNeverReplacesOtherFiles) {
  const std::filesystem::path site = dir_ / "www";
  RunResult first = RunToEnd({Binary(), "export-site", "--data-dir", data_dir(), site.string()});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("Dateien nach"), std::string::npos);
  ASSERT_TRUE(std::filesystem::exists(site / "sassenberg" / "index.html"));
  EXPECT_NE(std::filesystem::status(site / "sassenberg" / "index.html").permissions() &
                std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  WriteFile((site / "stale.html").string(), "from an earlier export");
  RunResult again = RunToEnd({Binary(), "export-site", "--data-dir", data_dir(), site.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_FALSE(std::filesystem::exists(site / "stale.html"));  // replaced whole

  const std::filesystem::path theirs = dir_ / "cms";
  std::filesystem::create_directories(theirs);
  WriteFile((theirs / "startseite.html").string(), "the web team's own page");
  RunResult refused =
      RunToEnd({Binary(), "export-site", "--data-dir", data_dir(), theirs.string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("not an earlier export"), std::string::npos) << refused.err;
  EXPECT_EQ(ReadFile((theirs / "startseite.html").string()), "the web team's own page");
  EXPECT_FALSE(std::filesystem::exists(theirs / "sassenberg"));
}

TEST_F(InitializedDataDir, UserAddChecksThePasswordAndDuplicates) {
  RunResult weak = RunToEnd({Binary(), "user", "add", "--data-dir", data_dir(), "--email",
                             "neu@sassenberg.example", "--name", "Neu", "--role", "editor"},
                            "kurz\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.err.find("12"), std::string::npos) << weak.err;
  RunResult ok = RunToEnd(
      {Binary(), "user", "add", "--data-dir", data_dir(), "--email", "neu@sassenberg.example",
       "--name", "Neu", "--role", "editor", "--role", "moderator"},
      "ein langes Passwort\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  RunResult again = RunToEnd({Binary(), "user", "add", "--data-dir", data_dir(), "--email",
                              "NEU@sassenberg.example", "--name", "Neu", "--role", "editor"},
                             "ein langes Passwort\n");
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("exists"), std::string::npos) << again.err;
  RunResult role = RunToEnd({Binary(), "user", "add", "--data-dir", data_dir(), "--email",
                             "x@sassenberg.example", "--name", "X", "--role", "chef"});
  EXPECT_NE(role.exit_code, 0);
  EXPECT_NE(role.err.find("chef"), std::string::npos) << role.err;
}

TEST_F(InitializedDataDir, MediaImportChecksEveryFileAndStoresTheGoodOnes) {
  using media::testing::Tags;
  const std::string photo = dir_ / "IMG_2041.jpg";
  media::testing::WriteTwoToneJpeg(photo, 1500, 1000);
  media::testing::WriteTags(photo, Tags{.location = true, .creator = "Jana Fotografin"});
  const std::string bomb = dir_ / "bombe.png";
  media::testing::WriteFile(bomb, media::testing::PngBombHeader(20000, 10000));
  const std::string empty = dir_ / "leer.jpg";
  media::testing::WriteFile(empty, "");

  RunResult r =
      RunToEnd({Binary(), "media", "import", "--data-dir", data_dir(), photo, bomb, empty});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(
      r.out.find("imported: " + photo + " -> media 9 (image/jpeg, 1500 x 1000), has location"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("bombe.png"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("limit of 100 Megapixel"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("leer.jpg is empty"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 of 3 file(s) refused"), std::string::npos) << r.err;

  RunResult again = RunToEnd({Binary(), "media", "import", "--data-dir", data_dir(), photo});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already there"), std::string::npos) << again.out;
}

TEST_F(InitializedDataDir, MediaRenderWritesARenditionWithoutLocation) {
  const std::string photo = dir_ / "markt.jpg";
  media::testing::WriteTwoToneJpeg(photo, 1000, 2000);
  media::testing::WriteTags(photo, {.location = true, .device = true});
  const std::string out = dir_ / "feed.jpg";
  RunResult r = RunToEnd({Binary(), "media", "render", photo, "--recipe", "instagram_feed", "--out",
                          out, "--focal-y", "0.2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1080 x 1350"), std::string::npos) << r.out;
  const std::string printed = media::testing::Exiv2Print(out);
  EXPECT_EQ(printed.find("GPS"), std::string::npos) << printed;
  EXPECT_EQ(printed.find("SN-042177"), std::string::npos) << printed;
  RunResult wrong =
      RunToEnd({Binary(), "media", "render", photo, "--recipe", "poster", "--out", out});
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.err.find("poster"), std::string::npos) << wrong.err;
}

TEST(Sandbox, StartsWithItsTokenAndAnswersLikeTheGraphApi) {
  ChildProcess sandbox({Binary(), "sandbox", "--listen", "127.0.0.1:0"});
  auto line = sandbox.WaitForLine("http://127.0.0.1:", std::chrono::seconds(30));
  ASSERT_TRUE(line) << sandbox.err();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*line, m, std::regex(R"(127\.0\.0\.1:(\d+)/v24\.0/)"))) << *line;
  const uint16_t port = static_cast<uint16_t>(std::stoi(m[1]));
  ASSERT_TRUE(sandbox.WaitForLine("access token: SANDBOX-TOKEN", std::chrono::seconds(5)));
  HttpReply me = HttpGet(port, "/v24.0/me?fields=id,username&access_token=SANDBOX-TOKEN");
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"username\":\"stadt.sassenberg.sandbox\""), std::string::npos)
      << me.body;
  HttpReply wrong = HttpGet(port, "/v24.0/me?access_token=falsch");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("\"code\":190"), std::string::npos) << wrong.body;
}

TEST(Migrate, MissingDatabaseSaysToInit) {
  TempDir dir;
  RunResult r = RunToEnd({Binary(), "migrate", "--data-dir", dir / "var"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("civicpost init"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "var/civicpost.db"));
}

TEST(Init, ConceptAndAdminCreateAnAuthority) {
  TempDir dir;
  RunResult r = RunToEnd({Binary(), "init", "--data-dir", dir / "var", "--concept", Example(),
                          "--admin-email", "it@sassenberg.example"},
                         "ein sicheres Passwort\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Stadt Sassenberg"), std::string::npos);
  EXPECT_NE(r.out.find("it@sassenberg.example"), std::string::npos);
  RunResult verify = RunToEnd({Binary(), "audit", "verify", "--data-dir", dir / "var"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

}  // namespace
}  // namespace civicpost::testing

// The generic checker, on a small schema shaped like a service config, so
// every expected line:column can be read off the test input.

#include "concept/toml_schema.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "concept/toml_document.hpp"

namespace civicpost::usage {
namespace {

const TableSpec& TestSchema() {
  static const TableSpec kSchema{{
      spec::Integer("schema_version", 1, 1),
      spec::Table("server", {
          spec::String("listen").NonEmpty(),
          spec::Integer("port", 1, 65535),
          spec::Url("public_url"),
          spec::Enum("log_level", {"debug", "info", "warning", "error"}).Optional(),
          spec::Float("ratio", 0.0, 1.0).Optional(),
      }),
      spec::TableArray("admins", {
          spec::String("name"),
          spec::Email("email"),
          spec::Phone("phone").Optional(),
      }).MinItems(1),
      spec::StringArray("tags").Optional(),
      spec::Date("since").Optional(),
      spec::TimeRange("hours").Optional(),
      spec::String("slug").Matching("[a-z]+", "lower-case letters").Optional(),
      spec::Table("extra", {}).AllowUnknownKeys().Optional(),
  }};
  return kSchema;
}

std::vector<Diagnostic> Check(const std::string& text) {
  return ParseAndCheckToml(text, "civicpost.toml", TestSchema()).diagnostics;
}

std::vector<std::string> Lines(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : diagnostics) lines.push_back(d.ToString());
  return lines;
}

constexpr const char* kValid = R"(schema_version = 1
[server]
listen = "127.0.0.1"
port = 8080
public_url = "https://social.example.de/"
[[admins]]
name = "Jana Wiewel"
email = "wiewel@sassenberg.de"
phone = "02583/309-3031"
)";

TEST(TomlSchema, ValidDocumentHasNoDiagnostics) {
  TomlDocument doc = ParseAndCheckToml(kValid, "civicpost.toml", TestSchema());
  EXPECT_TRUE(doc.ok()) << FormatDiagnostics(doc.diagnostics);
  ASSERT_TRUE(doc.table.has_value());
  EXPECT_EQ((*doc.table)["server"]["port"].value_or(0), 8080);
}

TEST(TomlSchema, UnknownKeyIsReportedAtTheKeyWithDidYouMean) {
  std::vector<Diagnostic> d = Check(R"(schema_version = 1
[server]
listen = "127.0.0.1"
  prot = 8080
port = 8080
public_url = "https://social.example.de/"
[[admins]]
name = "A"
email = "a@example.de"
)");
  ASSERT_EQ(d.size(), 1u) << FormatDiagnostics(d);
  EXPECT_EQ(d[0].line, 4u);
  EXPECT_EQ(d[0].column, 3u);
  EXPECT_EQ(d[0].key_path, "server.prot");
  EXPECT_EQ(d[0].ToString(), "civicpost.toml:4:3: server.prot: unknown key (did you mean 'port'?)");
}

TEST(TomlSchema, UnknownKeyWithoutCloseMatchListsTheAllowedKeys) {
  std::vector<Diagnostic> d = Check(std::string(kValid) + "colour = \"blue\"\n");
  ASSERT_EQ(d.size(), 1u) << FormatDiagnostics(d);
  EXPECT_EQ(d[0].ToString(),
            "civicpost.toml:10:1: admins[0].colour: unknown key (allowed here: 'name', 'email', 'phone')");
}

TEST(TomlSchema, ReportsEveryProblemInOneRun) {
  std::vector<Diagnostic> d = Check(R"(schema_version = 2
[server]
listen = "127.0.0.1"
port = "8080"
public_url = "www.example.de"
log_level = "warn"
[[admins]]
nmae = "Jana Wiewel"
email = "wiewel(at)sassenberg.de"
phone = "309-3031"
)");
  EXPECT_EQ(Lines(d), (std::vector<std::string>{
      "civicpost.toml:1:18: schema_version: must be equal to 1, got 2",
      "civicpost.toml:4:8: server.port: expected an integer between 1 and 65535, found string \"8080\"",
      "civicpost.toml:5:14: server.public_url: not a valid URL (expected http:// or https:// and a "
      "host name): \"www.example.de\"",
      "civicpost.toml:6:13: server.log_level: must be one of 'debug', 'info', 'warning', 'error', "
      "got \"warn\" (did you mean 'warning'?)",
      "civicpost.toml:7:1: admins[0].name: missing required key; expected a string",
      "civicpost.toml:8:1: admins[0].nmae: unknown key (did you mean 'name'?)",
      "civicpost.toml:9:9: admins[0].email: not a valid e-mail address: \"wiewel(at)sassenberg.de\"",
      "civicpost.toml:10:9: admins[0].phone: not a valid German phone number (e.g. \"02583/309-3031\" "
      "or \"+49 2583 309-3031\"): \"309-3031\"",
  }));
}

TEST(TomlSchema, MissingRequiredKeysOfTheRootAreReportedAtOneOne) {
  std::vector<Diagnostic> d = Check("\n\nschema_version = 1\n");
  EXPECT_EQ(Lines(d), (std::vector<std::string>{
      "civicpost.toml:1:1: server: missing required key; expected a table",
      "civicpost.toml:1:1: admins: missing required key; expected an array of tables ([[admins]])",
  }));
}

TEST(TomlSchema, MissingRequiredKeyIsReportedAtTheEnclosingTable) {
  std::vector<Diagnostic> d = Check(R"(schema_version = 1
admins = [{ name = "A", email = "a@example.de" }]

[server]
listen = "0.0.0.0"
public_url = "http://localhost:8080"
)");
  EXPECT_EQ(Lines(d), (std::vector<std::string>{
      "civicpost.toml:4:1: server.port: missing required key; expected an integer between 1 and 65535",
  }));
}

TEST(TomlSchema, WrongTypesNameWhatWasExpectedAndFound) {
  std::vector<Diagnostic> d = Check(R"(schema_version = 1.0
tags = ["a", 2]
since = "2024-05-01"
server = "localhost"
[admins]
name = "A"
)");
  EXPECT_EQ(Lines(d), (std::vector<std::string>{
      "civicpost.toml:1:18: schema_version: expected an integer equal to 1, found float 1.0",
      "civicpost.toml:2:14: tags[1]: expected a string, found integer 2",
      "civicpost.toml:3:9: since: expected a date (YYYY-MM-DD, without quotes), found string "
      "\"2024-05-01\"; write the date without quotes",
      "civicpost.toml:4:10: server: expected a table, found string \"localhost\"",
      "civicpost.toml:5:1: admins: expected an array of tables ([[admins]]), found table; "
      "write [[admins]] instead of [admins]",
  }));
}

TEST(TomlSchema, NumbersOutOfRange) {
  std::vector<Diagnostic> d = Check(R"(schema_version = 1
admins = [{ name = "A", email = "a@example.de" }]
[server]
listen = "x"
port = 0
public_url = "https://example.de"
ratio = 1.5
)");
  EXPECT_EQ(Lines(d), (std::vector<std::string>{
      "civicpost.toml:5:8: server.port: must be between 1 and 65535, got 0",
      "civicpost.toml:7:9: server.ratio: must be between 0 and 1, got 1.5",
  }));
}

TEST(TomlSchema, EmptyStringsArraysPatternsAndTimeRanges) {
  std::vector<Diagnostic> d = Check(R"(schema_version = 1
admins = []
slug = "Sassenberg"
hours = "16:00-08:00"
[server]
listen = "  "
port = 1
public_url = "https://example.de"
[extra]
anything = "goes"
)");
  EXPECT_EQ(Lines(d), (std::vector<std::string>{
      "civicpost.toml:2:10: admins: must contain at least 1 entry",
      "civicpost.toml:3:8: slug: must be lower-case letters, got \"Sassenberg\"",
      "civicpost.toml:4:9: hours: not a valid time range (e.g. \"08:00-16:00\" or \"08:00-12:30, "
      "14:00-16:00\", ascending, end after start): \"16:00-08:00\"",
      "civicpost.toml:6:10: server.listen: must not be empty",
  }));
}

TEST(TomlSchema, SyntaxErrorBecomesADiagnosticWithPosition) {
  TomlDocument doc = ParseAndCheckToml("schema_version = 1\n[server]\nport = \n", "civicpost.toml", TestSchema());
  EXPECT_FALSE(doc.table.has_value());
  ASSERT_EQ(doc.diagnostics.size(), 1u);
  EXPECT_EQ(doc.diagnostics[0].line, 3u);
  EXPECT_EQ(doc.diagnostics[0].column, 8u);
  EXPECT_EQ(doc.diagnostics[0].ToString().rfind("civicpost.toml:3:8: TOML syntax error: ", 0), 0u)
      << doc.diagnostics[0].ToString();
}

TEST(TomlSchema, MissingFileNamesTheFileAndTheReason) {
  TomlDocument doc = LoadTomlFile("/nonexistent/dir/civicpost.toml", TestSchema());
  EXPECT_FALSE(doc.table.has_value());
  ASSERT_EQ(doc.diagnostics.size(), 1u);
  EXPECT_EQ(doc.diagnostics[0].line, 0u);
  EXPECT_EQ(doc.diagnostics[0].ToString(),
            "/nonexistent/dir/civicpost.toml: cannot read '/nonexistent/dir/civicpost.toml': "
            "No such file or directory");
}

TEST(TomlSchema, DirectoryInsteadOfFileIsReported) {
  TomlDocument doc = ReadTomlFile(CIVICPOST_SOURCE_DIR);
  ASSERT_EQ(doc.diagnostics.size(), 1u);
  EXPECT_NE(doc.diagnostics[0].message.find("Is a directory"), std::string::npos)
      << doc.diagnostics[0].message;
}

TEST(TomlSchema, DiagnosticsConvertToAStatus) {
  EXPECT_TRUE(DiagnosticsToStatus({}).ok());
  Status status = DiagnosticsToStatus(Check("schema_version = 1\n"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "civicpost.toml:1:1: server: missing required key; expected a table\n"
            "civicpost.toml:1:1: admins: missing required key; expected an array of tables ([[admins]])");
}

TEST(TomlSchema, QuotedKeysAreQuotedInKeyPaths) {
  EXPECT_EQ(JoinKeyPath("server", "port"), "server.port");
  EXPECT_EQ(JoinKeyPath("", "a b"), "\"a b\"");
  EXPECT_EQ(IndexKeyPath("admins", 2), "admins[2]");
}

}  // namespace
}  // namespace civicpost::usage

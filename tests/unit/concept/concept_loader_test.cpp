// The usage concept as a user meets it: the Sassenberg example loads, and a
// broken concept.toml gets precise, complete diagnostics. Broken files are
// made by editing the example, so positions are computed from the text.

#include "concept/concept_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace civicpost::usage {
namespace {

const char kExamplePath[] = CIVICPOST_SOURCE_DIR "/examples/sassenberg/concept.toml";

std::string ExampleText() {
  std::ifstream in(kExamplePath, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Replaces the first occurrence of `from`, which must exist.
std::string Edit(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "example does not contain: " << from;
    return text;
  }
  return text.replace(at, from.size(), to);
}

// "FILE:LINE:COL" of the first occurrence of `needle` (column in code points,
// as toml++ counts them).
std::string At(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) {
    ADD_FAILURE() << "text does not contain: " << needle;
    return "?";
  }
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "concept.toml:" + std::to_string(line) + ":" + std::to_string(column);
}

int LineOf(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::vector<std::string> Lines(const ConceptLoad& load) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : load.diagnostics) lines.push_back(d.ToString());
  return lines;
}

TEST(SassenbergConcept, LoadsWithoutDiagnostics) {
  ConceptLoad load = LoadConceptFile(kExamplePath);
  EXPECT_TRUE(load.ok()) << FormatDiagnostics(load.diagnostics);
  EXPECT_TRUE(load.diagnostics.empty());
}

TEST(SassenbergConcept, CarriesTheSeedContent) {
  ConceptLoad load = LoadConceptFile(kExamplePath);
  ASSERT_TRUE(load.ok()) << FormatDiagnostics(load.diagnostics);
  const Concept& c = *load.concept_value;

  EXPECT_EQ(c.authority.name, "Stadt Sassenberg");
  EXPECT_EQ(c.authority.slug, "sassenberg");
  EXPECT_EQ(c.authority.address.street, "Schürenstraße 17");
  EXPECT_EQ(c.authority.address.postal_code, "48336");

  ASSERT_EQ(c.channels.size(), 2u);
  const Channel* instagram = c.FindChannel("instagram");
  ASSERT_NE(instagram, nullptr);
  EXPECT_EQ(instagram->platform, ChannelPlatform::kInstagram);
  EXPECT_EQ(instagram->url, "https://www.instagram.com/stadt_sassenberg/");
  EXPECT_EQ(instagram->scope.posts_per_week, 2);
  EXPECT_TRUE(instagram->scope.stories_and_reels);
  EXPECT_FALSE(instagram->scope.advice_in_comments);
  ASSERT_TRUE(instagram->reasons.has_value());
  const Channel* website = c.FindChannel("website");
  ASSERT_NE(website, nullptr);
  EXPECT_TRUE(website->mirror);
  EXPECT_EQ(website->url, "https://www.sassenberg.de");

  ASSERT_EQ(c.topics.size(), 3u);
  EXPECT_EQ(c.topics[0].id, "tourismus");
  EXPECT_EQ(c.topics[1].id, "kultur");
  EXPECT_EQ(c.topics[2].id, "heimat");
  EXPECT_EQ(c.FindTopic("heimat")->name, "Heimat");

  EXPECT_EQ(c.responsibility.department, "Haupt- und Personalamt");
  ASSERT_EQ(c.responsibility.staff.size(), 2u);
  EXPECT_EQ(c.responsibility.staff[0].name, "Jana Wiewel");
  EXPECT_EQ(c.responsibility.staff[0].email, "wiewel@sassenberg.de");
  EXPECT_EQ(c.responsibility.staff[0].phone, "02583/309-3031");
  EXPECT_EQ(c.responsibility.staff[1].name, "Olga Puttins");
  EXPECT_EQ(c.responsibility.staff[1].email, "puttinso@sassenberg.de");
  EXPECT_EQ(c.responsibility.staff[1].phone, "02583/309-3030");
  EXPECT_TRUE(c.responsibility.staff[1].HasRole(Role::kModerator));

  EXPECT_EQ(c.data_protection_officer.name, "Dominik Scholz");
  EXPECT_EQ(c.data_protection_officer.email, "scholz@sassenberg.de");
  EXPECT_EQ(c.data_protection_officer.phone, "02583/309-3080");

  EXPECT_EQ(c.assessment.advantages.size(), 7u);
  EXPECT_EQ(c.assessment.disadvantages.size(), 6u);
  EXPECT_EQ(c.assessment.disadvantages.front(), "Internetbetrug");
  ASSERT_EQ(c.alternatives.contacts.size(), 2u);
  EXPECT_EQ(c.alternatives.contacts[1].kind, ContactKind::kServicePortal);

  EXPECT_EQ(c.dpia.rating, RiskRating::kLowToMedium);
  EXPECT_EQ(kRiskRatingNames.Name(c.dpia.rating), "gering bis mittel");
  EXPECT_NE(c.dpia.evaluation.find("als gering bis mittel einzustufen"), std::string::npos);
  EXPECT_FALSE(c.dpia.last_review.has_value());

  EXPECT_GE(c.netiquette.size(), 7u);
  ASSERT_NE(c.FindClause("N1"), nullptr);
  EXPECT_EQ(c.office_hours.timezone, "Europe/Berlin");
  EXPECT_EQ(c.office_hours.weekdays[0], (std::vector<TimeRange>{{8 * 60, 16 * 60}}));
  EXPECT_TRUE(c.office_hours.weekdays[6].empty());  // Sunday: closed
  EXPECT_LT(c.moderation.review_threshold, c.moderation.auto_hide_threshold);
  EXPECT_DOUBLE_EQ(c.moderation.off_hours_auto_hide_threshold, 0.85);
}

TEST(SassenbergConcept, LongTextsArriveAsCleanParagraphs) {
  ConceptLoad load = LoadConceptFile(kExamplePath);
  ASSERT_TRUE(load.ok());
  const Concept& c = *load.concept_value;
  ASSERT_EQ(c.purpose.paragraphs.size(), 2u);
  EXPECT_EQ(c.purpose.paragraphs[1].rfind(
                "Die Stadt Sassenberg informiert über ihren Instagram-Account", 0),
            0u);
  std::vector<std::string> texts = c.purpose.paragraphs;
  for (const std::string* text :
       {&c.authority.intro, &c.dpia.legal_framework, &c.dpia.justification, &c.dpia.risk,
        &c.dpia.evaluation, &c.responsibility.text}) {
    texts.push_back(*text);
  }
  for (const std::string& text : texts) {
    EXPECT_EQ(text.find('\n'), std::string::npos) << text;
    EXPECT_EQ(text.find("  "), std::string::npos) << text;
    EXPECT_NE(text.back(), ' ') << text;
  }
  EXPECT_NE(c.dpia.legal_framework.find("Nordrhein-Westfalen (LfDI)"), std::string::npos);
}

TEST(ConceptLoader, PostsPerWeekOutOfRangeNamesKeyRangeAndValue) {
  const std::string text = Edit(ExampleText(), "posts_per_week = 2", "posts_per_week = 40");
  ConceptLoad load = ParseConcept(text, "concept.toml");
  EXPECT_FALSE(load.ok());
  EXPECT_FALSE(load.concept_value.has_value());
  EXPECT_EQ(Lines(load),
            (std::vector<std::string>{
                At(text, "40") +
                ": channels[0].scope.posts_per_week: must be between 1 and 21, got 40"}));
}

TEST(ConceptLoader, OffHoursThresholdDefaultsToTheOfficeHoursOne) {
  const std::string text = Edit(ExampleText(), "off_hours_auto_hide_threshold = 0.85", "");
  ConceptLoad load = ParseConcept(text, "concept.toml");
  ASSERT_TRUE(load.ok());
  EXPECT_DOUBLE_EQ(load.concept_value->moderation.off_hours_auto_hide_threshold,
                   load.concept_value->moderation.auto_hide_threshold);
}

TEST(ConceptLoader, RetentionPeriodsAsThePrivacySectionPromisesThem) {
  ConceptLoad load = ParseConcept(ExampleText(), "concept.toml");
  ASSERT_TRUE(load.ok()) << FormatDiagnostics(load.diagnostics);
  EXPECT_EQ(load.concept_value->moderation.decision_retention_days, 365);
  EXPECT_EQ(load.concept_value->moderation.evidence_retention_days, 183);
  std::string text = Edit(ExampleText(), "decision_retention_days = 365", "");
  text = Edit(text, "evidence_retention_days = 183", "");
  ConceptLoad defaults = ParseConcept(text, "concept.toml");
  ASSERT_TRUE(defaults.ok()) << FormatDiagnostics(defaults.diagnostics);
  EXPECT_EQ(defaults.concept_value->moderation.decision_retention_days, 365);
  EXPECT_EQ(defaults.concept_value->moderation.evidence_retention_days, 183);
}

TEST(ConceptLoader, BadRetentionPeriodsNameTheKeyAndLine) {
  std::string text =
      Edit(ExampleText(), "decision_retention_days = 365", "decision_retention_days = 0");
  text = Edit(text, "evidence_retention_days = 183", "evidence_retention_days = 5000");
  ConceptLoad load = ParseConcept(text, "concept.toml");
  EXPECT_FALSE(load.ok());
  // The value starts after "xxx_retention_days = ", in column 27.
  const auto at = [&](const std::string& line) {
    return "concept.toml:" + std::to_string(LineOf(text, line)) + ":27";
  };
  EXPECT_EQ(Lines(load),
            (std::vector<std::string>{
                at("decision_retention_days = 0") +
                    ": moderation.decision_retention_days: must be between 1 and 3650, got 0",
                at("evidence_retention_days = 5000") +
                    ": moderation.evidence_retention_days: must be between 1 and 3650, got 5000",
            }));
}

TEST(ConceptLoader, OffHoursThresholdMayNotBeStricterThanInOfficeHours) {
  const std::string text = Edit(ExampleText(), "off_hours_auto_hide_threshold = 0.85",
                                "off_hours_auto_hide_threshold = 0.99");
  ConceptLoad load = ParseConcept(text, "concept.toml");
  EXPECT_EQ(Lines(load),
            (std::vector<std::string>{
                At(text, "0.99") +
                ": moderation.off_hours_auto_hide_threshold: must be above "
                "moderation.review_threshold (0.5) and at most "
                "moderation.auto_hide_threshold (0.95), got 0.99; outside office hours "
                "hiding may start lower, never stricter than in them"}));
}

TEST(ConceptLoader, UnknownKeyIsReportedWithDidYouMean) {
  const std::string text = Edit(ExampleText(), "posts_per_week = 2", "posts_per_waek = 2");
  ConceptLoad load = ParseConcept(text, "concept.toml");
  EXPECT_EQ(Lines(load),
            (std::vector<std::string>{
                At(text, "[channels.scope]") +
                    ": channels[0].scope.posts_per_week: missing required key; "
                    "expected an integer between 1 and 21",
                At(text, "posts_per_waek") + ": channels[0].scope.posts_per_waek: unknown key "
                                             "(did you mean 'posts_per_week'?)",
            }));
}

TEST(ConceptLoader, ReportsAllProblemsOfAFileInOneRun) {
  std::string text = ExampleText();
  text = Edit(text, "website = \"https://www.sassenberg.de\"", "website = \"www.sassenberg.de\"");
  text = Edit(text, "id = \"heimat\"", "id = \"kultur\"");
  text = Edit(text, "email = \"puttinso@sassenberg.de\"", "email = \"puttinso@sassenberg\"");
  text = Edit(text, "phone = \"02583/309-3080\"", "phone = \"309-3080\"");
  text = Edit(text, "rating = \"gering bis mittel\"", "rating = \"gering-mittel\"");
  text = Edit(text, "review_threshold = 0.5", "review_threshold = 0.97");
  text = Edit(text, "crisis_mode = false", "crisis_mode = \"nein\"");
  ConceptLoad load = ParseConcept(text, "concept.toml");
  EXPECT_EQ(Lines(load),
            (std::vector<std::string>{
                At(text, "\"www.sassenberg.de\"") +
                    ": authority.website: not a valid URL (expected http:// "
                    "or https:// and a host name): \"www.sassenberg.de\"",
                At(text, "\"kultur\"\nname = \"Heimat\"") +
                    ": topics[2].id: duplicate topic id 'kultur' "
                    "(first used on line " +
                    std::to_string(LineOf(text, "id = \"kultur\"")) + ")",
                At(text, "\"puttinso@sassenberg\"") +
                    ": responsibility.staff[1].email: not a valid e-mail "
                    "address: \"puttinso@sassenberg\"",
                At(text, "\"309-3080\"") +
                    ": data_protection_officer.phone: not a valid German phone number "
                    "(e.g. \"02583/309-3031\" or \"+49 2583 309-3031\"): \"309-3080\"",
                At(text, "\"gering-mittel\"") +
                    ": dpia.rating: must be one of 'gering', 'gering bis mittel', "
                    "'mittel', 'hoch', got \"gering-mittel\"",
                At(text, "0.97") +
                    ": moderation.review_threshold: must be lower than "
                    "moderation.auto_hide_threshold (0.95), got 0.97; comments between the two go "
                    "to review, above auto_hide_threshold they are hidden",
                At(text, "\"nein\"") +
                    ": moderation.crisis_mode: expected a boolean (true or false), found "
                    "string \"nein\"",
            }));
}

TEST(ConceptLoader, DuplicateTopicIdPointsAtTheSecondUse) {
  const std::string text = Edit(ExampleText(), "id = \"heimat\"", "id = \"tourismus\"");
  ConceptLoad load = ParseConcept(text, "concept.toml");
  ASSERT_EQ(load.diagnostics.size(), 1u) << FormatDiagnostics(load.diagnostics);
  const Diagnostic& d = load.diagnostics[0];
  EXPECT_EQ(d.key_path, "topics[2].id");
  EXPECT_EQ("concept.toml:" + std::to_string(d.line) + ":" + std::to_string(d.column),
            At(text, "\"tourismus\"\nname = \"Heimat\""));
  EXPECT_NE(d.message.find("duplicate topic id 'tourismus'"), std::string::npos) << d.message;
}

TEST(ConceptLoader, MissingRequiredKeyIsReportedAtItsTable) {
  const std::string text = Edit(ExampleText(), "rating = \"gering bis mittel\"", "");
  ConceptLoad load = ParseConcept(text, "concept.toml");
  EXPECT_EQ(
      Lines(load),
      (std::vector<std::string>{At(text, "[dpia]") +
                                ": dpia.rating: missing required key; expected one of 'gering', "
                                "'gering bis mittel', 'mittel', 'hoch'"}));
}

TEST(ConceptLoader, WrongTypeNamesExpectedAndFoundType) {
  const std::string text = Edit(ExampleText(), "posts_per_week = 2", "posts_per_week = \"zwei\"");
  ConceptLoad load = ParseConcept(text, "concept.toml");
  EXPECT_EQ(Lines(load),
            (std::vector<std::string>{
                At(text, "\"zwei\"") +
                ": channels[0].scope.posts_per_week: expected an integer between 1 and 21, "
                "found string \"zwei\""}));
}

TEST(ConceptLoader, CrossReferencesRolesAndSlugAreChecked) {
  std::string text = ExampleText();
  text = Edit(text, "slug = \"sassenberg\"", "slug = \"Stadt Sassenberg\"");
  text = Edit(text, "channels = [\"instagram\", \"website\"]",
              "channels = [\"instagram\", \"webseite\"]");
  text = Edit(text, "roles = [\"editor\", \"approver\", \"moderator\"]",
              "roles = [\"editor\", \"approver\", \"moderater\"]");
  text = Edit(text, "value = \"https://serviceportal.sassenberg.de\"",
              "value = \"serviceportal.sassenberg.de\"");
  ConceptLoad load = ParseConcept(text, "concept.toml");
  EXPECT_EQ(Lines(load), (std::vector<std::string>{
                             At(text, "\"Stadt Sassenberg\"\nkind") +
                                 ": authority.slug: must be lower-case letters, digits "
                                 "and '-' (2 to 41 characters), got \"Stadt Sassenberg\"",
                             At(text, "\"webseite\"") +
                                 ": responsibility.channels[1]: no channel has the id 'webseite' "
                                 "(did you mean 'website'?)",
                             At(text, "\"moderater\"") +
                                 ": responsibility.staff[0].roles[2]: must be one of 'editor', "
                                 "'approver', 'moderator', 'dpo', 'admin', got \"moderater\" "
                                 "(did you mean 'moderator'?)",
                             At(text, "\"serviceportal.sassenberg.de\"") +
                                 ": alternatives.contacts[1].value: not a valid URL "
                                 "(expected http:// or https://) for kind "
                                 "'service_portal': \"serviceportal.sassenberg.de\"",
                         }));
}

TEST(ConceptLoader, SyntaxErrorHasLineAndColumn) {
  ConceptLoad load = ParseConcept("schema_version = 1\n[authority\nname = \"x\"\n", "concept.toml");
  EXPECT_FALSE(load.concept_value.has_value());
  ASSERT_EQ(load.diagnostics.size(), 1u);
  EXPECT_EQ(load.diagnostics[0].line, 2u);
  EXPECT_GT(load.diagnostics[0].column, 1u);
  EXPECT_NE(load.diagnostics[0].message.find("TOML syntax error"), std::string::npos);
}

TEST(ConceptLoader, MissingFileNamesTheFile) {
  ConceptLoad load = LoadConceptFile("/no/such/dir/concept.toml");
  EXPECT_FALSE(load.ok());
  ASSERT_EQ(load.diagnostics.size(), 1u);
  EXPECT_EQ(load.diagnostics[0].line, 0u);
  EXPECT_EQ(load.diagnostics[0].ToString(),
            "/no/such/dir/concept.toml: cannot read '/no/such/dir/concept.toml': No such file or "
            "directory");
}

TEST(ConceptLoader, AnEmptyFileListsTheRequiredSections) {
  ConceptLoad load = ParseConcept("", "concept.toml");
  std::set<std::string> missing;
  for (const Diagnostic& d : load.diagnostics) {
    EXPECT_EQ(d.line, 1u);
    EXPECT_EQ(d.column, 1u);
    missing.insert(d.key_path);
  }
  EXPECT_EQ(missing, (std::set<std::string>{"schema_version", "authority", "channels", "purpose",
                                            "topics", "responsibility", "data_protection_officer",
                                            "assessment", "alternatives", "dpia", "netiquette",
                                            "office_hours", "moderation"}));
}

}  // namespace
}  // namespace civicpost::usage

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "concept/concept_loader.hpp"
#include "concept/toml_document.hpp"
#include "documents/builders.hpp"
#include "documents/render.hpp"
#include "documents/review_status.hpp"

namespace civicpost::documents {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

// The seed document's headings, in its order (../shared/seed/).
const std::vector<std::string> kSeedHeadings = {
    "1 Unser Social Media Angebot",
    "2 Zweck",
    "3 Art und Umfang",
    "3.1 Art und Umfang – Instagram Stadt Sassenberg",
    "4 Gründe für die Entscheidung",
    "4.1 Gründe für den Instagram-Auftritt der Stadt Sassenberg",
    "5 Festlegung der Verantwortlichkeiten",
    "Ansprechpartner für den Datenschutz",
    "6 Vorteile und Nachteile der Nutzung Sozialer Medien für die Stadt Sassenberg",
    "6.1 Vorteile",
    "6.2 Nachteile",
    "7 Alternative Informations- und Kontaktmöglichkeiten",
    "8 Abschätzung der Folgen der Verarbeitungsvorgänge",
    "8.1 Gesetzliche Rahmenbedingungen",
    "8.2 Begründung",
    "8.3 Welches Risiko folgt daraus?",
    "8.4 Wie wird das Risiko bewertet?",
};

const year_month_day kToday{year(2026), month(11), day(25)};

std::string ExamplePath(const std::string& name) {
  return std::string(CIVICPOST_SOURCE_DIR) + "/examples/" + name + "/concept.toml";
}

std::string ReadExample(const std::string& name) {
  std::ifstream in(ExamplePath(name));
  return std::string(std::istreambuf_iterator<char>(in), {});
}

usage::Concept Load(const std::string& name) {
  usage::ConceptLoad load = usage::LoadConceptFile(ExamplePath(name));
  EXPECT_TRUE(load.ok()) << usage::FormatDiagnostics(load.diagnostics);
  return *load.concept_value;
}

usage::Concept Sassenberg() { return Load("sassenberg"); }

// Runs a Debian tool on `input` written to a file; returns {exit code, stdout}.
std::pair<int, std::string> Tool(const std::string& command, const std::string& input,
                                 const std::string& suffix) {
  const std::string path = std::filesystem::temp_directory_path() /
                           ("civicpost-doc-" + std::to_string(getpid()) + suffix);
  std::ofstream(path, std::ios::binary) << input;
  std::string out;
  FILE* pipe = popen((command + " '" + path + "' 2>&1").c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = pclose(pipe);
  std::filesystem::remove(path);
  return {WEXITSTATUS(status), out};
}

// Asserts that `needles` appear in `text` in this order.
void ExpectInOrder(const std::string& text, const std::vector<std::string>& needles,
                   const std::string& prefix = "") {
  size_t at = 0;
  for (const std::string& needle : needles) {
    const size_t found = text.find(prefix + needle, at);
    ASSERT_NE(found, std::string::npos) << "missing or out of order: " << needle;
    at = found + 1;
  }
}

std::vector<std::string> Contacts(const usage::Concept& c) {
  std::vector<std::string> out;
  for (const auto& s : c.responsibility.staff) {
    out.push_back(s.name);
    out.push_back(s.email);
    out.push_back(s.phone);
  }
  out.push_back(c.data_protection_officer.name);
  out.push_back(c.data_protection_officer.email);
  out.push_back(c.data_protection_officer.phone);
  return out;
}

TEST(Nutzungskonzept, MarkdownHasEverySeedHeadingInOrderAndEveryContact) {
  const usage::Concept c = Sassenberg();
  auto doc = BuildDocument("nutzungskonzept", c, {kToday, 4});
  ASSERT_TRUE(doc);
  const std::string md = RenderMarkdown(*doc);
  ExpectInOrder(md, kSeedHeadings, "# ");
  for (const std::string& contact : Contacts(c)) {
    EXPECT_NE(md.find(contact), std::string::npos) << contact;
  }
  EXPECT_NE(md.find("Bürger\\*innen"), std::string::npos);  // '*' is text, not emphasis
  EXPECT_NE(md.find("Stand: 25. November 2026 · Konzeptversion 4"), std::string::npos);
}

TEST(Nutzungskonzept, HtmlIsWellFormedAccessibleAndEscaped) {
  usage::Concept c = Sassenberg();
  c.authority.intro = "<script>alert('x')</script> & mehr";
  const std::string html = RenderHtml(*BuildDocument("nutzungskonzept", c, {kToday, 0}));
  auto [code, out] = Tool("xmllint --noout", html, ".xhtml");
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(html.find("lang=\"de\""), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  ExpectInOrder(html, kSeedHeadings, ">");
  // Headings never skip a level: h1, then h2/h3 only.
  EXPECT_EQ(html.find("<h4>"), std::string::npos);
  EXPECT_EQ(html.find("<h1>", html.find("<h1>") + 1), std::string::npos);
}

TEST(Nutzungskonzept, PdfTextHasTheHeadingsContactsAndPageNumbers) {
  const usage::Concept c = Sassenberg();
  auto pdf = RenderPdf(*BuildDocument("nutzungskonzept", c, {kToday, 2}));
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  // "-" as the output file: the text comes on stdout.
  auto [raw_code, raw] = Tool("sh -c 'pdftotext -enc UTF-8 \"$0\" -'", *pdf, ".pdf");
  ASSERT_EQ(raw_code, 0) << raw;
  // A long heading wraps onto two lines on paper; compare with single spaces.
  std::string flat;
  for (char ch : raw) {
    const char letter = ch == '\n' ? ' ' : ch;
    if (!(letter == ' ' && !flat.empty() && flat.back() == ' ')) flat += letter;
  }
  ExpectInOrder(flat, kSeedHeadings);
  for (const std::string& contact : Contacts(c)) {
    EXPECT_NE(raw.find(contact), std::string::npos) << contact;
  }
  EXPECT_NE(raw.find("Schürenstraße 17"), std::string::npos);  // umlauts and ß survive
  EXPECT_NE(raw.find("Seite 1 von "), std::string::npos);
  EXPECT_NE(raw.find("Konzeptversion 2"), std::string::npos);
  auto [info_code, info] = Tool("pdfinfo", *pdf, ".pdf");
  ASSERT_EQ(info_code, 0);
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info;
  EXPECT_NE(info.find("Social Media Nutzungskonzept – Stadt Sassenberg"), std::string::npos)
      << info;
}

TEST(Dpia, ShowsRatingMeasuresAndReview) {
  usage::Concept c = Sassenberg();
  c.dpia.last_review = year_month_day{year(2025), month(12), day(1)};
  c.dpia.review_interval_months = 12;
  const std::string md = RenderMarkdown(*BuildDocument("dsfa", c, {kToday, 0}));
  EXPECT_NE(md.find("Einstufung des Risikos: gering bis mittel."), std::string::npos);
  EXPECT_NE(md.find(std::to_string(c.moderation.response_target_hours) + " Stunden"),
            std::string::npos);
  EXPECT_NE(md.find("| Letzte Überprüfung | 1. Dezember 2025 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| Nächste Überprüfung | 1. Dezember 2026 |"), std::string::npos);
  EXPECT_NE(md.find("in 6 Tagen zu überprüfen"), std::string::npos);
  EXPECT_NE(md.find(c.dpia.legal_framework.substr(0, 60)), std::string::npos);
  ASSERT_FALSE(c.dpia.risks.empty());
  for (const usage::DpiaRisk& risk : c.dpia.risks) {
    EXPECT_NE(md.find("| " + risk.name + " | " +
                      std::string(usage::kRiskLevelNames.Name(risk.likelihood)) + " | " +
                      std::string(usage::kRiskLevelNames.Name(risk.severity)) + " |"),
              std::string::npos)
        << risk.name;
  }
  const std::string html = RenderHtml(*BuildDocument("dsfa", c, {kToday, 0}));
  for (const usage::Channel& channel : c.channels) {
    EXPECT_NE(html.find(channel.url), std::string::npos) << channel.url;
  }
}

TEST(BuildDocument, UnknownNameListsTheKnownOnes) {
  auto doc = BuildDocument("impressum", Sassenberg(), {kToday, 0});
  ASSERT_FALSE(doc);
  EXPECT_NE(doc.error().message.find("impressum"), std::string::npos);
  EXPECT_NE(doc.error().message.find("nutzungskonzept, dsfa, datenschutzhinweise"),
            std::string::npos);
}

TEST(DpiaReviewStatus, NeverCurrentDueSoonOverdue) {
  usage::Dpia dpia;
  dpia.review_interval_months = 12;
  EXPECT_EQ(DpiaReviewStatus(dpia, kToday).state, ReviewState::kNeverReviewed);
  dpia.last_review = year_month_day{year(2026), month(3), day(31)};
  EXPECT_EQ(DpiaReviewStatus(dpia, kToday).state, ReviewState::kCurrent);
  dpia.last_review = year_month_day{year(2025), month(12), day(20)};
  const DpiaReview soon = DpiaReviewStatus(dpia, kToday);
  EXPECT_EQ(soon.state, ReviewState::kDueSoon);
  EXPECT_EQ(soon.days_left, 25);
  dpia.last_review = year_month_day{year(2025), month(11), day(1)};
  const DpiaReview overdue = DpiaReviewStatus(dpia, kToday);
  EXPECT_EQ(overdue.state, ReviewState::kOverdue);
  EXPECT_EQ(overdue.days_left, -24);
  EXPECT_NE(overdue.Sentence().find("seit 24 Tagen"), std::string::npos) << overdue.Sentence();
  // 31 January + 1 month is the end of February, not an invalid date.
  dpia.review_interval_months = 1;
  dpia.last_review = year_month_day{year(2026), month(1), day(31)};
  EXPECT_EQ(*DpiaReviewStatus(dpia, kToday).next, (year_month_day{year(2026), month(2), day(28)}));
}

// Both examples, every document, every format: nothing is wired to one town.
TEST(AllDocuments, RenderForBothExamplesInEveryFormat) {
  for (const std::string example : {"sassenberg", "bezirksamt-nord"}) {
    const usage::Concept c = Load(example);
    for (std::string_view name : DocumentNames()) {
      SCOPED_TRACE(example + " " + std::string(name));
      auto doc = BuildDocument(name, c, {kToday, 1});
      ASSERT_TRUE(doc) << doc.error().message;
      const std::string md = RenderMarkdown(*doc);
      EXPECT_NE(md.find(c.authority.name), std::string::npos);
      const std::string html = RenderHtml(*doc);
      auto [xml_code, xml_out] = Tool("xmllint --noout", html, ".xhtml");
      EXPECT_EQ(xml_code, 0) << xml_out;
      auto pdf = RenderPdf(*doc);
      ASSERT_TRUE(pdf);
      auto [code, text] = Tool("sh -c 'pdftotext -enc UTF-8 \"$0\" -'", *pdf, ".pdf");
      ASSERT_EQ(code, 0);
      EXPECT_NE(text.find(c.authority.name), std::string::npos);
      if (example != "sassenberg") {
        EXPECT_EQ(md.find("Sassenberg"), std::string::npos);
      }
    }
  }
}

TEST(SecondExample, HasMastodonAndItsOwnWording) {
  const usage::Concept c = Load("bezirksamt-nord");
  const std::string md = RenderMarkdown(*BuildDocument("nutzungskonzept", c, {kToday, 0}));
  EXPECT_NE(md.find("## 6 Vorteile und Nachteile der Nutzung Sozialer Medien für das "
                    "Bezirksamt Musterstadt-Nord"),
            std::string::npos);
  EXPECT_NE(md.find("### 3.2 Art und Umfang – Mastodon Bezirksamt Nord"), std::string::npos);
  const std::string dpia = RenderMarkdown(*BuildDocument("dsfa", c, {kToday, 0}));
  EXPECT_NE(dpia.find("Stellungnahme des Datenschutzbeauftragten: Keine Bedenken"),
            std::string::npos);
  EXPECT_NE(dpia.find("vorzeitig zu überprüfen: Instagram hat seine Nutzungsbedingungen"),
            std::string::npos);
}

TEST(PrivacyNotice, NamesControllerPlatformNoticesRetentionRightsAndAuthority) {
  const usage::Concept c = Sassenberg();
  const std::string md = RenderMarkdown(*BuildDocument("datenschutzhinweise", c, {kToday, 0}));
  EXPECT_NE(md.find("Art. 26 DSGVO"), std::string::npos);
  EXPECT_NE(md.find(c.channels[0].platform_privacy_policy->url), std::string::npos);
  EXPECT_NE(md.find("Art. 15 DSGVO"), std::string::npos);
  EXPECT_NE(md.find("Art. 77 DSGVO"), std::string::npos);
  EXPECT_NE(md.find(c.privacy->supervisory_authority.name), std::string::npos);
  EXPECT_NE(md.find(c.data_protection_officer.email), std::string::npos);
  for (const usage::ProcessingActivity& a : c.privacy->processing) {
    EXPECT_NE(md.find(a.retention.substr(0, 30)), std::string::npos) << a.name;
  }
}

TEST(Netiquette, ListsEveryClauseConsequencesAndWhereToComplain) {
  const usage::Concept c = Sassenberg();
  const std::string md = RenderMarkdown(*BuildDocument("netiquette", c, {kToday, 0}));
  for (const usage::NetiquetteClause& clause : c.netiquette) {
    EXPECT_NE(md.find("### " + clause.id + " "), std::string::npos) << clause.id;
  }
  EXPECT_NE(md.find("Strafantrag"), std::string::npos);
  EXPECT_NE(md.find("## Beschwerde gegen eine Entscheidung"), std::string::npos);
  EXPECT_NE(md.find(c.responsibility.staff[0].email), std::string::npos);
}

TEST(RecordsOfProcessing, EveryActivityHasEveryFieldOfArticle30) {
  const usage::Concept c = Sassenberg();
  const std::string md = RenderMarkdown(*BuildDocument("vvt", c, {kToday, 0}));
  size_t at = 0;
  for (const usage::ProcessingActivity& a : c.privacy->processing) {
    at = md.find(a.name, at);
    ASSERT_NE(at, std::string::npos) << a.name;
    for (const char* field : {"a) Verantwortlicher", "b) Zwecke", "c) Kategorien betroffener",
                              "c) Kategorien personenbezogener", "d) Empfänger",
                              "e) Übermittlung in Drittländer", "f) Fristen für die Löschung",
                              "g) Technische und organisatorische"}) {
      EXPECT_NE(md.find(field, at), std::string::npos) << a.name << ": " << field;
    }
  }
}

TEST(DocumentNeeds, MissingPrivacySectionOrKindIsReportedWithPosition) {
  std::string text = ReadExample("sassenberg");
  const std::string without_privacy = text.substr(0, text.find("\n[privacy]"));
  auto parsed = usage::ParseTomlText(without_privacy, "concept.toml");
  ASSERT_TRUE(parsed.table);
  auto needs = CheckDocumentNeeds("datenschutzhinweise", *parsed.table, "concept.toml");
  ASSERT_EQ(needs.size(), 1u);
  EXPECT_EQ(needs[0].key_path, "privacy");
  EXPECT_EQ(needs[0].ToString().rfind("concept.toml:1:1: privacy:", 0), 0u) << needs[0].ToString();
  EXPECT_TRUE(CheckDocumentNeeds("netiquette", *parsed.table, "concept.toml").empty());

  // Without the direct-messages entry, the Verzeichnis is incomplete.
  const size_t messages = text.find("kind = \"messages\"");
  ASSERT_NE(messages, std::string::npos);
  text.replace(messages, std::string("kind = \"messages\"").size(), "kind = \"website\"");
  auto incomplete = usage::ParseTomlText(text, "concept.toml");
  auto vvt = CheckDocumentNeeds("vvt", *incomplete.table, "concept.toml");
  ASSERT_EQ(vvt.size(), 1u);
  EXPECT_NE(vvt[0].message.find("messages"), std::string::npos);
  EXPECT_GT(vvt[0].line, 1u);
}

TEST(DpiaRules, FinalNeedsOpinionAndAcceptedRisk) {
  std::string text = ReadExample("sassenberg");
  const std::string marker = "residual_risk_accepted = true";
  text.replace(text.find(marker), marker.size(), "residual_risk_accepted = false\nstatus = \"final\"");
  usage::ConceptLoad load = usage::ParseConcept(text, "concept.toml");
  ASSERT_FALSE(load.ok());
  ASSERT_EQ(load.diagnostics.size(), 2u) << usage::FormatDiagnostics(load.diagnostics);
  for (const usage::Diagnostic& d : load.diagnostics) {
    EXPECT_EQ(d.key_path, "dpia.status");
    EXPECT_GT(d.line, 1u);
  }
  EXPECT_NE(usage::FormatDiagnostics(load.diagnostics).find("dpo_opinion"), std::string::npos);
}

TEST(DpiaReviewStatus, ATriggerAfterTheLastReviewForcesAReview) {
  usage::Dpia dpia;
  dpia.review_interval_months = 12;
  dpia.last_review = year_month_day{year(2026), month(3), day(1)};
  dpia.review_triggers.push_back({year_month_day{year(2026), month(1), day(5)},
                                  usage::ReviewTriggerKind::kCourtRuling, "älteres Urteil"});
  EXPECT_EQ(DpiaReviewStatus(dpia, kToday).state, ReviewState::kCurrent);  // already reviewed
  dpia.review_triggers.push_back({year_month_day{year(2026), month(9), day(17)},
                                  usage::ReviewTriggerKind::kCourtRuling, "Urteil des OVG"});
  const DpiaReview review = DpiaReviewStatus(dpia, kToday);
  EXPECT_EQ(review.state, ReviewState::kTriggered);
  EXPECT_NE(review.Sentence().find("Urteil des OVG (17. September 2026)"), std::string::npos)
      << review.Sentence();
}

}  // namespace
}  // namespace civicpost::documents

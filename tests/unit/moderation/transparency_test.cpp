// The monthly transparency report from decisions and waiting times set by
// hand: counts per clause, ground, action and decider, measures against
// criticism, restores, and median and 95th percentile of the waiting time.
#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "moderation/transparency_report.hpp"

namespace civicpost::moderation {
namespace {

Timestamp At(const char* iso) { return *ParseIsoUtc(iso); }

Decision Made(ModerationAction action, std::string clause, std::optional<UserId> by,
              bool critical = false, std::string ground = "") {
  Decision d;
  d.action = action;
  d.category = "insult";
  d.clause_id = std::move(clause);
  d.decided_by = by;
  d.critical = critical;
  d.legal_ground = std::move(ground);
  return d;
}

TEST(TransparencyTest, CountsEachCarriedOutMeasureOnceAndWhoDecided) {
  const UserId anna(1);
  const UserId ben(2);
  Decision proposal = Made(ModerationAction::kHide, "N1", anna, true);
  proposal.needs_second = true;
  const std::vector<Decision> decisions = {
      Made(ModerationAction::kHide, "N1", std::nullopt),  // the engine hides
      Made(ModerationAction::kRestore, "N1", anna),       // a person restores it
      proposal,                                           // criticism: a proposal
      Made(ModerationAction::kApprove, "N1", ben, true),  // approved: carried out
      Made(ModerationAction::kDelete, "N5", anna, false, "stgb_185"),
      Made(ModerationAction::kNone, "", std::nullopt),
  };
  const TransparencyReport report = BuildTransparencyReport("2026-11", decisions, {});
  EXPECT_EQ(report.decisions, 6);
  EXPECT_EQ(report.automatic, 2);
  EXPECT_EQ(report.by_person, 4);
  EXPECT_EQ(report.by_clause.at("N1"), 2);  // the engine's hide and the approved one
  EXPECT_EQ(report.by_clause.at("N5"), 1);
  EXPECT_EQ(report.by_ground.at("stgb_185"), 1);
  EXPECT_EQ(report.by_action.at("hide"), 2);
  EXPECT_EQ(report.measures_on_criticism, 1);
  EXPECT_EQ(report.restored, 1);
  const std::string csv = TransparencyCsv(report);
  EXPECT_NE(csv.find("regel,N1,2\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("kritik,massnahmen_gegen_kritische_kommentare,1\n"), std::string::npos);
  EXPECT_NE(csv.find("kategorie,insult,6\n"), std::string::npos);
  EXPECT_NE(csv.find("entschieden_von,person,4\n"), std::string::npos);
}

TEST(TransparencyTest, WaitingTimesAreMedianAndNearestRank95th) {
  std::vector<store::DecisionTiming> timings;
  const Timestamp received = At("2026-11-02T08:00:00Z");
  // 20 comments decided after 1..20 minutes by the engine; every 4th needed a person,
  // who decided after 60 minutes; one more waits still.
  for (int i = 1; i <= 20; ++i) {
    store::DecisionTiming t{CommentId(i), received};
    t.first_decision = received + std::chrono::minutes(i);
    t.needed_person = i % 4 == 0;
    if (t.needed_person) t.first_person = received + std::chrono::minutes(60 * i);
    timings.push_back(t);
  }
  store::DecisionTiming waiting{CommentId(21), received};
  waiting.needed_person = true;
  timings.push_back(waiting);
  const TransparencyReport report = BuildTransparencyReport("2026-11", {}, timings);
  EXPECT_EQ(report.to_decision.comments, 20);
  EXPECT_DOUBLE_EQ(*report.to_decision.median_minutes, 10.5);
  EXPECT_DOUBLE_EQ(*report.to_decision.p95_minutes, 19);  // rank ceil(0.95 * 20) = 19
  EXPECT_EQ(report.to_decision.undecided, 1);
  EXPECT_EQ(report.to_person.comments, 5);  // 4, 8, 12, 16, 20
  EXPECT_DOUBLE_EQ(*report.to_person.median_minutes, 720);
  EXPECT_DOUBLE_EQ(*report.to_person.p95_minutes, 1200);
  EXPECT_EQ(report.to_person.undecided, 1);
}

TEST(TransparencyTest, AMonthIsYearDashMonth) {
  EXPECT_EQ(ParseMonth("2026-11"), "2026-11");
  EXPECT_EQ(ParseMonth("2026-13"), std::nullopt);
  EXPECT_EQ(ParseMonth("2026-1"), std::nullopt);
  EXPECT_EQ(ParseMonth("26-11-01"), std::nullopt);
  EXPECT_EQ(ParseMonth("' OR 1"), std::nullopt);
}

}  // namespace
TEST(TransparencyTest, ReportsAreCountedAndThePlatformsAnswerTimeIsTheMedianInDays) {
  auto filed = [](std::string kind, int day, std::string outcome, std::optional<int> answered,
                  bool complaint = false) {
    store::CommentReport r;
    r.kind = std::move(kind);
    r.filed_on = std::chrono::year(2026) / 11 / day;
    r.outcome = std::move(outcome);
    if (answered) r.outcome_on = std::chrono::year(2026) / 11 / *answered;
    r.complaint = complaint;
    return r;
  };
  const std::vector<store::CommentReport> reports = {
      filed("platform", 2, "removed", 3),    // 1 day
      filed("platform", 2, "no_action", 9),  // 7 days
      filed("platform", 4, "removed", 8),    // 4 days
      filed("platform", 5, "pending", std::nullopt),
      filed("criminal", 2, "investigating", 20, true),
      filed("criminal", 6, "pending", std::nullopt),
  };
  const TransparencyReport report = BuildTransparencyReport("2026-11", {}, {}, reports);
  EXPECT_EQ(report.reports.platform_notices, 4);
  EXPECT_EQ(report.reports.criminal_reports, 2);
  EXPECT_EQ(report.reports.with_complaint, 1);
  EXPECT_EQ(report.reports.answered, 4);
  EXPECT_EQ(report.reports.outcomes.at("removed"), 2);
  EXPECT_DOUBLE_EQ(*report.reports.median_days_to_platform_answer, 4);  // of 1, 4, 7
  const std::string csv = TransparencyCsv(report);
  EXPECT_NE(csv.find("meldungen,an_plattform,4\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("meldungen,median_tage_bis_antwort_plattform,4.0\n"), std::string::npos);
  EXPECT_NE(csv.find("ergebnis,investigating,1\n"), std::string::npos);
}

}  // namespace civicpost::moderation

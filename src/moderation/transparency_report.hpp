#pragma once
// The monthly transparency report on moderation (issue 7; R17, R56): how
// many decisions per netiquette clause, legal ground, category and action,
// who decided (the engine or a person), how many measures hit comments that
// criticise the authority, how many were restored after a review, and how
// long comments waited for a decision: median and 95th percentile, against
// the concept's promise; what went to the platform and the police and
// how fast the platform answered. No comment text, no handles: it may be published.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/comment.hpp"
#include "store/comment_report_store.hpp"
#include "store/comment_store.hpp"

namespace civicpost::moderation {

struct WaitingTimes {
  int comments = 0;  // with a decision
  std::optional<double> median_minutes{};
  std::optional<double> p95_minutes{};
  int undecided = 0;  // received in the month, no decision yet
};

// What the authority reported in the month (R21, R22), and how fast the
// platform answered its notices.
struct ReportFigures {
  int platform_notices = 0;
  int criminal_reports = 0;
  int with_complaint = 0;  // criminal reports carrying the complaint (Strafantrag)
  int answered = 0;
  std::map<std::string, int> outcomes;  // answered reports per outcome ("removed" -> 2)
  std::optional<double> median_days_to_platform_answer{};
};

struct TransparencyReport {
  std::string month;  // "2026-11"
  int decisions = 0;
  std::map<std::string, int> by_action;    // "hide" -> 3
  std::map<std::string, int> by_clause;    // measures (hide, delete) per clause id
  std::map<std::string, int> by_ground;    // measures per legal ground id
  std::map<std::string, int> by_category;  // every decision's category
  int automatic = 0;
  int by_person = 0;
  int measures_on_criticism = 0;  // hides and deletes of comments critical of the authority
  int restored = 0;               // restored after review
  WaitingTimes to_decision;       // to the first decision, the engine's included
  WaitingTimes to_person;         // to a person's, for comments that needed one
  ReportFigures reports;          // filed in the month
};

TransparencyReport BuildTransparencyReport(const std::string& month,
                                           const std::vector<Decision>& decisions,
                                           const std::vector<store::DecisionTiming>& timings,
                                           const std::vector<store::CommentReport>& reports = {});

// One row per figure: "section,key,value", German section names first.
std::string TransparencyCsv(const TransparencyReport& report);

// "2026-11" for a plausible month, nullopt otherwise.
std::optional<std::string> ParseMonth(std::string_view text);

}  // namespace civicpost::moderation

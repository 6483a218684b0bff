#pragma once
// The moderation engine for one authority: fold a comment once, run the
// rules and the classifier over it, and decide by the authority's concept.
// `civicpost classify`, `model eval` and (with the inbox) the comment
// intake all ask it.
//
// Thread-safe.

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string_view>
#include <vector>

#include "concept/concept.hpp"
#include "core/clock.hpp"
#include "moderation/classifier.hpp"
#include "moderation/decision.hpp"
#include "moderation/rules.hpp"

namespace re2 {
class RE2;
}

namespace civicpost::moderation {

// Everything the engine says about one comment.
struct Assessment {
  ClassifierScores classifier;
  std::vector<RuleHit> hits;
  CategoryScores scores;
  bool about_authority = false;  // what the decision weighs besides the scores
  int words = 0;
  Verdict decision;
};

// Whether `when` falls into the concept's office hours (in its time zone).
bool InOfficeHours(const usage::OfficeHours& hours, Timestamp when);

class Moderator {
 public:
  // Keeps references to both; they must outlive the moderator.
  Moderator(const Classifier& classifier, const usage::Concept& concept_value);
  ~Moderator();
  Moderator(const Moderator&) = delete;
  Moderator& operator=(const Moderator&) = delete;

  Assessment Assess(std::string_view text, bool office_hours) const;
  Assessment Assess(std::string_view text, Timestamp when) const;
  // The decision for the same assessment at another time of day.
  Verdict Decide(const Assessment& assessment, bool office_hours) const;
  // The concept's time zone (office hours), for local times.
  const std::string& time_zone() const { return concept_.office_hours.timezone; }

 private:
  const Classifier& classifier_;
  const usage::Concept& concept_;
  Rules rules_;
  std::unique_ptr<re2::RE2> about_authority_;
};

// The line `civicpost classify` writes: abusive, scores per category,
// category, action and clause.
nlohmann::json ClassifyJson(const Assessment& assessment);

}  // namespace civicpost::moderation

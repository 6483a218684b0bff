#pragma once
// What civicpost does with a comment on its own: nothing, queue it for a
// person, or hide it (reversible). Never delete: that needs a person.
//
// The decision weighs the classifier's calibrated scores and the rules'
// strengths against the concept's thresholds ([moderation]), and cites the
// netiquette clause of the category. It is biased towards precision:
// - only insults, hate, threats, spam, scams and third parties' personal
//   data are ever hidden; vulgar words alone and questions for the office
//   go to a person;
// - the hate head only says which kind an offensive comment is: it was
//   trained on adversarial data and flags plain mentions of groups;
// - the classifier alone hides nothing shorter than four words, nor
//   anything without an explicitly abusive word (lexicon.hpp): on text
//   unlike its tweets it can be sure and wrong;
// - a comment that speaks of the authority is criticism until a person
//   says otherwise: hiding it needs a person (and a second one, the
//   inbox's rule), so the decision stops at review.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "concept/concept.hpp"
#include "moderation/classifier.hpp"
#include "moderation/rules.hpp"

namespace civicpost::moderation {

enum class Action { kNone, kReview, kHide };
std::string_view ActionName(Action action);  // "none", "review", "hide"

// The categories `civicpost classify` scores, in the order of severity used
// to break ties.
enum class Category {
  kThreat,
  kHate,
  kScam,
  kPersonalData,
  kInsult,
  kSpam,
  kProfanity,
  kConsultation
};
inline constexpr size_t kCategoryCount = 8;
std::string_view CategoryName(Category category);  // "threat", "personal_data", ...

struct CategoryScores {
  std::array<double, kCategoryCount> values{};
  double& operator[](Category c) { return values[static_cast<size_t>(c)]; }
  double operator[](Category c) const { return values[static_cast<size_t>(c)]; }
};

// The scores per category from the two sources.
CategoryScores Score(const ClassifierScores& classifier, const std::vector<RuleHit>& hits);

// The engine's proposal; stored as a (core) Decision without a person.
struct Verdict {
  std::string category;  // CategoryName, or "none"
  double score = 0;      // the category's score
  std::string clause;    // the netiquette clause's id, "" when none fits
  Action action = Action::kNone;
  std::string reason;  // one German sentence for the inbox and the audit log
};

struct DecisionContext {
  const usage::ModerationPolicy& policy;
  const std::vector<usage::NetiquetteClause>& netiquette;
  bool office_hours = true;
  bool about_authority = false;  // the comment speaks of the authority (criticism)
  int words = 0;                 // in the comment
};

Verdict Decide(const CategoryScores& scores, const ClassifierScores& classifier,
               const DecisionContext& context);

}  // namespace civicpost::moderation

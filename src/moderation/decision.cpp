#include "moderation/decision.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace civicpost::moderation {
namespace {

using usage::NetiquetteCategory;

constexpr std::array<std::string_view, kCategoryCount> kCategoryNames{
    "threat", "hate", "scam", "personal_data", "insult", "spam", "profanity", "consultation"};

constexpr std::array<std::string_view, kCategoryCount> kCategoryGerman{
    "Drohung",         "Hetze",
    "Betrugsversuch",  "persönliche Daten Dritter",
    "Beleidigung",     "Spam oder fremder Link",
    "vulgäre Sprache", "Anliegen an die Verwaltung"};

// One minus the chance that every hit is wrong: two independent signs of
// the same thing make it likelier than either alone.
double NoisyOr(double a, double b) { return 1 - (1 - a) * (1 - b); }

double Combined(const std::vector<RuleHit>& hits, RuleFamily family) {
  double none_right = 1;
  for (const RuleHit& hit : hits) {
    if (hit.family == family) none_right *= 1 - hit.strength;
  }
  return 1 - none_right;
}

// The netiquette clause for a category: the first clause of the first
// netiquette category that covers it.
std::string ClauseFor(Category category, const std::vector<usage::NetiquetteClause>& netiquette) {
  std::vector<NetiquetteCategory> covering;
  switch (category) {
    case Category::kThreat:
      covering = {NetiquetteCategory::kThreat, NetiquetteCategory::kIllegal};
      break;
    case Category::kHate:
      covering = {NetiquetteCategory::kHate, NetiquetteCategory::kInsult,
                  NetiquetteCategory::kIllegal};
      break;
    case Category::kScam:
      covering = {NetiquetteCategory::kScam, NetiquetteCategory::kSpam};
      break;
    case Category::kPersonalData:
      covering = {NetiquetteCategory::kDoxxing, NetiquetteCategory::kIllegal};
      break;
    case Category::kInsult:
    case Category::kProfanity:
      covering = {NetiquetteCategory::kInsult};
      break;
    case Category::kSpam:
      covering = {NetiquetteCategory::kSpam, NetiquetteCategory::kAdvertising,
                  NetiquetteCategory::kScam};
      break;
    case Category::kConsultation:
      covering = {NetiquetteCategory::kOffTopic};
      break;
  }
  for (NetiquetteCategory wanted : covering) {
    for (const usage::NetiquetteClause& clause : netiquette) {
      if (clause.category == wanted) return clause.id;
    }
  }
  return "";
}

bool Hideable(Category category) {
  return category != Category::kProfanity && category != Category::kConsultation;
}

// The classifier reads two or three words poorly ("Klasse Strategie!").
constexpr int kFewestWordsToHide = 4;

bool FromClassifier(Category category) {
  return category == Category::kInsult || category == Category::kHate ||
         category == Category::kProfanity;
}

}  // namespace

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kNone:
      return "none";
    case Action::kReview:
      return "review";
    case Action::kHide:
      return "hide";
  }
  return "none";
}

std::string_view CategoryName(Category category) {
  return kCategoryNames[static_cast<size_t>(category)];
}

CategoryScores Score(const ClassifierScores& classifier, const std::vector<RuleHit>& hits) {
  CategoryScores scores;
  const double links = Combined(hits, RuleFamily::kLink);
  scores[Category::kThreat] = Combined(hits, RuleFamily::kThreat);
  // Hateful: offensive, and hate rather than another offence.
  scores[Category::kHate] = classifier.abusive * classifier.hate;
  // A scam phrase with a link to follow is a scam more surely than either.
  const double scam = Combined(hits, RuleFamily::kScam);
  scores[Category::kScam] = scam > 0 ? NoisyOr(scam, links) : 0;
  scores[Category::kPersonalData] = Combined(hits, RuleFamily::kPersonalData);
  scores[Category::kInsult] = classifier.insult;
  scores[Category::kSpam] = links;
  scores[Category::kProfanity] = classifier.profanity;
  scores[Category::kConsultation] = Combined(hits, RuleFamily::kConsultation);
  return scores;
}

Verdict Decide(const CategoryScores& scores, const ClassifierScores& classifier,
               const DecisionContext& context) {
  const double review_at = context.policy.review_threshold;
  const double hide_at = context.office_hours ? context.policy.auto_hide_threshold
                                              : context.policy.off_hours_auto_hide_threshold;
  // Hate, insults and vulgar words are kinds of one calibrated score,
  // `abusive`: the likelier kind stands for the whole.
  CategoryScores weighed = scores;
  Category kind = scores[Category::kProfanity] > scores[Category::kInsult] ? Category::kProfanity
                                                                           : Category::kInsult;
  if (classifier.hate >= 0.5) kind = Category::kHate;
  for (Category offence : {Category::kHate, Category::kInsult, Category::kProfanity}) {
    weighed[offence] = offence == kind ? classifier.abusive : 0;
  }
  // The most likely category; ties go to the more severe.
  size_t top = 0;
  for (size_t i = 1; i < kCategoryCount; ++i) {
    if (weighed.values[i] > weighed.values[top]) top = i;
  }
  const auto category = static_cast<Category>(top);
  const double score = weighed.values[top];
  Verdict decision;
  if (score < review_at) {
    decision.category = "none";
    decision.score = score;
    decision.reason = "Kein Hinweis auf einen Verstoß gegen die Netiquette.";
    return decision;
  }
  decision.category = std::string(CategoryName(category));
  decision.score = score;
  decision.clause = ClauseFor(category, context.netiquette);
  const std::string_view german = kCategoryGerman[top];
  const std::string when = context.office_hours ? "" : " (außerhalb der Dienstzeit)";

  decision.action = Action::kReview;
  if (!Hideable(category)) {
    decision.reason =
        fmt::format("Wahrscheinlich {} ({:.2f}): eine Person sieht es sich an.", german, score);
  } else if (score < hide_at) {
    decision.reason = fmt::format(
        "Möglicherweise {} ({:.2f}, ausgeblendet wird ab {:.2f}{}): eine "
        "Person entscheidet.",
        german, score, hide_at, when);
  } else if (FromClassifier(category) && !classifier.explicit_words) {
    decision.reason = fmt::format(
        "Wahrscheinlich {} ({:.2f}), aber ohne ausdrücklich "
        "beleidigendes Wort: eine Person entscheidet.",
        german, score);
  } else if (FromClassifier(category) && context.words < kFewestWordsToHide) {
    decision.reason = fmt::format(
        "Wahrscheinlich {} ({:.2f}), aber zu kurz, um sicher zu sein: "
        "eine Person entscheidet.",
        german, score);
  } else if (FromClassifier(category) && context.about_authority) {
    decision.reason = fmt::format(
        "Wahrscheinlich {} ({:.2f}), aber der Kommentar spricht von der "
        "Verwaltung: Kritik blendet nur eine Person aus.",
        german, score);
  } else {
    decision.action = Action::kHide;
    decision.reason = fmt::format(
        "Sehr wahrscheinlich {} ({:.2f} ≥ {:.2f}{}): ausgeblendet, bis "
        "eine Person es prüft.",
        german, score, hide_at, when);
  }
  if (decision.clause.empty() && decision.action == Action::kHide) {
    // Nothing is hidden without a clause to cite.
    decision.action = Action::kReview;
    decision.reason += " Die Netiquette hat dafür keine Regel: eine Person entscheidet.";
  }
  return decision;
}

}  // namespace civicpost::moderation

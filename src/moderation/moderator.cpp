#include "moderation/moderator.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "concept/authority_zone.hpp"
#include "moderation/text_fold.hpp"

namespace civicpost::moderation {
namespace {

// "https://www.sassenberg.de/rathaus" -> "sassenberg.de".
std::string Host(std::string_view url) {
  if (const size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
  }
  url = url.substr(0, url.find_first_of("/?#:"));
  if (url.starts_with("www.")) url.remove_prefix(4);
  return std::string(url);
}

// Words that make a comment speak of the authority, its people or its
// politics, or address it ("ihr habt ..."): criticism until a person
// decides otherwise. The authority's own name ("sassenberg") is added.
constexpr std::string_view kAboutAuthority =
    R"(\b(?:stadt\w*|verwaltung\w*|rathaus|bürgermeister\w*|burgermeister\w*|gemeinde\w*|behörde\w*|behorde\w*|amt|ämter|amter|\w+amt|stadtrat|rat|ratsmitglied\w*|politik\w*|politiker\w*|landrat|kreis|bezirksamt|senat|beamte\w*|mitarbeiter\w*|ihr seid|ihr habt|ihr da oben|die da oben|euch|eure\w*)\b)";

std::string AuthorityPattern(const usage::Concept& concept_value) {
  std::string pattern(kAboutAuthority);
  // The distinctive words of the authority's name: "Stadt Sassenberg" -> sassenberg.
  const FoldedText name = Fold(concept_value.authority.name);
  ForEachWord(name.words, [&pattern](std::string_view word) {
    if (word.size() >= 4) pattern += "|" + RE2::QuoteMeta(word);
  });
  return pattern;
}

}  // namespace

bool InOfficeHours(const usage::OfficeHours& hours, Timestamp when) {
  const LocalTime local = usage::AuthorityZone(hours).ToLocal(when);
  const int minute = local.hour * 60 + local.minute;
  for (const usage::TimeRange& range : hours.weekdays[local.weekday - 1]) {
    if (minute >= range.start_minute && minute < range.end_minute) return true;
  }
  return false;
}

Moderator::Moderator(const Classifier& classifier, const usage::Concept& concept_value)
    : classifier_(classifier),
      concept_(concept_value),
      rules_(RuleContext{{Host(concept_value.authority.website)}}),
      about_authority_(std::make_unique<re2::RE2>(AuthorityPattern(concept_value))) {}

Moderator::~Moderator() = default;

Assessment Moderator::Assess(std::string_view text, bool office_hours) const {
  Assessment assessment;
  const FoldedText folded = Fold(text);
  assessment.classifier = classifier_.Score(folded);
  assessment.hits = rules_.Match(folded);
  assessment.scores = Score(assessment.classifier, assessment.hits);
  assessment.about_authority = RE2::PartialMatch(folded.words, *about_authority_);
  assessment.words =
      folded.words.empty()
          ? 0
          : 1 + static_cast<int>(std::count(folded.words.begin(), folded.words.end(), ' '));
  assessment.decision = Decide(assessment, office_hours);
  return assessment;
}

Verdict Moderator::Decide(const Assessment& assessment, bool office_hours) const {
  const DecisionContext context{concept_.moderation, concept_.netiquette, office_hours,
                                assessment.about_authority, assessment.words};
  return moderation::Decide(assessment.scores, assessment.classifier, context);
}

Assessment Moderator::Assess(std::string_view text, Timestamp when) const {
  return Assess(text, InOfficeHours(concept_.office_hours, when));
}

nlohmann::json ClassifyJson(const Assessment& assessment) {
  nlohmann::json scores = nlohmann::json::object();
  for (size_t i = 0; i < kCategoryCount; ++i) {
    scores[std::string(CategoryName(static_cast<Category>(i)))] = assessment.scores.values[i];
  }
  return {{"abusive", assessment.classifier.abusive},
          {"scores", scores},
          {"category", assessment.decision.category},
          {"action", ActionName(assessment.decision.action)},
          {"clause", assessment.decision.clause}};
}

}  // namespace civicpost::moderation

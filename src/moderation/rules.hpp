#pragma once
// The rule families of the netiquette (issue 7), as RE2 sets over the folded
// text (text_fold.hpp): links and link shorteners, known scam phrasings,
// third parties' personal data (phone numbers, e-mail addresses, IBANs,
// street addresses, licence plates), threats, and consultation requests the
// concept says are not answered in comments.
//
// Rules find; they do not decide. Each hit carries a strength from 0 to 1
// and the family's category; the decision (moderation issue) weighs them
// with the classifier and the concept's thresholds. Context lowers a
// strength where a citizen is most likely harmless: their own number given
// to the office, the address of a public building, the authority's own
// website.
//
// Thread-safe once built.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/text_fold.hpp"

namespace civicpost::moderation {

enum class RuleFamily { kLink, kScam, kPersonalData, kThreat, kConsultation };

// "link", "scam", "personal_data", "threat", "consultation".
std::string_view RuleFamilyName(RuleFamily family);

struct RuleHit {
  RuleFamily family;
  std::string rule;  // "phone_number", "shortener", ...
  double strength = 0;
};

struct RuleContext {
  // The authority's own web addresses ("sassenberg.de"): links there are fine.
  std::vector<std::string> own_domains{};
};

class Rules {
 public:
  // Builds every set; an error names the rule whose pattern does not compile
  // (a programming error, so the constructor throws std::logic_error).
  explicit Rules(RuleContext context = {});
  ~Rules();
  Rules(const Rules&) = delete;
  Rules& operator=(const Rules&) = delete;

  // Every rule that matches `text`, with its strength in this context.
  std::vector<RuleHit> Match(const FoldedText& text) const;
  // The strongest hit's strength of a family, 0 when none.
  static double Strength(const std::vector<RuleHit>& hits, RuleFamily family);

 private:
  // Whether the plain form names a domain other than the authority's own.
  bool ForeignLink(const std::string& plain) const;

  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
  RuleContext context_;
};

}  // namespace civicpost::moderation

#include "moderation/standard_notice.hpp"

#include "moderation/legal_grounds.hpp"

namespace civicpost::moderation {

std::string StandardNotice(const usage::Concept& c, const Decision& measure) {
  std::string rule;
  for (const usage::NetiquetteClause& clause : c.netiquette) {
    if (clause.id == measure.clause_id) rule = "Regel " + clause.id + " („" + clause.title + "“)";
  }
  if (rule.empty()) {
    if (const auto* ground = FindLegalGround(measure.legal_ground)) {
      rule = "dem Verdacht einer Straftat (" + std::string(ground->statute) + ")";
    }
  }
  std::string review;
  for (const usage::StaffMember& person : c.responsibility.staff) {
    if (!person.email.empty()) {
      review = person.email;
      break;
    }
  }
  const std::string verb =
      measure.action == ModerationAction::kDelete ? "gelöscht" : "ausgeblendet";
  return "Ihr Kommentar wurde nach " + (rule.empty() ? std::string("unserer Netiquette") : rule) +
         " " + verb + ". Wenn Sie meinen, dass das nicht zutrifft, können Sie eine Überprüfung " +
         "verlangen" + (review.empty() ? std::string(".") : " – per E-Mail an " + review + ".") +
         " Eine andere Person als die, die entschieden hat, prüft Ihre Nachricht.";
}

}  // namespace civicpost::moderation

#pragma once
// Tells the staff by mail that accessibility feedback arrived: each active
// moderator and admin of the authority gets one mail in their language
// ([feedback_mail] in the catalogue) with the number, the deadline and the
// link to /app/feedback; never the message, the sender's name or address
// (mail is not a place for a citizen's words).
//
// Messages are announced once: a run mails every message not announced yet
// and marks it when every recipient has it. A failed mail leaves it for the
// next run, which may send a second copy to those already reached (the
// same Message-ID, so mail programs can tell). A message answered before
// any mail went out (no [mail] then) is marked without one. `serve` runs
// it every minute when [mail] is configured. One caller at a time per
// object.

#include <string>

#include "core/mailer.hpp"
#include "store/repositories.hpp"
#include "web/concept_cache.hpp"
#include "web/i18n.hpp"

namespace civicpost::web {

struct FeedbackMailSettings {
  std::string from;       // "civicpost <civicpost@sassenberg.de>"
  std::string staff_url;  // "https://social.sassenberg.de", no trailing slash
};

class FeedbackNotifier {
 public:
  FeedbackNotifier(store::Database& db, store::Repositories& repos, const Catalogue& catalogue,
                   Mailer& mailer, FeedbackMailSettings settings)
      : db_(db),
        repos_(repos),
        catalogue_(catalogue),
        mailer_(mailer),
        settings_(std::move(settings)),
        concepts_(db, repos) {}

  // Returns how many messages were announced; store errors fail the run,
  // mail errors are logged and retried next time.
  Result<int> Run();

 private:
  store::Database& db_;
  store::Repositories& repos_;
  const Catalogue& catalogue_;
  Mailer& mailer_;
  FeedbackMailSettings settings_;
  ConceptCache concepts_;
};

}  // namespace civicpost::web

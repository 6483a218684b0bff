#pragma once
// What happens to posts when a person's consent ends. Withdrawing a consent
// (or its expiry date passing) marks every published post that shows the
// media for takedown, which the dashboard lists and the channels carry out
// (store::MediaRightsStore::ListOpenTakedowns / MarkTakedownDone), and sends
// approved or scheduled posts back to review so they cannot go out; the
// approval check then names the ended consent.
//
// Thread-safe: each call is one database transaction.

#include <vector>

#include "core/organization.hpp"
#include "store/repositories.hpp"

namespace civicpost::publish {

struct ConsentOutcome {
  std::vector<PostId> taken_down;  // published: marked for takedown
  std::vector<PostId> stopped;     // approved or scheduled: back to review
};

class ConsentLedger {
 public:
  ConsentLedger(store::Database& db, store::Repositories& repos, const Clock& clock)
      : db_(db), repos_(repos), clock_(clock) {}

  // Editors and admins; kConflict when it was withdrawn before.
  Result<ConsentOutcome> Withdraw(const User& who, int64_t person_id);

  // Consents whose expiry date lies before today; idempotent, meant to run
  // daily and at start.
  Result<ConsentOutcome> ExpireDue();

  // Records that a person removed the post everywhere by hand (Instagram's
  // API cannot delete). Editors and admins; the post must be withdrawn first.
  Status ConfirmTakedown(const User& who, int64_t takedown_id);

 private:
  Status MarkPosts(store::Transaction& tx, const Actor& actor, const MediaPerson& person,
                   TakedownReason reason, ConsentOutcome* outcome);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
};

}  // namespace civicpost::publish

#pragma once
// The engine's decision about every comment the intake stored (state
// `new`), by the concept its authority has loaded: the decision is stored
// as an automatic one (no person, audited) with its category, score, clause
// and reason, and the comment moves on:
// - `none`: visible;
// - `review`: waits for a person (needs_review);
// - `hide`: the evidence is written first (evidence_record.hpp), then the
//   decision, and a job (kCommentActionJobKind) hides the comment through the
//   channel; until it has, the comment waits for a person like any other.
// An authority without a loaded concept has no thresholds and no clauses:
// its comments go to a person.
//
// A batch is written in one transaction; if that fails, each comment in a
// transaction of its own, so one comment's failure (logged; the comment
// stays `new`) does not cost the others their decisions.
//
// One caller at a time per object; several processes (`serve` and
// `civicpost work`) may decide side by side: a comment another one decided
// about meanwhile is left alone.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "concept/concept.hpp"
#include "core/clock.hpp"
#include "moderation/classifier.hpp"
#include "moderation/comment_jobs.hpp"
#include "moderation/moderator.hpp"
#include "store/repositories.hpp"

namespace civicpost::moderation {

class CommentAssessment {
 public:
  // Asked only when there are comments to decide about, so a service
  // without comments never loads the model.
  using ClassifierSource = std::function<Result<const Classifier*>()>;

  CommentAssessment(store::Database& db, store::Repositories& repos, const Clock& clock,
                    ClassifierSource classifier);
  ~CommentAssessment();

  // Decides about up to `limit` new comments, oldest first; how many it did.
  Result<int> RunOnce(int limit = 200);

 private:
  struct Authority;
  // The authority's moderator, rebuilt when its concept changed; nullptr
  // when it has no concept.
  Result<const Moderator*> ModeratorFor(ChannelId channel, const Classifier& classifier);
  // What the engine decided about one comment, assessed outside any
  // transaction and written inside one.
  struct Pending {
    Decision decision;
    CommentState state = CommentState::kNeedsReview;
    std::optional<std::string> evidence;  // the snapshot, for a hide
  };
  Result<Pending> Assess(const Comment& comment, const Moderator* moderator);
  // Writes it unless the comment was decided about meanwhile.
  Status Write(store::Transaction& tx, const Pending& pending);
  // The evidence snapshot of a comment the engine hides.
  Result<std::string> Snapshot(const Comment& comment, const Assessment& assessment,
                               const std::string& time_zone);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  ClassifierSource classifier_;
  std::map<ChannelId, OrganizationId> channel_organizations_;
  std::map<OrganizationId, std::unique_ptr<Authority>> authorities_;
};

}  // namespace civicpost::moderation

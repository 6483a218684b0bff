#include "publish/consent_ledger.hpp"

#include <algorithm>
#include <chrono>

#include "media/rights.hpp"
#include "publish/delivery_jobs.hpp"

namespace civicpost::publish {

Status ConsentLedger::MarkPosts(store::Transaction& tx, const Actor& actor,
                                const MediaPerson& person, TakedownReason reason,
                                ConsentOutcome* outcome) {
  auto posts = repos_.media_rights.ListPostsUsing(tx, person.media_id);
  if (!posts) return posts.error();
  for (const auto& [post_id, state] : *posts) {
    if (state == PostState::kPublished || state == PostState::kFailed) {
      // A failed post may have reached some channels; the takedown covers them.
      auto requested = repos_.media_rights.RequestTakedown(
          tx, actor, {0, post_id, person.media_id, person.id, reason, {}, {}});
      if (!requested) return requested.error();
      if (*requested) outcome->taken_down.push_back(post_id);
      // What an API can do at once: comments off on the platform copies.
      if (Status s = PlanTakedown(tx, repos_, actor, post_id, clock_.Now()); !s.ok()) return s;
    } else if (state == PostState::kApproved || state == PostState::kScheduled) {
      auto post = repos_.posts.Get(tx, post_id);
      if (!post) return post.error();
      post->state = PostState::kInReview;
      post->approved_by.reset();
      if (Status s = repos_.posts.Update(tx, actor, *post); !s.ok()) return s;
      outcome->stopped.push_back(post_id);
    }
  }
  return Status::Ok();
}

Result<ConsentOutcome> ConsentLedger::Withdraw(const User& who, int64_t person_id) {
  if (!who.Has(Role::kEditor) && !who.Has(Role::kAdmin)) {
    return Error{ErrorCode::kPermissionDenied, "workflow.not_editor"};
  }
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Result<ConsentOutcome> {
    auto person = repos_.media_rights.GetPerson(tx, person_id);
    if (!person) return person.error();
    auto media = repos_.media.Get(tx, person->media_id);
    if (!media) return media.error();
    if (media->organization_id != who.organization_id) {
      return NotFound("no person with id " + std::to_string(person_id));
    }
    const Actor actor = Actor::ForUser(who.id, who.email);
    if (Status s = repos_.media_rights.MarkWithdrawn(tx, actor, person_id); !s.ok()) {
      return s.error();
    }
    ConsentOutcome outcome;
    Status s = MarkPosts(tx, actor, *person, TakedownReason::kConsentWithdrawn, &outcome);
    if (!s.ok()) return s.error();
    return outcome;
  });
}

Status ConsentLedger::ConfirmTakedown(const User& who, int64_t takedown_id) {
  if (!who.Has(Role::kEditor) && !who.Has(Role::kAdmin)) {
    return Error{ErrorCode::kPermissionDenied, "workflow.not_editor"};
  }
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    auto open = repos_.media_rights.ListOpenTakedowns(tx, who.organization_id);
    if (!open) return open.error();
    auto takedown = std::find_if(open->begin(), open->end(),
                                 [&](const Takedown& t) { return t.id == takedown_id; });
    if (takedown == open->end()) return NotFound("no open takedown " + std::to_string(takedown_id));
    auto post = repos_.posts.Get(tx, takedown->post_id);
    if (!post) return post.error();
    if (post->state != PostState::kWithdrawn) {
      return Error{ErrorCode::kConflict, "workflow.takedown_needs_withdrawal"};
    }
    return repos_.media_rights.MarkTakedownDone(tx, Actor::ForUser(who.id, who.email), takedown_id);
  });
}

Result<ConsentOutcome> ConsentLedger::ExpireDue() {
  const Date today = media::Today(clock_);
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Result<ConsentOutcome> {
    auto expired = repos_.media_rights.ListExpiredConsents(tx, today);
    if (!expired) return expired.error();
    ConsentOutcome outcome;
    for (const MediaPerson& person : *expired) {
      Status s = MarkPosts(tx, Actor::System(), person, TakedownReason::kConsentExpired, &outcome);
      if (!s.ok()) return s.error();
    }
    return outcome;
  });
}

}  // namespace civicpost::publish

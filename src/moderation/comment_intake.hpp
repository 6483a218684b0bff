#pragma once
// Where comments enter civicpost, from the webhook and from the polling
// backfill alike: each is matched to the channel of its account and the
// post its media was published as, and stored once however often it is
// delivered. Moderation (classifier, decisions) reads them from there.
//
// Thread-safe: each call is one transaction.

#include <functional>
#include <vector>

#include "core/comment.hpp"
#include "core/organization.hpp"
#include "store/repositories.hpp"

namespace civicpost::moderation {

struct IntakeResult {
  int stored = 0;     // new comments
  int unmatched = 0;  // on an account no channel is connected to
};

// Where the webhook hands comments: durable when Store returns.
class CommentSink {
 public:
  using Stored = std::function<void(Result<IntakeResult>)>;

  virtual ~CommentSink() = default;
  virtual Result<IntakeResult> Store(ChannelPlatform platform,
                                     const std::vector<IncomingComment>& comments,
                                     CommentSource source) = 0;
  // Stores, then calls `done` with the result, perhaps on another thread
  // and later, so the caller need not wait. By default: Store, then done.
  virtual void StoreThen(ChannelPlatform platform, std::vector<IncomingComment> comments,
                         CommentSource source, Stored done) {
    done(Store(platform, comments, source));
  }
};

class CommentIntake : public CommentSink {
 public:
  CommentIntake(store::Database& db, store::Repositories& repos, const Clock& clock)
      : db_(db), repos_(repos), clock_(clock) {}

  // Stores the comments in one transaction: all or none.
  Result<IntakeResult> Store(ChannelPlatform platform, const std::vector<IncomingComment>& comments,
                             CommentSource source) override;

 private:
  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
};

}  // namespace civicpost::moderation

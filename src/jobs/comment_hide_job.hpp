#pragma once
// The job that hides one comment on its platform after the engine decided
// to (moderation::kHideCommentJobKind); the evidence is stored already.
// It hides only what still waits under the engine's hide decision: a
// person who looked first and kept the comment has the last word.
// Hiding is reversible; nothing here ever deletes.

#include "jobs/publish_job.hpp"

namespace civicpost::jobs {

class CommentHideJob {
 public:
  CommentHideJob(store::Database& db, store::Repositories& repos, const Clock& clock,
                 ChannelFactory channels)
      : db_(db), repos_(repos), clock_(clock), channels_(std::move(channels)) {}

  JobOutcome Run(const Job& job);
  JobHandler Handler() {
    return {[this](const Job& job) { return Run(job); }};
  }

 private:
  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  ChannelFactory channels_;
};

}  // namespace civicpost::jobs

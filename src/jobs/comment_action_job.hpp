#pragma once
// The job that carries out a decision about a comment on its platform
// (moderation/comment_jobs.hpp): hide, un-hide (restore, or a person keeping
// what the engine hid), delete, reply. The decision and its evidence are
// stored already. A measure runs only while it is still the comment's last
// word: a person who decided otherwise in the meantime wins.
// When the platform refuses for good, the comment goes back to a person.

#include "jobs/publish_job.hpp"

namespace civicpost::jobs {

class CommentActionJob {
 public:
  CommentActionJob(store::Database& db, store::Repositories& repos, const Clock& clock,
                   ChannelFactory channels)
      : db_(db), repos_(repos), clock_(clock), channels_(std::move(channels)) {}

  JobOutcome Run(const Job& job);
  JobHandler Handler() {
    return {[this](const Job& job) { return Run(job); }};
  }

 private:
  // Stores what the platform did (or that it refused for good).
  Status Record(const Comment& comment, const Decision& decision, CommentState state,
                const std::string& refusal);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  ChannelFactory channels_;
};

}  // namespace civicpost::jobs

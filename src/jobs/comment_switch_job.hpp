#pragma once
// The job that switches comments off or on under a published post
// (moderation/comment_jobs.hpp, Desk::SwitchComments). It carries out a
// switch only while it is the delivery's latest wish, and records when the
// platform took it (the delivery's progress says "comments_off" as the
// takedown's does) or the catalogue key of a refusal. Transient failures
// are retried like the other comment jobs'.

#include "jobs/publish_job.hpp"

namespace civicpost::jobs {

class CommentSwitchJob {
 public:
  CommentSwitchJob(store::Database& db, store::Repositories& repos, const Clock& clock,
                   ChannelFactory channels)
      : db_(db), repos_(repos), clock_(clock), channels_(std::move(channels)) {}

  JobOutcome Run(const Job& job);
  // Records the last failure's key on the switch.
  void GaveUp(const Job& job, const std::string& error);
  JobHandler Handler() {
    return {[this](const Job& job) { return Run(job); },
            [this](const Job& job, const std::string& error) { GaveUp(job, error); }};
  }

 private:
  Status Record(const store::CommentSwitch& wish, const std::string& error_key);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  ChannelFactory channels_;
};

}  // namespace civicpost::jobs

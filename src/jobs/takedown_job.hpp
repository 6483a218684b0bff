#pragma once
// The job that takes one delivery down as far as the platform's API allows
// (publish::kTakedownJobKind): Instagram cannot delete or archive media
// through its API, so comments on the post are switched off at once and the
// dashboard lists the post, with a direct link, for a person to archive or
// delete in the app. The delivery's progress record notes "comments_off".

#include "jobs/publish_job.hpp"

namespace civicpost::jobs {

class TakedownJob {
 public:
  TakedownJob(store::Database& db, store::Repositories& repos, const Clock& clock,
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

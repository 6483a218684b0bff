#pragma once
// The job that sends the standard notice about a hidden or deleted comment
// to its author (moderation/comment_jobs.hpp, Desk::SendNotice): a private
// reply on Instagram. The notice is stored already; the job records what
// the platform did: sent_at and the message id, or the catalogue key of a
// refusal ("graph.private_reply_too_late"). Transient failures are retried
// like CommentActionJob's; when the queue gives up, the last reason is
// recorded. A notice already sent is not sent again.
//
// A notice goes only while the measure it explains is in force: it waits
// while a second person has still to approve the measure, and is recorded
// as "moderation.notice_no_measure" when the measure was rejected or undone.
// A deletion waits for its notice (CommentActionJob): the platform takes a
// private reply only while the comment exists.
//
// A "graph.private_reply_sent" refusal means the comment had its private
// reply already: ours, when the platform's answer to an earlier attempt was
// lost, or one sent outside civicpost. It is recorded as that refusal.

#include "jobs/publish_job.hpp"

namespace civicpost::jobs {

class CommentNoticeJob {
 public:
  CommentNoticeJob(store::Database& db, store::Repositories& repos, const Clock& clock,
                   ChannelFactory channels)
      : db_(db), repos_(repos), clock_(clock), channels_(std::move(channels)) {}

  JobOutcome Run(const Job& job);
  // Records the last failure's key on the notice.
  void GaveUp(const Job& job, const std::string& error);
  JobHandler Handler() {
    return {[this](const Job& job) { return Run(job); },
            [this](const Job& job, const std::string& error) { GaveUp(job, error); }};
  }

 private:
  // Records the platform's answer: sent (a message id) or refused (a key).
  JobOutcome Record(CommentNoticeId id, const std::string& remote_id, const std::string& error_key);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  ChannelFactory channels_;
};

}  // namespace civicpost::jobs

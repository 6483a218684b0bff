#include "jobs/comment_notice_job.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "jobs/job_payload.hpp"
#include "moderation/desk.hpp"

namespace civicpost::jobs {
namespace {

std::optional<CommentNoticeId> NoticeOf(const Job& job) {
  return PayloadId<CommentNoticeId>(job, "notice_id");
}

// Where the measure a notice explains stands: in force, waiting for a
// second person (the notice goes once approved), or rejected or undone.
enum class Standing { kInForce, kAwaitsSecondPerson, kGone };

Standing StandingOf(const store::CommentNotice& notice, const std::vector<Decision>& decisions) {
  if (!notice.decision_id) return Standing::kInForce;  // retention took the decision
  const auto in_force = moderation::Desk::MeasureInForce(decisions);
  if (in_force && in_force->id == *notice.decision_id) return Standing::kInForce;
  const auto proposal = moderation::Desk::PendingProposal(decisions);
  if (proposal && proposal->id == *notice.decision_id) return Standing::kAwaitsSecondPerson;
  return Standing::kGone;
}

}  // namespace

JobOutcome CommentNoticeJob::Record(CommentNoticeId id, const std::string& remote_id,
                                    const std::string& error_key) {
  Status stored = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    if (error_key.empty()) return repos_.notices.MarkSent(tx, Actor::System(), id, remote_id);
    return repos_.notices.MarkFailed(tx, Actor::System(), id, error_key);
  });
  if (!stored.ok())
    return JobOutcome::Retry(clock_.Now() + std::chrono::minutes(1), stored.message());
  return JobOutcome::Done();
}

JobOutcome CommentNoticeJob::Run(const Job& job) {
  const Timestamp now = clock_.Now();
  const auto soon = now + std::chrono::minutes(1);
  const std::optional<CommentNoticeId> id = NoticeOf(job);
  if (!id) {
    spdlog::error("job {}: the payload names no notice_id", job.id.ToString());
    return JobOutcome::Done();  // a broken payload stays broken
  }
  auto notice = repos_.notices.Get(db_, *id);
  if (!notice) return JobOutcome::Retry(soon, notice.error().message);
  if (notice->sent_at || !notice->error_key.empty()) return JobOutcome::Done();
  auto comment = repos_.comments.Get(db_, notice->comment_id);
  if (!comment) return JobOutcome::Retry(soon, comment.error().message);
  auto decisions = repos_.comments.ListDecisions(db_, comment->id);
  if (!decisions) return JobOutcome::Retry(soon, decisions.error().message);
  switch (StandingOf(*notice, *decisions)) {
    case Standing::kInForce:
      break;
    case Standing::kAwaitsSecondPerson:
      return JobOutcome::Postpone(soon, "the measure awaits approval");
    case Standing::kGone:
      return Record(*id, {}, "moderation.notice_no_measure");
  }
  auto reached = ReachChannel(db_, repos_, channels_, comment->channel_id, now);
  if (auto* wait = std::get_if<JobOutcome>(&reached)) return *wait;
  const Channel& channel = std::get<ReachedChannel>(reached).channel;
  channels::Channel& remote = *std::get<ReachedChannel>(reached).remote;

  const channels::ActionOutcome outcome = remote.SendPrivateReply(comment->remote_id, notice->text);
  if (!outcome.done && outcome.retry) {
    return JobOutcome::Retry(soon, outcome.error_key + ": " + outcome.message);
  }
  const JobOutcome recorded =
      Record(*id, outcome.done ? outcome.remote_id : "", outcome.done ? "" : outcome.error_key);
  if (recorded.kind != JobOutcome::Kind::kDone) return recorded;
  if (outcome.done) {
    spdlog::info("comment {}: notice {} sent on {}", comment->id.ToString(), id->ToString(),
                 channel.key);
  } else {
    spdlog::warn("comment {}: notice {} refused: {}: {}", comment->id.ToString(), id->ToString(),
                 outcome.error_key, outcome.message);
  }
  return JobOutcome::Done();
}

void CommentNoticeJob::GaveUp(const Job& job, const std::string& error) {
  const std::optional<CommentNoticeId> id = NoticeOf(job);
  if (!id) return;
  Status stored = store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.notices.MarkFailed(tx, Actor::System(), *id, RefusalKeyOf(error));
  });
  if (!stored.ok()) {
    spdlog::error("notice {}: recording the failure: {}", id->ToString(), stored.message());
  }
}

}  // namespace civicpost::jobs

#include "jobs/comment_action_job.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "jobs/job_payload.hpp"
#include "moderation/desk.hpp"

namespace civicpost::jobs {
namespace {

struct Payload {
  CommentId comment;
  std::optional<DecisionId> decision;  // missing in the engine's older hide jobs
};

Result<Payload> PayloadOf(const Job& job) {
  const std::optional<CommentId> comment = PayloadId<CommentId>(job, "comment_id");
  if (!comment) {
    return InvalidArgument("job " + job.id.ToString() + ": the payload names no comment_id");
  }
  return Payload{*comment, PayloadId<DecisionId>(job, "decision_id")};
}

// The decision the job carries out, if it is still the comment's last word:
// the latest measure, or the proposal the latest approval approved. Replies
// stand beside measures and are always sent.
std::optional<Decision> StillToCarryOut(const std::vector<Decision>& decisions,
                                        std::optional<DecisionId> wanted) {
  if (decisions.empty()) return std::nullopt;
  const Decision* target = &decisions.back();
  if (wanted) {
    target = nullptr;
    for (const Decision& d : decisions) {
      if (d.id == *wanted) target = &d;
    }
    if (target == nullptr) return std::nullopt;
  }
  if (target->action == ModerationAction::kReply) return *target;
  for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
    if (it->action == ModerationAction::kReply) continue;
    const bool approves = it->action == ModerationAction::kApprove && it->refers_to == target->id;
    if (it->id == target->id && !target->needs_second) return *target;
    return approves ? std::optional<Decision>(*target) : std::nullopt;
  }
  return std::nullopt;
}

// A notice not yet sent (nor refused) while the platform would still take
// it: it goes first, since a private reply needs the comment to exist.
bool NoticeStillToGo(const std::optional<store::CommentNotice>& notice, const Comment& comment,
                     Timestamp now) {
  if (!notice || notice->sent_at || !notice->error_key.empty()) return false;
  const Timestamp commented = comment.commented_at.value_or(comment.received_at);
  return now <= commented + moderation::Desk::kNoticeWindow;
}

}  // namespace

JobOutcome CommentActionJob::Run(const Job& job) {
  const Timestamp now = clock_.Now();
  const auto soon = now + std::chrono::minutes(1);
  auto payload = PayloadOf(job);
  if (!payload) return JobOutcome::Done();  // nothing to retry: a broken payload stays broken
  auto comment = repos_.comments.Get(db_, payload->comment);
  if (!comment) return JobOutcome::Retry(soon, comment.error().message);
  auto decisions = repos_.comments.ListDecisions(db_, comment->id);
  if (!decisions) return JobOutcome::Retry(soon, decisions.error().message);
  const std::optional<Decision> decision = StillToCarryOut(*decisions, payload->decision);
  if (!decision) return JobOutcome::Done();

  auto reached = ReachChannel(db_, repos_, channels_, comment->channel_id, now);
  if (auto* wait = std::get_if<JobOutcome>(&reached)) return *wait;
  const Channel& channel = std::get<ReachedChannel>(reached).channel;
  channels::Channel& remote = *std::get<ReachedChannel>(reached).remote;

  channels::ActionOutcome outcome;
  CommentState state = comment->state;
  switch (decision->action) {
    case ModerationAction::kHide:
      outcome = remote.SetHidden(comment->remote_id, true);
      state = CommentState::kHidden;
      break;
    case ModerationAction::kDelete: {
      auto notice = repos_.notices.FindByComment(db_, comment->id);
      if (!notice) return JobOutcome::Retry(soon, notice.error().message);
      if (NoticeStillToGo(*notice, *comment, now)) {
        return JobOutcome::Postpone(soon, "the deletion waits for its notice");
      }
      outcome = remote.Delete(comment->remote_id);
      state = CommentState::kDeleted;
      break;
    }
    case ModerationAction::kReply:
      outcome = remote.Reply(comment->remote_id, decision->reply_text);
      if (state == CommentState::kNeedsReview) state = CommentState::kVisible;
      break;
    case ModerationAction::kNone:
    case ModerationAction::kRestore:
      outcome = remote.SetHidden(comment->remote_id, false);
      state = CommentState::kVisible;
      break;
    default:
      return JobOutcome::Done();  // nothing to do on the platform
  }
  const std::string action(kModerationActionNames.Name(decision->action));
  std::string refusal;
  if (!outcome.done) {
    const std::string error = outcome.error_key + ": " + outcome.message;
    if (outcome.retry) return JobOutcome::Retry(soon, error);
    spdlog::warn("comment {}: {} refused: {}", comment->id.ToString(), action, error);
    refusal = error;
    state = CommentState::kNeedsReview;
  }
  Status stored = Record(*comment, *decision, state, refusal);
  if (!stored.ok()) return JobOutcome::Retry(soon, stored.message());
  if (refusal.empty()) {
    spdlog::info("comment {}: {} done on {}", comment->id.ToString(), action, channel.key);
  }
  return JobOutcome::Done();
}

Status CommentActionJob::Record(const Comment& comment, const Decision& decision,
                                CommentState state, const std::string& refusal) {
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    if (!refusal.empty()) {
      // The platform said no for good (the comment is gone, say): a person
      // sees why and decides again.
      Decision escalation;
      escalation.comment_id = comment.id;
      escalation.category = decision.category;
      escalation.action = ModerationAction::kEscalate;
      escalation.refers_to = decision.id;
      escalation.reason = "Die Plattform hat die Maßnahme abgelehnt: " + refusal;
      auto added = repos_.comments.AddDecision(tx, Actor::System(), escalation);
      if (!added) return added.error();
    }
    if (state == comment.state) return Status::Ok();
    return repos_.comments.UpdateState(tx, Actor::System(), comment.id, state);
  });
}

}  // namespace civicpost::jobs

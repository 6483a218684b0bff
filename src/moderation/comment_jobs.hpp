#pragma once
// The job that carries out one decision about a comment on its platform:
// hide, un-hide, delete or reply; and the jobs for notices and for
// switching comments under a post. Decisions are taken in the store, in one
// transaction with their evidence; the platform is reached afterwards by
// the worker (jobs/comment_action_job), which retries while the platform is
// away.

#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "core/job.hpp"

namespace civicpost::moderation {

// Payload {"comment_id": N, "decision_id": M}.
inline constexpr std::string_view kCommentActionJobKind = "comment.action";
// Queued by versions before the inbox: {"comment_id": N}, the engine's hide.
inline constexpr std::string_view kHideCommentJobKind = "comment.hide";

// The standard notice to the comment's author (R23), stored by
// Desk::SendNotice and sent by jobs/comment_notice_job. Payload
// {"notice_id": N}.
inline constexpr std::string_view kCommentNoticeJobKind = "comment.notice";

// A job of `kind` with `payload`, due at `run_at`.
inline Job CommentJob(std::string_view kind, const nlohmann::json& payload, Timestamp run_at) {
  Job job;
  job.kind = std::string(kind);
  job.payload_json = payload.dump();
  job.run_at = run_at;
  return job;
}

inline Job CommentNoticeJob(CommentNoticeId notice, Timestamp run_at) {
  return CommentJob(kCommentNoticeJobKind, {{"notice_id", notice.value()}}, run_at);
}

// Comments under a published post off or on (R25), stored by
// Desk::SwitchComments and carried out by jobs/comment_switch_job while it
// is the delivery's latest wish. Payload {"switch_id": N}.
inline constexpr std::string_view kCommentSwitchJobKind = "delivery.comments";

inline Job CommentSwitchJob(CommentSwitchId wish, Timestamp run_at) {
  return CommentJob(kCommentSwitchJobKind, {{"switch_id", wish.value()}}, run_at);
}

inline Job CommentActionJob(CommentId comment, DecisionId decision, Timestamp run_at) {
  return CommentJob(kCommentActionJobKind,
                    {{"comment_id", comment.value()}, {"decision_id", decision.value()}}, run_at);
}

}  // namespace civicpost::moderation

#include "jobs/comment_hide_job.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace civicpost::jobs {
namespace {

Result<CommentId> CommentOfJob(const Job& job) {
  const auto payload = nlohmann::json::parse(job.payload_json, nullptr, false);
  if (!payload.is_object() || !payload.contains("comment_id") ||
      !payload["comment_id"].is_number_integer()) {
    return InvalidArgument("job " + job.id.ToString() + ": the payload names no comment_id");
  }
  return CommentId(payload["comment_id"].get<int64_t>());
}

// Whether the comment still waits under the engine's own hide decision.
Result<bool> StillToHide(store::SqlSession& db, store::Repositories& repos,
                         const Comment& comment) {
  if (comment.state != CommentState::kNeedsReview) return false;
  auto decisions = repos.comments.ListDecisions(db, comment.id);
  if (!decisions) return decisions.error();
  return !decisions->empty() && decisions->back().action == ModerationAction::kHide &&
         !decisions->back().decided_by;
}

}  // namespace

JobOutcome CommentHideJob::Run(const Job& job) {
  const Timestamp now = clock_.Now();
  auto id = CommentOfJob(job);
  if (!id) return JobOutcome::Done();  // nothing to retry: a broken payload stays broken
  auto comment = repos_.comments.Get(db_, *id);
  if (!comment) return JobOutcome::Retry(now + std::chrono::minutes(1), comment.error().message);
  auto still = StillToHide(db_, repos_, *comment);
  if (!still) return JobOutcome::Retry(now + std::chrono::minutes(1), still.error().message);
  if (!*still) return JobOutcome::Done();

  auto channel = repos_.channels.Get(db_, comment->channel_id);
  if (!channel) return JobOutcome::Retry(now + std::chrono::minutes(1), channel.error().message);
  auto connection = repos_.channels.GetConnection(db_, channel->id);
  if (!connection) {
    return JobOutcome::Retry(now + std::chrono::minutes(1), connection.error().message);
  }
  auto remote = channels_(*channel, *connection);
  if (!remote) return JobOutcome::Postpone(now + std::chrono::minutes(5), remote.error().message);
  const channels::ActionOutcome hidden = (*remote)->SetHidden(comment->remote_id, true);
  if (!hidden.done) {
    const std::string error = hidden.error_key + ": " + hidden.message;
    if (hidden.retry) return JobOutcome::Retry(now + std::chrono::minutes(1), error);
    // Refused for good (the comment is gone, say): it stays with a person.
    spdlog::warn("comment {}: not hidden: {}", id->ToString(), error);
    return JobOutcome::Done();
  }
  Status stored = store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.comments.UpdateState(tx, Actor::System(), *id, CommentState::kHidden);
  });
  if (!stored.ok()) return JobOutcome::Retry(now + std::chrono::minutes(1), stored.message());
  spdlog::info("comment {}: hidden on {} pending review", id->ToString(), channel->key);
  return JobOutcome::Done();
}

}  // namespace civicpost::jobs

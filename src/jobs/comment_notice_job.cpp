#include "jobs/comment_notice_job.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace civicpost::jobs {
namespace {

std::optional<CommentNoticeId> NoticeOf(const Job& job) {
  const auto payload = nlohmann::json::parse(job.payload_json, nullptr, false);
  if (!payload.is_object() || !payload.contains("notice_id") ||
      !payload["notice_id"].is_number_integer()) {
    return std::nullopt;
  }
  return CommentNoticeId(payload["notice_id"].get<int64_t>());
}

}  // namespace

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
  auto reached = ReachChannel(db_, repos_, channels_, comment->channel_id, now);
  if (auto* wait = std::get_if<JobOutcome>(&reached)) return *wait;
  const Channel& channel = std::get<ReachedChannel>(reached).channel;
  channels::Channel& remote = *std::get<ReachedChannel>(reached).remote;

  const channels::ActionOutcome outcome = remote.SendPrivateReply(comment->remote_id, notice->text);
  if (!outcome.done && outcome.retry) {
    return JobOutcome::Retry(soon, outcome.error_key + ": " + outcome.message);
  }
  Status stored = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    if (outcome.done) {
      return repos_.notices.MarkSent(tx, Actor::System(), *id, outcome.remote_id);
    }
    return repos_.notices.MarkFailed(tx, Actor::System(), *id, outcome.error_key);
  });
  if (!stored.ok()) return JobOutcome::Retry(soon, stored.message());
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
  // Retried errors read "<catalogue key>: <the platform's words>".
  const size_t colon = error.find(": ");
  const std::string head = error.substr(0, colon);
  const bool is_key = colon != std::string::npos && head.find('.') != std::string::npos &&
                      head.find(' ') == std::string::npos;
  const std::string key = is_key ? head : std::string("graph.unknown");
  Status stored = store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.notices.MarkFailed(tx, Actor::System(), *id, key);
  });
  if (!stored.ok()) {
    spdlog::error("notice {}: recording the failure: {}", id->ToString(), stored.message());
  }
}

}  // namespace civicpost::jobs

#include "jobs/comment_switch_job.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "jobs/job_payload.hpp"

namespace civicpost::jobs {
namespace {

std::optional<CommentSwitchId> SwitchOf(const Job& job) {
  return PayloadId<CommentSwitchId>(job, "switch_id");
}

}  // namespace

JobOutcome CommentSwitchJob::Run(const Job& job) {
  const Timestamp now = clock_.Now();
  const auto soon = now + std::chrono::minutes(1);
  const std::optional<CommentSwitchId> id = SwitchOf(job);
  if (!id) {
    spdlog::error("job {}: the payload names no switch_id", job.id.ToString());
    return JobOutcome::Done();  // a broken payload stays broken
  }
  auto wish = repos_.switches.Get(db_, *id);
  if (!wish) return JobOutcome::Retry(soon, wish.error().message);
  if (wish->done_at || !wish->error_key.empty()) return JobOutcome::Done();
  auto latest = repos_.switches.ListByDelivery(db_, wish->delivery_id);
  if (!latest) return JobOutcome::Retry(soon, latest.error().message);
  if (latest->empty() || latest->front().id != *id) return JobOutcome::Done();  // superseded
  auto delivery = repos_.posts.GetDelivery(db_, wish->delivery_id);
  if (!delivery) return JobOutcome::Retry(soon, delivery.error().message);
  auto reached = ReachChannel(db_, repos_, channels_, delivery->channel_id, now);
  if (auto* wait = std::get_if<JobOutcome>(&reached)) return *wait;
  const channels::ActionOutcome outcome =
      std::get<ReachedChannel>(reached).remote->SetCommentsEnabled(delivery->remote_id,
                                                                   wish->enabled);
  if (!outcome.done && outcome.retry) {
    return JobOutcome::Retry(soon, outcome.error_key + ": " + outcome.message);
  }
  Status stored = Record(*wish, outcome.done ? "" : outcome.error_key);
  if (!stored.ok()) return JobOutcome::Retry(soon, stored.message());
  if (outcome.done) {
    spdlog::info("delivery {}: comments {}", delivery->id.ToString(), wish->enabled ? "on" : "off");
  } else {
    spdlog::warn("delivery {}: switching comments refused: {}: {}", delivery->id.ToString(),
                 outcome.error_key, outcome.message);
  }
  return JobOutcome::Done();
}

Status CommentSwitchJob::Record(const store::CommentSwitch& wish, const std::string& error_key) {
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    if (!error_key.empty())
      return repos_.switches.MarkFailed(tx, Actor::System(), wish.id, error_key);
    if (Status s = repos_.switches.MarkDone(tx, Actor::System(), wish.id); !s.ok()) return s;
    // The delivery says so too, as after a takedown.
    auto delivery = repos_.posts.GetDelivery(tx, wish.delivery_id);
    if (!delivery) return delivery.error();
    auto progress = nlohmann::json::parse(delivery->progress_json, nullptr, false);
    if (!progress.is_object()) progress = nlohmann::json::object();
    progress["comments_off"] = !wish.enabled;
    delivery->progress_json = progress.dump();
    return repos_.posts.UpdateDelivery(tx, Actor::System(), *delivery);
  });
}

void CommentSwitchJob::GaveUp(const Job& job, const std::string& error) {
  const std::optional<CommentSwitchId> id = SwitchOf(job);
  if (!id) return;
  auto wish = repos_.switches.Get(db_, *id);
  if (!wish) return;
  Status stored = Record(*wish, RefusalKeyOf(error));
  if (!stored.ok()) {
    spdlog::error("comment switch {}: recording the failure: {}", id->ToString(), stored.message());
  }
}

}  // namespace civicpost::jobs

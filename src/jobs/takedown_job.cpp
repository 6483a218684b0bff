#include "jobs/takedown_job.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace civicpost::jobs {

JobOutcome TakedownJob::Run(const Job& job) {
  const Timestamp now = clock_.Now();
  auto id = DeliveryOfJob(job);
  if (!id) return JobOutcome::Retry(now + std::chrono::hours(1), id.error().message);
  auto delivery = repos_.posts.GetDelivery(db_, *id);
  if (!delivery) return JobOutcome::Retry(now + std::chrono::minutes(1), delivery.error().message);
  if (delivery->remote_id.empty() || publish::CommentsSwitchedOff(*delivery))
    return JobOutcome::Done();
  auto channel = repos_.channels.Get(db_, delivery->channel_id);
  if (!channel) return JobOutcome::Retry(now + std::chrono::minutes(1), channel.error().message);
  if (channel->platform == ChannelPlatform::kWebsite) return JobOutcome::Done();  // the site's own
  auto connection = repos_.channels.GetConnection(db_, channel->id);
  if (!connection)
    return JobOutcome::Retry(now + std::chrono::minutes(1), connection.error().message);
  auto remote = channels_(*channel, *connection);
  if (!remote) {
    return JobOutcome::Postpone(now + std::chrono::minutes(15), remote.error().message);
  }
  const channels::ActionOutcome outcome = (*remote)->SetCommentsEnabled(delivery->remote_id, false);
  if (outcome.retry) {
    return JobOutcome::Retry(now + std::chrono::minutes(5),
                             outcome.error_key + ": " + outcome.message);
  }
  if (!outcome.done) {
    // The dashboard still lists the post for a person; nothing more to try.
    spdlog::warn("delivery {}: switching comments off failed: {} ({})", id->ToString(),
                 outcome.error_key, outcome.message);
    return JobOutcome::Done();
  }
  Status saved = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    auto current = repos_.posts.GetDelivery(tx, *id);
    if (!current) return current.error();
    auto progress = nlohmann::json::parse(current->progress_json, nullptr, false);
    if (!progress.is_object()) progress = nlohmann::json::object();
    progress["comments_off"] = true;
    current->progress_json = progress.dump();
    if (Status s = repos_.posts.UpdateDelivery(tx, Actor::System(), *current); !s.ok()) return s;
    return repos_.audit.Append(tx, Actor::System(),
                               {"delivery.comments_off", "delivery", id->ToString(), "",
                                nlohmann::json{{"remote_id", current->remote_id}}.dump()});
  });
  if (!saved.ok()) return JobOutcome::Retry(now + std::chrono::minutes(1), saved.message());
  spdlog::info("delivery {}: comments switched off for the takedown", id->ToString());
  return JobOutcome::Done();
}

}  // namespace civicpost::jobs

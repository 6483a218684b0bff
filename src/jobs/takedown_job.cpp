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
  if (publish::CommentsSwitchedOff(*delivery)) return JobOutcome::Done();
  // Never reached the platform: nothing to take down.
  if (delivery->remote_id.empty() && publish::MayStartOver(*delivery)) return JobOutcome::Done();
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
  if (delivery->remote_id.empty()) {
    // Publishing was sent but its answer lost: find out whether it went out.
    const channels::PublishCheck check = (*remote)->CheckPublished(*delivery);
    switch (check.kind) {
      case channels::PublishCheck::Kind::kNotOut:
        spdlog::info("delivery {}: withdrawn before it went out", id->ToString());
        return JobOutcome::Done();
      case channels::PublishCheck::Kind::kNotYet:
        // The platform may still publish it until the container expires (24 h).
        return JobOutcome::Postpone(now + std::chrono::hours(1), "not published (yet)");
      case channels::PublishCheck::Kind::kUnknown:
        // Never given up: a post that may be live must not drop off the list.
        return JobOutcome::Postpone(now + std::chrono::minutes(15),
                                    check.error_key + ": " + check.message);
      case channels::PublishCheck::Kind::kWentOut:
        break;
    }
    Status found = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
      auto current = repos_.posts.GetDelivery(tx, *id);
      if (!current) return current.error();
      // The same caption twice (a weekly market): the media found may be
      // another post's. Then only the container is known for certain.
      auto other = repos_.posts.FindDeliveryByRemote(tx, current->channel_id, check.remote_id);
      if (!other) return other.error();
      current->remote_id = check.remote_id;
      current->permalink = check.permalink;
      if (*other && (*other)->id != current->id) {
        current->remote_id = check.unidentified_id;
        current->permalink.clear();
      }
      delivery->remote_id = current->remote_id;
      // Audited by UpdateDelivery: the takedown list now shows its link.
      return repos_.posts.UpdateDelivery(tx, Actor::System(), *current);
    });
    if (!found.ok()) return JobOutcome::Retry(now + std::chrono::minutes(1), found.message());
    spdlog::warn("delivery {}: had gone out as {} before it was withdrawn", id->ToString(),
                 delivery->remote_id);
  }
  if (delivery->remote_id.starts_with("container:")) {
    // Out for certain, but which media is not known: the dashboard lists it
    // for a person to find on the account.
    spdlog::warn("delivery {}: published, media not identified; listed for staff", id->ToString());
    return JobOutcome::Done();
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

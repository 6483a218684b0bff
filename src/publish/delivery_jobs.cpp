#include "publish/delivery_jobs.hpp"

#include <nlohmann/json.hpp>

namespace civicpost::publish {

bool MayStartOver(const Delivery& delivery) {
  const auto progress = nlohmann::json::parse(delivery.progress_json, nullptr, false);
  return !progress.is_object() || !progress.value("publishing", false);
}

bool CommentsSwitchedOff(const Delivery& delivery) {
  const auto progress = nlohmann::json::parse(delivery.progress_json, nullptr, false);
  return progress.is_object() && progress.value("comments_off", false);
}

std::string DeliveryJobPayload(DeliveryId delivery) {
  return "{\"delivery_id\":" + delivery.ToString() + "}";
}

Status PlanDeliveryJob(store::Transaction& tx, store::Repositories& repos, const Actor& actor,
                       std::string_view kind, DeliveryId delivery, Timestamp run_at) {
  const std::string payload = DeliveryJobPayload(delivery);
  auto open = repos.jobs.HasOpen(tx, kind, payload);
  if (!open) return open.error();
  if (*open) return Status::Ok();
  Job job;
  job.kind = kind;
  job.payload_json = payload;
  job.run_at = run_at;
  auto queued = repos.jobs.Enqueue(tx, actor, job);
  if (!queued) return queued.error();
  return Status::Ok();
}

Status PlanTakedown(store::Transaction& tx, store::Repositories& repos, const Actor& actor,
                    PostId post, Timestamp now) {
  auto deliveries = repos.posts.ListDeliveries(tx, post);
  if (!deliveries) return deliveries.error();
  for (const Delivery& delivery : *deliveries) {
    // Out, or perhaps out (the answer to publishing was lost): the job asks.
    if (delivery.remote_id.empty() && MayStartOver(delivery)) continue;
    Status planned = PlanDeliveryJob(tx, repos, actor, kTakedownJobKind, delivery.id, now);
    if (!planned.ok()) return planned;
  }
  return Status::Ok();
}

}  // namespace civicpost::publish

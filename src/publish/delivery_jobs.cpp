#include "publish/delivery_jobs.hpp"

#include <nlohmann/json.hpp>

namespace civicpost::publish {

bool CommentsSwitchedOff(const Delivery& delivery) {
  const auto progress = nlohmann::json::parse(delivery.progress_json, nullptr, false);
  return progress.is_object() && progress.value("comments_off", false);
}

std::string DeliveryJobPayload(DeliveryId delivery) {
  return "{\"delivery_id\":" + delivery.ToString() + "}";
}

Status PlanTakedown(store::Transaction& tx, store::Repositories& repos, const Actor& actor,
                    PostId post, Timestamp now) {
  auto deliveries = repos.posts.ListDeliveries(tx, post);
  if (!deliveries) return deliveries.error();
  for (const Delivery& delivery : *deliveries) {
    if (delivery.remote_id.empty()) continue;
    const std::string payload = DeliveryJobPayload(delivery.id);
    auto open = repos.jobs.HasOpen(tx, kTakedownJobKind, payload);
    if (!open) return open.error();
    if (*open) continue;
    Job job;
    job.kind = kTakedownJobKind;
    job.payload_json = payload;
    job.run_at = now;
    auto queued = repos.jobs.Enqueue(tx, actor, job);
    if (!queued) return queued.error();
  }
  return Status::Ok();
}

}  // namespace civicpost::publish

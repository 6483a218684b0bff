#include "moderation/evidence_record.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/time_format.hpp"
#include "core/time_zone.hpp"

namespace civicpost::moderation {
namespace {

using nlohmann::json;

json Times(Timestamp t, const std::string& zone_name) {
  json times = {{"utc", FormatIsoUtc(t)}};
  if (auto zone = TimeZone::Find(zone_name)) {
    const LocalTime local = zone->ToLocal(t);
    times["local"] = fmt::format("{:04}-{:02}-{:02} {:02}:{:02} ({})", local.year, local.month,
                                 local.day, local.hour, local.minute, zone_name);
  }
  return times;
}

}  // namespace

Result<EvidenceContext> StoredContext(store::SqlSession& db, store::Repositories& repos,
                                      const Comment& comment) {
  EvidenceContext context;
  if (comment.post_id) {
    auto post = repos.posts.Get(db, *comment.post_id);
    if (!post) return post.error();
    context.post_caption = post->caption;
  }
  if (!comment.media_remote_id.empty()) {
    auto delivery =
        repos.posts.FindDeliveryByRemote(db, comment.channel_id, comment.media_remote_id);
    if (!delivery) return delivery.error();
    if (*delivery) context.post_permalink = (*delivery)->permalink;
  }
  if (!comment.parent_remote_id.empty()) {
    auto parent = repos.comments.FindByRemote(db, comment.channel_id, comment.parent_remote_id);
    if (!parent) return parent.error();
    if (*parent) context.parent_text = (*parent)->text;
  }
  return context;
}

std::string EvidenceSnapshot(const Comment& comment, const EvidenceContext& context) {
  const std::string profile = comment.author_handle.empty()
                                  ? ""
                                  : "https://www.instagram.com/" + comment.author_handle + "/";
  json snapshot = {
      {"format", 1},
      {"comment",
       {{"id", comment.id.value()},
        {"remote_id", comment.remote_id},
        {"text", comment.text},
        {"parent_remote_id", comment.parent_remote_id},
        {"parent_text", context.parent_text},
        {"received", Times(comment.received_at, context.time_zone)},
        {"written",
         comment.commented_at ? Times(*comment.commented_at, context.time_zone) : json(nullptr)},
        {"source", kCommentSourceNames.Name(comment.source)},
        // The event exactly as the platform sent it; a string if it was not JSON.
        {"raw_event", json::parse(comment.raw_json, nullptr, false).is_discarded()
                          ? json(comment.raw_json)
                          : json::parse(comment.raw_json)}}},
      {"author",
       {{"id", comment.author_id}, {"handle", comment.author_handle}, {"profile_url", profile}}},
      {"post",
       {{"caption", context.post_caption},
        {"permalink", context.post_permalink},
        {"media_remote_id", comment.media_remote_id}}},
      {"engine", json::parse(context.engine_json, nullptr, false)},
      {"captured", Times(context.captured_at, context.time_zone)}};
  return snapshot.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace civicpost::moderation

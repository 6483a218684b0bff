#include "jobs/insights_poll.hpp"

#include <spdlog/spdlog.h>

#include "channels/instagram/graph_client.hpp"
#include "jobs/instagram_accounts.hpp"

namespace civicpost::jobs {

using channels::instagram::GraphError;
using channels::instagram::MetricValue;

std::string MediaMetricsFor(PostKind kind) {
  if (kind == PostKind::kStory) return "views,reach,shares";
  return "views,reach,likes,comments,saved,shares,total_interactions";
}

Result<InsightsReport> InsightsPoll::Run() {
  InsightsReport report;
  const Timestamp now = std::chrono::floor<std::chrono::hours>(clock_.Now());
  auto accounts = ConnectedInstagramAccounts(db_, repos_, secrets_, false);
  if (!accounts) return accounts.error();
  for (const InstagramAccount& account : *accounts) {
    const std::string& slug = account.organization.slug;
    const ChannelId channel = account.channel.id;
    channels::instagram::GraphClient graph(http_, account.graph);
    std::vector<InsightReading> readings;
    auto deliveries = repos_.posts.ListPublishedDeliveries(db_, channel, now - window_);
    if (!deliveries) return deliveries.error();
    for (const Delivery& delivery : *deliveries) {
      auto post = repos_.posts.Get(db_, delivery.post_id);
      if (!post) return post.error();
      ++report.posts;
      auto values = graph.MediaInsights(delivery.remote_id, MediaMetricsFor(post->kind));
      if (auto* error = std::get_if<GraphError>(&values)) {
        spdlog::warn("{}: insights of media {}: {}", slug, delivery.remote_id, error->message);
        ++report.failed;
        continue;
      }
      for (const MetricValue& v : std::get<std::vector<MetricValue>>(values)) {
        readings.push_back({channel, InsightScope::kMedia, delivery.remote_id, post->id, v.name,
                            v.value, now, now});
      }
    }
    auto reach = graph.AccountInsights("reach", "time_series", now - std::chrono::hours(48), now);
    if (auto* error = std::get_if<GraphError>(&reach)) {
      spdlog::warn("{}: account insights: {}", slug, error->message);
      ++report.failed;
    } else {
      for (const MetricValue& v : std::get<std::vector<MetricValue>>(reach)) {
        if (!v.end_time) continue;
        // A day's value is the same whenever it is read: keyed by its day.
        readings.push_back({channel, InsightScope::kAccount, account.connection.account_id,
                            std::nullopt, v.name, v.value, *v.end_time, *v.end_time});
      }
    }
    auto added = store::InTransaction(
        db_, [&](store::Transaction& tx) { return repos_.insights.Append(tx, readings); });
    if (!added) return added.error();
    report.readings += *added;
  }
  return report;
}

}  // namespace civicpost::jobs

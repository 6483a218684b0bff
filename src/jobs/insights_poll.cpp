#include "jobs/insights_poll.hpp"

#include <spdlog/spdlog.h>

#include "channels/instagram/graph_client.hpp"

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
  auto orgs = repos_.organizations.List(db_);
  if (!orgs) return orgs.error();
  for (const Organization& org : *orgs) {
    auto channels = repos_.channels.ListByOrganization(db_, org.id);
    if (!channels) return channels.error();
    for (const Channel& channel : *channels) {
      if (channel.platform != ChannelPlatform::kInstagram ||
          channel.status != ChannelStatus::kActive) {
        continue;
      }
      auto connection = repos_.channels.GetConnection(db_, channel.id);
      if (!connection) return connection.error();
      if (connection->token_sealed.empty()) continue;
      auto token = secrets_.Open(connection->token_sealed);
      if (!token) return token.error();
      channels::instagram::GraphConfig config;
      if (!connection->api_base_url.empty()) config.base_url = connection->api_base_url;
      config.ig_user_id = connection->account_id;
      config.access_token = std::move(*token);
      channels::instagram::GraphClient graph(http_, config);

      std::vector<InsightReading> readings;
      auto deliveries = repos_.posts.ListPublishedDeliveries(db_, channel.id, now - window_);
      if (!deliveries) return deliveries.error();
      for (const Delivery& delivery : *deliveries) {
        auto post = repos_.posts.Get(db_, delivery.post_id);
        if (!post) return post.error();
        ++report.posts;
        auto values = graph.MediaInsights(delivery.remote_id, MediaMetricsFor(post->kind));
        if (auto* error = std::get_if<GraphError>(&values)) {
          spdlog::warn("{}: insights of media {}: {}", org.slug, delivery.remote_id,
                       error->message);
          ++report.failed;
          continue;
        }
        for (const MetricValue& v : std::get<std::vector<MetricValue>>(values)) {
          readings.push_back({channel.id, InsightScope::kMedia, delivery.remote_id, post->id,
                              v.name, v.value, now, now});
        }
      }
      auto account =
          graph.AccountInsights("reach", "time_series", now - std::chrono::hours(48), now);
      if (auto* error = std::get_if<GraphError>(&account)) {
        spdlog::warn("{}: account insights: {}", org.slug, error->message);
        ++report.failed;
      } else {
        for (const MetricValue& v : std::get<std::vector<MetricValue>>(account)) {
          if (!v.end_time) continue;
          // A day's value is the same whenever it is read: keyed by its day.
          readings.push_back({channel.id, InsightScope::kAccount, connection->account_id,
                              std::nullopt, v.name, v.value, *v.end_time, *v.end_time});
        }
      }
      auto added = store::InTransaction(
          db_, [&](store::Transaction& tx) { return repos_.insights.Append(tx, readings); });
      if (!added) return added.error();
      report.readings += *added;
    }
  }
  return report;
}

}  // namespace civicpost::jobs

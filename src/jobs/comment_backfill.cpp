#include "jobs/comment_backfill.hpp"

#include <spdlog/spdlog.h>

#include "channels/instagram/graph_client.hpp"

namespace civicpost::jobs {

using channels::instagram::CommentPage;
using channels::instagram::GraphError;

Result<BackfillReport> CommentBackfill::Run() {
  BackfillReport report;
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
      auto deliveries =
          repos_.posts.ListPublishedDeliveries(db_, channel.id, clock_.Now() - window_);
      if (!deliveries) return deliveries.error();
      for (const Delivery& delivery : *deliveries) {
        ++report.posts;
        std::string after;
        for (int page = 0; page < max_pages_; ++page) {
          auto comments = graph.Comments(delivery.remote_id, after);
          if (auto* error = std::get_if<GraphError>(&comments)) {
            spdlog::warn("{}: reading the comments of media {} failed: {}", org.slug,
                         delivery.remote_id, error->message);
            ++report.failed;
            break;
          }
          const CommentPage& got = std::get<CommentPage>(comments);
          auto stored =
              intake_.Store(ChannelPlatform::kInstagram, got.comments, CommentSource::kPoll);
          if (!stored) return stored.error();
          report.stored += stored->stored;
          if (got.after.empty()) break;
          after = got.after;
        }
      }
    }
  }
  if (report.stored > 0) {
    spdlog::info("comment backfill: {} comment(s) the webhook had missed", report.stored);
  }
  return report;
}

}  // namespace civicpost::jobs

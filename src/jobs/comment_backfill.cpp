#include "jobs/comment_backfill.hpp"

#include <spdlog/spdlog.h>

#include "channels/instagram/graph_client.hpp"
#include "jobs/instagram_accounts.hpp"

namespace civicpost::jobs {

using channels::instagram::CommentPage;
using channels::instagram::GraphError;

Result<BackfillReport> CommentBackfill::Run() {
  BackfillReport report;
  auto accounts = ConnectedInstagramAccounts(db_, repos_, secrets_, false);
  if (!accounts) return accounts.error();
  for (const InstagramAccount& account : *accounts) {
    channels::instagram::GraphClient graph(http_, account.graph);
    auto deliveries =
        repos_.posts.ListPublishedDeliveries(db_, account.channel.id, clock_.Now() - window_);
    if (!deliveries) return deliveries.error();
    for (const Delivery& delivery : *deliveries) {
      ++report.posts;
      std::string after;
      for (int page = 0; page < max_pages_; ++page) {
        auto comments = graph.Comments(delivery.remote_id, after);
        if (auto* error = std::get_if<GraphError>(&comments)) {
          spdlog::warn("{}: reading the comments of media {} failed: {}", account.organization.slug,
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
  if (report.stored > 0) {
    spdlog::info("comment backfill: {} comment(s) the webhook had missed", report.stored);
  }
  return report;
}

}  // namespace civicpost::jobs

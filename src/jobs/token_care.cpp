#include "jobs/token_care.hpp"

#include <spdlog/spdlog.h>

#include "channels/instagram/graph_client.hpp"
#include "jobs/instagram_accounts.hpp"

namespace civicpost::jobs {

using channels::instagram::GraphError;
using channels::instagram::GraphErrorKind;
using channels::instagram::TokenGrant;

Status TokenCare::NeedsReconnect(ChannelId channel, const std::string& reason) {
  return store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.channels.UpdateStatus(tx, Actor::System(), channel,
                                        ChannelStatus::kNeedsReconnect, reason);
  });
}

Result<TokenCareReport> TokenCare::Run() {
  TokenCareReport report;
  const Timestamp now = clock_.Now();
  auto accounts = ConnectedInstagramAccounts(db_, repos_, secrets_, true);
  if (!accounts) return accounts.error();
  for (const InstagramAccount& account : *accounts) {
    const Channel& channel = account.channel;
    const ChannelConnection& connection = account.connection;
    const std::string& slug = account.organization.slug;
    // Without a known expiry (a Page token, say) there is nothing to renew.
    if (!connection.token_expires_at) continue;
    if (now >= *connection.token_expires_at) {
      if (channel.status != ChannelStatus::kNeedsReconnect) {
        if (Status s = NeedsReconnect(channel.id, "graph.token_expired"); !s.ok()) return s.error();
        ++report.needs_reconnect;
      }
      continue;
    }
    if (*connection.token_expires_at - now > refresh_when_left_) continue;
    if (connection.token_refreshed_at &&
        now - *connection.token_refreshed_at < std::chrono::hours(24)) {
      continue;
    }
    auto grant = channels::instagram::GraphClient(http_, account.graph).RefreshToken();
    if (auto* error = std::get_if<GraphError>(&grant)) {
      if (error->kind == GraphErrorKind::kTokenInvalid) {
        spdlog::warn("{}: the token of channel '{}' was refused: {}", slug, channel.key,
                     error->message);
        if (Status s = NeedsReconnect(channel.id, "graph.token_invalid"); !s.ok()) return s.error();
        ++report.needs_reconnect;
      } else {
        spdlog::warn("{}: refreshing the token of channel '{}' failed, trying again later: {}",
                     slug, channel.key, error->message);
        ++report.failed;
      }
      continue;
    }
    const TokenGrant& fresh = std::get<TokenGrant>(grant);
    ChannelConnection renewed = connection;
    renewed.token_sealed = secrets_.Seal(fresh.access_token);
    renewed.token_refreshed_at = now;
    renewed.token_expires_at =
        now + (fresh.expires_in.count() > 0 ? fresh.expires_in : std::chrono::seconds(5184000));
    Status saved = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
      if (Status s = repos_.channels.SaveConnection(tx, Actor::System(), channel.id, renewed);
          !s.ok()) {
        return s;
      }
      return repos_.channels.UpdateStatus(tx, Actor::System(), channel.id, ChannelStatus::kActive);
    });
    if (!saved.ok()) return saved.error();
    spdlog::info("{}: the token of channel '{}' was renewed", slug, channel.key);
    ++report.refreshed;
  }
  return report;
}

}  // namespace civicpost::jobs

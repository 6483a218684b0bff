#include "jobs/instagram_accounts.hpp"

namespace civicpost::jobs {

Result<channels::instagram::GraphConfig> GraphConfigFor(const ChannelConnection& connection,
                                                        const SecretBox& secrets) {
  auto token = secrets.Open(connection.token_sealed);
  if (!token) return token.error();
  channels::instagram::GraphConfig config;
  if (!connection.api_base_url.empty()) config.base_url = connection.api_base_url;
  config.ig_user_id = connection.account_id;
  config.access_token = std::move(*token);
  return config;
}

Result<std::vector<InstagramAccount>> ConnectedInstagramAccounts(store::SqlSession& db,
                                                                 store::Repositories& repos,
                                                                 const SecretBox& secrets,
                                                                 bool also_needing_reconnect) {
  std::vector<InstagramAccount> out;
  auto orgs = repos.organizations.List(db);
  if (!orgs) return orgs.error();
  for (const Organization& org : *orgs) {
    auto channels = repos.channels.ListByOrganization(db, org.id);
    if (!channels) return channels.error();
    for (const Channel& channel : *channels) {
      const bool wanted =
          channel.status == ChannelStatus::kActive ||
          (also_needing_reconnect && channel.status == ChannelStatus::kNeedsReconnect);
      if (channel.platform != ChannelPlatform::kInstagram || !wanted) continue;
      auto connection = repos.channels.GetConnection(db, channel.id);
      if (!connection) return connection.error();
      if (connection->token_sealed.empty()) continue;
      auto graph = GraphConfigFor(*connection, secrets);
      if (!graph) return graph.error();
      out.push_back({org, channel, std::move(*connection), std::move(*graph)});
    }
  }
  return out;
}

}  // namespace civicpost::jobs

#pragma once
// The connected Instagram accounts the background jobs work on (token
// care, comment backfill, insights, publishing): each channel with its
// connection and the Graph API configuration, token opened.

#include <vector>

#include "channels/instagram/graph_client.hpp"
#include "core/organization.hpp"
#include "core/secret_box.hpp"
#include "store/repositories.hpp"

namespace civicpost::jobs {

struct InstagramAccount {
  Organization organization;
  Channel channel;
  ChannelConnection connection;
  channels::instagram::GraphConfig graph;  // with the opened token
};

// The Graph API configuration of a connection, with its token opened.
Result<channels::instagram::GraphConfig> GraphConfigFor(const ChannelConnection& connection,
                                                        const SecretBox& secrets);

// Every Instagram channel with a stored token: the active ones, and with
// `also_needing_reconnect` those waiting for a person too (disabled never).
Result<std::vector<InstagramAccount>> ConnectedInstagramAccounts(store::SqlSession& db,
                                                                 store::Repositories& repos,
                                                                 const SecretBox& secrets,
                                                                 bool also_needing_reconnect);

}  // namespace civicpost::jobs

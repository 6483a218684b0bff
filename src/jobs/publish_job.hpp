#pragma once
// The job that publishes one delivery (publish::kPublishJobKind): it waits
// for the post's time, builds what goes out (the caption with its credits,
// signed links to the renditions the platform fetches), and lets the
// channel publish with a journal that commits the delivery's progress
// before the channel goes on. The channel's outcome becomes the delivery's
// state, the post's state once every delivery is done, the channel's state
// when its token is gone, and the job's next run.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "channels/channel.hpp"
#include "core/http_client.hpp"
#include "core/secret_box.hpp"
#include "jobs/worker.hpp"
#include "media/signed_url.hpp"
#include "publish/workflow.hpp"

namespace civicpost::jobs {

// Makes the channel object for a channel row and its connection (token
// opened); an error when it cannot be reached (not connected, say).
using ChannelFactory = std::function<Result<std::unique_ptr<channels::Channel>>(
    const Channel& channel, const ChannelConnection& connection)>;

struct PublishSettings {
  // Where the platform fetches renditions from and where the public pages
  // are: "https://social.sassenberg.de". Signed links go behind it.
  std::string public_base_url{};
  std::filesystem::path data_dir{};
  std::optional<media::UrlSigner> signer{};
  // How long a signed link stays valid: longer than the platform may take
  // to fetch it, short enough not to be a permanent copy.
  std::chrono::hours link_lifetime{24};
  // A channel that needs reconnecting is asked again after this long.
  std::chrono::minutes reconnect_wait{15};
};

class PublishJob {
 public:
  PublishJob(store::Database& db, store::Repositories& repos, const Clock& clock,
             ChannelFactory channels, PublishSettings settings);

  JobOutcome Run(const Job& job);
  // The queue gave up after the last attempt: the delivery failed.
  void GaveUp(const Job& job, const std::string& error);
  JobHandler Handler();

 private:
  struct Context;
  Result<Context> Load(DeliveryId id);
  Result<channels::Outgoing> Prepare(const Context& context);
  JobOutcome Apply(Context& context, const channels::PublishOutcome& outcome);
  // The post's state once all its deliveries are done.
  Status SettlePost(store::Transaction& tx, PostId post);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  ChannelFactory channels_;
  PublishSettings settings_;
  publish::Workflow workflow_;
};

// The channel objects of a real deployment: Instagram over `http` with the
// token opened by `secrets`, the website. Instagram needs a connection.
ChannelFactory DefaultChannels(HttpClient& http, const SecretBox* secrets);

// A channel reached on its platform, for the jobs that act on comments.
struct ReachedChannel {
  Channel channel;
  std::unique_ptr<channels::Channel> remote;
};
// The stored channel and its connection through `channels`; when it cannot
// be reached, the outcome the job returns instead: a store error retries in
// a minute, a connection that does not work waits five.
std::variant<ReachedChannel, JobOutcome> ReachChannel(store::SqlSession& db,
                                                      store::Repositories& repos,
                                                      const ChannelFactory& channels, ChannelId id,
                                                      Timestamp now);

// The delivery a publishing job is for; kInvalidArgument for a bad payload.
Result<DeliveryId> DeliveryOfJob(const Job& job);

}  // namespace civicpost::jobs

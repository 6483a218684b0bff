#include "jobs/publish_job.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "channels/instagram/instagram_channel.hpp"
#include "channels/website/website_channel.hpp"
#include "site/site_model.hpp"
#include "jobs/instagram_accounts.hpp"
#include "jobs/job_payload.hpp"
#include "jobs/job_payload.hpp"
#include "media/library.hpp"
#include "media/rendition.hpp"

namespace civicpost::jobs {
namespace {

using channels::PublishOutcome;

bool IsOpen(DeliveryState state) {
  return state == DeliveryState::kPending || state == DeliveryState::kPublishing;
}

// Commits the delivery before the channel's next remote call.
class StoreJournal : public channels::DeliveryJournal {
 public:
  StoreJournal(store::Database& db, store::Repositories& repos) : db_(db), repos_(repos) {}
  Status Save(const Delivery& delivery) override {
    return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
      // Edited, unscheduled or withdrawn meanwhile: the channel must stop
      // before its next remote call (publish::Workflow::StopDeliveries).
      auto post = repos_.posts.Get(tx, delivery.post_id);
      if (!post) return post.error();
      auto current = repos_.posts.GetDelivery(tx, delivery.id);
      if (!current) return current.error();
      if (post->state != PostState::kScheduled || !IsOpen(current->state)) {
        return Conflict("the post left the schedule while it was being published");
      }
      return repos_.posts.UpdateDelivery(tx, Actor::System(), delivery);
    });
  }

 private:
  store::Database& db_;
  store::Repositories& repos_;
};

}  // namespace

struct PublishJob::Context {
  Delivery delivery;
  publish::PostRecord record;
  Channel channel;
  ChannelConnection connection;
  Organization organization;
};

Result<DeliveryId> DeliveryOfJob(const Job& job) {
  const std::optional<DeliveryId> id = PayloadId<DeliveryId>(job, "delivery_id");
  if (!id)
    return InvalidArgument("job " + job.id.ToString() + ": the payload names no delivery_id");
  return *id;
}

PublishJob::PublishJob(store::Database& db, store::Repositories& repos, const Clock& clock,
                       ChannelFactory channels, PublishSettings settings)
    : db_(db),
      repos_(repos),
      clock_(clock),
      channels_(std::move(channels)),
      settings_(std::move(settings)),
      workflow_(db, repos, clock) {}

JobHandler PublishJob::Handler() {
  return {[this](const Job& job) { return Run(job); },
          [this](const Job& job, const std::string& error) { GaveUp(job, error); }};
}

Result<PublishJob::Context> PublishJob::Load(DeliveryId id) {
  Context context;
  auto delivery = repos_.posts.GetDelivery(db_, id);
  if (!delivery) return delivery.error();
  context.delivery = std::move(*delivery);
  auto record = workflow_.Load(context.delivery.post_id);
  if (!record) return record.error();
  context.record = std::move(*record);
  auto channel = repos_.channels.Get(db_, context.delivery.channel_id);
  if (!channel) return channel.error();
  context.channel = std::move(*channel);
  auto connection = repos_.channels.GetConnection(db_, context.channel.id);
  if (!connection) return connection.error();
  context.connection = std::move(*connection);
  auto organization = repos_.organizations.Get(db_, context.record.post.organization_id);
  if (!organization) return organization.error();
  context.organization = std::move(*organization);
  return context;
}

Result<channels::Outgoing> PublishJob::Prepare(const Context& context) {
  const Post& post = context.record.post;
  channels::Outgoing out;
  out.post_id = post.id;
  out.kind = post.kind;
  out.public_url = settings_.public_base_url +
                   site::SiteAddress{"", context.organization.slug}.Post(post.id);
  auto caption = workflow_.PublishedCaption(context.record);
  if (!caption) return caption.error();
  out.caption = std::move(*caption);
  if (context.channel.platform == ChannelPlatform::kWebsite) return out;
  if (!settings_.signer) {
    return Unavailable("signed links for the platform are off (no signing key)");
  }
  const Timestamp expires = clock_.Now() + settings_.link_lifetime;
  media::RenditionCache renditions(settings_.data_dir / "renditions");
  for (const PostMedia& used : post.media) {
    auto media = repos_.media.Get(db_, used.media_id);
    if (!media) return media.error();
    channels::OutgoingMedia item{.media_id = used.media_id, .alt_text = used.alt_text};
    if (media::IsRenderable(*media)) {
      const media::Recipe recipe = post.kind == PostKind::kStory ? media::Recipe::kInstagramStory
                                                                 : media::Recipe::kInstagramFeed;
      // Rendered now, so the platform's fetch is served from the cache in time.
      auto rights = repos_.media_rights.GetRights(db_, media->id);
      if (!rights) return rights.error();
      auto file = renditions.Get(
          media->sha256, media::RenditionInputFor(*media, *rights, settings_.data_dir), recipe);
      if (!file) return file.error();
      item.url = settings_.public_base_url + settings_.signer->PathFor(media->id, recipe, expires);
    } else if (media->content_type.starts_with("video/")) {
      item.is_video = true;
      item.url = settings_.public_base_url + settings_.signer->VideoPathFor(media->id, expires);
    } else {
      return InvalidArgument(media->original_name + " is neither a photo nor a video");
    }
    out.media.push_back(std::move(item));
  }
  return out;
}

JobOutcome PublishJob::Run(const Job& job) {
  const Timestamp now = clock_.Now();
  auto id = DeliveryOfJob(job);
  if (!id) return JobOutcome::Retry(now + std::chrono::hours(1), id.error().message);
  auto context = Load(*id);
  if (!context) return JobOutcome::Retry(now + std::chrono::minutes(1), context.error().message);
  const Post& post = context->record.post;
  // Withdrawn, unscheduled or sent back to review: nothing to publish now.
  // Scheduling again plans a new job.
  if (!IsOpen(context->delivery.state) || post.state != PostState::kScheduled) {
    return JobOutcome::Done();
  }
  if (post.scheduled_at && *post.scheduled_at > now) {
    return JobOutcome::Postpone(*post.scheduled_at, "moved to a later time");
  }
  if (context->channel.status == ChannelStatus::kDisabled) {
    return Apply(
        *context,
        {PublishOutcome::Kind::kFailed, {}, "publish.channel_disabled", "the channel is disabled"});
  }
  if (context->channel.status == ChannelStatus::kNeedsReconnect) {
    return Apply(*context, {PublishOutcome::Kind::kWait, settings_.reconnect_wait,
                            context->channel.status_reason, "the channel needs reconnecting"});
  }
  auto outgoing = Prepare(*context);
  if (!outgoing) {
    spdlog::error("delivery {}: {}", id->ToString(), outgoing.error().message);
    return Apply(*context, {PublishOutcome::Kind::kRetry, std::chrono::minutes(5),
                            "publish.not_prepared", outgoing.error().message});
  }
  auto channel = channels_(context->channel, context->connection);
  if (!channel) {
    return Apply(*context, {PublishOutcome::Kind::kNeedsReconnect,
                            {},
                            "publish.not_connected",
                            channel.error().message});
  }
  context->delivery.state = DeliveryState::kPublishing;
  context->delivery.attempts = job.attempts;
  StoreJournal journal(db_, repos_);
  const PublishOutcome outcome = (*channel)->Publish(*outgoing, context->delivery, journal);
  return Apply(*context, outcome);
}

JobOutcome PublishJob::Apply(Context& context, const PublishOutcome& outcome) {
  using Kind = PublishOutcome::Kind;
  const Timestamp now = clock_.Now();
  Delivery& delivery = context.delivery;
  delivery.error_key = outcome.error_key;
  delivery.last_error = outcome.message;
  if (outcome.kind == Kind::kPublished) delivery.state = DeliveryState::kPublished;
  if (outcome.kind == Kind::kFailed) delivery.state = DeliveryState::kFailed;
  bool left_schedule = false;
  Status saved = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    // A withdrawal while the channel was busy wins over what it reports.
    auto current = repos_.posts.GetDelivery(tx, delivery.id);
    if (!current) return current.error();
    if (current->state == DeliveryState::kWithdrawn) {
      delivery.state = DeliveryState::kWithdrawn;
    }
    // So does an edit or unscheduling, unless the post did go out.
    auto post = repos_.posts.Get(tx, delivery.post_id);
    if (!post) return post.error();
    if (post->state != PostState::kScheduled && outcome.kind != Kind::kPublished) {
      left_schedule = true;
      return Status::Ok();
    }
    if (Status s = repos_.posts.UpdateDelivery(tx, Actor::System(), delivery); !s.ok()) return s;
    if (delivery.state == DeliveryState::kWithdrawn && outcome.kind == Kind::kPublished) {
      // It went out while being withdrawn: it must come down like the rest.
      Status planned = publish::PlanTakedown(tx, repos_, Actor::System(), delivery.post_id, now);
      if (!planned.ok()) return planned;
    }
    if (outcome.kind == Kind::kNeedsReconnect) {
      if (Status s =
              repos_.channels.UpdateStatus(tx, Actor::System(), context.channel.id,
                                           ChannelStatus::kNeedsReconnect, outcome.error_key);
          !s.ok()) {
        return s;
      }
    }
    return SettlePost(tx, delivery.post_id);
  });
  if (!saved.ok()) {
    spdlog::error("delivery {}: storing the outcome: {}", delivery.id.ToString(), saved.message());
    return JobOutcome::Retry(now + std::chrono::minutes(1), saved.message());
  }
  if (left_schedule) return JobOutcome::Done();  // scheduling again plans a new job
  switch (outcome.kind) {
    case Kind::kPublished:
      spdlog::info("delivery {}: published as {}", delivery.id.ToString(), delivery.remote_id);
      return JobOutcome::Done();
    case Kind::kFailed:
      spdlog::warn("delivery {}: failed: {} ({})", delivery.id.ToString(), outcome.error_key,
                   outcome.message);
      return JobOutcome::Done();
    case Kind::kRetry:
      return JobOutcome::Retry(now + outcome.wait, outcome.error_key + ": " + outcome.message);
    case Kind::kWait:
      return JobOutcome::Postpone(now + outcome.wait, outcome.error_key);
    case Kind::kNeedsReconnect:
      spdlog::warn("channel {} needs reconnecting: {}", context.channel.key, outcome.message);
      return JobOutcome::Postpone(now + settings_.reconnect_wait, outcome.error_key);
  }
  return JobOutcome::Done();
}

void PublishJob::GaveUp(const Job& job, const std::string& error) {
  auto id = DeliveryOfJob(job);
  if (!id) return;
  Status saved = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    auto delivery = repos_.posts.GetDelivery(tx, *id);
    if (!delivery) return delivery.error();
    if (!IsOpen(delivery->state)) return Status::Ok();
    delivery->state = DeliveryState::kFailed;
    delivery->last_error = error;
    if (Status s = repos_.posts.UpdateDelivery(tx, Actor::System(), *delivery); !s.ok()) return s;
    return SettlePost(tx, delivery->post_id);
  });
  if (!saved.ok()) spdlog::error("delivery {}: {}", id->ToString(), saved.message());
}

Status PublishJob::SettlePost(store::Transaction& tx, PostId post_id) {
  auto post = repos_.posts.Get(tx, post_id);
  if (!post) return post.error();
  if (post->state != PostState::kScheduled) return Status::Ok();
  auto deliveries = repos_.posts.ListDeliveries(tx, post_id);
  if (!deliveries) return deliveries.error();
  bool open = false;
  bool failed = false;
  for (const Delivery& d : *deliveries) {
    open = open || IsOpen(d.state);
    failed = failed || d.state == DeliveryState::kFailed;
  }
  if (open) return Status::Ok();
  return repos_.posts.UpdateState(tx, Actor::System(), post_id,
                                  failed ? PostState::kFailed : PostState::kPublished);
}

std::variant<ReachedChannel, JobOutcome> ReachChannel(store::SqlSession& db,
                                                      store::Repositories& repos,
                                                      const ChannelFactory& channels, ChannelId id,
                                                      Timestamp now) {
  auto channel = repos.channels.Get(db, id);
  if (!channel) return JobOutcome::Retry(now + std::chrono::minutes(1), channel.error().message);
  auto connection = repos.channels.GetConnection(db, id);
  if (!connection) {
    return JobOutcome::Retry(now + std::chrono::minutes(1), connection.error().message);
  }
  auto remote = channels(*channel, *connection);
  if (!remote) return JobOutcome::Postpone(now + std::chrono::minutes(5), remote.error().message);
  return ReachedChannel{*std::move(channel), *std::move(remote)};
}

ChannelFactory DefaultChannels(HttpClient& http, const SecretBox* secrets) {
  return [&http, secrets](
             const Channel& channel,
             const ChannelConnection& connection) -> Result<std::unique_ptr<channels::Channel>> {
    switch (channel.platform) {
      case ChannelPlatform::kWebsite:
        return std::unique_ptr<channels::Channel>(new channels::website::WebsiteChannel());
      case ChannelPlatform::kInstagram: {
        if (connection.token_sealed.empty() || connection.account_id.empty()) {
          return Unavailable("the channel '" + channel.key + "' is not connected");
        }
        if (secrets == nullptr) return Unavailable("no key to open the channel's token");
        auto config = GraphConfigFor(connection, *secrets);
        if (!config) return config.error();
        return std::unique_ptr<channels::Channel>(
            new channels::instagram::InstagramChannel(http, std::move(*config)));
      }
      case ChannelPlatform::kMastodon:
        break;
    }
    return InvalidArgument("publishing to " +
                           std::string(kChannelPlatformNames.Name(channel.platform)) +
                           " is not built yet");
  };
}

}  // namespace civicpost::jobs

#include "channels/instagram/instagram_channel.hpp"

#include <nlohmann/json.hpp>
#include <thread>

#include "core/sha256.hpp"

namespace civicpost::channels::instagram {
namespace {

using nlohmann::json;
using Kind = PublishOutcome::Kind;
using std::chrono::seconds;

PublishOutcome Outcome(Kind kind, seconds wait, std::string key, std::string message = "") {
  return {kind, wait, "graph." + key, std::move(message)};
}

std::string MediaTypeOf(const Outgoing& post) {
  switch (post.kind) {
    case PostKind::kCarousel:
      return "CAROUSEL";
    case PostKind::kStory:
      return "STORIES";
    case PostKind::kReel:
      return "REELS";
    case PostKind::kFeedImage:
      break;
  }
  return "";
}

// A moderation call's result as the caller acts on it.
template <typename T>
ActionOutcome ActionOf(const GraphResult<T>& result) {
  if (const auto* error = std::get_if<GraphError>(&result)) {
    const bool retry =
        error->kind == GraphErrorKind::kTransient || error->kind == GraphErrorKind::kRateLimited;
    return {.retry = retry, .error_key = "graph." + error->staff_key, .message = error->message};
  }
  ActionOutcome done{.done = true};
  if constexpr (std::is_same_v<T, std::string>) done.remote_id = std::get<std::string>(result);
  return done;
}

}  // namespace

// What the delivery's progress record holds (JSON in the database).
struct InstagramChannel::Progress {
  std::vector<std::string> items;  // a carousel's item containers, in order
  std::string container;           // the container to publish
  bool publishing = false;         // media_publish may have been sent
  std::string caption_sha256;      // finds the media when the answer was lost
  std::string media_id;

  static Progress Parse(const std::string& text) {
    Progress p;
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return p;
    if (j.contains("items") && j["items"].is_array()) {
      for (const json& item : j["items"]) {
        if (item.is_string()) p.items.push_back(item.get<std::string>());
      }
    }
    p.container = j.value("container", "");
    p.publishing = j.value("publishing", false);
    p.caption_sha256 = j.value("caption_sha256", "");
    p.media_id = j.value("media_id", "");
    return p;
  }
  std::string Json() const {
    json j{{"items", items}, {"container", container}, {"publishing", publishing}};
    if (!media_id.empty()) j["media_id"] = media_id;
    if (!caption_sha256.empty()) j["caption_sha256"] = caption_sha256;
    return j.dump();
  }
  // Stands for a media known to be published but not identified.
  std::string UnidentifiedId() const { return "container:" + container; }
  // A container that expired takes its items' containers with it: they
  // were made at the same time and expire with it.
  void StartOver() {
    items.clear();
    container.clear();
    publishing = false;
  }
};

InstagramChannel::InstagramChannel(HttpClient& http, GraphConfig config, InstagramOptions options)
    : graph_(http, std::move(config)), options_(std::move(options)) {
  if (!options_.sleep) {
    options_.sleep = [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); };
  }
}

std::optional<PublishOutcome> InstagramChannel::Journal(const Progress& progress,
                                                        Delivery& delivery,
                                                        DeliveryJournal& journal) {
  delivery.progress_json = progress.Json();
  delivery.remote_id = progress.media_id;
  Status saved = journal.Save(delivery);
  if (saved.ok()) return std::nullopt;
  // Not saved (disk full, or the post left the schedule): stop before the
  // next remote call.
  return Outcome(Kind::kRetry, seconds(5), "journal", saved.message());
}

PublishOutcome InstagramChannel::OutcomeOf(const GraphError& error, const Delivery& delivery) {
  const std::string message =
      error.message + (error.user_msg.empty() ? "" : " (" + error.user_msg + ")") +
      (error.code != 0
           ? " [code " + std::to_string(error.code) + "/" + std::to_string(error.subcode) + "]"
           : "");
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  switch (error.kind) {
    case GraphErrorKind::kTransient: {
      const auto wait =
          std::chrono::duration_cast<seconds>(Backoff(delivery.attempts, unit(random_)));
      return Outcome(Kind::kRetry, std::max(wait, seconds(1)), error.staff_key, message);
    }
    case GraphErrorKind::kNotReady:
      return Outcome(Kind::kWait, options_.processing_wait, error.staff_key, message);
    case GraphErrorKind::kRateLimited:
      return Outcome(Kind::kWait, error.wait, error.staff_key, message);
    case GraphErrorKind::kQuotaExhausted:
      return Outcome(Kind::kWait, options_.quota_wait, error.staff_key, message);
    case GraphErrorKind::kContainerGone:
      return Outcome(Kind::kRetry, seconds(30), error.staff_key, message);
    case GraphErrorKind::kTokenInvalid:
      return Outcome(Kind::kNeedsReconnect, seconds(0), error.staff_key, message);
    case GraphErrorKind::kPermission:
    case GraphErrorKind::kPermanent:
      break;
  }
  return Outcome(Kind::kFailed, seconds(0), error.staff_key, message);
}

PublishOutcome InstagramChannel::Publish(const Outgoing& post, Delivery& delivery,
                                         DeliveryJournal& journal) {
  if (post.media.empty() || (post.kind == PostKind::kCarousel && post.media.size() < 2)) {
    return Outcome(Kind::kFailed, seconds(0), "carousel_size", "no media to publish");
  }
  Progress progress = Progress::Parse(delivery.progress_json);
  if (progress.media_id.empty()) {
    if (auto stop = Resume(post, progress, delivery, journal)) return *stop;
  }
  if (progress.media_id.empty()) {
    if (post.kind == PostKind::kCarousel) {
      if (auto stop = CreateItems(post, progress, delivery, journal)) return *stop;
    }
    if (auto stop = CreateContainer(post, progress, delivery, journal)) return *stop;
    if (auto stop = AwaitFinished(progress.container, progress, delivery, journal)) return *stop;
    if (auto stop = CheckQuota()) return *stop;
    if (auto stop = PublishContainer(progress, delivery, journal)) return *stop;
  }
  return Finish(progress, delivery);
}

std::optional<PublishOutcome> InstagramChannel::Resume(const Outgoing& post, Progress& progress,
                                                       Delivery& delivery,
                                                       DeliveryJournal& journal) {
  if (progress.container.empty()) return std::nullopt;
  auto status = graph_.Status(progress.container);
  if (auto* error = std::get_if<GraphError>(&status)) {
    if (error->kind != GraphErrorKind::kContainerGone && error->code != 100) {
      return OutcomeOf(*error, delivery);
    }
    progress.StartOver();  // unknown to the platform: it never went out
  } else {
    const std::string& code = std::get<ContainerStatus>(status).status_code;
    if (code == "PUBLISHED") {
      if (progress.caption_sha256.empty()) progress.caption_sha256 = Sha256Hex(post.caption);
      return Recover(progress, delivery, journal);
    }
    if (code == "EXPIRED") progress.StartOver();
    // FINISHED: it was not published (yet); IN_PROGRESS: still processing.
    if (code == "FINISHED" || code == "IN_PROGRESS") progress.publishing = false;
  }
  if (auto stop = Journal(progress, delivery, journal)) return stop;
  return std::nullopt;
}

std::optional<PublishOutcome> InstagramChannel::Recover(Progress& progress, Delivery& delivery,
                                                        DeliveryJournal& journal) {
  auto found = FindPublished(progress);
  if (auto* error = std::get_if<GraphError>(&found)) return OutcomeOf(*error, delivery);
  progress.media_id = std::get<MediaSummary>(found).id;
  delivery.permalink = std::get<MediaSummary>(found).permalink;
  if (auto stop = Journal(progress, delivery, journal)) return stop;
  return std::nullopt;
}

GraphResult<MediaSummary> InstagramChannel::FindPublished(const Progress& progress) {
  auto recent = graph_.RecentMedia(25);
  if (auto* error = std::get_if<GraphError>(&recent)) return *error;
  for (const MediaSummary& media : std::get<std::vector<MediaSummary>>(recent)) {
    if (Sha256Hex(media.caption) == progress.caption_sha256) return media;
  }
  // Published for certain (the container says so), but not among the
  // newest media: record that rather than ever publish it again.
  return MediaSummary{.id = progress.UnidentifiedId()};
}

PublishCheck InstagramChannel::CheckPublished(const Delivery& delivery) {
  using Check = PublishCheck::Kind;
  const Progress progress = Progress::Parse(delivery.progress_json);
  if (!progress.media_id.empty()) {
    return {
        .kind = Check::kWentOut, .remote_id = progress.media_id, .permalink = delivery.permalink};
  }
  if (!progress.publishing || progress.container.empty()) return {.kind = Check::kNotOut};
  auto status = graph_.Status(progress.container);
  if (auto* error = std::get_if<GraphError>(&status)) {
    if (error->kind == GraphErrorKind::kContainerGone || error->code == 100) {
      return {.kind = Check::kNotOut};
    }
    return {.kind = Check::kUnknown,
            .error_key = "graph." + error->staff_key,
            .message = error->message};
  }
  const std::string& code = std::get<ContainerStatus>(status).status_code;
  if (code == "FINISHED" || code == "IN_PROGRESS") return {.kind = Check::kNotYet};
  if (code != "PUBLISHED") return {.kind = Check::kNotOut};  // EXPIRED, ERROR
  auto found = FindPublished(progress);
  if (auto* error = std::get_if<GraphError>(&found)) {
    return {.kind = Check::kUnknown,
            .error_key = "graph." + error->staff_key,
            .message = error->message};
  }
  const MediaSummary& media = std::get<MediaSummary>(found);
  return {.kind = Check::kWentOut,
          .remote_id = media.id,
          .permalink = media.permalink,
          .unidentified_id = progress.UnidentifiedId()};
}

std::optional<PublishOutcome> InstagramChannel::CreateItems(const Outgoing& post,
                                                            Progress& progress, Delivery& delivery,
                                                            DeliveryJournal& journal) {
  if (!progress.container.empty()) return std::nullopt;
  for (size_t i = progress.items.size(); i < post.media.size(); ++i) {
    const OutgoingMedia& media = post.media[i];
    ContainerRequest request{.is_carousel_item = true};
    if (media.is_video) {
      request.media_type = "VIDEO";
      request.video_url = media.url;
    } else {
      request.image_url = media.url;
      request.alt_text = media.alt_text;
    }
    auto created = graph_.CreateContainer(request);
    if (auto* error = std::get_if<GraphError>(&created)) return OutcomeOf(*error, delivery);
    progress.items.push_back(std::get<std::string>(created));
    if (auto stop = Journal(progress, delivery, journal)) return stop;
  }
  for (const std::string& item : progress.items) {
    if (auto stop = AwaitFinished(item, progress, delivery, journal)) return stop;
  }
  return std::nullopt;
}

std::optional<PublishOutcome> InstagramChannel::CreateContainer(const Outgoing& post,
                                                                Progress& progress,
                                                                Delivery& delivery,
                                                                DeliveryJournal& journal) {
  if (!progress.container.empty()) return std::nullopt;
  ContainerRequest request{.media_type = MediaTypeOf(post)};
  if (post.kind != PostKind::kStory) request.caption = post.caption;
  if (post.kind == PostKind::kCarousel) {
    for (const std::string& item : progress.items) {
      request.children += (request.children.empty() ? "" : ",") + item;
    }
  } else if (post.media.front().is_video) {
    request.video_url = post.media.front().url;
  } else {
    request.image_url = post.media.front().url;
    if (post.kind == PostKind::kFeedImage) request.alt_text = post.media.front().alt_text;
  }
  auto created = graph_.CreateContainer(request);
  if (auto* error = std::get_if<GraphError>(&created)) return OutcomeOf(*error, delivery);
  progress.container = std::get<std::string>(created);
  progress.caption_sha256 = Sha256Hex(post.caption);
  if (auto stop = Journal(progress, delivery, journal)) return stop;
  return std::nullopt;
}

std::optional<PublishOutcome> InstagramChannel::AwaitFinished(const std::string& container,
                                                              Progress& progress,
                                                              Delivery& delivery,
                                                              DeliveryJournal& journal) {
  std::chrono::milliseconds wait = options_.first_poll_wait;
  for (int read = 0; read < options_.status_polls; ++read) {
    auto status = graph_.Status(container);
    if (auto* error = std::get_if<GraphError>(&status)) return OutcomeOf(*error, delivery);
    const ContainerStatus& s = std::get<ContainerStatus>(status);
    if (s.status_code == "FINISHED") return std::nullopt;
    if (s.status_code == "ERROR") {
      // The container cannot be fixed; a new one would fail the same way.
      return Outcome(Kind::kFailed, seconds(0), "media_processing_failed", s.status);
    }
    if (s.status_code == "EXPIRED" || s.status_code == "PUBLISHED") {
      // EXPIRED: made over a day ago. PUBLISHED without our publishing: only
      // an item reused by mistake. Either way: new containers.
      progress.StartOver();
      if (auto stop = Journal(progress, delivery, journal)) return stop;
      return Outcome(Kind::kRetry, seconds(1), "container_gone", "container " + s.status_code);
    }
    if (read + 1 < options_.status_polls) {
      options_.sleep(wait);
      wait *= 2;
    }
  }
  return Outcome(Kind::kWait, options_.processing_wait, "not_ready", "still processing");
}

std::optional<PublishOutcome> InstagramChannel::CheckQuota() {
  auto limit = graph_.Limit();
  if (auto* error = std::get_if<GraphError>(&limit)) {
    // The quota is checked to queue politely; media_publish enforces it anyway.
    if (error->kind == GraphErrorKind::kTokenInvalid) return OutcomeOf(*error, Delivery{});
    return std::nullopt;
  }
  const PublishingLimit& l = std::get<PublishingLimit>(limit);
  if (l.quota_total > 0 && l.quota_usage >= l.quota_total) {
    return Outcome(Kind::kWait, options_.quota_wait, "quota_exhausted",
                   std::to_string(l.quota_usage) + " of " + std::to_string(l.quota_total) +
                       " posts in 24 hours");
  }
  return std::nullopt;
}

std::optional<PublishOutcome> InstagramChannel::PublishContainer(Progress& progress,
                                                                 Delivery& delivery,
                                                                 DeliveryJournal& journal) {
  progress.publishing = true;
  if (auto stop = Journal(progress, delivery, journal)) return stop;
  auto published = graph_.Publish(progress.container);
  if (auto* error = std::get_if<GraphError>(&published)) {
    if (error->kind == GraphErrorKind::kContainerGone) {
      progress.StartOver();
      if (auto stop = Journal(progress, delivery, journal)) return stop;
    }
    // A 4xx answer says it did not go out. After a timeout or a 5xx that is
    // unknown: `publishing` stays set and the next run asks the container.
    if (error->http_status >= 400 && error->http_status < 500) {
      progress.publishing = false;
      if (auto stop = Journal(progress, delivery, journal)) return stop;
    }
    return OutcomeOf(*error, delivery);
  }
  progress.media_id = std::get<std::string>(published);
  if (auto stop = Journal(progress, delivery, journal)) return stop;
  return std::nullopt;
}

ActionOutcome InstagramChannel::SetHidden(const std::string& comment_id, bool hidden) {
  return ActionOf(graph_.SetCommentHidden(comment_id, hidden));
}

ActionOutcome InstagramChannel::Delete(const std::string& comment_id) {
  return ActionOf(graph_.DeleteComment(comment_id));
}

ActionOutcome InstagramChannel::Reply(const std::string& comment_id, const std::string& text) {
  return ActionOf(graph_.ReplyToComment(comment_id, text));
}

ActionOutcome InstagramChannel::SendPrivateReply(const std::string& comment_id,
                                                 const std::string& text) {
  return ActionOf(graph_.SendPrivateReply(comment_id, text));
}

ActionOutcome InstagramChannel::SetCommentsEnabled(const std::string& media_id, bool enabled) {
  return ActionOf(graph_.SetCommentsEnabled(media_id, enabled));
}

PublishOutcome InstagramChannel::Finish(Progress& progress, Delivery& delivery) {
  delivery.remote_id = progress.media_id;
  delivery.progress_json = progress.Json();
  if (delivery.permalink.empty() && !progress.media_id.starts_with("container:")) {
    auto permalink = graph_.Permalink(progress.media_id);
    // Published is published: a permalink that cannot be read now is not a
    // reason to hold the delivery back (staff find the post on the account).
    if (auto* link = std::get_if<std::string>(&permalink)) delivery.permalink = *link;
  }
  return {Kind::kPublished, seconds(0), "", ""};
}

}  // namespace civicpost::channels::instagram

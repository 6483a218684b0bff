#pragma once
// Publishing to Instagram (spec section 2) as a resumable sequence of
// steps: item containers (carousels), the container, its processing, the
// quota, media_publish, the permalink. The progress record holds the remote
// ids; "publishing_since" is journaled just before media_publish, so a
// process killed around that call finds it on resume and asks the container
// first: PUBLISHED means it went out (the media id is then read back from
// the account's newest media), FINISHED means it did not. A PUBLISHED
// container is never published again, and a FINISHED one is reused.

#include <chrono>
#include <functional>
#include <random>

#include "channels/channel.hpp"
#include "channels/instagram/graph_client.hpp"

namespace civicpost::channels::instagram {

struct InstagramOptions {
  // Status reads while a container is processed, before coming back later.
  int status_polls = 6;
  std::chrono::milliseconds first_poll_wait{1000};  // doubled after each read
  std::chrono::seconds processing_wait{60};         // then, between job runs
  std::chrono::seconds quota_wait{std::chrono::hours(1)};
  // How the channel waits between status reads (tests make it instant).
  std::function<void(std::chrono::milliseconds)> sleep{};
};

class InstagramChannel : public Channel {
 public:
  InstagramChannel(HttpClient& http, GraphConfig config, InstagramOptions options = {});

  PublishOutcome Publish(const Outgoing& post, Delivery& delivery,
                         DeliveryJournal& journal) override;
  ActionOutcome SetHidden(const std::string& comment_id, bool hidden) override;
  ActionOutcome Delete(const std::string& comment_id) override;
  ActionOutcome Reply(const std::string& comment_id, const std::string& text) override;
  ActionOutcome SendPrivateReply(const std::string& comment_id, const std::string& text) override;
  ActionOutcome SetCommentsEnabled(const std::string& media_id, bool enabled) override;
  // Asks the container: PUBLISHED finds the media among the account's
  // newest by its caption; EXPIRED or ERROR never went out.
  PublishCheck CheckPublished(const Delivery& delivery) override;

 private:
  struct Progress;
  // Each step returns an outcome to stop with, or nullopt to go on.
  std::optional<PublishOutcome> Resume(const Outgoing& post, Progress& progress, Delivery& delivery,
                                       DeliveryJournal& journal);
  std::optional<PublishOutcome> CreateItems(const Outgoing& post, Progress& progress,
                                            Delivery& delivery, DeliveryJournal& journal);
  std::optional<PublishOutcome> CreateContainer(const Outgoing& post, Progress& progress,
                                                Delivery& delivery, DeliveryJournal& journal);
  // Reads the container's status until FINISHED; EXPIRED clears it.
  std::optional<PublishOutcome> AwaitFinished(const std::string& container, Progress& progress,
                                              Delivery& delivery, DeliveryJournal& journal);
  std::optional<PublishOutcome> CheckQuota();
  std::optional<PublishOutcome> PublishContainer(Progress& progress, Delivery& delivery,
                                                 DeliveryJournal& journal);
  // The media id of a container found PUBLISHED after a crash.
  std::optional<PublishOutcome> Recover(Progress& progress, Delivery& delivery,
                                        DeliveryJournal& journal);
  // The newest media with the container's caption: its id and permalink,
  // or "container:<id>" when it is not among the newest.
  GraphResult<MediaSummary> FindPublished(const Progress& progress);
  PublishOutcome Finish(Progress& progress, Delivery& delivery);

  PublishOutcome OutcomeOf(const GraphError& error, const Delivery& delivery);
  // Saves the progress; the outcome to stop with when it could not be saved.
  std::optional<PublishOutcome> Journal(const Progress& progress, Delivery& delivery,
                                        DeliveryJournal& journal);

  GraphClient graph_;
  InstagramOptions options_;
  std::mt19937 random_{std::random_device{}()};
};

}  // namespace civicpost::channels::instagram

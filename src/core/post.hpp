#pragma once
// A post of the authority and its delivery to each target channel.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/enum_table.hpp"
#include "core/ids.hpp"

namespace civicpost {

enum class PostKind { kFeedImage, kCarousel, kStory, kReel };
inline constexpr EnumTable<PostKind, 4> kPostKindNames{{{
    {PostKind::kFeedImage, "feed_image"},
    {PostKind::kCarousel, "carousel"},
    {PostKind::kStory, "story"},
    {PostKind::kReel, "reel"},
}}};

// draft -> in_review -> approved -> scheduled -> published | failed; withdrawn.
enum class PostState { kDraft, kInReview, kApproved, kScheduled, kPublished, kFailed, kWithdrawn };
inline constexpr EnumTable<PostState, 7> kPostStateNames{{{
    {PostState::kDraft, "draft"},
    {PostState::kInReview, "in_review"},
    {PostState::kApproved, "approved"},
    {PostState::kScheduled, "scheduled"},
    {PostState::kPublished, "published"},
    {PostState::kFailed, "failed"},
    {PostState::kWithdrawn, "withdrawn"},
}}};

// Event data shown in the public site's calendar.
struct PostEvent {
  std::string title;
  Timestamp starts_at;
  std::optional<Timestamp> ends_at;
  std::string place;
};

// One image or video of a post, in order, with the alt text for this use.
struct PostMedia {
  MediaId media_id;
  std::string alt_text;
};

struct Post {
  PostId id;
  OrganizationId organization_id;
  PostKind kind = PostKind::kFeedImage;
  PostState state = PostState::kDraft;
  std::string topic;  // topic id from the concept
  std::string caption;
  std::vector<PostMedia> media;
  std::optional<PostEvent> event;
  std::optional<Timestamp> scheduled_at;
  std::optional<Timestamp> published_at;
  std::optional<UserId> created_by;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<UserId> approved_by;  // who approved the current version
  std::string review_note;            // why the approver sent it back, if they did
};

enum class DeliveryState { kPending, kPublishing, kPublished, kFailed, kWithdrawn };
inline constexpr EnumTable<DeliveryState, 5> kDeliveryStateNames{{{
    {DeliveryState::kPending, "pending"},
    {DeliveryState::kPublishing, "publishing"},
    {DeliveryState::kPublished, "published"},
    {DeliveryState::kFailed, "failed"},
    {DeliveryState::kWithdrawn, "withdrawn"},
}}};

// A post on one channel: the remote id and permalink once published.
struct Delivery {
  DeliveryId id;
  PostId post_id;
  ChannelId channel_id;
  DeliveryState state = DeliveryState::kPending;
  std::string remote_id;
  std::string permalink;
  int attempts = 0;
  std::string last_error;  // the platform's words, for the log and the details
  std::string error_key;   // the catalogue key staff read ("graph.image_too_large")
  // The channel's own record of how far it got (remote ids), written before
  // and after each remote call; see channels::Channel.
  std::string progress_json = "{}";
  Timestamp updated_at;
};

}  // namespace civicpost

#pragma once
// The Graph API calls the publisher makes (spec section 2), over core's
// HttpClient: create a container, read its status, publish it, read the
// permalink, the quota and the account's latest media. Every failure comes back as a classified
// GraphError (graph_error.hpp) or a transport Error; nothing is retried
// here: the durable publisher decides, from the classification, what to do
// and when.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "channels/instagram/graph_error.hpp"
#include "channels/instagram/webhook.hpp"
#include "core/clock.hpp"
#include "core/http_client.hpp"

namespace civicpost::channels::instagram {

struct GraphConfig {
  std::string base_url = "https://graph.instagram.com";  // or the sandbox
  std::string version = "v24.0";
  std::string ig_user_id{};
  std::string access_token{};                 // sent as a Bearer header, never in the URL
  std::chrono::milliseconds timeout{30'000};  // per call
};

// A call's outcome: the value, a classified Graph error, or a transport error.
template <typename T>
using GraphResult = std::variant<T, GraphError>;

struct ContainerStatus {
  std::string status_code;  // IN_PROGRESS, FINISHED, PUBLISHED, ERROR, EXPIRED
  std::string status;
};

// POST /{ig-user-id}/media (spec 2.3); empty fields are left out.
struct ContainerRequest {
  std::string media_type{};  // "", "CAROUSEL", "STORIES", "REELS", "VIDEO" (carousel video item)
  std::string image_url{};
  std::string video_url{};
  std::string caption{};
  std::string alt_text{};
  std::string children{};  // a carousel's item containers, comma-separated
  bool is_carousel_item = false;
};

// A published media as GET /{ig-user-id}/media lists it (spec 3.1).
struct MediaSummary {
  std::string id{};
  std::string caption{};
  std::string timestamp{};  // "2026-11-25T09:00:00+0000"
  std::string permalink{};
};

// A long-lived token from refresh_access_token (spec 1.2, step D).
struct TokenGrant {
  std::string access_token;
  std::chrono::seconds expires_in{0};
};

// One value of an insights answer (spec 6): a media's lifetime total, or an
// account's value for the day ending at end_time.
struct MetricValue {
  std::string name;
  int64_t value = 0;
  std::optional<Timestamp> end_time{};
};

struct PublishingLimit {
  int quota_usage = 0;
  int quota_total = 0;
};

class GraphClient {
 public:
  GraphClient(HttpClient& http, GraphConfig config) : http_(http), config_(std::move(config)) {}

  // The container id.
  GraphResult<std::string> CreateContainer(const ContainerRequest& container);
  GraphResult<ContainerStatus> Status(const std::string& container_id);
  // The IG media id.
  GraphResult<std::string> Publish(const std::string& container_id);
  GraphResult<std::string> Permalink(const std::string& media_id);
  GraphResult<PublishingLimit> Limit();
  // Comment moderation (spec 4.1-4.3, 4.5): success, or why not.
  GraphResult<bool> SetCommentHidden(const std::string& comment_id, bool hidden);
  GraphResult<bool> DeleteComment(const std::string& comment_id);
  GraphResult<std::string> ReplyToComment(const std::string& comment_id, const std::string& text);
  GraphResult<bool> SetCommentsEnabled(const std::string& media_id, bool enabled);
  // A private reply to the comment's author (spec 4.7): POST
  // /{ig-user-id}/messages with a JSON body; the message id. One per
  // comment, within 7 days of it ("graph.private_reply_sent",
  // "graph.private_reply_too_late").
  GraphResult<std::string> SendPrivateReply(const std::string& comment_id, const std::string& text);
  // Insights (spec 6.1, 6.2). Unknown or unavailable data is an empty list.
  GraphResult<std::vector<MetricValue>> MediaInsights(const std::string& media_id,
                                                      const std::string& metrics);
  GraphResult<std::vector<MetricValue>> AccountInsights(const std::string& metrics,
                                                        const std::string& metric_type,
                                                        Timestamp since, Timestamp until);
  // The account the token belongs to (spec 1.2, step E).
  struct Account {
    std::string user_id;  // the IG professional account id
    std::string username;
    std::string app_scoped_id{};  // /me's "id"
  };
  GraphResult<Account> Me();
  // Switches the account's comment webhooks on (spec 5.1).
  GraphResult<bool> SubscribeToComments();
  // A long-lived token for the current short-lived one (spec 1.2, step C).
  GraphResult<TokenGrant> ExchangeToken(const std::string& app_secret);
  // A new long-lived token for the current one (at least 24 hours old).
  GraphResult<TokenGrant> RefreshToken();
  // One page (up to 50) of a media's comments, newest first (spec 3.3);
  // `after` is the cursor of the previous page, empty for the first.
  GraphResult<CommentPage> Comments(const std::string& media_id, const std::string& after);
  // The account's newest media, newest first.
  GraphResult<std::vector<MediaSummary>> RecentMedia(int limit);

 private:
  // Sends and classifies: a transport failure becomes a transient GraphError.
  GraphResult<std::string> Call(
      const std::string& method, const std::string& path, const std::string& form,
      const std::string& content_type = "application/x-www-form-urlencoded");
  // GET of a token endpoint outside the versioned API (the token in the query).
  GraphResult<TokenGrant> TokenCall(const std::string& path_and_query);
  // Call, then {"success": true} of the JSON reply.
  GraphResult<bool> Succeeded(const std::string& method, const std::string& path,
                              const std::string& form, const std::string& what);
  // Call, then the "id" of the JSON reply; `what` names the call in errors.
  GraphResult<std::string> IdOf(const std::string& method, const std::string& path,
                                const std::string& form, const std::string& what);

  HttpClient& http_;
  GraphConfig config_;
};

}  // namespace civicpost::channels::instagram

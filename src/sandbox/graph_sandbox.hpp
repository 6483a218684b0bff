#pragma once
// A stand-in for the Instagram Graph API (../shared/spec/instagram-graph-api.md)
// on our own HTTP server, for tests and for `civicpost sandbox`: a new user
// can connect the demo authority to it and try publishing without a Meta app.
//
// Publishing so far: /me, containers for images, stories, reels and
// carousels with their state machine (image_url is fetched and checked like
// the platform does: JPEG, size, aspect ratio; video_url must be an MP4/MOV
// within the size limit and takes a status read to process), media_publish
// with the rolling quota, content_publishing_limit, the account's media with
// cursor paging, a media's permalink, media and account insights,
// comments with hide/delete/reply, private replies (GET /_sandbox/messages
// lists them) and their signed webhooks, the sign-in
// (authorize page, code, short- and long-lived tokens, refresh), the error
// envelope, and faults injected through POST /_sandbox/faults.
//
// Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/http_client.hpp"
#include "web/router.hpp"

namespace civicpost::sandbox {

struct SandboxOptions {
  std::string ig_user_id = "17841405822304914";
  std::string app_scoped_id = "26123456789012345";  // /me's "id" (spec 1.2, step E)
  std::string username = "stadt.sassenberg.sandbox";
  std::set<std::string> tokens = {"SANDBOX-TOKEN"};
  int quota_total = 100;         // posts per rolling 24 h (spec 2.7: configurable)
  int calls_per_hour = 4800;     // the app's budget x-app-usage reports against (spec 7.1)
  int polls_until_finished = 0;  // status reads a container stays IN_PROGRESS
  int64_t max_image_bytes = 8 * 1024 * 1024;
  int64_t max_video_bytes = 300 * 1024 * 1024;
  // Comment webhooks (spec 5.3): where they go (empty: none are sent), the
  // secret they are signed with, and how often a refused one is retried.
  std::string webhook_url{};
  std::string app_secret = "SANDBOX-APP-SECRET";
  // Sign-in (spec 1.2): the app id the authorize page expects, and whether
  // the code exchange answers in the flat shape some clients meet.
  std::string app_id = "SANDBOX-APP-ID";
  bool flat_code_reply = false;
  // Private replies (spec 4.7) only this long after the comment.
  std::chrono::hours private_reply_window{24 * 7};
  int webhook_attempts = 6;
  std::chrono::milliseconds webhook_retry_base{100};
};

// A comment a citizen writes on a published media (for tests and the
// sandbox's POST /_sandbox/comments).
struct SandboxComment {
  std::string media_id;
  std::string text;
  std::string username = "buerger_in";
  std::string parent_id{};
  int deliveries = 1;  // 2 or more: the webhook is sent that often (duplicates)
  bool notify = true;  // false: no webhook at all, as while webhooks were down
};

// A private reply the account sent to a commenter (spec 4.7), as the
// sandbox keeps it for tests and GET /_sandbox/messages.
struct SandboxMessage {
  std::string message_id;
  std::string comment_id;
  std::string recipient_id;  // the commenter's id
  std::string text;
  Timestamp sent_at;
};

// One queued fault: the next `times` requests whose path contains
// `path_contains` get this error (or only the latency).
struct Fault {
  std::string path_contains{};
  int times = 1;
  int http_status = 400;
  int code = 0;  // 0: no error, only latency
  int subcode = 0;
  std::string message = "Injected by the sandbox";
  int latency_ms = 0;
  int regain_minutes = -1;  // >= 0: send x-business-use-case-usage with it
};

class GraphSandbox {
 public:
  // `fetcher` fetches image_url as the platform would.
  GraphSandbox(SandboxOptions options, HttpClient& fetcher, const Clock& clock);

  void Register(web::Router& router);
  void InjectFault(Fault fault);
  // How many times each container was published (the crash tests check 1).
  std::map<std::string, int> PublishCounts() const;
  // The caption of every media published, in order (one per post, says the
  // crash test).
  std::vector<std::string> PublishedCaptions() const;
  // Stores the comment, sends its webhook (signed, retried), returns its id;
  // empty when the media is unknown.
  std::string AddComment(const SandboxComment& comment);
  // Waits until every webhook is delivered or given up; false on timeout.
  bool WaitForWebhooks(std::chrono::milliseconds timeout);
  struct WebhookStats {
    int sent = 0;      // requests made, retries included
    int refused = 0;   // answered other than 200 (or not at all)
    int given_up = 0;  // deliveries that never got a 200
  };
  WebhookStats Webhooks() const;
  ~GraphSandbox();
  // The next container fails processing (status ERROR with this text).
  void FailNextContainer(std::string status);
  // A new short-lived token, as the login dialog would hand one out.
  std::string IssueToken();
  // Every token stops working, as when the account owner revokes the app.
  void RevokeTokens();
  // How many tokens were refreshed.
  int Refreshes() const;
  // The webhook fields the account subscribed to (spec 5.1).
  std::set<std::string> SubscribedFields() const;
  // The private replies sent, oldest first.
  std::vector<SandboxMessage> PrivateReplies() const;

 private:
  struct Container {
    std::string id;
    std::string status_code = "IN_PROGRESS";  // FINISHED, PUBLISHED, ERROR, EXPIRED
    std::string error_status;
    std::string caption;
    std::string media_type = "IMAGE";
    std::string image_url;
    std::string video_url;
    std::vector<std::string> children;
    bool is_carousel_item = false;
    int polls = 0;
    int polls_needed = 0;
    Timestamp created_at;
    std::string media_id;  // once published
    int publish_count = 0;
  };
  struct PublishedMedia {
    std::string id;
    std::string caption;
    std::string media_type;
    std::string permalink;
    Timestamp timestamp;
    bool comments_enabled = true;
  };

  struct StoredComment {
    std::string id;
    std::string media_id;
    std::string text;
    std::string username;
    std::string from_id;
    std::string parent_id;
    Timestamp timestamp;
    bool hidden = false;
    bool deleted = false;
  };

  web::Response Handle(const web::Request& request);  // version and usage around Answer
  web::Response Answer(const web::Request& request);
  web::Response Faults(const web::Request& request);
  web::Response CreateContainer(const std::map<std::string, std::string>& params);
  web::Response ContainerStatus(Container& container, const std::string& fields);
  web::Response Publish(const std::map<std::string, std::string>& params);
  web::Response PublishingLimit(const std::string& fields);
  web::Response Me(const std::string& fields);
  // Spec 5.1: POST subscribes the account's webhooks, GET lists, DELETE ends.
  web::Response SubscribedApps(const std::string& method, const std::string& fields);
  StoredComment* FindComment(const std::string& id);  // mu_ held
  // Spec 6.1 and 6.2, with values that grow with the media's age; mu_ held.
  web::Response MediaInsights(const PublishedMedia& media, const std::string& metrics);
  web::Response AccountInsights(const std::map<std::string, std::string>& params);
  web::Response CommentsOf(const std::string& media_id,
                           const std::map<std::string, std::string>& params);
  web::Response AddCommentRequest(const web::Request& request);
  // POST /_sandbox/media {"caption"}: a post made outside civicpost.
  web::Response AddMediaRequest(const web::Request& request);
  const PublishedMedia& AddMedia(const std::string& caption,
                                 const std::string& media_type);  // mu_ held
  // Spec 4.1-4.3 on a stored comment; mu_ is held by the caller.
  web::Response ModerateComment(StoredComment& comment, const std::string& method,
                                const std::vector<std::string>& path,
                                const std::map<std::string, std::string>& params);
  // Spec 4.7: POST /{ig-user-id}/messages {"recipient":{"comment_id"},
  // "message":{"text"}}; one per comment, within the window.
  web::Response PrivateReply(const std::map<std::string, std::string>& params);
  web::Response ListPrivateReplies();  // GET /_sandbox/messages
  void SendWebhooks(std::stop_token stop);
  // Spec 1.2, steps A and B: the page that hands out a code, and the code
  // exchanged for a short-lived token.
  web::Response Authorize(const std::map<std::string, std::string>& params);
  web::Response CodeForToken(const std::map<std::string, std::string>& params);
  web::Response ExchangeToken(const std::string& token,
                              const std::map<std::string, std::string>& params);
  web::Response RefreshToken(const std::string& token,
                             const std::map<std::string, std::string>& params);
  web::Response ListMedia(const std::map<std::string, std::string>& params);
  // The checks of section 2.3 for a carousel's children; nullopt when fine.
  std::optional<web::Response> CheckChildren(const std::string& children, Container& parent);
  // The image check of section 2.8 (the aspect ratio only for the feed);
  // nullopt when it passes.
  std::optional<web::Response> CheckImage(const std::string& url, bool feed);
  std::optional<web::Response> CheckVideo(const std::string& url, int64_t max_bytes);
  int QuotaUsage();

  std::string NextId();

  SandboxOptions options_;
  HttpClient& fetcher_;
  const Clock& clock_;
  mutable std::mutex mu_;
  // Guarded by mu_.
  std::deque<Fault> faults_;
  std::map<std::string, Container> containers_;
  std::map<std::string, PublishedMedia> media_;
  std::vector<std::string> media_order_;  // ids, oldest first
  std::deque<Timestamp> publish_times_;
  std::map<std::string, Timestamp> tokens_;  // valid tokens and when they were issued
  struct PendingCode {
    std::string redirect_uri;
    Timestamp issued;
  };
  std::map<std::string, PendingCode> codes_;  // authorization codes not yet used
  int refreshes_ = 0;
  std::deque<Timestamp> calls_;  // the last hour's, for x-app-usage
  std::set<std::string> subscribed_fields_;
  std::optional<std::string> fail_next_container_;
  uint64_t next_id_ = 17889455560051444ULL;
  std::vector<StoredComment> comments_;          // oldest first
  std::vector<SandboxMessage> private_replies_;  // oldest first
  std::deque<std::string> webhook_queue_;        // bodies to send
  int webhooks_in_flight_ = 0;
  WebhookStats webhook_stats_;
  std::condition_variable_any webhook_cv_;
  std::jthread webhook_thread_;  // last: stops before the state it uses goes
};

// The Graph error envelope (spec 0.6).
web::Response GraphErrorResponse(int http_status, int code, int subcode,
                                 const std::string& message);

}  // namespace civicpost::sandbox

// The sandbox's comments (spec 3.3, 4.1-4.3, 4.7): stored per media, read
// through the comments edge with cursor paging, moderated, answered
// privately, and announced by signed webhooks that are retried on non-200
// and can be duplicated (spec 5.3).
#include <algorithm>
#include <sstream>

#include "sandbox/graph_sandbox.hpp"
#include "sandbox/graph_wire.hpp"

namespace civicpost::sandbox {

using namespace wire;

std::string GraphSandbox::AddComment(const SandboxComment& comment) {
  std::lock_guard lock(mu_);
  auto media = media_.find(comment.media_id);
  if (media == media_.end() || !media->second.comments_enabled) return "";
  StoredComment stored;
  stored.id = NextId();
  stored.media_id = comment.media_id;
  stored.text = comment.text;
  stored.username = comment.username;
  stored.from_id = "9" + stored.id.substr(stored.id.size() - 9);
  stored.parent_id = comment.parent_id;
  stored.timestamp = clock_.Now();
  comments_.push_back(stored);
  if (!comment.notify || options_.webhook_url.empty()) return stored.id;
  // The observed form of spec 5.4: one object, changes[], value.id.
  json value{{"from", {{"id", stored.from_id}, {"username", stored.username}}},
             {"media", {{"id", stored.media_id}, {"media_product_type", "FEED"}}},
             {"id", stored.id},
             {"text", stored.text}};
  if (!stored.parent_id.empty()) value["parent_id"] = stored.parent_id;
  const json delivery{
      {"object", "instagram"},
      {"entry",
       json::array({{{"id", options_.ig_user_id},
                     {"time", std::chrono::duration_cast<std::chrono::seconds>(
                                  stored.timestamp.time_since_epoch())
                                  .count()},
                     {"changes", json::array({{{"field", "comments"}, {"value", value}}})}}})}};
  // Meta escapes non-ASCII in what it signs (spec 5.3); so do we.
  const std::string body = delivery.dump(-1, ' ', true);
  for (int i = 0; i < std::max(1, comment.deliveries); ++i) webhook_queue_.push_back(body);
  webhook_cv_.notify_all();
  return stored.id;
}

void GraphSandbox::SendWebhooks(std::stop_token stop) {
  std::unique_lock lock(mu_);
  while (!stop.stop_requested()) {
    webhook_cv_.wait(lock, stop, [this] { return !webhook_queue_.empty(); });
    if (stop.stop_requested()) return;
    const std::string body = std::move(webhook_queue_.front());
    webhook_queue_.pop_front();
    ++webhooks_in_flight_;
    const std::string url = options_.webhook_url;
    const std::string signature = "sha256=" + HmacSha256Hex(options_.app_secret, body);
    lock.unlock();
    bool delivered = false;
    std::chrono::milliseconds wait = options_.webhook_retry_base;
    for (int attempt = 0; attempt < options_.webhook_attempts && !stop.stop_requested();
         ++attempt) {
      HttpRequest request{
          .method = "POST", .url = url, .body = body, .timeout = std::chrono::seconds(10)};
      request.headers = {{"Content-Type", "application/json"}, {"X-Hub-Signature-256", signature}};
      auto reply = fetcher_.Send(request);
      delivered = reply && reply->status == 200;
      {
        std::lock_guard count(mu_);
        ++webhook_stats_.sent;
        if (!delivered) ++webhook_stats_.refused;
      }
      if (delivered) break;
      // Meta retries at once, then less and less often (spec 5.3).
      if (attempt > 0) {
        std::this_thread::sleep_for(wait);
        wait *= 2;
      }
    }
    lock.lock();
    if (!delivered) ++webhook_stats_.given_up;
    --webhooks_in_flight_;
    webhook_cv_.notify_all();
  }
}

bool GraphSandbox::WaitForWebhooks(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return webhook_cv_.wait_for(
      lock, timeout, [this] { return webhook_queue_.empty() && webhooks_in_flight_ == 0; });
}

GraphSandbox::WebhookStats GraphSandbox::Webhooks() const {
  std::lock_guard lock(mu_);
  return webhook_stats_;
}

web::Response GraphSandbox::AddCommentRequest(const web::Request& request) {
  const json body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("media_id") || !body.contains("text")) {
    return GraphErrorResponse(400, 100, 0, "comments: expected {\"media_id\", \"text\", ...}");
  }
  SandboxComment comment;
  comment.media_id = body.value("media_id", "");
  comment.text = body.value("text", "");
  comment.username = body.value("username", comment.username);
  comment.parent_id = body.value("parent_id", "");
  comment.deliveries = body.value("deliveries", 1);
  comment.notify = body.value("notify", true);
  const std::string id = AddComment(comment);
  if (id.empty()) return GraphErrorResponse(400, 100, 33, "No media " + comment.media_id);
  return JsonResponse({{"id", id}});
}

GraphSandbox::StoredComment* GraphSandbox::FindComment(const std::string& id) {
  for (StoredComment& c : comments_) {
    if (c.id == id && !c.deleted) return &c;
  }
  return nullptr;
}

web::Response GraphSandbox::ModerateComment(StoredComment& comment, const std::string& method,
                                            const std::vector<std::string>& path,
                                            const std::map<std::string, std::string>& params) {
  auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  if (method == "DELETE" && path.size() == 1) {
    comment.deleted = true;
    return JsonResponse({{"success", true}});
  }
  if (method == "POST" && path.size() == 1 && !param("hide").empty()) {
    comment.hidden = param("hide") == "true";
    return JsonResponse({{"success", true}});
  }
  if (method == "POST" && path.size() == 2 && path[1] == "replies") {
    if (comment.hidden) {
      return GraphErrorResponse(400, 100, 0, "Cannot reply to a hidden comment");
    }
    if (param("message").empty()) {
      return GraphErrorResponse(400, 100, 0, "The parameter message is required");
    }
    // A reply to a reply lands on the top-level comment (spec 4.3).
    StoredComment reply;
    reply.id = NextId();
    reply.media_id = comment.media_id;
    reply.text = param("message");
    reply.username = options_.username;
    reply.from_id = options_.ig_user_id;
    reply.parent_id = comment.parent_id.empty() ? comment.id : comment.parent_id;
    reply.timestamp = clock_.Now();
    comments_.push_back(reply);
    return JsonResponse({{"id", reply.id}});
  }
  if (method == "GET" && path.size() == 2 && path[1] == "replies") {
    // Spec 3.5: the replies to a top-level comment, oldest first.
    nlohmann::json data = nlohmann::json::array();
    for (const StoredComment& reply : comments_) {
      if (reply.parent_id != comment.id || reply.deleted) continue;
      data.push_back(
          {{"id", reply.id}, {"text", reply.text}, {"timestamp", GraphTime(reply.timestamp)}});
    }
    return JsonResponse({{"data", data}});
  }
  if (method == "GET" && path.size() == 1) {
    return JsonResponse({{"id", comment.id},
                         {"text", comment.text},
                         {"hidden", comment.hidden},
                         {"username", comment.username},
                         {"parent_id", comment.parent_id},
                         {"timestamp", GraphTime(comment.timestamp)}});
  }
  return GraphErrorResponse(400, 100, 0, "Unsupported operation on comment " + comment.id);
}

namespace {

// An object parameter (spec 0.4): a JSON body's object arrives dumped, a
// form's as a JSON string, in Meta's examples relaxed ({'id':'...'}). Single
// quotes are read as double quotes, enough for those examples.
json ObjectParam(const std::map<std::string, std::string>& params, const char* name) {
  auto it = params.find(name);
  if (it == params.end()) return json();
  json value = json::parse(it->second, nullptr, false);
  if (!value.is_object()) {
    std::string strict = it->second;
    std::replace(strict.begin(), strict.end(), '\'', '"');
    value = json::parse(strict, nullptr, false);
  }
  return value.is_object() ? value : json();
}

std::string TextAt(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return "";
  return object[key].get<std::string>();
}

}  // namespace

// The refusals' codes and messages are [U] (spec 4.7 documents the rules,
// not the errors): 10/2534022 for a comment past the window, as spec 8 gives
// for the messaging window; 10900 "Activity already replied to" as the
// Messenger Platform answers a second private reply; 100/2018001 "No
// matching user found" for an unknown or deleted comment; 100 for a missing
// text.
web::Response GraphSandbox::PrivateReply(const std::map<std::string, std::string>& params) {
  const std::string comment_id = TextAt(ObjectParam(params, "recipient"), "comment_id");
  const std::string text = TextAt(ObjectParam(params, "message"), "text");
  if (comment_id.empty()) {
    return GraphErrorResponse(400, 100, 0, "(#100) The parameter recipient is required");
  }
  if (text.empty()) {
    return GraphErrorResponse(400, 100, 0, "(#100) The parameter message[text] is required");
  }
  std::lock_guard lock(mu_);
  const StoredComment* comment = FindComment(comment_id);
  if (comment == nullptr || comment->from_id == options_.ig_user_id) {
    return GraphErrorResponse(400, 100, 2018001, "(#100) No matching user found");
  }
  for (const SandboxMessage& sent : private_replies_) {
    if (sent.comment_id == comment_id) {
      return GraphErrorResponse(400, 10900, 0, "(#10900) Activity already replied to");
    }
  }
  if (clock_.Now() > comment->timestamp + options_.private_reply_window) {
    return GraphErrorResponse(400, 10, 2534022,
                              "(#10) This message is sent outside of allowed window.");
  }
  SandboxMessage message;
  message.message_id = "aWdfZAG1faXRlbToxOklHTWVzc2FnZA" + NextId();
  message.comment_id = comment_id;
  message.recipient_id = comment->from_id;
  message.text = text;
  message.sent_at = clock_.Now();
  private_replies_.push_back(message);
  return JsonResponse({{"recipient_id", message.recipient_id}, {"message_id", message.message_id}});
}

std::vector<SandboxMessage> GraphSandbox::PrivateReplies() const {
  std::lock_guard lock(mu_);
  return private_replies_;
}

web::Response GraphSandbox::ListPrivateReplies() {
  json data = json::array();
  for (const SandboxMessage& m : PrivateReplies()) {
    data.push_back({{"message_id", m.message_id},
                    {"comment_id", m.comment_id},
                    {"recipient_id", m.recipient_id},
                    {"text", m.text},
                    {"sent_at", GraphTime(m.sent_at)}});
  }
  return JsonResponse({{"data", data}});
}

web::Response GraphSandbox::CommentsOf(const std::string& media_id,
                                       const std::map<std::string, std::string>& params) {
  auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  // At most 50 per page, newest first, top-level only (spec 3.3).
  int limit = 25;
  if (!param("limit").empty()) limit = std::clamp(std::atoi(param("limit").c_str()), 1, 50);
  size_t start = 0;
  const std::string after = param("after");
  if (after.size() > 1 && after[0] == 'c') start = std::strtoull(after.c_str() + 1, nullptr, 10);
  std::lock_guard lock(mu_);
  std::vector<const StoredComment*> listed;
  for (auto it = comments_.rbegin(); it != comments_.rend(); ++it) {
    if (it->media_id == media_id && it->parent_id.empty() && !it->deleted) listed.push_back(&*it);
  }
  json data = json::array();
  const size_t end = std::min(listed.size(), start + static_cast<size_t>(limit));
  for (size_t i = start; i < end; ++i) {
    const StoredComment& c = *listed[i];
    data.push_back({{"id", c.id},
                    {"text", c.text},
                    {"timestamp", GraphTime(c.timestamp)},
                    {"username", c.username},
                    {"hidden", c.hidden},
                    {"from", {{"id", c.from_id}, {"username", c.username}}}});
  }
  json body{{"data", data}};
  if (start < end) {
    body["paging"]["cursors"] = {{"before", "c" + std::to_string(start)},
                                 {"after", "c" + std::to_string(end)}};
  }
  if (end < listed.size()) {
    body["paging"]["next"] = "/v24.0/" + media_id + "/comments?limit=" + std::to_string(limit) +
                             "&after=c" + std::to_string(end);
  }
  return JsonResponse(body);
}

}  // namespace civicpost::sandbox

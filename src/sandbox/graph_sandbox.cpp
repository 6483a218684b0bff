#include "sandbox/graph_sandbox.hpp"

#include <algorithm>
#include <sstream>
#include <thread>
#include <vips/vips8>

#include "media/vips_runtime.hpp"
#include "sandbox/graph_wire.hpp"

namespace civicpost::sandbox {

using namespace wire;

web::Response GraphErrorResponse(int http_status, int code, int subcode,
                                 const std::string& message) {
  json error{{"message", message},
             {"type", "OAuthException"},
             {"code", code},
             {"fbtrace_id", "AsandboxTrace"}};
  if (subcode != 0) error["error_subcode"] = subcode;
  return JsonResponse({{"error", error}}, http_status);
}

GraphSandbox::GraphSandbox(SandboxOptions options, HttpClient& fetcher, const Clock& clock)
    : options_(std::move(options)), fetcher_(fetcher), clock_(clock) {
  media::EnsureVips();  // the fetched images are checked with libvips
  // The configured tokens are as old as a refresh needs them to be.
  for (const std::string& token : options_.tokens) {
    tokens_[token] = clock_.Now() - std::chrono::hours(24);
  }
  webhook_thread_ = std::jthread([this](std::stop_token stop) { SendWebhooks(stop); });
}

GraphSandbox::~GraphSandbox() {
  webhook_thread_.request_stop();
  webhook_cv_.notify_all();
}

void GraphSandbox::FailNextContainer(std::string status) {
  std::lock_guard lock(mu_);
  fail_next_container_ = std::move(status);
}

void GraphSandbox::Register(web::Router& router) {
  router.Post("/_sandbox/faults", [this](const web::Request& r) { return Faults(r); });
  router.Post("/_sandbox/comments", [this](const web::Request& r) { return AddCommentRequest(r); });
  router.Post("/_sandbox/media", [this](const web::Request& r) { return AddMediaRequest(r); });
  router.Get("/_sandbox/messages", [this](const web::Request&) { return ListPrivateReplies(); });
  router.Get("/{path...}", [this](const web::Request& r) { return Handle(r); });
  router.Post("/{path...}", [this](const web::Request& r) { return Handle(r); });
  router.Add("DELETE", "/{path...}", [this](const web::Request& r) { return Handle(r); });
}

void GraphSandbox::InjectFault(Fault fault) {
  std::lock_guard lock(mu_);
  faults_.push_back(std::move(fault));
}

std::map<std::string, int> GraphSandbox::PublishCounts() const {
  std::lock_guard lock(mu_);
  std::map<std::string, int> counts;
  for (const auto& [id, container] : containers_) counts[id] = container.publish_count;
  return counts;
}

std::vector<std::string> GraphSandbox::PublishedCaptions() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> captions;
  for (const std::string& id : media_order_) captions.push_back(media_.at(id).caption);
  return captions;
}

std::string GraphSandbox::NextId() { return std::to_string(next_id_++); }

web::Response GraphSandbox::Faults(const web::Request& request) {
  const json body = json::parse(request.body, nullptr, false);
  if (!body.is_object()) return GraphErrorResponse(400, 100, 0, "faults: expected a JSON object");
  Fault fault;
  fault.path_contains = body.value("path_contains", "");
  fault.times = body.value("times", 1);
  fault.http_status = body.value("http_status", 400);
  fault.code = body.value("code", 0);
  fault.subcode = body.value("subcode", 0);
  fault.message = body.value("message", fault.message);
  fault.latency_ms = body.value("latency_ms", 0);
  fault.regain_minutes = body.value("estimated_time_to_regain_access", -1);
  // Conditions rather than one failed answer: the next container fails
  // processing, the rolling quota is used up, every token stops working.
  if (body.contains("container_error")) {
    FailNextContainer(body.value("container_error", "ERROR"));
    return JsonResponse({{"success", true}});
  }
  if (body.value("quota_exhausted", false)) {
    std::lock_guard lock(mu_);
    while (QuotaUsage() < options_.quota_total) publish_times_.push_back(clock_.Now());
    return JsonResponse({{"success", true}});
  }
  if (body.value("revoke_tokens", false)) {
    RevokeTokens();
    return JsonResponse({{"success", true}});
  }
  InjectFault(fault);
  return JsonResponse({{"success", true}});
}

web::Response GraphSandbox::Handle(const web::Request& request) {
  // Spec 0.2: a missing version is the app's default; versions past their
  // end (v20.0 and older by 2026-11) or not yet released are refused.
  if (const auto version = VersionOf(request.path)) {
    const int number = std::atoi(version->c_str() + 1);
    if (number < 21 || number > 26) {
      return GraphErrorResponse(
          400, 12, 0,
          "(#12) Graph API " + *version + " is not available; call v21.0 to v26.0 or no version");
    }
  }
  web::Response response = Answer(request);
  // Spec 7.2: how much of the hour's call budget the app has used.
  {
    std::lock_guard lock(mu_);
    const Timestamp now = clock_.Now();
    calls_.push_back(now);
    while (!calls_.empty() && calls_.front() <= now - std::chrono::hours(1)) calls_.pop_front();
    const int64_t percent = std::min<int64_t>(
        100, static_cast<int64_t>(calls_.size()) * 100 / std::max(1, options_.calls_per_hour));
    response.headers.emplace_back(
        "x-app-usage",
        json{{"call_count", percent}, {"total_cputime", percent / 2}, {"total_time", percent / 2}}
            .dump());
  }
  return response;
}

web::Response GraphSandbox::Answer(const web::Request& request) {
  std::optional<Fault> fault;
  {
    std::lock_guard lock(mu_);
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
      if (request.path.find(it->path_contains) == std::string::npos) continue;
      fault = *it;
      if (--it->times <= 0) faults_.erase(it);
      break;
    }
  }
  if (fault) {
    if (fault->latency_ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(fault->latency_ms));
    if (fault->code != 0 || fault->http_status >= 500) {
      web::Response response =
          fault->code == 0
              ? web::Response::Text(fault->http_status, "<html>upstream error</html>")
              : GraphErrorResponse(fault->http_status, fault->code, fault->subcode, fault->message);
      if (fault->regain_minutes >= 0) {
        response.headers.emplace_back(
            "x-business-use-case-usage",
            json{{options_.ig_user_id,
                  json::array({{{"type", "instagram"},
                                {"call_count", 100},
                                {"total_cputime", 10},
                                {"total_time", 10},
                                {"estimated_time_to_regain_access", fault->regain_minutes}}})}}
                .dump());
      }
      return response;
    }
  }

  const std::map<std::string, std::string> params = Params(request);
  const std::string token = TokenOf(request, params);
  const std::vector<std::string> path = Segments(request.path);
  if (path.size() == 2 && path[0] == "oauth") {
    if (path[1] == "authorize" && request.method == "GET") return Authorize(params);
    if (path[1] == "access_token" && request.method == "POST") return CodeForToken(params);
  }
  if (path.size() == 1 && path[0] == "refresh_access_token" && request.method == "GET") {
    return RefreshToken(token, params);
  }
  if (path.size() == 1 && path[0] == "access_token" && request.method == "GET") {
    return ExchangeToken(token, params);
  }
  bool known = false;
  {
    std::lock_guard lock(mu_);
    known = tokens_.contains(token);
  }
  if (!known) {
    return GraphErrorResponse(400, 190, 0,
                              "Invalid OAuth access token - Cannot parse access token");
  }
  const auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  const bool post = request.method == "POST";
  if (!path.empty() && path.size() <= 2) {
    std::lock_guard lock(mu_);
    if (StoredComment* comment = FindComment(path[0])) {
      return ModerateComment(*comment, request.method, path, params);
    }
    if (auto m = media_.find(path[0]);
        m != media_.end() && path.size() == 1 && post && params.contains("comment_enabled")) {
      m->second.comments_enabled = params.at("comment_enabled") == "true";
      return JsonResponse({{"success", true}});
    }
  }
  if (path.size() == 1 && path[0] == "me" && !post) return Me(param("fields"));
  if (path.size() == 2 && (path[0] == options_.ig_user_id || path[0] == "me") &&
      path[1] == "subscribed_apps") {
    return SubscribedApps(request.method, param("subscribed_fields"));
  }
  if (path.size() == 2 && (path[0] == options_.ig_user_id || path[0] == "me") &&
      path[1] == "media" && !post) {
    return ListMedia(params);
  }
  if (path.size() == 2 && path[1] == "insights" && !post) {
    if (path[0] == options_.ig_user_id) {
      std::lock_guard lock(mu_);
      return AccountInsights(params);
    }
    std::lock_guard lock(mu_);
    if (auto m = media_.find(path[0]); m != media_.end()) {
      return MediaInsights(m->second, param("metric"));
    }
  }
  if (path.size() == 2 && path[1] == "comments" && !post) {
    bool media_known = false;
    {
      std::lock_guard lock(mu_);
      media_known = media_.contains(path[0]);
    }
    if (media_known) return CommentsOf(path[0], params);
  }
  if (path.size() == 2 && (path[0] == options_.ig_user_id || path[0] == "me") &&
      path[1] == "messages" && post) {
    return PrivateReply(params);
  }
  if (path.size() == 2 && path[0] == options_.ig_user_id) {
    if (path[1] == "media" && post) return CreateContainer(params);
    if (path[1] == "media_publish" && post) return Publish(params);
    if (path[1] == "content_publishing_limit" && !post) return PublishingLimit(param("fields"));
  }
  if (path.size() == 1 && !post) {
    std::lock_guard lock(mu_);
    if (auto c = containers_.find(path[0]); c != containers_.end()) {
      return ContainerStatus(c->second, param("fields"));
    }
    if (auto m = media_.find(path[0]); m != media_.end()) {
      const PublishedMedia& media = m->second;
      json body{{"id", media.id}};
      const std::string fields = param("fields");
      if (Wants(fields, "permalink")) body["permalink"] = media.permalink;
      if (Wants(fields, "caption")) body["caption"] = media.caption;
      if (Wants(fields, "media_type")) body["media_type"] = media.media_type;
      if (Wants(fields, "timestamp")) body["timestamp"] = GraphTime(media.timestamp);
      if (Wants(fields, "is_comment_enabled")) body["is_comment_enabled"] = media.comments_enabled;
      return JsonResponse(body);
    }
  }
  return GraphErrorResponse(400, 100, 33,
                            "Unsupported " + std::string(post ? "post" : "get") +
                                " request. Object with ID '" + (path.empty() ? "" : path[0]) +
                                "' does not exist, cannot be loaded due to missing permissions, "
                                "or does not support this operation.");
}

web::Response GraphSandbox::Me(const std::string& fields) {
  json body{{"id", options_.app_scoped_id}};
  if (Wants(fields, "username")) body["username"] = options_.username;
  if (Wants(fields, "user_id")) body["user_id"] = options_.ig_user_id;
  return JsonResponse(body);
}

std::optional<web::Response> GraphSandbox::CheckImage(const std::string& url, bool feed) {
  auto fetched = fetcher_.Send({.url = url, .timeout = std::chrono::seconds(30)});
  if (!fetched || fetched->status != 200) {
    return GraphErrorResponse(400, 9004, 2207052,
                              "The media could not be fetched from this uri: " + url);
  }
  const std::string& bytes = fetched->body;
  if (static_cast<int64_t>(bytes.size()) > options_.max_image_bytes) {
    return GraphErrorResponse(400, 36000, 2207004,
                              "The image is too large to download. It should be less than 8 MiB.");
  }
  if (bytes.size() < 3 || bytes.compare(0, 3, "\xFF\xD8\xFF") != 0) {
    return GraphErrorResponse(400, 36001, 2207005,
                              "The image format is not supported. Supported formats are: JPEG.");
  }
  try {
    vips::VImage image = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "");
    const double ratio = static_cast<double>(image.width()) / image.height();
    if (feed && (ratio < 0.8 - 1e-3 || ratio > 1.91 + 1e-3)) {
      return GraphErrorResponse(
          400, 36003, 2207009,
          "The submitted image with aspect ratio " + std::to_string(ratio) +
              " cannot be published. Please submit an image with a valid aspect ratio.");
    }
  } catch (const vips::VError&) {
    return GraphErrorResponse(400, 36001, 2207005,
                              "The image format is not supported. Supported formats are: JPEG.");
  }
  return std::nullopt;
}

std::optional<web::Response> GraphSandbox::CheckVideo(const std::string& url, int64_t max_bytes) {
  auto fetched = fetcher_.Send({.url = url, .timeout = std::chrono::seconds(60)});
  if (!fetched || fetched->status != 200) {
    return GraphErrorResponse(400, 9004, 2207052,
                              "The media could not be fetched from this uri: " + url);
  }
  if (static_cast<int64_t>(fetched->body.size()) > max_bytes) {
    return GraphErrorResponse(400, 352, 2207026, "The video format is not supported.");
  }
  // MP4 and MOV start with a box; "ftyp" first is what the platform wants.
  if (fetched->body.size() < 12 || fetched->body.compare(4, 4, "ftyp") != 0) {
    return GraphErrorResponse(400, 352, 2207026, "The video format is not supported.");
  }
  return std::nullopt;
}

std::optional<web::Response> GraphSandbox::CheckChildren(const std::string& children,
                                                         Container& parent) {
  // mu_ is held by the caller.
  std::string list = children;
  if (list.starts_with("[")) {  // a JSON array is accepted too (spec 2.3)
    const json ids = json::parse(list, nullptr, false);
    list.clear();
    if (ids.is_array()) {
      for (const json& id : ids)
        list += (list.empty() ? "" : ",") + (id.is_string() ? id.get<std::string>() : id.dump());
    }
  }
  std::stringstream in(list);
  std::string id;
  while (std::getline(in, id, ',')) {
    auto child = containers_.find(id);
    if (child == containers_.end() || !child->second.is_carousel_item) {
      return GraphErrorResponse(400, 100, 0, "Invalid parameter: children must be carousel items");
    }
    if (child->second.status_code == "EXPIRED" || child->second.status_code == "ERROR") {
      return GraphErrorResponse(400, 24, 2207006, "The media with " + id + " cannot be found");
    }
    parent.children.push_back(id);
  }
  if (parent.children.size() < 2 || parent.children.size() > 10) {
    return GraphErrorResponse(400, 100, 2207028,
                              "Your post won't work as a carousel. Carousels need at least 2 "
                              "photos/videos and no more than 10 photos/videos.");
  }
  return std::nullopt;
}

web::Response GraphSandbox::CreateContainer(const std::map<std::string, std::string>& params) {
  auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  const std::string caption = param("caption");
  if (caption.size() > 2200 * 4 || std::count_if(caption.begin(), caption.end(), [](char c) {
                                     return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
                                   }) > 2200) {
    return GraphErrorResponse(400, 36004, 2207010,
                              "The submitted image's caption was too long; the maximum is 2200.");
  }
  Container container;
  container.caption = caption;
  container.is_carousel_item = param("is_carousel_item") == "true";
  container.image_url = param("image_url");
  container.video_url = param("video_url");
  const std::string type = param("media_type");
  if (container.is_carousel_item && !caption.empty()) {
    return GraphErrorResponse(400, 100, 0, "A carousel item cannot have a caption");
  }
  if (type == "CAROUSEL") {
    container.media_type = "CAROUSEL_ALBUM";
  } else if (type == "REELS" || type == "VIDEO" ||
             (type == "STORIES" && param("image_url").empty())) {
    if (type == "VIDEO" && !container.is_carousel_item) {
      return GraphErrorResponse(
          400, 100, 2207023,
          "The media type VIDEO is unknown. Single videos are published as REELS.");
    }
    if (container.video_url.empty()) {
      return GraphErrorResponse(400, 100, 0, "The parameter video_url is required");
    }
    const int64_t limit = type == "STORIES" ? 100 * 1024 * 1024 : options_.max_video_bytes;
    if (auto refused = CheckVideo(container.video_url, limit)) return *refused;
    container.media_type = "VIDEO";
    container.polls_needed = std::max(1, options_.polls_until_finished);  // videos take a while
  } else if (type.empty() || type == "STORIES" || type == "IMAGE") {
    if (container.image_url.empty()) {
      return GraphErrorResponse(400, 100, 0, "The parameter image_url is required");
    }
    if (auto refused = CheckImage(container.image_url, type != "STORIES")) return *refused;
    container.media_type = "IMAGE";
    container.polls_needed = options_.polls_until_finished;
  } else {
    return GraphErrorResponse(400, 100, 2207023, "The media type " + type + " is unknown.");
  }
  const bool story = type == "STORIES";
  std::lock_guard lock(mu_);
  if (type == "CAROUSEL") {
    if (auto refused = CheckChildren(param("children"), container)) return *refused;
  }
  container.id = NextId();
  if (story) container.media_type = "STORY";
  container.created_at = clock_.Now();
  container.status_code = container.polls_needed > 0 ? "IN_PROGRESS" : "FINISHED";
  if (fail_next_container_) {
    container.status_code = "ERROR";
    container.error_status = *fail_next_container_;
    fail_next_container_.reset();
  }
  containers_[container.id] = container;
  return JsonResponse({{"id", container.id}});
}

web::Response GraphSandbox::ContainerStatus(Container& c, const std::string& fields) {
  // mu_ is held by the caller.
  if (c.status_code == "IN_PROGRESS" && ++c.polls > c.polls_needed) {
    c.status_code = "FINISHED";
  }
  if ((c.status_code == "FINISHED" || c.status_code == "IN_PROGRESS") &&
      clock_.Now() - c.created_at > std::chrono::hours(24)) {
    c.status_code = "EXPIRED";
  }
  // A carousel is ready when all its items are.
  for (const std::string& child : c.children) {
    auto item = containers_.find(child);
    if (c.status_code == "FINISHED" &&
        (item == containers_.end() || item->second.status_code != "FINISHED")) {
      c.status_code = "IN_PROGRESS";
    }
  }
  json body{{"id", c.id}};
  if (fields.empty() || Wants(fields, "status_code")) body["status_code"] = c.status_code;
  if (Wants(fields, "status")) {
    body["status"] = c.status_code == "FINISHED"
                         ? "Finished: Media has been uploaded and it is ready to be published."
                     : c.status_code == "ERROR" ? c.error_status
                                                : c.status_code;
  }
  return JsonResponse(body);
}

web::Response GraphSandbox::ListMedia(const std::map<std::string, std::string>& params) {
  auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  int limit = 25;
  if (!param("limit").empty()) limit = std::clamp(std::atoi(param("limit").c_str()), 1, 100);
  // Cursors are opaque to clients: "m" and the position, newest first.
  size_t start = 0;
  const std::string after = param("after");
  if (after.size() > 1 && after[0] == 'm') start = std::strtoull(after.c_str() + 1, nullptr, 10);
  const std::string fields = param("fields");
  std::lock_guard lock(mu_);
  std::vector<std::string> listed;  // stories are not listed (spec 3.1)
  for (auto it = media_order_.rbegin(); it != media_order_.rend(); ++it) {
    if (media_.at(*it).media_type != "STORY") listed.push_back(*it);
  }
  json data = json::array();
  const size_t end = std::min(listed.size(), start + static_cast<size_t>(limit));
  for (size_t i = start; i < end; ++i) {
    const PublishedMedia& media = media_.at(listed[i]);
    json row{{"id", media.id}};
    if (Wants(fields, "caption")) row["caption"] = media.caption;
    if (Wants(fields, "media_type")) row["media_type"] = media.media_type;
    if (Wants(fields, "permalink")) row["permalink"] = media.permalink;
    if (Wants(fields, "timestamp")) row["timestamp"] = GraphTime(media.timestamp);
    data.push_back(row);
  }
  json body{{"data", data}};
  if (start < end) {
    body["paging"]["cursors"] = {{"before", "m" + std::to_string(start)},
                                 {"after", "m" + std::to_string(end)}};
  }
  if (end < listed.size()) {
    body["paging"]["next"] = "/v24.0/" + options_.ig_user_id +
                             "/media?limit=" + std::to_string(limit) + "&after=m" +
                             std::to_string(end) + (fields.empty() ? "" : "&fields=" + fields);
  }
  return JsonResponse(body);
}

int GraphSandbox::QuotaUsage() {
  // mu_ is held by the caller.
  const Timestamp since = clock_.Now() - std::chrono::hours(24);
  while (!publish_times_.empty() && publish_times_.front() <= since) publish_times_.pop_front();
  return static_cast<int>(publish_times_.size());
}

web::Response GraphSandbox::Publish(const std::map<std::string, std::string>& params) {
  auto it = params.find("creation_id");
  const std::string creation_id = it == params.end() ? "" : it->second;
  std::lock_guard lock(mu_);
  auto c = containers_.find(creation_id);
  const auto gone = [&] {
    return GraphErrorResponse(400, 24, 2207008,
                              "The media builder with creation id = " + creation_id +
                                  " does not exist or has been expired.");
  };
  if (c == containers_.end()) return gone();
  Container& container = c->second;
  if (container.status_code == "FINISHED" &&
      clock_.Now() - container.created_at > std::chrono::hours(24)) {
    container.status_code = "EXPIRED";
  }
  if (container.status_code == "EXPIRED" || container.status_code == "ERROR") return gone();
  if (container.is_carousel_item) {
    return GraphErrorResponse(400, 100, 0, "A carousel item is published through its carousel");
  }
  const bool children_ready = std::all_of(
      container.children.begin(), container.children.end(), [this](const std::string& child) {
        auto item = containers_.find(child);
        return item != containers_.end() && item->second.status_code == "FINISHED";
      });
  if (container.status_code == "IN_PROGRESS" || !children_ready) {
    return GraphErrorResponse(400, 9007, 2207027,
                              "The media is not ready for publishing, please wait for a moment");
  }
  if (container.status_code == "PUBLISHED") {
    // Publishing twice returns the same media (spec 2.2 leaves it open); the
    // count lets tests see that a client tried.
    ++container.publish_count;
    return JsonResponse({{"id", container.media_id}});
  }
  if (QuotaUsage() >= options_.quota_total) {
    return GraphErrorResponse(400, 9, 2207042,
                              "You reached maximum number of posts that is allowed to be "
                              "published by Content Publishing API.");
  }
  const PublishedMedia& media = AddMedia(container.caption, container.media_type);
  container.status_code = "PUBLISHED";
  container.media_id = media.id;
  ++container.publish_count;
  publish_times_.push_back(clock_.Now());
  return JsonResponse({{"id", media.id}});
}

web::Response GraphSandbox::PublishingLimit(const std::string& fields) {
  std::lock_guard lock(mu_);
  json row{{"quota_usage", QuotaUsage()}};
  if (Wants(fields, "config")) {
    row["config"] = {{"quota_total", options_.quota_total}, {"quota_duration", 86400}};
  }
  return JsonResponse({{"data", json::array({row})}});
}

const GraphSandbox::PublishedMedia& GraphSandbox::AddMedia(const std::string& caption,
                                                           const std::string& media_type) {
  PublishedMedia media;
  media.id = NextId();
  media.caption = caption;
  media.media_type = media_type;
  media.timestamp = clock_.Now();
  media.permalink = "https://www.instagram.com/p/SBX" + media.id.substr(media.id.size() - 8) + "/";
  media_order_.push_back(media.id);
  return media_[media.id] = media;
}

web::Response GraphSandbox::AddMediaRequest(const web::Request& request) {
  // A post made in the platform's own app, outside civicpost: comments on
  // it reach the desk all the same.
  const json body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("caption") || !body["caption"].is_string()) {
    return GraphErrorResponse(400, 100, 0, "media: expected {\"caption\": \"...\"}");
  }
  std::lock_guard lock(mu_);
  return JsonResponse({{"id", AddMedia(body["caption"].get<std::string>(), "IMAGE").id}});
}

}  // namespace civicpost::sandbox

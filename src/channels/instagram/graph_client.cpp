#include "channels/instagram/graph_client.hpp"

#include <nlohmann/json.hpp>

#include "core/percent_encoding.hpp"

namespace civicpost::channels::instagram {
namespace {

using nlohmann::json;

GraphError MalformedReply(const std::string& what) {
  GraphError error;
  error.kind = GraphErrorKind::kTransient;
  error.staff_key = "server_error";
  error.message = "unexpected reply to " + what;
  return error;
}

// A transport failure: no answer at all, worth trying again.
GraphError Unreachable(const Error& failure) {
  GraphError error;
  error.kind = GraphErrorKind::kTransient;
  error.staff_key = "unreachable";
  error.message = failure.message;
  return error;
}

std::optional<std::vector<MetricValue>> ParseInsights(const std::string& body) {
  const json reply = json::parse(body, nullptr, false);
  if (!reply.is_object() || !reply.contains("data") || !reply["data"].is_array()) {
    return std::nullopt;
  }
  std::vector<MetricValue> out;
  for (const json& metric : reply["data"]) {
    if (!metric.is_object()) continue;
    const std::string name = metric.value("name", "");
    if (auto values = metric.find("values"); values != metric.end() && values->is_array()) {
      for (const json& v : *values) {
        if (!v.is_object() || !v.contains("value") || !v["value"].is_number_integer()) continue;
        MetricValue mv{name, v["value"].get<int64_t>(), std::nullopt};
        mv.end_time = ParseGraphTime(v.value("end_time", ""));
        out.push_back(mv);
      }
    } else if (auto total = metric.find("total_value");
               total != metric.end() && total->is_object() && total->contains("value")) {
      if ((*total)["value"].is_number_integer()) {
        out.push_back({name, (*total)["value"].get<int64_t>(), std::nullopt});
      }
    }
  }
  return out;
}

}  // namespace

GraphResult<std::string> GraphClient::Call(const std::string& method, const std::string& path,
                                           const std::string& form,
                                           const std::string& content_type) {
  HttpRequest request;
  request.method = method;
  request.url = config_.base_url + "/" + config_.version + path;
  request.timeout = config_.timeout;
  request.headers.emplace_back("Authorization", "Bearer " + config_.access_token);
  if (method != "GET") {
    request.headers.emplace_back("Content-Type", content_type);
    request.body = form;
  }
  auto reply = http_.Send(request);
  if (!reply) {
    return Unreachable(reply.error());
  }
  if (auto error = ErrorOf(*reply)) return *error;
  return reply->body;
}

GraphResult<std::string> GraphClient::IdOf(const std::string& method, const std::string& path,
                                           const std::string& form, const std::string& what) {
  auto body = Call(method, path, form);
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object() || !reply.contains("id") || !reply["id"].is_string()) {
    return MalformedReply(what);
  }
  return reply["id"].get<std::string>();
}

GraphResult<std::string> GraphClient::CreateContainer(const ContainerRequest& container) {
  std::string form;
  const auto add = [&form](std::string_view name, const std::string& value) {
    if (value.empty()) return;
    if (!form.empty()) form += '&';
    form += std::string(name) + "=" + PercentEncode(value);
  };
  add("media_type", container.media_type);
  add("image_url", container.image_url);
  add("video_url", container.video_url);
  add("caption", container.caption);
  add("alt_text", container.alt_text);
  add("children", container.children);
  if (container.is_carousel_item) add("is_carousel_item", "true");
  return IdOf("POST", "/" + config_.ig_user_id + "/media", form, "media");
}

GraphResult<ContainerStatus> GraphClient::Status(const std::string& container_id) {
  auto body = Call("GET", "/" + container_id + "?fields=status_code,status", "");
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object() || !reply.contains("status_code")) return MalformedReply("status");
  return ContainerStatus{reply.value("status_code", ""), reply.value("status", "")};
}

GraphResult<std::string> GraphClient::Publish(const std::string& container_id) {
  return IdOf("POST", "/" + config_.ig_user_id + "/media_publish",
              "creation_id=" + PercentEncode(container_id), "media_publish");
}

GraphResult<std::string> GraphClient::Permalink(const std::string& media_id) {
  auto body = Call("GET", "/" + media_id + "?fields=permalink", "");
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object() || !reply.contains("permalink")) return MalformedReply("permalink");
  return reply.value("permalink", "");
}

GraphResult<PublishingLimit> GraphClient::Limit() {
  auto body = Call(
      "GET", "/" + config_.ig_user_id + "/content_publishing_limit?fields=quota_usage,config", "");
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object() || !reply.contains("data") || !reply["data"].is_array() ||
      reply["data"].empty()) {
    return MalformedReply("content_publishing_limit");
  }
  const json& row = reply["data"][0];
  PublishingLimit limit;
  limit.quota_usage = row.value("quota_usage", 0);
  if (row.contains("config") && row["config"].is_object()) {
    limit.quota_total = row["config"].value("quota_total", 0);
  }
  return limit;
}

GraphResult<bool> GraphClient::Succeeded(const std::string& method, const std::string& path,
                                         const std::string& form, const std::string& what) {
  auto body = Call(method, path, form);
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object() || !reply.value("success", false)) return MalformedReply(what);
  return true;
}

GraphResult<bool> GraphClient::SetCommentHidden(const std::string& comment_id, bool hidden) {
  return Succeeded("POST", "/" + comment_id, hidden ? "hide=true" : "hide=false", "hide");
}

GraphResult<bool> GraphClient::DeleteComment(const std::string& comment_id) {
  return Succeeded("DELETE", "/" + comment_id, "", "delete");
}

GraphResult<std::string> GraphClient::ReplyToComment(const std::string& comment_id,
                                                     const std::string& text) {
  return IdOf("POST", "/" + comment_id + "/replies", "message=" + PercentEncode(text), "replies");
}

GraphResult<std::string> GraphClient::SendPrivateReply(const std::string& comment_id,
                                                       const std::string& text) {
  // The guide's JSON body (spec 4.7); a form would need the same objects as
  // JSON strings.
  const json body{{"recipient", {{"comment_id", comment_id}}}, {"message", {{"text", text}}}};
  auto answer =
      Call("POST", "/" + config_.ig_user_id + "/messages", body.dump(), "application/json");
  if (auto* error = std::get_if<GraphError>(&answer)) return *error;
  const json reply = json::parse(std::get<std::string>(answer), nullptr, false);
  if (!reply.is_object() || !reply.contains("message_id") || !reply["message_id"].is_string()) {
    return MalformedReply("messages");
  }
  return reply["message_id"].get<std::string>();
}

GraphResult<bool> GraphClient::SetCommentsEnabled(const std::string& media_id, bool enabled) {
  return Succeeded("POST", "/" + media_id,
                   enabled ? "comment_enabled=true" : "comment_enabled=false", "comment_enabled");
}

GraphResult<CommentPage> GraphClient::Comments(const std::string& media_id,
                                               const std::string& after) {
  std::string path =
      "/" + media_id + "/comments?fields=id,text,timestamp,username,from,parent_id&limit=50";
  if (!after.empty()) path += "&after=" + PercentEncode(after);
  auto body = Call("GET", path, "");
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  auto page = ParseCommentPage(std::get<std::string>(body), config_.ig_user_id, media_id);
  if (!page) return MalformedReply("comments");
  return std::move(*page);
}

GraphResult<std::vector<MetricValue>> GraphClient::MediaInsights(const std::string& media_id,
                                                                 const std::string& metrics) {
  auto body = Call("GET", "/" + media_id + "/insights?metric=" + PercentEncode(metrics), "");
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  auto values = ParseInsights(std::get<std::string>(body));
  if (!values) return MalformedReply("insights");
  return std::move(*values);
}

GraphResult<std::vector<MetricValue>> GraphClient::AccountInsights(const std::string& metrics,
                                                                   const std::string& metric_type,
                                                                   Timestamp since,
                                                                   Timestamp until) {
  const auto unix = [](Timestamp t) { return std::to_string(t.time_since_epoch().count()); };
  auto body = Call("GET",
                   "/" + config_.ig_user_id + "/insights?metric=" + PercentEncode(metrics) +
                       "&period=day&metric_type=" + metric_type + "&since=" + unix(since) +
                       "&until=" + unix(until),
                   "");
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  auto values = ParseInsights(std::get<std::string>(body));
  if (!values) return MalformedReply("insights");
  return std::move(*values);
}

GraphResult<GraphClient::Account> GraphClient::Me() {
  auto body = Call("GET", "/me?fields=id,user_id,username", "");
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object()) return MalformedReply("me");
  Account account;
  // user_id is the professional account id; id alone is app-scoped (spec 1.2 E).
  if (reply.contains("user_id") && reply["user_id"].is_string()) {
    account.user_id = reply["user_id"].get<std::string>();
  } else if (reply.contains("user_id") && reply["user_id"].is_number_integer()) {
    account.user_id = std::to_string(reply["user_id"].get<long long>());
  }
  account.username = reply.value("username", "");
  if (reply.contains("id") && reply["id"].is_string()) {
    account.app_scoped_id = reply["id"].get<std::string>();
  }
  if (account.user_id.empty()) return MalformedReply("me");
  return account;
}

GraphResult<bool> GraphClient::SubscribeToComments() {
  return Succeeded("POST", "/" + config_.ig_user_id + "/subscribed_apps",
                   "subscribed_fields=comments", "subscribed_apps");
}

GraphResult<TokenGrant> GraphClient::ExchangeToken(const std::string& app_secret) {
  return TokenCall(
      "/access_token?grant_type=ig_exchange_token&client_secret=" + PercentEncode(app_secret) +
      "&access_token=" + PercentEncode(config_.access_token));
}

GraphResult<TokenGrant> GraphClient::RefreshToken() {
  return TokenCall("/refresh_access_token?grant_type=ig_refresh_token&access_token=" +
                   PercentEncode(config_.access_token));
}

GraphResult<TokenGrant> GraphClient::TokenCall(const std::string& path_and_query) {
  // The documented form carries the token in the query; the client keeps
  // queries out of every error message and log line.
  HttpRequest request;
  request.url = config_.base_url + path_and_query;
  request.timeout = config_.timeout;
  auto reply = http_.Send(request);
  if (!reply) return Unreachable(reply.error());
  if (auto error = ErrorOf(*reply)) return *error;
  const json body = json::parse(reply->body, nullptr, false);
  if (!body.is_object() || !body.contains("access_token") || !body["access_token"].is_string() ||
      body["access_token"].get<std::string>().empty()) {
    return MalformedReply("access_token");
  }
  TokenGrant grant;
  grant.access_token = body["access_token"].get<std::string>();
  if (body.contains("expires_in") && body["expires_in"].is_number_integer()) {
    grant.expires_in = std::chrono::seconds(body["expires_in"].get<int64_t>());
  }
  return grant;
}

GraphResult<std::vector<MediaSummary>> GraphClient::RecentMedia(int limit) {
  auto body =
      Call("GET",
           "/" + config_.ig_user_id +
               "/media?fields=id,caption,timestamp,permalink&limit=" + std::to_string(limit),
           "");
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object() || !reply.contains("data") || !reply["data"].is_array()) {
    return MalformedReply("media");
  }
  std::vector<MediaSummary> out;
  for (const json& row : reply["data"]) {
    if (!row.is_object() || !row.contains("id") || !row["id"].is_string()) continue;
    out.push_back({row["id"].get<std::string>(), row.value("caption", ""),
                   row.value("timestamp", ""), row.value("permalink", "")});
  }
  return out;
}

}  // namespace civicpost::channels::instagram

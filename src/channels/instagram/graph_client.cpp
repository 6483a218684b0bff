#include "channels/instagram/graph_client.hpp"

#include <nlohmann/json.hpp>

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

}  // namespace

std::string FormEscape(std::string_view value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

GraphResult<std::string> GraphClient::Call(const std::string& method, const std::string& path,
                                           const std::string& form) {
  HttpRequest request;
  request.method = method;
  request.url = config_.base_url + "/" + config_.version + path;
  request.headers.emplace_back("Authorization", "Bearer " + config_.access_token);
  if (method == "POST") {
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.body = form;
  }
  auto reply = http_.Send(request);
  if (!reply) {
    GraphError error;
    error.kind = GraphErrorKind::kTransient;
    error.staff_key = "unreachable";
    error.message = reply.error().message;
    return error;
  }
  if (auto error = ErrorOf(*reply)) return *error;
  return reply->body;
}

GraphResult<std::string> GraphClient::CreateImageContainer(const std::string& image_url,
                                                           const std::string& caption,
                                                           const std::string& alt_text) {
  std::string form = "image_url=" + FormEscape(image_url) + "&caption=" + FormEscape(caption);
  if (!alt_text.empty()) form += "&alt_text=" + FormEscape(alt_text);
  auto body = Call("POST", "/" + config_.ig_user_id + "/media", form);
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object() || !reply.contains("id") || !reply["id"].is_string()) {
    return MalformedReply("media");
  }
  return reply["id"].get<std::string>();
}

GraphResult<ContainerStatus> GraphClient::Status(const std::string& container_id) {
  auto body = Call("GET", "/" + container_id + "?fields=status_code,status", "");
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object() || !reply.contains("status_code")) return MalformedReply("status");
  return ContainerStatus{reply.value("status_code", ""), reply.value("status", "")};
}

GraphResult<std::string> GraphClient::Publish(const std::string& container_id) {
  auto body = Call("POST", "/" + config_.ig_user_id + "/media_publish",
                   "creation_id=" + FormEscape(container_id));
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object() || !reply.contains("id") || !reply["id"].is_string()) {
    return MalformedReply("media_publish");
  }
  return reply["id"].get<std::string>();
}

GraphResult<std::string> GraphClient::Permalink(const std::string& media_id) {
  auto body = Call("GET", "/" + media_id + "?fields=permalink", "");
  if (auto* error = std::get_if<GraphError>(&body)) return *error;
  const json reply = json::parse(std::get<std::string>(body), nullptr, false);
  if (!reply.is_object() || !reply.contains("permalink")) return MalformedReply("permalink");
  return reply.value("permalink", "");
}

GraphResult<PublishingLimit> GraphClient::Limit() {
  auto body =
      Call("GET", "/" + config_.ig_user_id + "/content_publishing_limit?fields=quota_usage,config", "");
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

}  // namespace civicpost::channels::instagram

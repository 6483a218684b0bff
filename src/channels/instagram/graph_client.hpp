#pragma once
// The Graph API calls the publisher makes (spec section 2), over core's
// HttpClient: create a container, read its status, publish it, read the
// permalink and the quota. Every failure comes back as a classified
// GraphError (graph_error.hpp) or a transport Error; nothing is retried
// here: the durable publisher decides, from the classification, what to do
// and when.

#include <string>
#include <variant>

#include "channels/instagram/graph_error.hpp"
#include "core/http_client.hpp"

namespace civicpost::channels::instagram {

struct GraphConfig {
  std::string base_url = "https://graph.instagram.com";  // or the sandbox
  std::string version = "v24.0";
  std::string ig_user_id{};
  std::string access_token{};  // sent as a Bearer header, never in the URL
};

// A call's outcome: the value, a classified Graph error, or a transport error.
template <typename T>
using GraphResult = std::variant<T, GraphError>;

struct ContainerStatus {
  std::string status_code;  // IN_PROGRESS, FINISHED, PUBLISHED, ERROR, EXPIRED
  std::string status;
};

struct PublishingLimit {
  int quota_usage = 0;
  int quota_total = 0;
};

class GraphClient {
 public:
  GraphClient(HttpClient& http, GraphConfig config) : http_(http), config_(std::move(config)) {}

  GraphResult<std::string> CreateImageContainer(const std::string& image_url,
                                                const std::string& caption,
                                                const std::string& alt_text);
  GraphResult<ContainerStatus> Status(const std::string& container_id);
  // The IG media id.
  GraphResult<std::string> Publish(const std::string& container_id);
  GraphResult<std::string> Permalink(const std::string& media_id);
  GraphResult<PublishingLimit> Limit();

 private:
  // Sends and classifies: a transport failure becomes a transient GraphError.
  GraphResult<std::string> Call(const std::string& method, const std::string& path,
                                const std::string& form);

  HttpClient& http_;
  GraphConfig config_;
};

// application/x-www-form-urlencoded escaping of one value.
std::string FormEscape(std::string_view value);

}  // namespace civicpost::channels::instagram

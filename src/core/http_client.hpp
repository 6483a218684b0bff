#pragma once
// HttpClient: how civicpost talks to other servers (the Graph API, the bio
// link check). sys::CurlHttpClient is the real one; tests point it at servers
// on loopback rather than replacing it.
//
// Transport failures (no connection, timeout, TLS, a body over the limit)
// are Errors; any HTTP status, 500 included, is a response for the caller to
// judge. kUnavailable means trying again later may help.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace civicpost {

struct HttpRequest {
  std::string method = "GET";
  std::string url{};
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  std::chrono::milliseconds timeout{30'000};  // the whole exchange
};

struct HttpReply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body{};

  std::optional<std::string_view> Header(std::string_view lower_case_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_case_name) return std::string_view(value);
    }
    return std::nullopt;
  }
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpReply> Send(const HttpRequest& request) = 0;
};

}  // namespace civicpost

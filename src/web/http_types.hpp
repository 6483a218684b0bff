#pragma once
// The request a handler sees and the response it returns: plain values with
// no networking types, so handlers can be unit-tested without a socket.
//
// Thread-compatible: a Request is read by one handler at a time.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civicpost::web {

// ASCII case-insensitive equality, as HTTP header names compare.
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

struct Request {
  std::string method;  // "GET", "POST", ... as sent (HEAD reaches GET handlers)
  std::string path;    // percent-decoded, without the query: "/sassenberg/"
  std::string query;   // raw, without '?': "page=2&q=Stra%C3%9Fe"
  std::map<std::string, std::string> query_params;           // decoded; '+' is a space
  std::vector<std::pair<std::string, std::string>> headers;  // in arrival order
  std::string body;
  std::filesystem::path body_file;                 // a spooled route's body; `body` is then empty
  std::string remote_address;                      // peer IP, e.g. "127.0.0.1"
  std::map<std::string, std::string> path_params;  // filled by the Router

  // The first header called `name` (case-insensitive), or nullopt.
  // The view points into `headers`; it lives as long as this Request.
  std::optional<std::string_view> Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (EqualsIgnoreCase(key, name)) return std::string_view(value);
    }
    return std::nullopt;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  // Extra headers, sent in this order. A handler that sets its own
  // Content-Security-Policy (or another security header) replaces the default.
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Text(int status, std::string body) {
    Response response;
    response.status = status;
    response.content_type = "text/plain; charset=utf-8";
    response.body = std::move(body);
    return response;
  }
  static Response Html(std::string body) {
    Response response;
    response.body = std::move(body);
    return response;
  }
  static Response Json(std::string body) {
    Response response;
    response.content_type = "application/json";
    response.body = std::move(body);
    return response;
  }
};

}  // namespace civicpost::web

#pragma once
// HttpClient over libcurl: TLS verification always on (the system's CA
// store, or `ca_file` for a private CA), HTTP(S)_PROXY/NO_PROXY from the
// environment as curl reads them, redirects not followed (the Graph API has
// none, and a redirect to another host must not carry our token), and a
// limit on the response body so a broken or hostile server cannot fill
// memory. Thread-safe: each Send uses its own curl handle.

#include <cstddef>
#include <optional>
#include <string>

#include "core/http_client.hpp"

namespace civicpost::sys {

struct CurlOptions {
  size_t max_response_bytes = 16 * 1024 * 1024;
  std::chrono::milliseconds connect_timeout{10'000};
  std::optional<std::string> ca_file{};  // PEM bundle instead of the system's
  std::string user_agent = "civicpost";
};

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options = {});
  Result<HttpReply> Send(const HttpRequest& request) override;

 private:
  CurlOptions options_;
};

}  // namespace civicpost::sys

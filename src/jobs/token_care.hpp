#pragma once
// Keeps the Instagram channels' long-lived tokens alive (spec 1.2, step D):
// a token is refreshed well before it expires (when `refresh_when_left` is
// left) but never before it is a day old, which the platform refuses. The
// new token replaces the old one only once it is in hand, so a failed
// refresh never drops a token that still works; a token the platform
// rejects, or one that ran out, puts the channel to "needs reconnect" (the
// dashboard says so, and the channel's posts wait).

#include <chrono>

#include "core/http_client.hpp"
#include "core/secret_box.hpp"
#include "store/repositories.hpp"

namespace civicpost::jobs {

struct TokenCareReport {
  int refreshed = 0;
  int needs_reconnect = 0;
  int failed = 0;  // will be tried again on the next round
};

class TokenCare {
 public:
  TokenCare(store::Database& db, store::Repositories& repos, const Clock& clock, HttpClient& http,
            const SecretBox& secrets,
            std::chrono::hours refresh_when_left = std::chrono::hours(24 * 10))
      : db_(db),
        repos_(repos),
        clock_(clock),
        http_(http),
        secrets_(secrets),
        refresh_when_left_(refresh_when_left) {}

  Result<TokenCareReport> Run();

 private:
  Status NeedsReconnect(ChannelId channel, const std::string& reason);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  HttpClient& http_;
  const SecretBox& secrets_;
  std::chrono::hours refresh_when_left_;
};

}  // namespace civicpost::jobs

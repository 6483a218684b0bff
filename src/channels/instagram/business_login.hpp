#pragma once
// Business Login for Instagram (spec 1.2): where a person is sent to allow
// civicpost onto the authority's account, and what happens with the code
// they come back with: exchanged for a short-lived token, that one for a
// long-lived token, the account read back with /me, and the account's
// comment webhooks switched on.

#include <chrono>
#include <string>
#include <string_view>

#include "channels/instagram/graph_client.hpp"
#include "core/http_client.hpp"

namespace civicpost::channels::instagram {

// The Instagram app civicpost signs in with; the addresses default to
// Meta's and point at a sandbox for tests and `make run`.
struct LoginSettings {
  std::string app_id{};  // the Instagram app id (not the Meta app id)
  std::string app_secret{};
  std::string authorize_url = "https://www.instagram.com/oauth/authorize";
  std::string token_url = "https://api.instagram.com/oauth/access_token";
  std::string api_base_url = "https://graph.instagram.com";
  std::chrono::milliseconds timeout{30'000};  // per call

  bool configured() const { return !app_id.empty() && !app_secret.empty(); }
};

// What civicpost asks for: reading, publishing, comments and insights.
inline constexpr std::string_view kLoginScopes =
    "instagram_business_basic,instagram_business_content_publish,"
    "instagram_business_manage_comments,instagram_business_manage_insights";

// The authorize address for `redirect_uri` with the CSRF `state`.
std::string AuthorizeUrl(const LoginSettings& settings, std::string_view redirect_uri,
                         std::string_view state);

// An account civicpost may now work on.
struct LinkedAccount {
  std::string user_id;  // the professional account id
  std::string username;
  std::string access_token;  // long-lived
  std::chrono::seconds expires_in{0};
  // Whether the comment webhooks are on; when not, comments are polled and
  // `subscribe_error` says why (an app without Advanced Access, say).
  bool comments_subscribed = false;
  std::string subscribe_error{};
};

// Exchanges `code` (a trailing "#_" stripped) for a long-lived token and
// the account it belongs to. Errors carry a staff key ("graph.login_*" or
// the Graph error's own).
GraphResult<LinkedAccount> CompleteLogin(HttpClient& http, const LoginSettings& settings,
                                         std::string_view redirect_uri, std::string code);

}  // namespace civicpost::channels::instagram

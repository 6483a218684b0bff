#include "channels/instagram/business_login.hpp"

#include <nlohmann/json.hpp>

#include "core/percent_encoding.hpp"

namespace civicpost::channels::instagram {
namespace {

using nlohmann::json;

GraphError LoginError(std::string staff_key, std::string message) {
  GraphError error;
  error.kind = GraphErrorKind::kPermanent;
  error.staff_key = std::move(staff_key);
  error.message = std::move(message);
  return error;
}

struct ShortLivedToken {
  std::string access_token;
  std::string user_id;
};

// Step B. The login endpoint answers in its own shape: documented as
// {"data": [{...}]}, met flat too, with user_id a string or a number; its
// errors are {"error_type", "code", "error_message"}.
GraphResult<ShortLivedToken> CodeForToken(HttpClient& http, const LoginSettings& settings,
                                          std::string_view redirect_uri, const std::string& code) {
  HttpRequest request;
  request.method = "POST";
  request.url = settings.token_url;
  request.timeout = settings.timeout;
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.body = "client_id=" + PercentEncode(settings.app_id) +
                 "&client_secret=" + PercentEncode(settings.app_secret) +
                 "&grant_type=authorization_code&redirect_uri=" + PercentEncode(redirect_uri) +
                 "&code=" + PercentEncode(code);
  auto reply = http.Send(request);
  if (!reply) return LoginError("unreachable", reply.error().message);
  const json body = json::parse(reply->body, nullptr, false);
  if (reply->status != 200) {
    if (body.is_object() && body.contains("error_message")) {
      return LoginError("login_code_refused", body.value("error_message", ""));
    }
    if (auto error = ErrorOf(*reply)) return *error;
    return LoginError("login_code_refused", "HTTP " + std::to_string(reply->status));
  }
  const json* row = &body;
  if (body.is_object() && body.contains("data") && body["data"].is_array() &&
      !body["data"].empty()) {
    row = &body["data"][0];
  }
  if (!row->is_object() || !row->contains("access_token") || !(*row)["access_token"].is_string()) {
    return LoginError("server_error", "unexpected reply to oauth/access_token");
  }
  ShortLivedToken token;
  token.access_token = (*row)["access_token"].get<std::string>();
  if (const auto id = row->find("user_id"); id != row->end()) {
    token.user_id = id->is_string()           ? id->get<std::string>()
                    : id->is_number_integer() ? std::to_string(id->get<int64_t>())
                                              : "";
  }
  return token;
}

}  // namespace

std::string AuthorizeUrl(const LoginSettings& settings, std::string_view redirect_uri,
                         std::string_view state) {
  return settings.authorize_url +
         (settings.authorize_url.find('?') == std::string::npos ? "?" : "&") +
         "client_id=" + PercentEncode(settings.app_id) +
         "&redirect_uri=" + PercentEncode(redirect_uri) +
         "&response_type=code&scope=" + PercentEncode(kLoginScopes) +
         "&state=" + PercentEncode(state);
}

GraphResult<LinkedAccount> CompleteLogin(HttpClient& http, const LoginSettings& settings,
                                         std::string_view redirect_uri, std::string code) {
  if (code.ends_with("#_")) code.resize(code.size() - 2);
  if (code.empty()) return LoginError("login_code_refused", "no code in the redirect");
  auto short_lived = CodeForToken(http, settings, redirect_uri, code);
  if (auto* error = std::get_if<GraphError>(&short_lived)) return *error;
  GraphConfig config;
  config.base_url = settings.api_base_url;
  config.timeout = settings.timeout;
  config.access_token = std::get<ShortLivedToken>(short_lived).access_token;
  auto grant = GraphClient(http, config).ExchangeToken(settings.app_secret);
  if (auto* error = std::get_if<GraphError>(&grant)) return *error;
  LinkedAccount account;
  account.access_token = std::get<TokenGrant>(grant).access_token;
  account.expires_in = std::get<TokenGrant>(grant).expires_in;
  config.access_token = account.access_token;
  auto me = GraphClient(http, config).Me();
  if (auto* error = std::get_if<GraphError>(&me)) return *error;
  account.user_id = std::get<GraphClient::Account>(me).user_id;
  account.username = std::get<GraphClient::Account>(me).username;
  // The code's user is the app-scoped id (or, in some replies, the account
  // id): either way it must be the account /me names.
  const std::string& login_user = std::get<ShortLivedToken>(short_lived).user_id;
  const std::string& app_scoped_id = std::get<GraphClient::Account>(me).app_scoped_id;
  if (!login_user.empty() && login_user != account.user_id && login_user != app_scoped_id) {
    return LoginError("login_account_mismatch",
                      "the code was for account " + login_user + ", /me says " + account.user_id);
  }
  config.ig_user_id = account.user_id;
  auto subscribed = GraphClient(http, config).SubscribeToComments();
  if (auto* error = std::get_if<GraphError>(&subscribed)) {
    account.subscribe_error = error->message;
  } else {
    account.comments_subscribed = true;
  }
  return account;
}

}  // namespace civicpost::channels::instagram

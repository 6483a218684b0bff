// The sandbox's side of signing in (spec 1.2): the authorize page a person
// allows or denies, the code exchanged for a short-lived token, the
// exchange for a long-lived one, refreshing, and revocation.
#include <kainjow/mustache.hpp>
#include <sstream>

#include "channels/instagram/graph_client.hpp"
#include "core/percent_encoding.hpp"
#include "sandbox/graph_sandbox.hpp"
#include "sandbox/graph_wire.hpp"

namespace civicpost::sandbox {

using namespace wire;

namespace {

// The authorize page, in the sandbox's words: which app asks for what, and
// two buttons that send the person back with a code or with a refusal.
constexpr const char* kAuthorizePage = R"(<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Sandbox: Anmeldung / sign-in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
<h1>Instagram-Sandbox</h1>
<p>Die App <strong>{{app_id}}</strong> möchte Zugriff auf das Konto <strong>@{{username}}</strong>:
{{scope}}.</p>
<p lang="en">The app <strong>{{app_id}}</strong> asks for access to <strong>@{{username}}</strong>.</p>
<form method="get" action="/oauth/authorize">
{{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">
{{/fields}}<button type="submit" name="decision" value="allow">Erlauben / Allow</button>
<button type="submit" name="decision" value="deny">Ablehnen / Deny</button>
</form>
</main></body></html>
)";

web::Response AuthorizeError(const std::string& message) {
  return web::Response::Text(400, "Sandbox: " + message + "\n");
}

// The login endpoints answer errors in their own shape, not Graph's (spec 1.2, step B).
web::Response OAuthError(const std::string& message) {
  return JsonResponse({{"error_type", "OAuthException"}, {"code", 400}, {"error_message", message}},
                      400);
}

std::string WithQuery(const std::string& url, const std::string& query) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + query;
}

}  // namespace

web::Response GraphSandbox::Authorize(const std::map<std::string, std::string>& params) {
  auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  const std::string redirect_uri = param("redirect_uri");
  if (param("client_id") != options_.app_id) {
    return AuthorizeError("Invalid platform app: client_id '" + param("client_id") +
                          "' is not this sandbox's app id '" + options_.app_id + "'");
  }
  if (!redirect_uri.starts_with("https://") && !redirect_uri.starts_with("http://")) {
    return AuthorizeError("Invalid redirect_uri: '" + redirect_uri + "'");
  }
  if (param("response_type") != "code") {
    return AuthorizeError("response_type must be code");
  }
  // The old scope names stopped working on 2025-01-27 (spec 1.2).
  const std::string scope = param("scope");
  if (!Wants(scope, "instagram_business_basic") || Wants(scope, "business_basic")) {
    return AuthorizeError("Invalid scope: '" + scope + "' (instagram_business_basic is required)");
  }
  const std::string decision = param("decision");
  if (decision.empty()) {
    kainjow::mustache::data fields{kainjow::mustache::data::type::list};
    for (const char* name : {"client_id", "redirect_uri", "response_type", "scope", "state"}) {
      kainjow::mustache::data field;
      field.set("name", name);
      field.set("value", param(name));
      fields.push_back(field);
    }
    kainjow::mustache::data page;
    page.set("app_id", options_.app_id);
    page.set("username", options_.username);
    page.set("scope", scope);
    page.set("fields", fields);
    return web::Response::Html(kainjow::mustache::mustache(kAuthorizePage).render(page));
  }
  const std::string state = param("state").empty() ? "" : "&state=" + PercentEncode(param("state"));
  web::Response back;
  back.status = 302;
  if (decision != "allow") {
    back.headers.emplace_back(
        "Location", WithQuery(redirect_uri,
                              "error=access_denied&error_reason=user_denied&error_description=The+"
                              "user+denied+your+request" +
                                  state));
    return back;
  }
  std::string code;
  {
    std::lock_guard lock(mu_);
    code = "SANDBOX-CODE-" + NextId();
    codes_[code] = PendingCode{redirect_uri, clock_.Now()};
  }
  // The platform appends "#_", which a client has to strip (spec 1.2).
  back.headers.emplace_back("Location", WithQuery(redirect_uri, "code=" + code + state) + "#_");
  return back;
}

web::Response GraphSandbox::CodeForToken(const std::map<std::string, std::string>& params) {
  auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  if (param("client_id") != options_.app_id) return OAuthError("Invalid platform app");
  if (param("client_secret") != options_.app_secret) {
    return OAuthError("Error validating client secret.");
  }
  if (param("grant_type") != "authorization_code") {
    return OAuthError("Invalid grant_type: authorization_code expected");
  }
  std::lock_guard lock(mu_);
  auto pending = codes_.find(param("code"));
  // A code works once, within the hour, with the redirect it was issued for.
  if (pending == codes_.end() || clock_.Now() - pending->second.issued > std::chrono::hours(1)) {
    return OAuthError("Matching code was not found or was already used");
  }
  if (pending->second.redirect_uri != param("redirect_uri")) {
    return OAuthError(
        "Error validating verification code. Please make sure your redirect_uri "
        "is identical to the one you used in the OAuth dialog request");
  }
  codes_.erase(pending);
  const std::string token = "SANDBOX-SHORT-" + NextId();
  tokens_[token] = clock_.Now();
  const std::string permissions =
      "instagram_business_basic,instagram_business_content_publish,"
      "instagram_business_manage_comments,instagram_business_manage_insights";
  if (options_.flat_code_reply) {
    return JsonResponse({{"access_token", token},
                         {"user_id", std::stoll(options_.app_scoped_id)},
                         {"permissions", permissions}});
  }
  return JsonResponse({{"data", json::array({{{"access_token", token},
                                              {"user_id", options_.app_scoped_id},
                                              {"permissions", permissions}}})}});
}

web::Response GraphSandbox::RefreshToken(const std::string& token,
                                         const std::map<std::string, std::string>& params) {
  // Spec 1.2, step D: a long-lived token at least 24 hours old, not expired.
  auto grant = params.find("grant_type");
  if (grant == params.end() || grant->second != "ig_refresh_token") {
    return GraphErrorResponse(400, 100, 0, "grant_type must be ig_refresh_token");
  }
  std::lock_guard lock(mu_);
  auto issued = tokens_.find(token);
  if (issued == tokens_.end()) {
    return GraphErrorResponse(400, 190, 463, "Error validating access token: Session has expired.");
  }
  if (clock_.Now() - issued->second < std::chrono::hours(24)) {
    return GraphErrorResponse(400, 100, 0, "The access token is too new to be refreshed.");
  }
  const std::string fresh = "SANDBOX-TOKEN-" + NextId();
  tokens_[fresh] = clock_.Now();
  ++refreshes_;
  return JsonResponse({{"access_token", fresh}, {"token_type", "bearer"}, {"expires_in", 5184000}});
}

web::Response GraphSandbox::ExchangeToken(const std::string& token,
                                          const std::map<std::string, std::string>& params) {
  // Spec 1.2, step C: a short-lived token for a long-lived one, with the
  // app secret.
  auto grant = params.find("grant_type");
  auto secret = params.find("client_secret");
  if (grant == params.end() || grant->second != "ig_exchange_token") {
    return GraphErrorResponse(400, 100, 0, "grant_type must be ig_exchange_token");
  }
  if (secret == params.end() || secret->second != options_.app_secret) {
    return GraphErrorResponse(400, 101, 0, "Error validating client secret.");
  }
  std::lock_guard lock(mu_);
  if (!tokens_.contains(token)) {
    return GraphErrorResponse(400, 190, 463, "Error validating access token: Session has expired.");
  }
  const std::string long_lived = "SANDBOX-LONG-" + NextId();
  tokens_[long_lived] = clock_.Now();
  return JsonResponse(
      {{"access_token", long_lived}, {"token_type", "bearer"}, {"expires_in", 5184000}});
}

web::Response GraphSandbox::SubscribedApps(const std::string& method, const std::string& fields) {
  std::lock_guard lock(mu_);
  if (method == "DELETE") {
    subscribed_fields_.clear();
    return JsonResponse({{"success", true}});
  }
  if (method == "POST") {
    static const std::set<std::string> kKnown = {"comments", "live_comments", "mentions",
                                                 "messages", "message_reactions"};
    std::set<std::string> wanted;
    std::stringstream in(fields);
    for (std::string field; std::getline(in, field, ',');) {
      if (!kKnown.contains(field)) {
        return GraphErrorResponse(400, 100, 0, "(#100) Invalid subscribed_fields: " + field);
      }
      wanted.insert(field);
    }
    if (wanted.empty()) return GraphErrorResponse(400, 100, 0, "subscribed_fields is required");
    subscribed_fields_.insert(wanted.begin(), wanted.end());
    return JsonResponse({{"success", true}});
  }
  json data = json::array();
  if (!subscribed_fields_.empty()) {
    data.push_back({{"id", options_.app_id}, {"subscribed_fields", subscribed_fields_}});
  }
  return JsonResponse({{"data", data}});
}

std::set<std::string> GraphSandbox::SubscribedFields() const {
  std::lock_guard lock(mu_);
  return subscribed_fields_;
}

std::string GraphSandbox::IssueToken() {
  std::lock_guard lock(mu_);
  const std::string token = "SANDBOX-SHORT-" + NextId();
  tokens_[token] = clock_.Now();
  return token;
}

void GraphSandbox::RevokeTokens() {
  std::lock_guard lock(mu_);
  tokens_.clear();
}

int GraphSandbox::Refreshes() const {
  std::lock_guard lock(mu_);
  return refreshes_;
}

}  // namespace civicpost::sandbox

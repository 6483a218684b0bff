// The sandbox's tokens (spec 1.2: exchange, refresh, revocation) and
// insights (spec 6), with values that grow with a media's age.
#include <sstream>

#include "sandbox/graph_sandbox.hpp"
#include "sandbox/graph_wire.hpp"

namespace civicpost::sandbox {

using namespace wire;

web::Response GraphSandbox::MediaInsights(const PublishedMedia& media, const std::string& metrics) {
  const int64_t hours =
      std::chrono::duration_cast<std::chrono::hours>(clock_.Now() - media.timestamp).count();
  const int64_t views = std::min<int64_t>(5000, 40 + 25 * hours);
  const int64_t likes = views / 10;
  int64_t comments = 0;
  for (const StoredComment& c : comments_) {
    if (c.media_id == media.id && !c.deleted) ++comments;
  }
  const std::map<std::string, int64_t> values = {
      {"views", views},
      {"reach", views * 3 / 5},
      {"likes", likes},
      {"comments", comments},
      {"saved", likes / 5},
      {"shares", likes / 8},
      {"total_interactions", likes + comments + likes / 5 + likes / 8}};
  json data = json::array();
  std::stringstream in(metrics);
  std::string metric;
  while (std::getline(in, metric, ',')) {
    auto value = values.find(metric);
    if (value == values.end()) {
      return GraphErrorResponse(400, 100, 0,
                                "(#100) The metric " + metric + " is not supported for this media");
    }
    data.push_back({{"name", metric},
                    {"period", "lifetime"},
                    {"values", json::array({{{"value", value->second}}})},
                    {"id", media.id + "/insights/" + metric + "/lifetime"}});
  }
  return JsonResponse({{"data", data}});
}

web::Response GraphSandbox::AccountInsights(const std::map<std::string, std::string>& params) {
  auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  const int64_t until = std::atoll(param("until").c_str());
  const int64_t since = std::atoll(param("since").c_str());
  if (param("period") != "day" || until <= since) {
    return GraphErrorResponse(400, 100, 0, "period=day, since and until are required");
  }
  const int64_t published = static_cast<int64_t>(media_order_.size());
  json data = json::array();
  std::stringstream in(param("metric"));
  std::string metric;
  while (std::getline(in, metric, ',')) {
    json row{{"name", metric}, {"period", "day"}};
    if (param("metric_type") == "total_value") {
      row["total_value"] = {{"value", 30 + 5 * published}};
    } else {
      json values = json::array();
      for (int64_t end = since + 86400; end <= until; end += 86400) {
        values.push_back({{"value", 100 + 10 * published},
                          {"end_time", GraphTime(Timestamp(std::chrono::seconds(end)))}});
      }
      row["values"] = values;
    }
    row["id"] = options_.ig_user_id + "/insights/" + metric + "/day";
    data.push_back(row);
  }
  return JsonResponse({{"data", data}});
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

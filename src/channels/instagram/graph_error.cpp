#include "channels/instagram/graph_error.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace civicpost::channels::instagram {
namespace {

using nlohmann::json;

// When a rate limit signals no time (no usage header), wait this long.
constexpr std::chrono::minutes kDefaultRateLimitWait{15};

struct Rule {
  int code;
  int subcode;  // 0: any
  GraphErrorKind kind;
  const char* staff_key;
};

// Sections 1.4, 2.9 and 7.3. First match wins, so subcode rows come first.
constexpr Rule kRules[] = {
    {-2, 2207003, GraphErrorKind::kTransient, "download_slow"},
    {-2, 2207020, GraphErrorKind::kContainerGone, "media_expired"},
    {-1, 2207032, GraphErrorKind::kContainerGone, "container_failed"},
    {-1, 2207053, GraphErrorKind::kContainerGone, "container_failed"},
    {-1, 0, GraphErrorKind::kTransient, "server_error"},
    {-2, 0, GraphErrorKind::kTransient, "server_error"},
    {1, 2207057, GraphErrorKind::kPermanent, "thumbnail_offset"},
    {4, 2207051, GraphErrorKind::kPermission, "suspected_spam"},
    // Private replies (spec 4.7, 8): the window for a comment is past, or
    // the comment has its one reply. Codes [U]: the messaging window's
    // 10/2534022 or 10/2018278 (spec 8) and Messenger's "(#10900) Activity
    // already replied to"; the sandbox answers with these.
    {10, 2534022, GraphErrorKind::kPermanent, "private_reply_too_late"},
    {10, 2018278, GraphErrorKind::kPermanent, "private_reply_too_late"},
    {10900, 0, GraphErrorKind::kPermanent, "private_reply_sent"},
    {9, 2207042, GraphErrorKind::kQuotaExhausted, "quota_exhausted"},
    {24, 0, GraphErrorKind::kContainerGone, "container_gone"},
    {25, 2207050, GraphErrorKind::kPermission, "account_restricted"},
    {100, 2207023, GraphErrorKind::kPermanent, "media_type_unknown"},
    {100, 2207028, GraphErrorKind::kPermanent, "carousel_size"},
    {100, 2207040, GraphErrorKind::kPermanent, "too_many_tags"},
    {352, 2207026, GraphErrorKind::kPermanent, "video_format"},
    {9004, 2207052, GraphErrorKind::kPermanent, "media_not_fetched"},
    {9007, 2207027, GraphErrorKind::kNotReady, "not_ready"},
    {36000, 2207004, GraphErrorKind::kPermanent, "image_too_large"},
    {36001, 2207005, GraphErrorKind::kPermanent, "image_format"},
    {36003, 2207009, GraphErrorKind::kPermanent, "aspect_ratio"},
    {36004, 2207010, GraphErrorKind::kPermanent, "caption_too_long"},
    {190, 0, GraphErrorKind::kTokenInvalid, "token_invalid"},
    {102, 0, GraphErrorKind::kTokenInvalid, "token_invalid"},
    {1, 0, GraphErrorKind::kTransient, "server_error"},
    {2, 0, GraphErrorKind::kTransient, "server_error"},
    {4, 0, GraphErrorKind::kRateLimited, "rate_limited"},
    {17, 0, GraphErrorKind::kRateLimited, "rate_limited"},
    {32, 0, GraphErrorKind::kRateLimited, "rate_limited"},
    {341, 0, GraphErrorKind::kRateLimited, "rate_limited"},
    {613, 0, GraphErrorKind::kRateLimited, "rate_limited"},
    {80001, 0, GraphErrorKind::kRateLimited, "rate_limited"},
    {80002, 0, GraphErrorKind::kRateLimited, "rate_limited"},
    {368, 0, GraphErrorKind::kPermission, "policy_block"},
    {506, 0, GraphErrorKind::kPermanent, "duplicate_post"},
    {10, 0, GraphErrorKind::kPermission, "permission_missing"},
    {3, 0, GraphErrorKind::kPermission, "permission_missing"},
    {100, 0, GraphErrorKind::kPermanent, "invalid_request"},
};

}  // namespace

std::vector<std::string> StaffKeys() {
  std::vector<std::string> keys = {"unknown", "server_error", "permission_missing", "unreachable",
                                   // the Instagram channel's own
                                   "media_processing_failed", "journal",
                                   // signing in (business_login.hpp)
                                   "login_code_refused", "login_account_mismatch"};
  for (const Rule& rule : kRules) keys.emplace_back(rule.staff_key);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

namespace {

int IntAt(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
}

std::string TextAt(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Usage UsageOf(const HttpReply& reply) {
  Usage usage;
  if (auto header = reply.Header("x-app-usage")) {
    const json app = json::parse(*header, nullptr, false);
    if (app.is_object()) {
      for (const auto& [name, value] : app.items()) {
        if (value.is_number()) usage.app_percent = std::max(usage.app_percent, value.get<int>());
      }
    }
  }
  if (auto header = reply.Header("x-business-use-case-usage")) {
    const json buc = json::parse(*header, nullptr, false);
    if (buc.is_object()) {
      for (const auto& [object, rows] : buc.items()) {
        if (!rows.is_array()) continue;
        for (const json& row : rows) {
          if (!row.is_object() || TextAt(row, "type") != "instagram") continue;
          for (const char* key : {"call_count", "total_cputime", "total_time"}) {
            usage.instagram_percent = std::max(usage.instagram_percent, IntAt(row, key));
          }
          usage.regain_minutes =
              std::max(usage.regain_minutes, IntAt(row, "estimated_time_to_regain_access"));
        }
      }
    }
  }
  return usage;
}

std::optional<GraphError> ErrorOf(const HttpReply& reply) {
  if (reply.status >= 200 && reply.status < 300) return std::nullopt;
  GraphError error;
  error.http_status = reply.status;
  const json body = json::parse(reply.body, nullptr, false);
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) {
    // No envelope: a proxy's or load balancer's page. 5xx and 429 pass, the rest does not.
    const bool transient = reply.status >= 500 || reply.status == 429;
    error.kind = transient ? GraphErrorKind::kTransient : GraphErrorKind::kPermanent;
    error.staff_key = transient ? "server_error" : "invalid_request";
    error.message = "HTTP " + std::to_string(reply.status) + " without an error envelope";
    return error;
  }
  const json& e = body["error"];
  error.code = IntAt(e, "code");
  error.subcode = IntAt(e, "error_subcode");
  error.message = TextAt(e, "message");
  error.user_msg = TextAt(e, "error_user_msg");
  error.fbtrace_id = TextAt(e, "fbtrace_id");
  error.is_transient =
      e.contains("is_transient") && e["is_transient"].is_boolean() && e["is_transient"].get<bool>();
  error.kind = GraphErrorKind::kPermanent;
  error.staff_key = "unknown";
  bool matched = false;
  for (const Rule& rule : kRules) {
    if (rule.code == error.code && (rule.subcode == 0 || rule.subcode == error.subcode)) {
      error.kind = rule.kind;
      error.staff_key = rule.staff_key;
      matched = true;
      break;
    }
  }
  if (!matched && error.code >= 200 && error.code <= 299) {
    error.kind = GraphErrorKind::kPermission;
    error.staff_key = "permission_missing";
  } else if (!matched && (error.is_transient || reply.status >= 500)) {
    error.kind = GraphErrorKind::kTransient;
    error.staff_key = "server_error";
  }
  if (error.kind == GraphErrorKind::kRateLimited) {
    const Usage usage = UsageOf(reply);
    error.wait = usage.regain_minutes > 0
                     ? std::chrono::seconds(std::chrono::minutes(usage.regain_minutes))
                     : std::chrono::seconds(kDefaultRateLimitWait);
  }
  return error;
}

std::chrono::milliseconds Backoff(int attempt, double random01, std::chrono::milliseconds base,
                                  std::chrono::milliseconds cap) {
  const double ceiling =
      std::min(static_cast<double>(cap.count()),
               static_cast<double>(base.count()) * std::pow(2.0, std::clamp(attempt, 0, 30)));
  return std::chrono::milliseconds(static_cast<int64_t>(std::clamp(random01, 0.0, 1.0) * ceiling));
}

}  // namespace civicpost::channels::instagram

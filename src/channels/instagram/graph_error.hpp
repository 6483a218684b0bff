#pragma once
// The Graph API's errors as the publisher must act on them
// (../shared/spec/instagram-graph-api.md, sections 0.6, 1.4, 2.9, 7.2, 7.3):
// classified by code and subcode, never by HTTP status alone, with the wait
// a rate limit signals and a catalogue key ("graph.<key>") for the sentence
// staff read on the post and the dashboard.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/http_client.hpp"

namespace civicpost::channels::instagram {

enum class GraphErrorKind {
  kTransient,       // back off with jitter and try again (5xx, codes 1/2, -1/-2, network)
  kNotReady,        // the container is still being processed: poll again
  kRateLimited,     // wait `wait`, then try again; calling earlier extends the block
  kQuotaExhausted,  // the 24-hour publishing quota: queue until it frees
  kContainerGone,   // the container expired or vanished: make a new one
  kTokenInvalid,    // re-authorise: the channel needs a reconnect
  kPermission,      // a permission or account restriction: staff must act
  kPermanent,       // the request itself is wrong (image too large, caption too long, ...)
};

struct GraphError {
  int http_status = 0;
  int code = 0;
  int subcode = 0;
  std::string message;   // Meta's, for the log
  std::string user_msg;  // error_user_msg, when Meta gives one
  std::string fbtrace_id;
  bool is_transient = false;
  GraphErrorKind kind = GraphErrorKind::kTransient;
  std::chrono::seconds wait{0};  // for kRateLimited
  std::string staff_key;         // "graph.image_too_large", ...
};

// Every staff key an error or the Instagram channel can carry (without the
// "graph." prefix); the catalogues must say each (a test checks).
std::vector<std::string> StaffKeys();

// A reply's error; nullopt for a 2xx answer. A non-JSON 5xx (a proxy's error
// page) is a transient error too.
std::optional<GraphError> ErrorOf(const HttpReply& reply);

// The usage headers (section 7.2), as percentages and the signalled wait.
struct Usage {
  int app_percent = 0;        // x-app-usage, the largest of its values
  int instagram_percent = 0;  // x-business-use-case-usage, the "instagram" rows
  int regain_minutes = 0;     // estimated_time_to_regain_access of those rows
};
Usage UsageOf(const HttpReply& reply);

// Exponential backoff with full jitter: a random time in [0, min(cap,
// base * 2^attempt)]; `random01` is a number in [0, 1).
std::chrono::milliseconds Backoff(int attempt, double random01,
                                  std::chrono::milliseconds base = std::chrono::seconds(2),
                                  std::chrono::milliseconds cap = std::chrono::minutes(10));

}  // namespace civicpost::channels::instagram

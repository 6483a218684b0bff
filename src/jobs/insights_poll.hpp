#pragma once
// Reads the insights of recently published Instagram posts and of the
// account (spec 6) and appends them to the time series reports draw from.
// Readings are taken to the hour, so polling twice within an hour stores
// nothing new; a post's lifetime totals grow reading by reading, the
// account's reach is a value per day.

#include <chrono>

#include "core/http_client.hpp"
#include "core/secret_box.hpp"
#include "store/repositories.hpp"

namespace civicpost::jobs {

struct InsightsReport {
  int posts = 0;
  int readings = 0;  // new ones
  int failed = 0;    // posts or accounts that could not be read this time
};

class InsightsPoll {
 public:
  InsightsPoll(store::Database& db, store::Repositories& repos, const Clock& clock,
               HttpClient& http, const SecretBox& secrets,
               std::chrono::hours window = std::chrono::hours(24 * 30))
      : db_(db), repos_(repos), clock_(clock), http_(http), secrets_(secrets), window_(window) {}

  Result<InsightsReport> Run();

 private:
  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  HttpClient& http_;
  const SecretBox& secrets_;
  std::chrono::hours window_;
};

// The metrics read for a post of this kind (stories have no likes).
std::string MediaMetricsFor(PostKind kind);

}  // namespace civicpost::jobs

#pragma once
// Polls the comments of recently published Instagram posts and stores the
// ones the webhook did not bring (it was down, Meta gave up, the account was
// reconnected). The intake stores each comment once, so polling what the
// webhook already delivered changes nothing.

#include <chrono>

#include "core/http_client.hpp"
#include "core/secret_box.hpp"
#include "moderation/comment_intake.hpp"
#include "store/repositories.hpp"

namespace civicpost::jobs {

struct BackfillReport {
  int posts = 0;   // published posts looked at
  int stored = 0;  // comments the webhook had missed
  int failed = 0;  // posts whose comments could not be read this time
};

class CommentBackfill {
 public:
  CommentBackfill(store::Database& db, store::Repositories& repos, const Clock& clock,
                  HttpClient& http, const SecretBox& secrets, moderation::CommentIntake& intake,
                  std::chrono::hours window = std::chrono::hours(24 * 30), int max_pages = 20)
      : db_(db),
        repos_(repos),
        clock_(clock),
        http_(http),
        secrets_(secrets),
        intake_(intake),
        window_(window),
        max_pages_(max_pages) {}

  // Every active, connected Instagram channel's posts published within the window.
  Result<BackfillReport> Run();

 private:
  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  HttpClient& http_;
  const SecretBox& secrets_;
  moderation::CommentIntake& intake_;
  std::chrono::hours window_;
  int max_pages_;
};

}  // namespace civicpost::jobs

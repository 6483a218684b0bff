#pragma once
// The publishing side of the service, as `serve` runs it in the background
// and `civicpost work` runs it on its own: the key that opens channel
// tokens, the signer of the platform's media links, the publishing job and
// the worker that runs due jobs, and the moderation engine's decisions about
// new comments.

#include <chrono>
#include <memory>
#include <optional>

#include "app/config.hpp"
#include "core/secret_box.hpp"
#include "jobs/comment_action_job.hpp"
#include "jobs/comment_backfill.hpp"
#include "jobs/comment_notice_job.hpp"
#include "jobs/comment_switch_job.hpp"
#include "jobs/insights_poll.hpp"
#include "jobs/publish_job.hpp"
#include "jobs/takedown_job.hpp"
#include "jobs/token_care.hpp"
#include "jobs/worker.hpp"
#include "moderation/comment_assessment.hpp"
#include "sys/curl_http_client.hpp"

namespace civicpost::app {

class Publishing {
 public:
  // Reads (or makes) the secrets key and the link-signing key; errors name
  // the file and the fix.
  static Result<std::unique_ptr<Publishing>> Start(const Config& config, store::Database& db,
                                                   store::Repositories& repos, const Clock& clock,
                                                   std::chrono::seconds lease);

  jobs::Worker& worker() { return *worker_; }
  // Renews the channels' tokens that are due (see jobs::TokenCare); logs
  // what it did.
  void KeepTokens();
  // Reads the comments of recent posts the webhook may have missed.
  void BackfillComments();
  // Appends the insights of recent posts and the account to their series.
  void PollInsights();
  // Decides about the comments still new (moderation::CommentAssessment);
  // the model is loaded with the first comment.
  void AssessComments();
  moderation::CommentIntake& intake() { return *intake_; }
  const SecretBox& secrets() const { return *secrets_; }
  HttpClient& http() { return http_; }

 private:
  Publishing() = default;
  std::optional<SecretBox> secrets_;
  sys::CurlHttpClient http_;
  std::unique_ptr<jobs::PublishJob> job_;
  std::unique_ptr<jobs::TakedownJob> takedown_;
  std::unique_ptr<jobs::CommentActionJob> comment_action_;
  std::unique_ptr<jobs::CommentNoticeJob> comment_notice_;
  std::unique_ptr<jobs::CommentSwitchJob> comment_switch_;
  std::unique_ptr<jobs::Worker> worker_;
  std::unique_ptr<jobs::TokenCare> token_care_;
  std::unique_ptr<moderation::CommentIntake> intake_;
  std::unique_ptr<jobs::CommentBackfill> backfill_;
  std::unique_ptr<jobs::InsightsPoll> insights_;
  std::optional<moderation::Classifier> classifier_;
  std::unique_ptr<moderation::CommentAssessment> assessment_;
};

// The link-signing key in the data directory, made on first use.
Result<media::UrlSigner> LoadUrlSigner(const Config& config);

}  // namespace civicpost::app

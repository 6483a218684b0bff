#include "app/publishing.hpp"

#include <spdlog/spdlog.h>

#include "app/moderation_commands.hpp"
#include "publish/workflow.hpp"
#include "sys/key_file.hpp"
#include "sys/worker_identity.hpp"

namespace civicpost::app {

Result<media::UrlSigner> LoadUrlSigner(const Config& config) {
  auto key = sys::LoadKeyBytes(config.data_dir / "secrets" / "url-signing.key",
                               media::UrlSigner::kKeyBytes, true);
  if (!key) return key.error();
  return media::UrlSigner::FromKey(*key);
}

Result<std::unique_ptr<Publishing>> Publishing::Start(const Config& config, store::Database& db,
                                                      store::Repositories& repos,
                                                      const Clock& clock,
                                                      std::chrono::seconds lease) {
  std::unique_ptr<Publishing> p(new Publishing());
  auto secrets = sys::LoadKeyFile(config.secrets_key_file(), config.data_dir, true);
  if (!secrets) return secrets.error();
  p->secrets_ = std::move(*secrets);
  jobs::PublishSettings settings;
  settings.public_base_url = config.public_base_url();
  settings.data_dir = config.data_dir;
  auto signer = LoadUrlSigner(config);
  if (!signer) return signer.error();
  settings.signer = std::move(*signer);
  p->job_ = std::make_unique<jobs::PublishJob>(
      db, repos, clock, jobs::DefaultChannels(p->http_, &*p->secrets_), std::move(settings));
  jobs::WorkerOptions options;
  options.identity = sys::WorkerIdentity();
  options.lease = lease;
  options.owner_is_gone = sys::IsDeadLocalWorker;
  p->worker_ = std::make_unique<jobs::Worker>(db, repos, clock, std::move(options));
  p->worker_->Handle(std::string(publish::kPublishJobKind), p->job_->Handler());
  p->takedown_ = std::make_unique<jobs::TakedownJob>(
      db, repos, clock, jobs::DefaultChannels(p->http_, &*p->secrets_));
  p->worker_->Handle(std::string(publish::kTakedownJobKind), p->takedown_->Handler());
  p->comment_action_ = std::make_unique<jobs::CommentActionJob>(
      db, repos, clock, jobs::DefaultChannels(p->http_, &*p->secrets_));
  for (std::string_view kind :
       {moderation::kCommentActionJobKind, moderation::kHideCommentJobKind}) {
    p->worker_->Handle(std::string(kind), p->comment_action_->Handler());
  }
  p->comment_notice_ = std::make_unique<jobs::CommentNoticeJob>(
      db, repos, clock, jobs::DefaultChannels(p->http_, &*p->secrets_));
  p->worker_->Handle(std::string(moderation::kCommentNoticeJobKind), p->comment_notice_->Handler());
  p->comment_switch_ = std::make_unique<jobs::CommentSwitchJob>(
      db, repos, clock, jobs::DefaultChannels(p->http_, &*p->secrets_));
  p->worker_->Handle(std::string(moderation::kCommentSwitchJobKind), p->comment_switch_->Handler());
  p->token_care_ = std::make_unique<jobs::TokenCare>(db, repos, clock, p->http_, *p->secrets_);
  p->intake_ = std::make_unique<moderation::CommentIntake>(db, repos, clock);
  p->backfill_ = std::make_unique<jobs::CommentBackfill>(db, repos, clock, p->http_, *p->secrets_,
                                                         *p->intake_);
  p->insights_ = std::make_unique<jobs::InsightsPoll>(db, repos, clock, p->http_, *p->secrets_);
  Publishing* self = p.get();
  p->assessment_ = std::make_unique<moderation::CommentAssessment>(
      db, repos, clock, [self]() -> Result<const moderation::Classifier*> {
        if (!self->classifier_) {
          auto loaded = moderation::Classifier::Load(DefaultModelDir());
          if (!loaded) return loaded.error();
          self->classifier_.emplace(*std::move(loaded));
        }
        return &*self->classifier_;
      });
  return p;
}

void Publishing::PollInsights() {
  if (auto report = insights_->Run(); !report) {
    spdlog::error("reading insights: {}", report.error().message);
  }
}

void Publishing::AssessComments() {
  auto decided = assessment_->RunOnce();
  if (!decided) {
    spdlog::error("moderation: {}", decided.error().message);
  } else if (*decided > 0) {
    spdlog::info("moderation: decided about {} new comment(s)", *decided);
  }
}

void Publishing::BackfillComments() {
  if (auto report = backfill_->Run(); !report) {
    spdlog::error("reading missed comments: {}", report.error().message);
  }
}

void Publishing::KeepTokens() {
  auto report = token_care_->Run();
  if (!report) {
    spdlog::error("renewing channel tokens: {}", report.error().message);
  } else if (report->needs_reconnect > 0) {
    spdlog::warn("{} channel(s) need reconnecting", report->needs_reconnect);
  }
}

}  // namespace civicpost::app

#include "app/server.hpp"

#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>

#include "app/periodic.hpp"
#include "app/publishing.hpp"
#include "app/reminders.hpp"
#include "moderation/group_commit.hpp"
#include "moderation/retention.hpp"
#include "publish/consent_ledger.hpp"
#include "sys/key_file.hpp"
#include "sys/system_clock.hpp"
#include "web/bio_link_check.hpp"
#include "web/concept_cache.hpp"
#include "web/feedback_mail.hpp"
#include "web/http_server.hpp"
#include "web/i18n.hpp"
#include "web/metrics.hpp"
#include "web/public_feedback.hpp"
#include "web/public_site.hpp"
#include "web/reminder_mail.hpp"
#include "web/router.hpp"
#include "web/service_routes.hpp"
#include "web/staff_app.hpp"
#include "web/templates.hpp"
#include "web/webhook_routes.hpp"

namespace civicpost::app {
namespace {

// One retention run, logged per authority (the audit log keeps the report).
void ApplyRetention(moderation::Retention& retention) {
  auto report = retention.Run(Actor::System());
  if (!report) {
    spdlog::error("retention: {}", report.error().message);
    return;
  }
  for (const moderation::AuthorityRetention& a : report->authorities) {
    if (a.evidence_deleted.empty() && a.decisions_deleted.empty() && a.comments_redacted.empty()) {
      continue;
    }
    spdlog::info(
        "retention: {}: {} evidence record(s) ({}), {} decision(s) deleted, {} comment(s) "
        "redacted ({})",
        a.name, a.evidence_deleted.size(), a.evidence_rule(), a.decisions_deleted.size(),
        a.comments_redacted.size(), a.decision_rule());
  }
}

}  // namespace

int RunServer(const Config& config, store::SqliteDatabase& db, store::Repositories& repos,
              const std::vector<DemoLogin>& demo_logins) {
  web::Templates templates;
  web::Router router;
  web::Metrics metrics;
  sys::SystemClock clock;
  // Publishing needs the key that opens channel tokens and the one that
  // signs the platform's media links; without them the service does not start.
  auto publishing = Publishing::Start(config, db, repos, clock, std::chrono::minutes(15));
  if (!publishing) {
    std::cerr << "civicpost: " << publishing.error().message << "\n";
    return 1;
  }
  auto signer = LoadUrlSigner(config);
  if (!signer) {
    std::cerr << "civicpost: " << signer.error().message << "\n";
    return 1;
  }
  web::Catalogue catalogue;
  web::ConceptCache concepts(db, repos);
  // The accessibility feedback form signs its stateless tokens with a key of
  // its own (made on first start, like the url-signing key).
  auto feedback_key = sys::LoadKeyBytes(config.data_dir / "secrets" / "feedback-form.key",
                                        web::PublicFeedback::kKeyBytes, true);
  if (!feedback_key) {
    std::cerr << "civicpost: " << feedback_key.error().message << "\n";
    return 1;
  }
  // Registered before the public site: its routes are the more specific ones.
  web::PublicFeedback public_feedback(db, repos, templates, catalogue, concepts, clock,
                                      std::move(*feedback_key));
  public_feedback.Register(router);
  web::PublicSite public_site(db, repos, templates, config.data_dir, clock, std::move(*signer),
                              {.base_url = config.public_base_url()});
  public_site.Register(router);
  web::SessionPolicy sessions;
  sessions.idle_timeout = std::chrono::minutes(config.session_idle_minutes);
  sessions.absolute_timeout = std::chrono::hours(config.session_max_hours);
  sessions.always_secure = config.secure_cookies;
  web::MediaSettings media_settings;
  media_settings.limits = UploadLimitsOf(config);
  media_settings.rights.own_consent_age = config.own_consent_age;
  web::StaffApp staff_app(db, repos, templates, catalogue, concepts, clock, config.data_dir,
                          sessions, media_settings);
  staff_app.Register(router);
  channels::instagram::LoginSettings instagram = config.instagram;
  auto instagram_secret =
      SecretOf(instagram.app_secret, config.instagram_secret_file, "instagram.app_secret_file");
  auto webhook_secret =
      SecretOf(config.webhook_secret, config.webhook_secret_file, "webhooks.app_secret_file");
  for (const auto* secret : {&instagram_secret, &webhook_secret}) {
    if (!*secret) {
      std::cerr << "civicpost: " << secret->error().message << "\n";
      return 1;
    }
  }
  instagram.app_secret = *instagram_secret;
  if (instagram.configured()) {
    staff_app.EnableInstagramLogin(
        {instagram, config.public_base_url(), &(*publishing)->http(), &(*publishing)->secrets()});
  } else if (!instagram.app_id.empty() || !instagram.app_secret.empty()) {
    std::cerr << "civicpost: [instagram] needs both app_id and app_secret_file\n";
    return 1;
  }
  web::RegisterServiceRoutes(router, metrics, db);
  web::WebhookSettings webhooks;
  webhooks.verify_token = config.webhook_verify_token;
  // An Instagram app signs its webhooks with its own secret.
  webhooks.app_secret = webhook_secret->empty() ? instagram.app_secret : *webhook_secret;
  if (webhooks.app_secret.empty() || webhooks.verify_token.empty()) {
    spdlog::info(
        "the Instagram webhook refuses deliveries until [webhooks] verify_token and "
        "app_secret_file are set; comments are read by polling meanwhile");
  }
  // Concurrent deliveries share one commit (one fsync) instead of one each.
  moderation::GroupCommit webhook_intake((*publishing)->intake());
  web::RegisterInstagramWebhookVerification(router, webhooks);

  web::ServerOptions options;
  options.address = config.listen_address;
  options.port = config.port;
  options.threads = config.threads;
  options.spooled_routes.push_back(staff_app.UploadRoute());
  // Deliveries wait for their shared commit without holding a thread.
  options.deferred_routes.push_back(web::InstagramWebhookDelivery(webhook_intake, webhooks));
  web::HttpServer server(router, metrics, options);
  if (Status listening = server.Listen(); !listening.ok()) {
    std::cerr << "civicpost: " << listening.message() << "\n";
    return 1;
  }
  server.StopOnSignals();

  // Consents that ran out take their posts down without anyone clicking.
  publish::ConsentLedger consents(db, repos, clock);
  PeriodicTask expire_consents(std::chrono::hours(1), [&consents] {
    auto outcome = consents.ExpireDue();
    if (!outcome) {
      spdlog::error("checking expired consents: {}", outcome.error().message);
    } else if (!outcome->taken_down.empty() || !outcome->stopped.empty()) {
      spdlog::warn("expired consents: {} post(s) marked for takedown, {} sent back to review",
                   outcome->taken_down.size(), outcome->stopped.size());
    }
  });

  // Scheduled posts go out within seconds of their time.
  jobs::Worker& worker = (*publishing)->worker();
  if (auto released = worker.ReleaseDeadLeases(); released && *released > 0) {
    spdlog::warn("took over {} job(s) of a worker that died", *released);
  }
  PeriodicTask run_jobs(std::chrono::seconds(10), [&worker] {
    if (auto ran = worker.RunDue(); !ran) spdlog::error("running jobs: {}", ran.error().message);
  });
  // Comments the webhook missed (it was down, Meta gave up) are read back.
  PeriodicTask backfill(std::chrono::minutes(15),
                        [&publishing] { (*publishing)->BackfillComments(); });
  // Insights for the reports, four times a day (the platform lags up to 48 h).
  PeriodicTask insights(std::chrono::hours(6), [&publishing] { (*publishing)->PollInsights(); });
  // The engine decides about new comments within seconds; the model is
  // loaded with the first comment, so an idle service does not carry it.
  PeriodicTask assess(std::chrono::seconds(5), [&publishing] { (*publishing)->AssessComments(); });
  // Long-lived tokens are renewed days before they run out.
  PeriodicTask keep_tokens(std::chrono::hours(1), [&publishing] { (*publishing)->KeepTokens(); });
  // Evidence, decisions and comments past the concept's retention periods
  // go once a day; the first run waits a minute for the start to settle.
  moderation::Retention retention(db, repos, clock);
  PeriodicTask apply_retention(
      std::chrono::hours(24), [&retention] { ApplyRetention(retention); }, std::chrono::minutes(1));

  // Complaint deadlines are reminded of by mail at 30, 14 and 7 days. Each
  // step goes out once (the store records it), so the hourly run costs a
  // query and sends a step within the hour its day begins.
  auto mailer = MailerOf(config.mail);
  if (!mailer) {
    std::cerr << "civicpost: " << mailer.error().message << "\n";
    return 1;
  }
  if (!*mailer) {
    spdlog::info(
        "no [mail] in the configuration: complaint deadline reminders are shown on the "
        "dashboard only");
  }
  web::CatalogueReminderWording wording(catalogue);
  moderation::ComplaintReminders reminders(db, repos, clock, mailer->get(), wording,
                                           ReminderSettingsOf(config));
  std::unique_ptr<PeriodicTask> remind;
  if (*mailer) {
    remind = std::make_unique<PeriodicTask>(
        std::chrono::hours(1), [&reminders] { SendReminders(reminders); }, std::chrono::minutes(2));
  }

  // Staff hear of accessibility feedback within a minute (never its words).
  std::unique_ptr<web::FeedbackNotifier> feedback_notifier;
  std::unique_ptr<PeriodicTask> notify_feedback;
  if (*mailer) {
    feedback_notifier = std::make_unique<web::FeedbackNotifier>(
        db, repos, catalogue, **mailer,
        web::FeedbackMailSettings{config.mail.from, config.public_base_url()});
    notify_feedback = std::make_unique<PeriodicTask>(
        std::chrono::minutes(1),
        [&feedback_notifier] {
          if (auto sent = feedback_notifier->Run(); !sent) {
            spdlog::error("feedback mail: {}", sent.error().message);
          }
        },
        std::chrono::seconds(30));
  }

  // The Impressum link in the platform bio must answer (§ 5 DDG): checked
  // daily, a failure shown on the dashboard; the first check three minutes
  // after start.
  web::BioLinkCheck bio_link_check(db, repos, clock, (*publishing)->http());
  PeriodicTask check_bio_link(
      std::chrono::hours(24),
      [&bio_link_check] {
        if (auto report = bio_link_check.Run(Actor::System()); !report) {
          spdlog::error("bio link check: {}", report.error().message);
        }
      },
      std::chrono::minutes(3));

  const bool ipv6 = config.listen_address.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + config.listen_address + "]" : config.listen_address;
  std::cout << "civicpost läuft / is running: http://" << host << ":" << server.port() << "/\n";
  std::cout << "Redaktion / staff app: http://" << host << ":" << server.port() << "/app/\n";
  PrintDemoLogins(std::cout, demo_logins);
  std::cout << "Beenden mit Strg+C / stop with Ctrl+C\n" << std::flush;
  spdlog::info("serving on {}:{} with data in {} (config: {})", config.listen_address,
               server.port(), config.data_dir.string(), config.source);

  server.Run();

  if (Status checkpoint = db.Checkpoint(); !checkpoint.ok()) {
    spdlog::warn("closing the database: {}", checkpoint.message());
  }
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace civicpost::app

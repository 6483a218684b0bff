#include "app/commands.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <thread>

#include "app/authority_setup.hpp"
#include "app/config.hpp"
#include "app/demo.hpp"
#include "app/exit_codes.hpp"
#include "app/logging.hpp"
#include "app/moderation_commands.hpp"
#include "app/publishing.hpp"
#include "app/reminders.hpp"
#include "app/server.hpp"
#include "app/site_commands.hpp"
#include "app/workspace.hpp"
#include "channels/instagram/graph_client.hpp"
#include "concept/authority_zone.hpp"
#include "concept/concept_diff.hpp"
#include "concept/concept_loader.hpp"
#include "concept/toml_document.hpp"
#include "core/password.hpp"
#include "core/sha256.hpp"
#include "documents/builders.hpp"
#include "documents/render.hpp"
#include "documents/review_status.hpp"
#include "media/library.hpp"
#include "media/rendition.hpp"
#include "moderation/evidence_export.hpp"
#include "moderation/moderator_examples.hpp"
#include "moderation/retention.hpp"
#include "sandbox/graph_sandbox.hpp"
#include "store/migrations.hpp"
#include "store/repositories.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "sys/curl_http_client.hpp"
#include "sys/data_dir.hpp"
#include "sys/key_file.hpp"
#include "sys/secret_input.hpp"
#include "sys/stop_signal.hpp"
#include "sys/system_clock.hpp"
#include "web/http_server.hpp"
#include "web/i18n.hpp"
#include "web/metrics.hpp"
#include "web/reminder_mail.hpp"
#include "web/router.hpp"

namespace civicpost::app {
namespace {

Result<std::string> NewPassword(const std::optional<std::string>& file) {
  auto password = sys::ReadSecret(file, "Passwort (mindestens 12 Zeichen): ");
  if (!password) return password.error();
  if (Status rules = CheckPasswordRules(*password); !rules.ok()) return rules.error();
  return HashPassword(*password);
}

// Loads a concept for a command, printing its problems; nullopt if invalid.
std::optional<usage::Concept> LoadValidConcept(const std::string& file) {
  usage::ConceptLoad load = usage::LoadConceptFile(file);
  if (!load.ok()) {
    std::cerr << usage::FormatDiagnostics(load.diagnostics);
    std::cerr << file << ": " << load.diagnostics.size() << " problem(s)\n";
    return std::nullopt;
  }
  return std::move(*load.concept_value);
}

// Today in the authority's time zone: documents are dated as its staff see it.
std::chrono::year_month_day Today(const usage::Concept& c, const Clock& clock) {
  return usage::AuthorityZone(c.office_hours).ToLocal(clock.Now()).date();
}

int ConceptCheck(const cli::ConceptCheckCommand& cmd) {
  auto concept_data = LoadValidConcept(cmd.file);
  if (!concept_data) return kBadInput;
  const usage::Concept& c = *concept_data;
  std::cout << cmd.file << ": OK – " << c.authority.name << ", " << c.channels.size()
            << " channel(s), " << c.topics.size() << " topic(s), " << c.netiquette.size()
            << " netiquette clause(s)\n";
  return 0;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The stored version of this exact file, or 0 when it was never loaded (or
// there is no database): documents then carry no version number.
int StoredVersion(const cli::Location& location, const usage::Concept& c, const std::string& text) {
  auto config = LoadConfig(location);
  if (!config || !std::filesystem::exists(config->database_path())) return 0;
  sys::SystemClock clock;
  auto db = OpenStore(*config, clock, store::OpenMode::kMustExist);
  if (!db) return 0;
  store::Repositories repos(clock);
  auto org = repos.organizations.FindBySlug(**db, c.authority.slug);
  if (!org || !*org) return 0;
  auto version = repos.organizations.FindConcept(**db, (*org)->id, Sha256Hex(text));
  if (!version || !*version) {
    std::cerr << "civicpost: note: this file is not a loaded version of " << c.authority.name
              << " (civicpost concept load); the document shows no version\n";
    return 0;
  }
  return (*version)->version;
}

int ConceptRender(const cli::ConceptRenderCommand& cmd) {
  if (cmd.format != "md" && cmd.format != "html" && cmd.format != "pdf") {
    return Fail("--format: '" + cmd.format + "' is not one of md, html, pdf", kBadInput);
  }
  if (!documents::IsDocumentName(cmd.document)) {
    return Fail("--doc: unknown document '" + cmd.document +
                    "' (available: " + documents::DocumentNameList() + ")",
                kBadInput);
  }
  auto concept_data = LoadValidConcept(cmd.file);
  if (!concept_data) return kBadInput;
  // What this document needs beyond a valid concept, with positions.
  usage::TomlDocument toml = usage::ReadTomlFile(cmd.file);
  const std::vector<usage::Diagnostic> needs =
      documents::CheckDocumentNeeds(cmd.document, *toml.table, cmd.file);
  if (!needs.empty()) {
    std::cerr << usage::FormatDiagnostics(needs);
    std::cerr << cmd.file << ": cannot render '" << cmd.document << "'; nothing was written\n";
    return kBadInput;
  }
  sys::SystemClock clock;
  const int version = StoredVersion(cmd.location, *concept_data, ReadWholeFile(cmd.file));
  auto document =
      documents::BuildDocument(cmd.document, *concept_data, {Today(*concept_data, clock), version});
  if (!document) return Fail("--doc: " + document.error().message, kBadInput);
  Result<std::string> rendered = cmd.format == "md"     ? documents::RenderMarkdown(*document)
                                 : cmd.format == "html" ? documents::RenderHtml(*document)
                                                        : documents::RenderPdf(*document);
  if (!rendered) return Fail(rendered.error());
  const std::string& text = *rendered;
  if (!cmd.out) {
    std::cout << text;
    return 0;
  }
  Status written = sys::WriteFileAtomically(*cmd.out, text,
                                            std::filesystem::perms::owner_read |
                                                std::filesystem::perms::owner_write |
                                                std::filesystem::perms::group_read);
  if (!written.ok()) return Fail(written.error());
  std::cout << cmd.out.value() << ": " << document->title << " (" << cmd.format << ")\n";
  return 0;
}

int ConceptLoad(const cli::ConceptLoadCommand& cmd) {
  auto concept_data = LoadValidConcept(cmd.file);
  if (!concept_data) return kBadInput;
  const std::string text = ReadWholeFile(cmd.file);
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  store::Repositories repos(clock);
  auto org = repos.organizations.FindBySlug(*work->db, concept_data->authority.slug);
  if (!org) return Fail(org.error());
  if (!*org) {
    return Fail("no authority '" + concept_data->authority.slug + "' in " +
                work->config.data_dir.string() + "; create it with 'civicpost init --concept " +
                cmd.file + "'");
  }
  auto previous = repos.organizations.LatestConcept(*work->db, (*org)->id);
  if (!previous) return Fail(previous.error());
  std::vector<std::string> changes;
  if (*previous) {
    usage::TomlDocument before = usage::ParseTomlText((*previous)->toml_text, "previous");
    usage::TomlDocument after = usage::ReadTomlFile(cmd.file);
    if (before.table && after.table) changes = usage::ChangedKeys(*before.table, *after.table);
  }
  auto version = store::InTransaction(*work->db, [&](store::Transaction& tx) {
    return repos.organizations.RecordConcept(tx, Actor::Cli(), (*org)->id, cmd.file, text, changes);
  });
  if (!version) return Fail(version.error());
  if (*previous && (*previous)->version == *version) {
    std::cout << concept_data->authority.name << ": unchanged, still version " << *version << "\n";
    return 0;
  }
  std::cout << concept_data->authority.name << ": concept version " << *version << " loaded";
  if (!changes.empty()) {
    std::cout << "; changed:";
    for (const std::string& key : changes) std::cout << " " << key;
  }
  std::cout << "\n";
  return 0;
}

int ConceptStatus(const cli::ConceptStatusCommand& cmd) {
  auto concept_data = LoadValidConcept(cmd.file);
  if (!concept_data) return kBadInput;
  sys::SystemClock clock;
  const documents::DpiaReview review =
      documents::DpiaReviewStatus(concept_data->dpia, Today(*concept_data, clock));
  std::cout << concept_data->authority.name << ": " << review.Sentence() << "\n";
  const bool needs_action = review.state == documents::ReviewState::kOverdue ||
                            review.state == documents::ReviewState::kNeverReviewed ||
                            review.state == documents::ReviewState::kTriggered;
  return needs_action ? kFailure : 0;
}

int Init(const cli::InitCommand& cmd) {
  auto config = ConfigFor(cmd.location);
  if (!config) return Fail(config.error());
  if (!cmd.demo && !cmd.concept_file && !cmd.admin_email) {
    return Fail("say what to set up: --demo, --concept FILE and/or --admin-email", kBadInput);
  }
  // Validate the inputs before anything is written.
  std::optional<usage::ConceptLoad> concept_load;
  std::string concept_text;
  if (cmd.concept_file) {
    concept_load = usage::LoadConceptFile(*cmd.concept_file);
    if (!concept_load->ok()) {
      std::cerr << usage::FormatDiagnostics(concept_load->diagnostics);
      return kBadInput;
    }
    concept_text = ReadWholeFile(*cmd.concept_file);
  }
  std::optional<std::string> admin_hash;
  if (cmd.admin_email) {
    auto hash = NewPassword(cmd.password_file);
    if (!hash) return Fail(hash.error());
    admin_hash = *hash;
  }

  sys::SystemClock clock;
  auto db = OpenStore(*config, clock, store::OpenMode::kCreateIfMissing);
  if (!db) return Fail(db.error());
  store::Repositories repos(clock);
  if (cmd.demo) {
    auto logins = LoadDemo(**db, repos, clock, config->data_dir);
    if (!logins) return Fail(logins.error());
    PrintDemoLogins(std::cout, *logins);
  }
  std::optional<std::string> slug;
  if (concept_load) {
    const usage::Concept& c = *concept_load->concept_value;
    auto created = store::InTransaction(**db, [&](store::Transaction& tx) {
      return CreateAuthority(tx, repos, Actor::Cli(), c, *cmd.concept_file, concept_text);
    });
    if (!created) return Fail(created.error());
    slug = c.authority.slug;
    std::cout << "Authority " << c.authority.name << " created (concept version "
              << created->concept_version << ")\n";
  }
  if (cmd.admin_email) {
    auto org = ChooseAuthority(**db, repos, slug);
    if (!org) return Fail(org.error());
    User admin{{},
               org->id,
               *cmd.admin_email,
               cmd.admin_name.value_or("Administration"),
               *admin_hash,
               {Role::kAdmin},
               false,
               {},
               "de"};
    auto id = store::InTransaction(
        **db, [&](store::Transaction& tx) { return repos.users.Create(tx, Actor::Cli(), admin); });
    if (!id) return Fail(id.error());
    std::cout << "Admin " << *cmd.admin_email << " created for " << org->name << "\n";
  }
  std::cout << "Data directory ready: " << config->data_dir.string() << "\n";
  return 0;
}

int Migrate(const cli::MigrateCommand& cmd) {
  auto config = ConfigFor(cmd.location);
  if (!config) return Fail(config.error());
  sys::SystemClock clock;
  auto db = store::SqliteDatabase::Open(config->database_path(), store::OpenMode::kMustExist);
  if (!db) return Fail(db.error());
  auto before = store::CurrentSchemaVersion(**db);
  if (!before) return Fail(config->database_path().string() + ": " + before.error().message);
  auto applied = store::Migrate(**db, clock);
  if (!applied) return Fail(config->database_path().string() + ": " + applied.error().message);
  std::cout << "Schema version " << *before << " -> " << store::LatestSchemaVersion(**db) << " ("
            << *applied << " migration(s) applied)\n";
  return 0;
}

int UserAdd(const cli::UserAddCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  store::Repositories repos(clock);
  auto org = ChooseAuthority(*work->db, repos, cmd.organization);
  if (!org) return Fail(org.error());
  auto hash = NewPassword(cmd.password_file);
  if (!hash) return Fail(hash.error());
  User user{{}, org->id, cmd.email, cmd.name, *hash, {}, false, {}, "de"};
  for (const std::string& role : cmd.roles) user.roles.insert(*kRoleNames.Parse(role));
  auto id = store::InTransaction(*work->db, [&](store::Transaction& tx) {
    return repos.users.Create(tx, Actor::Cli(), user);
  });
  if (!id) return Fail(id.error());
  std::cout << "User " << cmd.email << " added to " << org->name << "\n";
  return 0;
}

int EvidenceExport(const cli::EvidenceExportCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  store::Repositories repos(clock);
  auto exported = moderation::ExportEvidence(*work->db, repos, EvidenceId(cmd.id), cmd.out);
  if (!exported) return Fail(exported.error());
  for (const std::filesystem::path& file : exported->files) std::cout << file.string() << "\n";
  const bool intact = exported->check.content_intact && exported->check.chain_intact;
  std::cout << (intact ? "Evidence intact: content and chain verified\n"
                       : "Evidence BROKEN: the record or its chain was changed\n");
  return intact ? 0 : kFailure;
}

int RetentionRun(const cli::RetentionRunCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  store::Repositories repos(clock);
  moderation::Retention retention(*work->db, repos, clock);
  auto report = retention.Run(Actor::Cli(), cmd.dry_run);
  if (!report) return Fail(report.error());
  std::cout << moderation::FormatRetentionReport(*report);
  return 0;
}

int RemindersRun(const cli::RemindersRunCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  auto mailer = MailerOf(work->config.mail);
  if (!mailer) return Fail(mailer.error());
  if (!*mailer && !cmd.dry_run) {
    return Fail(
        "kein Mailserver eingerichtet / no mail server configured: [mail] smtp_url and from "
        "in civicpost.toml (or CIVICPOST_SMTP_URL, CIVICPOST_MAIL_FROM)",
        kBadInput);
  }
  store::Repositories repos(clock);
  web::Catalogue catalogue;
  web::CatalogueReminderWording wording(catalogue);
  moderation::ComplaintReminders reminders(*work->db, repos, clock, mailer->get(), wording,
                                           ReminderSettingsOf(work->config));
  auto report = reminders.Run(Actor::Cli(), cmd.dry_run ? moderation::ReminderRun::kDryRun
                                                        : moderation::ReminderRun::kSend);
  if (!report) return Fail(report.error());
  std::cout << moderation::FormatReminderReport(*report);
  for (const moderation::ReminderOutcome& r : report->reminders) {
    if (!cmd.dry_run && !r.pending.empty()) return kFailure;
  }
  return 0;
}

int ModelExamples(const cli::ModelExamplesCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  store::Repositories repos(clock);
  auto examples = moderation::ModeratorExamples(*work->db, repos);
  if (!examples) return Fail(examples.error());
  // Citizens' words leave the data directory: only the owner may read the file.
  if (Status written = sys::WriteFileAtomically(
          cmd.out, moderation::ExamplesCsv(*examples),
          std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      !written.ok()) {
    return Fail(written.error());
  }
  int abusive = 0;
  for (const moderation::ModeratorExample& e : *examples) abusive += e.abusive ? 1 : 0;
  std::cout << examples->size() << " Beispiele / examples (" << abusive
            << " ausgeblendet oder gelöscht / hidden or deleted) in " << cmd.out << "\n";
  return 0;
}

int AuditVerify(const cli::AuditVerifyCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  auto report = store::AuditLog::Verify(*work->db);
  if (!report) return Fail(report.error());
  if (report->first_broken_id) {
    std::cout << "Audit log BROKEN at entry " << *report->first_broken_id << ": " << report->problem
              << "\n";
    return kFailure;
  }
  std::cout << "Audit log intact: " << report->rows_checked << " entries verified\n";
  return 0;
}

int MediaImport(const cli::MediaImportCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  store::Repositories repos(clock);
  auto org = ChooseAuthority(*work->db, repos, cmd.organization);
  if (!org) return Fail(org.error());
  media::MediaLibrary library(*work->db, repos, work->config.data_dir,
                              UploadLimitsOf(work->config));
  int refused = 0;
  for (const std::string& file : cmd.files) {
    const std::string name = std::filesystem::path(file).filename().string();
    auto imported = library.Import(org->id, Actor::Cli(), file, name);
    if (!imported) {
      std::cerr << "civicpost: " << file << ": " << imported.error().message << "\n";
      ++refused;
      continue;
    }
    const Media& m = imported->media;
    std::cout << (imported->duplicate ? "already there: " : "imported: ") << file << " -> media "
              << m.id.ToString() << " (" << m.content_type << ", " << m.width << " x " << m.height
              << ")" << (m.has_location ? ", has location data (never published)" : "") << "\n";
  }
  if (refused > 0) {
    std::cerr << "civicpost: " << refused << " of " << cmd.files.size() << " file(s) refused\n";
    return kBadInput;
  }
  std::cout << "Record each file's rights in the staff app: /app/media\n";
  return 0;
}

int MediaRender(const cli::MediaRenderCommand& cmd) {
  media::RenditionInput input;
  input.original = cmd.file;
  input.focal_x = cmd.focal_x;
  input.focal_y = cmd.focal_y;
  auto rendered = media::RenderJpeg(input, *media::ParseRecipe(cmd.recipe), cmd.out);
  if (!rendered) return Fail(rendered.error());
  std::cout << cmd.out << ": " << rendered->width << " x " << rendered->height << "\n";
  return 0;
}

// The Graph API sandbox on its own server and thread, until it goes.
class RunningSandbox {
 public:
  RunningSandbox(const Config& listen, int quota, std::string webhook_url = "")
      : graph_(Options(quota, std::move(webhook_url)), fetcher_, clock_) {
    graph_.Register(router_);
    web::ServerOptions server_options;
    server_options.address = listen.listen_address;
    server_options.port = listen.port;
    server_options.threads = 4;  // it fetches images, maybe from a civicpost on this machine
    server_ = std::make_unique<web::HttpServer>(router_, metrics_, server_options);
  }
  ~RunningSandbox() {
    if (thread_.joinable()) {
      server_->Shutdown();
      thread_.join();
    }
  }
  Status Listen() { return server_->Listen(); }
  void RunInBackground() {
    thread_ = std::thread([this] { server_->Run(); });
  }
  web::HttpServer& server() { return *server_; }
  std::string BaseUrl(const Config& listen) const {
    const bool ipv6 = listen.listen_address.find(':') != std::string::npos;
    const std::string host = ipv6 ? "[" + listen.listen_address + "]" : listen.listen_address;
    return "http://" + host + ":" + std::to_string(server_->port());
  }
  static sandbox::SandboxOptions Options(int quota, std::string webhook_url = "") {
    sandbox::SandboxOptions options;
    options.quota_total = quota;
    options.webhook_url = std::move(webhook_url);
    return options;
  }

 private:
  sys::SystemClock clock_;
  sys::CurlHttpClient fetcher_;
  sandbox::GraphSandbox graph_;
  web::Router router_;
  web::Metrics metrics_;
  std::unique_ptr<web::HttpServer> server_;
  std::thread thread_;
};

int Sandbox(const cli::SandboxCommand& cmd) {
  Config config;
  if (Status s = ParseListen(cmd.listen, "--listen", config); !s.ok()) return Fail(s.error());
  RunningSandbox running(config, cmd.quota);
  if (Status listening = running.Listen(); !listening.ok()) return Fail(listening.error());
  running.server().StopOnSignals();
  const sandbox::SandboxOptions options = RunningSandbox::Options(cmd.quota);
  std::cout << "Graph-API-Sandbox / Graph API sandbox: " << running.BaseUrl(config) << "/v24.0/\n"
            << "Instagram-Konto / account: " << options.ig_user_id << " (@" << options.username
            << ")\n"
            << "Zugangsschlüssel / access token: " << *options.tokens.begin() << "\n"
            << "Fehler einspielen / inject faults: POST /_sandbox/faults {\"code\":80002,...}\n"
            << std::flush;
  running.server().Run();
  return 0;
}

// Connects the authorities' Instagram channels that have no real connection
// (none, or one to another sandbox) to the sandbox at `base_url`.
Status ConnectToSandbox(const Config& config, store::Database& db, store::Repositories& repos,
                        const Clock& clock, const std::string& base_url) {
  auto secrets = sys::LoadKeyFile(config.secrets_key_file(), config.data_dir, true);
  if (!secrets) return secrets.error();
  auto orgs = repos.organizations.List(db);
  if (!orgs) return orgs.error();
  const sandbox::SandboxOptions options;
  for (const Organization& org : *orgs) {
    auto channels = repos.channels.ListByOrganization(db, org.id);
    if (!channels) return channels.error();
    for (const Channel& channel : *channels) {
      if (channel.platform != ChannelPlatform::kInstagram) continue;
      auto current = repos.channels.GetConnection(db, channel.id);
      if (!current) return current.error();
      if (!current->token_sealed.empty() && current->api_base_url.starts_with("https://")) continue;
      ChannelConnection connection;
      connection.account_id = options.ig_user_id;
      connection.account_name = options.username;
      connection.api_base_url = base_url;
      connection.token_sealed = secrets->Seal(*options.tokens.begin());
      // As a new long-lived token: renewed from 50 days on, like a real one.
      connection.token_refreshed_at = clock.Now();
      connection.token_expires_at = *connection.token_refreshed_at + std::chrono::hours(24 * 60);
      Status saved = store::InTransaction(db, [&](store::Transaction& tx) {
        return repos.channels.Connect(tx, Actor::Cli(), channel.id, connection);
      });
      if (!saved.ok()) return saved;
      spdlog::info("{}: channel '{}' connected to the sandbox at {}", org.slug, channel.key,
                   base_url);
    }
  }
  return Status::Ok();
}

int Work(const cli::WorkCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  store::Repositories repos(clock);
  auto publishing = Publishing::Start(work->config, *work->db, repos, clock,
                                      std::chrono::seconds(cmd.lease_seconds));
  if (!publishing) return Fail(publishing.error());
  jobs::Worker& worker = (*publishing)->worker();
  auto released = worker.ReleaseDeadLeases();
  if (!released) return Fail(released.error());
  if (*released > 0) spdlog::warn("took over {} job(s) of a worker that died", *released);
  if (cmd.once) {
    (*publishing)->KeepTokens();
    (*publishing)->AssessComments();
    auto ran = worker.RunDue();
    if (!ran) return Fail(ran.error());
    std::cout << *ran << " job(s) run\n";
    return 0;
  }
  sys::StopFlag stop;
  Timestamp next_backfill = clock.Now();
  Timestamp next_insights = clock.Now();
  while (!stop.Requested()) {
    if (clock.Now() >= next_backfill) {
      (*publishing)->BackfillComments();
      next_backfill = clock.Now() + std::chrono::minutes(15);
    }
    if (clock.Now() >= next_insights) {
      (*publishing)->PollInsights();
      next_insights = clock.Now() + std::chrono::hours(6);
    }
    (*publishing)->KeepTokens();
    (*publishing)->AssessComments();
    if (auto ran = worker.RunDue(); !ran) spdlog::error("running jobs: {}", ran.error().message);
    stop.WaitFor(std::chrono::seconds(10));
  }
  return 0;
}

int ChannelConnect(const cli::ChannelConnectCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kMustExist, clock);
  if (!work) return Fail(work.error());
  store::Repositories repos(clock);
  auto org = ChooseAuthority(*work->db, repos, cmd.organization);
  if (!org) return Fail(org.error());
  auto channels = repos.channels.ListByOrganization(*work->db, org->id);
  if (!channels) return Fail(channels.error());
  auto channel = std::find_if(channels->begin(), channels->end(),
                              [&](const Channel& c) { return c.key == cmd.channel; });
  if (channel == channels->end()) {
    return Fail("CHANNEL: the authority '" + org->slug + "' has no channel '" + cmd.channel + "'");
  }
  if (channel->platform != ChannelPlatform::kInstagram) {
    return Fail("CHANNEL: '" + cmd.channel + "' is not an Instagram channel; it needs no token");
  }
  if (!cmd.api_base_url.starts_with("https://") && !cmd.api_base_url.starts_with("http://")) {
    return Fail("--api-base-url: '" + cmd.api_base_url + "' is not an http(s) address");
  }
  auto token = sys::ReadSecret(cmd.token_file, "Zugangsschlüssel / access token: ");
  if (!token) return Fail(token.error());
  if (token->empty()) return Fail("the access token is empty");
  auto secrets = sys::LoadKeyFile(work->config.secrets_key_file(), work->config.data_dir, true);
  if (!secrets) return Fail(secrets.error());
  ChannelConnection connection;
  connection.api_base_url = cmd.api_base_url;
  connection.token_refreshed_at = clock.Now();
  if (cmd.expires_in_days > 0) {
    connection.token_expires_at = clock.Now() + std::chrono::hours(24 * cmd.expires_in_days);
  }
  sys::CurlHttpClient http;
  channels::instagram::GraphConfig config;
  config.base_url = cmd.api_base_url;
  config.access_token = *token;
  if (cmd.app_secret_file) {
    auto app_secret = sys::ReadSecret(*cmd.app_secret_file, "");
    if (!app_secret) return Fail(app_secret.error());
    auto grant = channels::instagram::GraphClient(http, config).ExchangeToken(*app_secret);
    if (auto* error = std::get_if<channels::instagram::GraphError>(&grant)) {
      return Fail("exchanging the token for a long-lived one failed: " + error->message +
                  "; nothing was stored");
    }
    const auto& long_lived = std::get<channels::instagram::TokenGrant>(grant);
    config.access_token = long_lived.access_token;
    if (long_lived.expires_in.count() > 0) {
      connection.token_expires_at = clock.Now() + long_lived.expires_in;
    }
  }
  // The token must work, and say whose account it is.
  auto me = channels::instagram::GraphClient(http, config).Me();
  if (auto* error = std::get_if<channels::instagram::GraphError>(&me)) {
    return Fail("the platform refused the token (" + error->message + "); nothing was stored");
  }
  const auto& account = std::get<channels::instagram::GraphClient::Account>(me);
  if (!cmd.account_id.empty() && cmd.account_id != account.user_id) {
    return Fail("--account-id: the token belongs to account " + account.user_id + " (@" +
                account.username + "), not " + cmd.account_id + "; nothing was stored");
  }
  // One account, one channel: comments and insights name only the account.
  auto holder =
      repos.channels.FindByAccount(*work->db, ChannelPlatform::kInstagram, account.user_id);
  if (!holder) return Fail(holder.error());
  if (*holder && (*holder)->id != channel->id) {
    return Fail("the account @" + account.username + " is already connected to channel '" +
                (*holder)->key + "'; nothing was stored");
  }
  connection.account_id = account.user_id;
  connection.account_name = account.username;
  connection.token_sealed = secrets->Seal(config.access_token);
  Status saved = store::InTransaction(*work->db, [&](store::Transaction& tx) {
    return repos.channels.Connect(tx, Actor::Cli(), channel->id, connection);
  });
  if (!saved.ok()) return Fail(saved.error());
  std::cout << "Kanal '" << cmd.channel << "' verbunden mit / connected to @" << account.username
            << " (" << account.user_id << ", " << cmd.api_base_url << ")\n";
  return 0;
}

int Serve(const cli::ServeCommand& cmd) {
  sys::SystemClock clock;
  auto work = OpenWorkspace(cmd.location, store::OpenMode::kCreateIfMissing, clock, cmd.listen);
  if (!work) return Fail(work.error());
  Config& config = work->config;
  store::Repositories repos(clock);
  if (cmd.demo) {
    auto orgs = repos.organizations.List(*work->db);
    if (!orgs) return Fail(orgs.error());
    if (orgs->empty()) {
      auto logins = LoadDemo(*work->db, repos, clock, config.data_dir);
      if (!logins) return Fail(logins.error());
      spdlog::info("demo authority loaded into {}", config.data_dir.string());
    }
  }
  std::unique_ptr<RunningSandbox> sandbox;
  if (cmd.sandbox_listen) {
    Config sandbox_listen;
    if (Status s = ParseListen(*cmd.sandbox_listen, "--sandbox", sandbox_listen); !s.ok()) {
      return Fail(s.error());
    }
    // Its comments reach our webhook, signed with its secret, unless a real
    // app's webhook is configured.
    const sandbox::SandboxOptions defaults = RunningSandbox::Options(100);
    std::string webhook_url;
    if (config.webhook_secret_file.empty()) {
      webhook_url = config.public_base_url() + "/webhooks/instagram";
      config.webhook_secret = defaults.app_secret;
      if (config.webhook_verify_token.empty()) config.webhook_verify_token = "SANDBOX-VERIFY";
    }
    sandbox = std::make_unique<RunningSandbox>(sandbox_listen, 100, webhook_url);
    if (Status listening = sandbox->Listen(); !listening.ok()) return Fail(listening.error());
    const std::string base = sandbox->BaseUrl(sandbox_listen);
    // Staff can try "Reconnect" too: the sign-in goes to the sandbox's page.
    if (config.instagram.app_id.empty()) {
      config.instagram.app_id = defaults.app_id;
      config.instagram.app_secret = defaults.app_secret;
      config.instagram.authorize_url = base + "/oauth/authorize";
      config.instagram.token_url = base + "/oauth/access_token";
      config.instagram.api_base_url = base;
    }
    if (Status s = ConnectToSandbox(config, *work->db, repos, clock, base); !s.ok())
      return Fail(s.error());
    sandbox->RunInBackground();
    std::cout << "Graph-API-Sandbox / Graph API sandbox: " << base << "/v24.0/\n";
  }
  return RunServer(config, *work->db, repos,
                   cmd.demo ? ReadDemoLogins(config.data_dir) : std::vector<DemoLogin>{});
}

}  // namespace

int RunCommand(const cli::Command& command) {
  return std::visit(
      [](const auto& cmd) -> int {
        using T = std::decay_t<decltype(cmd)>;
        if constexpr (std::is_same_v<T, cli::ServeCommand>) return Serve(cmd);
        if constexpr (std::is_same_v<T, cli::InitCommand>) return Init(cmd);
        if constexpr (std::is_same_v<T, cli::MigrateCommand>) return Migrate(cmd);
        if constexpr (std::is_same_v<T, cli::ConceptCheckCommand>) return ConceptCheck(cmd);
        if constexpr (std::is_same_v<T, cli::ConceptRenderCommand>) return ConceptRender(cmd);
        if constexpr (std::is_same_v<T, cli::ConceptStatusCommand>) return ConceptStatus(cmd);
        if constexpr (std::is_same_v<T, cli::ConceptLoadCommand>) return ConceptLoad(cmd);
        if constexpr (std::is_same_v<T, cli::UserAddCommand>) return UserAdd(cmd);
        if constexpr (std::is_same_v<T, cli::AuditVerifyCommand>) return AuditVerify(cmd);
        if constexpr (std::is_same_v<T, cli::MediaImportCommand>) return MediaImport(cmd);
        if constexpr (std::is_same_v<T, cli::MediaRenderCommand>) return MediaRender(cmd);
        if constexpr (std::is_same_v<T, cli::SandboxCommand>) return Sandbox(cmd);
        if constexpr (std::is_same_v<T, cli::WorkCommand>) return Work(cmd);
        if constexpr (std::is_same_v<T, cli::ChannelConnectCommand>) return ChannelConnect(cmd);
        if constexpr (std::is_same_v<T, cli::ModelTrainCommand>) return ModelTrain(cmd);
        if constexpr (std::is_same_v<T, cli::ModelEvalCommand>) return ModelEval(cmd);
        if constexpr (std::is_same_v<T, cli::ClassifyCommand>) return Classify(cmd);
        if constexpr (std::is_same_v<T, cli::EvidenceExportCommand>) return EvidenceExport(cmd);
        if constexpr (std::is_same_v<T, cli::RetentionRunCommand>) return RetentionRun(cmd);
        if constexpr (std::is_same_v<T, cli::RemindersRunCommand>) return RemindersRun(cmd);
        if constexpr (std::is_same_v<T, cli::ExportSiteCommand>) return ExportSite(cmd);
        if constexpr (std::is_same_v<T, cli::ImpressumCheckCommand>) return ImpressumCheck(cmd);
        if constexpr (std::is_same_v<T, cli::ModelExamplesCommand>) return ModelExamples(cmd);
      },
      command);
}

}  // namespace civicpost::app

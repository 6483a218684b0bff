#include "cli/command_line.hpp"

#include <CLI/CLI.hpp>

namespace civicpost::cli {
namespace {

constexpr const char* kVersion = "civicpost 0.1.0";

void AddLocation(CLI::App& sub, Location& location) {
  sub.add_option("--config", location.config_file,
                 "civicpost.toml to read (default: ./civicpost.toml if present)");
  sub.add_option("--data-dir", location.data_dir, "directory for the database and media");
}

}  // namespace

std::variant<Command, int> ParseCommandLine(int argc, const char* const* argv) {
  CLI::App app{"civicpost: the social-media desk for public authorities"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);

  ServeCommand serve;
  auto* serve_cmd = app.add_subcommand("serve", "serve the staff app and the public pages");
  AddLocation(*serve_cmd, serve.location);
  serve_cmd->add_flag("--demo", serve.demo,
                      "load the demo authority Stadt Sassenberg into an empty data directory");
  serve_cmd->add_option("--sandbox", serve.sandbox_listen,
                        "ADDRESS:PORT: also run the Graph API sandbox there and connect an "
                        "unconnected Instagram channel to it");
  serve_cmd->add_option("--listen", serve.listen, "address and port, e.g. 127.0.0.1:8080");

  InitCommand init;
  auto* init_cmd =
      app.add_subcommand("init", "create the data directory, database and first admin");
  AddLocation(*init_cmd, init.location);
  init_cmd->add_flag("--demo", init.demo, "load the demo authority Stadt Sassenberg");
  init_cmd->add_option("--concept", init.concept_file, "the authority's concept.toml");
  init_cmd->add_option("--admin-email", init.admin_email, "e-mail address of the first admin");
  init_cmd->add_option("--admin-name", init.admin_name, "name of the first admin");
  init_cmd->add_option("--password-file", init.password_file,
                       "file holding the admin password (default: read from standard input)");

  MigrateCommand migrate;
  auto* migrate_cmd = app.add_subcommand("migrate", "bring the database schema up to date");
  AddLocation(*migrate_cmd, migrate.location);

  ConceptCheckCommand concept_check;
  auto* concept_cmd = app.add_subcommand("concept", "work with a usage concept (concept.toml)");
  concept_cmd->require_subcommand(1);
  auto* check_cmd = concept_cmd->add_subcommand("check", "validate a concept.toml");
  check_cmd->add_option("FILE", concept_check.file, "the concept file")->required();

  // Document and format are checked by the command, so that an unknown one
  // gets the same sentence and exit code 2 as every other bad input.
  ConceptRenderCommand concept_render;
  auto* render_cmd = concept_cmd->add_subcommand("render", "render a document from a concept");
  render_cmd->add_option("FILE", concept_render.file, "the concept file")->required();
  render_cmd
      ->add_option("--doc", concept_render.document,
                   "nutzungskonzept, dsfa, datenschutzhinweise, netiquette or vvt")
      ->required();
  render_cmd->add_option("--format", concept_render.format, "md, html or pdf")->required();
  render_cmd->add_option("--out", concept_render.out, "file to write (default: standard output)");
  AddLocation(*render_cmd, concept_render.location);

  ConceptLoadCommand concept_load;
  auto* load_cmd =
      concept_cmd->add_subcommand("load", "load a changed concept as its authority's new version");
  load_cmd->add_option("FILE", concept_load.file, "the concept file")->required();
  AddLocation(*load_cmd, concept_load.location);

  ConceptStatusCommand concept_status;
  auto* status_cmd = concept_cmd->add_subcommand("status", "when the DPIA review is due");
  status_cmd->add_option("FILE", concept_status.file, "the concept file")->required();

  UserAddCommand user_add;
  auto* user_cmd = app.add_subcommand("user", "manage staff accounts");
  user_cmd->require_subcommand(1);
  auto* add_cmd = user_cmd->add_subcommand("add", "add a staff account");
  AddLocation(*add_cmd, user_add.location);
  add_cmd->add_option("--email", user_add.email, "login e-mail address")->required();
  add_cmd->add_option("--name", user_add.name, "display name")->required();
  add_cmd->add_option("--role", user_add.roles, "editor, approver, moderator, dpo or admin")
      ->required()
      ->check(CLI::IsMember({"editor", "approver", "moderator", "dpo", "admin"}));
  add_cmd->add_option("--organization", user_add.organization, "authority slug");
  add_cmd->add_option("--password-file", user_add.password_file,
                      "file holding the password (default: read from standard input)");

  AuditVerifyCommand audit_verify;
  auto* audit_cmd = app.add_subcommand("audit", "the audit log");
  audit_cmd->require_subcommand(1);
  auto* verify_cmd = audit_cmd->add_subcommand("verify", "check the audit log's hash chain");
  AddLocation(*verify_cmd, audit_verify.location);

  MediaImportCommand media_import;
  MediaRenderCommand media_render;
  auto* media_cmd = app.add_subcommand("media", "the media library");
  media_cmd->require_subcommand(1);
  auto* import_cmd = media_cmd->add_subcommand(
      "import", "check and import images or videos into an authority's media library");
  AddLocation(*import_cmd, media_import.location);
  import_cmd->add_option("FILE", media_import.files, "the files")->required();
  import_cmd->add_option("--organization", media_import.organization, "authority slug");
  auto* media_render_cmd =
      media_cmd->add_subcommand("render", "render a file as a platform rendition (JPEG)");
  media_render_cmd->add_option("FILE", media_render.file, "the original")->required();
  media_render_cmd->add_option("--recipe", media_render.recipe, "the rendition")
      ->required()
      ->check(
          CLI::IsMember({"instagram_feed", "instagram_story", "web_480", "web_960", "web_1600"}));
  media_render_cmd->add_option("--out", media_render.out, "the JPEG to write")->required();
  media_render_cmd->add_option("--focal-x", media_render.focal_x, "focal point, 0..1 from left")
      ->check(CLI::Range(0.0, 1.0));
  media_render_cmd->add_option("--focal-y", media_render.focal_y, "focal point, 0..1 from top")
      ->check(CLI::Range(0.0, 1.0));

  SandboxCommand sandbox;
  auto* sandbox_cmd = app.add_subcommand(
      "sandbox", "run a local stand-in for the Instagram Graph API (no Meta app needed)");
  sandbox_cmd->add_option("--listen", sandbox.listen, "ADDRESS:PORT (default 127.0.0.1:8090)");
  sandbox_cmd->add_option("--quota", sandbox.quota, "posts per 24 hours (default 100)")
      ->check(CLI::Range(1, 10000));

  WorkCommand work;
  auto* work_cmd = app.add_subcommand("work", "run the publishing jobs that are due");
  AddLocation(*work_cmd, work.location);
  work_cmd->add_flag("--once", work.once,
                     "decide about new comments and run the jobs that are due (and renew "
                     "tokens), then exit; without it, "
                     "comments the webhook missed are also read every 15 minutes and "
                     "insights every 6 hours");
  work_cmd
      ->add_option("--lease-seconds", work.lease_seconds,
                   "how long a claimed job is this worker's (default 900)")
      ->check(CLI::Range(1, 86400));

  ChannelConnectCommand channel_connect;
  auto* channel_cmd = app.add_subcommand("channel", "connect channels to their accounts");
  channel_cmd->require_subcommand(1);
  auto* connect_cmd =
      channel_cmd->add_subcommand("connect", "store a channel's account and access token (sealed)");
  AddLocation(*connect_cmd, channel_connect.location);
  connect_cmd->add_option("CHANNEL", channel_connect.channel, "the channel's key, e.g. instagram")
      ->required();
  connect_cmd->add_option("--account-id", channel_connect.account_id,
                          "the Instagram professional account id (checked against the token)");
  connect_cmd->add_option("--api-base-url", channel_connect.api_base_url,
                          "the Graph API (default https://graph.instagram.com) or a sandbox");
  connect_cmd->add_option("--token-file", channel_connect.token_file,
                          "a file holding the access token (else read from standard input)");
  connect_cmd->add_option("--organization", channel_connect.organization, "authority slug");
  connect_cmd
      ->add_option("--expires-in-days", channel_connect.expires_in_days,
                   "the token's remaining life (default 60; 0 for a token that does "
                   "not expire); it is renewed from ten days before")
      ->check(CLI::Range(0, 365));
  connect_cmd->add_option("--app-secret-file", channel_connect.app_secret_file,
                          "the Instagram app secret: exchange a short-lived token for a "
                          "long-lived one first");

  auto* model_cmd = app.add_subcommand("model", "the comment classifier");
  model_cmd->require_subcommand(1);
  ModelTrainCommand model_train;
  auto* train_cmd =
      model_cmd->add_subcommand("train", "train the classifier on labelled German data");
  train_cmd
      ->add_option("--data", model_train.data_dir,
                   "directory with germeval2018.training.txt and gahd.train_dev.csv")
      ->required();
  train_cmd->add_option("--out", model_train.out, "directory for the model (default: models)");
  train_cmd->add_option("--folds", model_train.folds, "cross-validation folds (default 5)")
      ->check(CLI::Range(2, 20));
  train_cmd->add_option("--epoch", model_train.epoch, "fastText epochs");
  train_cmd->add_option("--dim", model_train.dim, "fastText vector size");
  train_cmd->add_option("--lr", model_train.lr, "fastText learning rate");
  train_cmd->add_option("--word-ngrams", model_train.word_ngrams, "fastText word n-grams");
  train_cmd->add_option("--bucket", model_train.bucket, "fastText hash buckets for n-grams")
      ->check(CLI::Range(1000, 10000000));
  train_cmd->add_option("--minn", model_train.minn, "shortest character n-gram (0: none)");
  train_cmd->add_option("--maxn", model_train.maxn, "longest character n-gram (0: none)");
  train_cmd
      ->add_option("--extra", model_train.extra,
                   "the authority's own labelled comments (CSV from `model examples`)")
      ->check(CLI::ExistingFile);
  ModelExamplesCommand model_examples;
  auto* examples_cmd = model_cmd->add_subcommand(
      "examples", "write moderators' decisions as labelled examples (CSV)");
  AddLocation(*examples_cmd, model_examples.location);
  examples_cmd->add_option("--out", model_examples.out, "the CSV file to write")->required();
  ModelEvalCommand model_eval;
  auto* eval_cmd = model_cmd->add_subcommand("eval", "measure the classifier on labelled data");
  eval_cmd->add_option("--data", model_eval.data, "the labelled file")->required();
  eval_cmd->add_option("--format", model_eval.format, "germeval or csv")
      ->required()
      ->check(CLI::IsMember({"germeval", "csv"}));
  eval_cmd->add_option("--models", model_eval.model_dir, "model directory");
  eval_cmd->add_option("--concept", model_eval.concept_file,
                       "concept.toml with the thresholds (default: the demo's)");

  ClassifyCommand classify;
  auto* classify_cmd = app.add_subcommand(
      "classify", "classify comments: one per line on standard input, JSON lines out");
  classify_cmd->add_option("--models", classify.model_dir, "model directory");
  classify_cmd->add_option("--concept", classify.concept_file,
                           "concept.toml with the thresholds (default: the demo's)");
  classify_cmd->add_flag("--off-hours", classify.off_hours,
                         "decide as outside office hours (the concept's off-hours threshold)");

  EvidenceExportCommand evidence_export;
  auto* evidence_cmd = app.add_subcommand("evidence", "evidence kept before comments are hidden");
  evidence_cmd->require_subcommand(1);
  auto* export_cmd = evidence_cmd->add_subcommand(
      "export", "write a record for a criminal complaint: JSON, and a summary as HTML and PDF");
  AddLocation(*export_cmd, evidence_export.location);
  export_cmd->add_option("ID", evidence_export.id, "the evidence record's number")
      ->required()
      ->check(CLI::PositiveNumber);
  export_cmd->add_option("--out", evidence_export.out, "directory for the files (default: .)");

  RetentionRunCommand retention_run;
  auto* retention_cmd =
      app.add_subcommand("retention", "retention periods of moderation records (the concept's)");
  retention_cmd->require_subcommand(1);
  auto* retention_run_cmd = retention_cmd->add_subcommand(
      "run", "delete evidence and decisions past their periods, erase the comments they leave");
  AddLocation(*retention_run_cmd, retention_run.location);
  retention_run_cmd->add_flag("--dry-run", retention_run.dry_run,
                              "list what would be deleted; delete nothing");

  RemindersRunCommand reminders_run;
  auto* reminders_cmd =
      app.add_subcommand("reminders", "complaint deadline reminders by mail (§ 77b StGB)");
  reminders_cmd->require_subcommand(1);
  auto* reminders_run_cmd = reminders_cmd->add_subcommand(
      "run", "mail the reminders due (30, 14 and 7 days before a deadline) to moderators");
  AddLocation(*reminders_run_cmd, reminders_run.location);
  reminders_run_cmd->add_flag("--dry-run", reminders_run.dry_run,
                              "list the reminders due and their recipients; send nothing");

  ExportSiteCommand export_site;
  auto* export_site_cmd = app.add_subcommand(
      "export-site", "write the public site as static files (relative links, feeds, images)");
  AddLocation(*export_site_cmd, export_site.location);
  export_site_cmd
      ->add_option("dir", export_site.dir,
                   "directory to write; an earlier export there is replaced")
      ->required();
  ImpressumCheckCommand impressum_check;
  auto* impressum_cmd =
      app.add_subcommand("impressum", "the Impressum the platform bio links to (§ 5 DDG)");
  impressum_cmd->require_subcommand(1);
  auto* impressum_check_cmd = impressum_cmd->add_subcommand(
      "check", "check that the bio's Impressum link (impressum.bio_link) answers; 1 if not");
  AddLocation(*impressum_check_cmd, impressum_check.location);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (serve_cmd->parsed()) return Command(serve);
  if (init_cmd->parsed()) return Command(init);
  if (migrate_cmd->parsed()) return Command(migrate);
  if (check_cmd->parsed()) return Command(concept_check);
  if (render_cmd->parsed()) return Command(concept_render);
  if (load_cmd->parsed()) return Command(concept_load);
  if (status_cmd->parsed()) return Command(concept_status);
  if (add_cmd->parsed()) return Command(user_add);
  if (verify_cmd->parsed()) return Command(audit_verify);
  if (import_cmd->parsed()) return Command(media_import);
  if (media_render_cmd->parsed()) return Command(media_render);
  if (sandbox_cmd->parsed()) return Command(sandbox);
  if (work_cmd->parsed()) return Command(work);
  if (connect_cmd->parsed()) return Command(channel_connect);
  if (train_cmd->parsed()) return Command(model_train);
  if (eval_cmd->parsed()) return Command(model_eval);
  if (examples_cmd->parsed()) return Command(model_examples);
  if (classify_cmd->parsed()) return Command(classify);
  if (export_cmd->parsed()) return Command(evidence_export);
  if (retention_run_cmd->parsed()) return Command(retention_run);
  if (reminders_run_cmd->parsed()) return Command(reminders_run);
  if (export_site_cmd->parsed()) return Command(export_site);
  if (impressum_check_cmd->parsed()) return Command(impressum_check);
  return 2;
}

}  // namespace civicpost::cli

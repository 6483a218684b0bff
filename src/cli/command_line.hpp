#pragma once
// The civicpost command line: which subcommand, with which options.
// Parsing only; the composition root (app/) runs the command.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace civicpost::cli {

// Where the service keeps its data; every subcommand that opens the
// database takes these.
struct Location {
  std::optional<std::string> config_file;  // --config
  std::optional<std::string> data_dir;     // --data-dir
};

struct ServeCommand {
  Location location;
  bool demo = false;
  std::optional<std::string> listen;  // ADDR:PORT
  // Also runs the Graph API sandbox there and connects an unconnected
  // Instagram channel to it, to try publishing without a Meta app.
  std::optional<std::string> sandbox_listen;
};

struct InitCommand {
  Location location;
  bool demo = false;
  std::optional<std::string> concept_file;
  std::optional<std::string> admin_email;
  std::optional<std::string> admin_name;
  std::optional<std::string> password_file;  // else read from stdin
};

struct MigrateCommand {
  Location location;
};

struct ConceptCheckCommand {
  std::string file;
};

struct ConceptRenderCommand {
  Location location;  // to show the concept version, when the file is loaded
  std::string file;
  std::string document;            // nutzungskonzept, dsfa, datenschutzhinweise, netiquette, vvt
  std::string format;              // md, html, pdf
  std::optional<std::string> out;  // default: standard output
};

// Loads a changed concept.toml for its authority as a new version.
struct ConceptLoadCommand {
  Location location;
  std::string file;
};

struct ConceptStatusCommand {
  std::string file;
};

struct UserAddCommand {
  Location location;
  std::string email;
  std::string name;
  std::vector<std::string> roles;
  std::optional<std::string> organization;  // slug; needed when several are hosted
  std::optional<std::string> password_file;
};

struct AuditVerifyCommand {
  Location location;
};

// Imports files into an authority's media library, with the upload checks.
struct MediaImportCommand {
  Location location;
  std::vector<std::string> files;
  std::optional<std::string> organization;  // slug; needed when several are hosted
};

// Runs the stand-in for the Instagram Graph API.
struct SandboxCommand {
  std::string listen = "127.0.0.1:8090";
  int quota = 100;
};

// Renders one file as a platform rendition, for operators and benchmarks.
struct MediaRenderCommand {
  std::string file;
  std::string recipe;  // instagram_feed, instagram_story, web_480, web_960, web_1600
  std::string out;
  double focal_x = 0.5;
  double focal_y = 0.5;
};

// Runs the publishing jobs that are due (what `serve` does in the background).
struct WorkCommand {
  Location location;
  bool once = false;        // run what is due, then exit
  int lease_seconds = 900;  // how long a claimed job is this worker's
};

// Connects a channel to its account: the token is read from a file or
// standard input and stored sealed.
struct ChannelConnectCommand {
  Location location;
  std::string channel;     // the key in the concept, "instagram"
  std::string account_id;  // optional: checked against the token's account
  std::string api_base_url = "https://graph.instagram.com";
  std::optional<std::string> token_file;
  std::optional<std::string> organization;  // slug; needed when several are hosted
  int expires_in_days = 60;  // a long-lived token's life; 0: it does not expire (Page token)
  // With the app secret, a short-lived token is exchanged for a long-lived one.
  std::optional<std::string> app_secret_file;
};

// Trains the comment classifier on labelled German data (model card:
// models/README.md).
struct ModelTrainCommand {
  std::string data_dir;  // ../shared/data/moderation
  std::string out = "models";
  int folds = 5;
  // Tuning: each overrides both heads' fastText setting.
  std::optional<int> epoch;
  std::optional<int> dim;
  std::optional<double> lr;
  std::optional<int> word_ngrams;
  std::optional<int> bucket;
  std::optional<int> minn;  // character n-grams; 0 and 0: none
  std::optional<int> maxn;
  std::vector<std::string> extra;  // the authority's own examples (CSV)
};

// Writes moderators' decisions as labelled examples (CSV), for `model eval`
// and `model train --extra`.
struct ModelExamplesCommand {
  Location location;
  std::string out;
};

// Measures the classifier (and the decision's hide action) on labelled data.
struct ModelEvalCommand {
  std::string data;
  std::string format;  // germeval or csv
  std::optional<std::string> model_dir;
  std::optional<std::string> concept_file;  // thresholds and clauses; default: the demo's
};

// Writes the package for a criminal complaint: the evidence record as JSON
// and a summary as HTML and PDF.
struct EvidenceExportCommand {
  Location location;
  int64_t id = 0;
  std::string out = ".";
};

// Applies the concept's retention periods now (what `serve` does daily) and
// prints the deletion report; --dry-run lists what would go.
struct RetentionRunCommand {
  Location location;
  bool dry_run = false;
};

// Sends the complaint deadline reminders that are due (what `serve` does
// hourly) and prints what went out; --dry-run lists them and sends nothing.
struct RemindersRunCommand {
  Location location;
  bool dry_run = false;
};

// Writes the public site as plain files into `dir` (replacing an earlier
// export there, never anything else).
struct ExportSiteCommand {
  Location location;
  std::string dir;
};

// Checks the Impressum link in each authority's platform bio (what `serve`
// does daily) and prints the result; exit code 1 when a link fails.
struct ImpressumCheckCommand {
  Location location;
};

// One comment per input line in, one JSON object per line out.
struct ClassifyCommand {
  std::optional<std::string> model_dir;
  std::optional<std::string> concept_file;
  bool off_hours = false;  // decide with the off-hours threshold
};

using Command =
    std::variant<ServeCommand, InitCommand, MigrateCommand, ConceptCheckCommand,
                 ConceptRenderCommand, ConceptLoadCommand, ConceptStatusCommand, UserAddCommand,
                 AuditVerifyCommand, MediaImportCommand, MediaRenderCommand, SandboxCommand,
                 WorkCommand, ChannelConnectCommand, ModelTrainCommand, ModelEvalCommand,
                 ModelExamplesCommand, ClassifyCommand, EvidenceExportCommand, RetentionRunCommand,
                 RemindersRunCommand, ExportSiteCommand,
                 ImpressumCheckCommand>;

// Either a command to run or, for --help, --version and usage errors (which
// have been printed already), the exit code to end with.
std::variant<Command, int> ParseCommandLine(int argc, const char* const* argv);

}  // namespace civicpost::cli

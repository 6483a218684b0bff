#include "app/moderation_commands.hpp"

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/demo.hpp"
#include "app/exit_codes.hpp"
#include "concept/concept_loader.hpp"
#include "moderation/labelled_data.hpp"
#include "moderation/model_training.hpp"
#include "moderation/moderator.hpp"

namespace civicpost::app {
namespace {

void PrintReport(std::ostream& out, const std::string& title,
                 const moderation::ClassificationReport& report) {
  out << fmt::format(
      "{}: macro-F1 {:.4f} (macro-P {:.4f}, macro-R {:.4f}), accuracy {:.4f}, n={}\n", title,
      report.macro_f1, report.macro_precision, report.macro_recall, report.accuracy,
      report.examples);
  for (const auto& [label, m] : report.classes) {
    out << fmt::format("  {:<10} P {:.4f}  R {:.4f}  F1 {:.4f}  n={}\n", label, m.precision,
                       m.recall, m.f1, m.support);
  }
}

// The concept whose thresholds and clauses decide: the given file, or the
// demo authority's.
Result<usage::Concept> DecidingConcept(const std::optional<std::string>& file) {
  usage::ConceptLoad load = file ? usage::LoadConceptFile(*file) : LoadDemoConcept();
  if (!load.ok()) return InvalidArgument(usage::FormatDiagnostics(load.diagnostics));
  return *std::move(load.concept_value);
}

Result<moderation::Classifier> LoadClassifier(const std::optional<std::string>& model_dir) {
  return moderation::Classifier::Load(model_dir ? std::filesystem::path(*model_dir)
                                                : DefaultModelDir());
}

}  // namespace

std::filesystem::path DefaultModelDir() { return CIVICPOST_MODEL_DIR; }

int ModelTrain(const cli::ModelTrainCommand& cmd) {
  moderation::TrainingOptions options;
  options.data_dir = cmd.data_dir;
  options.out_dir = cmd.out;
  options.folds = cmd.folds;
  for (moderation::HeadParameters* head : {&options.offense, &options.hate}) {
    if (cmd.epoch) head->epoch = *cmd.epoch;
    if (cmd.dim) head->dim = *cmd.dim;
    if (cmd.lr) head->lr = *cmd.lr;
    if (cmd.word_ngrams) head->word_ngrams = *cmd.word_ngrams;
    if (cmd.bucket) head->bucket = *cmd.bucket;
    if (cmd.minn) head->minn = *cmd.minn;
    if (cmd.maxn) head->maxn = *cmd.maxn;
  }
  for (const std::string& file : cmd.extra) options.extra.emplace_back(file);
  auto report = moderation::TrainModels(options, std::cerr);
  if (!report) return Fail(report.error());
  std::cout << "Cross-validated (" << options.folds << " folds):\n";
  PrintReport(std::cout,
              fmt::format("GermEval 2018 coarse, OFFENSE from abusive >= {:.2f}",
                          report->offense_threshold),
              report->germeval_coarse);
  PrintReport(std::cout, "GermEval 2018 fine", report->germeval_fine);
  PrintReport(std::cout, "GAHD hate", report->gahd);
  std::cout << fmt::format(
      "hide (abusive >= {:.2f} and an explicit word): precision {:.4f}, "
      "recall {:.4f}\n",
      options.hide_threshold, report->hide_precision, report->hide_recall);
  std::cout << "written to " << options.out_dir.string() << "\n";
  return 0;
}

int ModelEval(const cli::ModelEvalCommand& cmd) {
  auto data = moderation::ReadLabelled(cmd.data, cmd.format == "germeval"
                                                     ? moderation::DataFormat::kGermEval
                                                     : moderation::DataFormat::kCsv);
  if (!data) return Fail(data.error());
  auto classifier = LoadClassifier(cmd.model_dir);
  if (!classifier) return Fail(classifier.error());
  auto deciding = DecidingConcept(cmd.concept_file);
  if (!deciding) return Fail(deciding.error());
  const moderation::Moderator moderator(*classifier, *deciding);

  std::vector<std::string> gold;
  std::vector<std::string> predicted;
  std::vector<std::string> gold_fine;
  std::vector<std::string> predicted_fine;
  // The hide action, in and outside office hours, against the gold label.
  std::vector<std::string> hidden;
  std::vector<std::string> hidden_off_hours;
  for (const moderation::LabelledComment& comment : *data) {
    const moderation::Assessment assessment = moderator.Assess(comment.text, true);
    gold.push_back(comment.abusive ? "OFFENSE" : "OTHER");
    predicted.push_back(assessment.classifier.abusive >= classifier->offense_threshold() ? "OFFENSE"
                                                                                         : "OTHER");
    const auto is_hidden = [](const moderation::Verdict& d) {
      return d.action == moderation::Action::kHide ? "OFFENSE" : "OTHER";
    };
    hidden.push_back(is_hidden(assessment.decision));
    hidden_off_hours.push_back(is_hidden(moderator.Decide(assessment, false)));
    if (cmd.format == "germeval") {
      gold_fine.push_back(comment.fine);
      predicted_fine.push_back(assessment.classifier.kind);
    }
  }
  PrintReport(
      std::cout,
      fmt::format("{}: OFFENSE from abusive >= {:.2f}", cmd.data, classifier->offense_threshold()),
      moderation::Evaluate(gold, predicted));
  if (!gold_fine.empty()) {
    PrintReport(std::cout, "fine labels", moderation::Evaluate(gold_fine, predicted_fine));
  }
  const auto print_hide = [&](const std::string& when, double threshold,
                              const std::vector<std::string>& actions) {
    const moderation::ClassificationReport report = moderation::Evaluate(gold, actions);
    const auto offense = report.classes.find("OFFENSE");
    const moderation::ClassMetrics m =
        offense == report.classes.end() ? moderation::ClassMetrics{} : offense->second;
    std::cout << fmt::format(
        "hide action {} (from {:.2f}): precision {:.4f}, recall {:.4f}, "
        "{} hidden\n",
        when, threshold, m.precision, m.recall, m.predicted);
  };
  print_hide("in office hours", deciding->moderation.auto_hide_threshold, hidden);
  print_hide("outside office hours", deciding->moderation.off_hours_auto_hide_threshold,
             hidden_off_hours);
  return 0;
}

int Classify(const cli::ClassifyCommand& cmd) {
  auto classifier = LoadClassifier(cmd.model_dir);
  if (!classifier) return Fail(classifier.error());
  auto deciding = DecidingConcept(cmd.concept_file);
  if (!deciding) return Fail(deciding.error());
  const moderation::Moderator moderator(*classifier, *deciding);
  std::string line;
  for (int number = 1; std::getline(std::cin, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // The line holds numbers and names only, never the comment's text.
    std::cout << moderation::ClassifyJson(moderator.Assess(line, !cmd.off_hours)).dump() << '\n';
  }
  std::cout.flush();
  return std::cout ? 0 : kFailure;
}

}  // namespace civicpost::app

#include "moderation/model_training.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <random>

#include "core/sha256.hpp"
#include "moderation/calibration.hpp"
#include "moderation/classifier.hpp"
#include "moderation/labelled_data.hpp"
#include "moderation/lexicon.hpp"
#include "moderation/model_input.hpp"

namespace civicpost::moderation {
namespace {

constexpr std::string_view kGermEvalFile = "germeval2018.training.txt";
constexpr std::string_view kGahdFile = "gahd.train_dev.csv";

struct Example {
  std::string input;  // model_input.hpp
  std::string label;  // the head's label
  bool positive = false;
};

// Stratified folds: each label's examples shuffled with a fixed seed and
// dealt round-robin, so every fold has the same mix.
std::vector<int> AssignFolds(const std::vector<Example>& examples, int folds, int seed) {
  std::map<std::string, std::vector<size_t>> by_label;
  for (size_t i = 0; i < examples.size(); ++i) by_label[examples[i].label].push_back(i);
  std::mt19937 random(static_cast<uint32_t>(seed));
  std::vector<int> fold(examples.size());
  int next = 0;
  for (auto& [label, indices] : by_label) {
    std::shuffle(indices.begin(), indices.end(), random);
    for (size_t index : indices) fold[index] = next++ % folds;
  }
  return fold;
}

// The examples outside the held-out fold.
Status WriteTrainingFile(const std::filesystem::path& file, const std::vector<Example>& examples,
                         const std::vector<int>& fold, int held_out) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  for (size_t i = 0; i < examples.size(); ++i) {
    if (fold[i] == held_out) continue;
    out << kLabelPrefix << examples[i].label << ' ' << examples[i].input << '\n';
  }
  out.close();
  if (!out) return Unavailable(file.string() + ": cannot be written");
  return Status::Ok();
}

// Trains `folds` heads, each without one fold, and returns every example's
// prediction by the head that did not see it.
Result<std::vector<std::vector<double>>> OutOfFold(const std::vector<Example>& examples,
                                                   const HeadParameters& parameters, int folds,
                                                   const std::filesystem::path& scratch,
                                                   std::vector<std::string>& labels,
                                                   std::ostream& log) {
  const std::vector<int> fold = AssignFolds(examples, folds, parameters.seed);
  std::vector<std::vector<double>> predictions(examples.size());
  for (int k = 0; k < folds; ++k) {
    const std::filesystem::path file = scratch / ("fold-" + std::to_string(k) + ".txt");
    if (Status written = WriteTrainingFile(file, examples, fold, k); !written.ok()) {
      return written.error();
    }
    auto head = FastTextHead::Train(file, parameters);
    if (!head) return head.error();
    labels = head->labels();
    for (size_t i = 0; i < examples.size(); ++i) {
      if (fold[i] == k) predictions[i] = head->Predict(examples[i].input);
    }
    log << "  fold " << k + 1 << "/" << folds << " done\n" << std::flush;
  }
  return predictions;
}

// The final head on all examples, quantised and saved.
Result<FastTextHead> TrainFinal(const std::vector<Example>& examples,
                                const HeadParameters& parameters,
                                const std::filesystem::path& scratch,
                                const std::filesystem::path& file) {
  const std::filesystem::path all = scratch / "all.txt";
  if (Status written = WriteTrainingFile(all, examples, std::vector<int>(examples.size(), 0), -1);
      !written.ok()) {
    return written.error();
  }
  auto head = FastTextHead::Train(all, parameters);
  if (!head) return head.error();
  if (Status quantized = head->Quantize(all, parameters); !quantized.ok()) return quantized.error();
  if (Status saved = head->Save(file); !saved.ok()) return saved.error();
  return head;
}

std::vector<std::string> Threshold(const std::vector<double>& scores, double threshold) {
  std::vector<std::string> labels;
  for (double score : scores) labels.push_back(score >= threshold ? "OFFENSE" : "OTHER");
  return labels;
}

nlohmann::json ToJson(const HeadParameters& p) {
  return {{"dim", p.dim},
          {"epoch", p.epoch},
          {"lr", p.lr},
          {"wordNgrams", p.word_ngrams},
          {"minn", p.minn},
          {"maxn", p.maxn},
          {"bucket", p.bucket},
          {"minCount", p.min_count},
          {"cutoff", p.cutoff},
          {"seed", p.seed},
          {"loss", "softmax"},
          {"thread", 1},
          {"quantised", "qnorm, retrain, dsub 2"}};
}

nlohmann::json ToJson(const ClassificationReport& report) {
  nlohmann::json classes = nlohmann::json::object();
  for (const auto& [label, m] : report.classes) {
    classes[label] = {
        {"precision", m.precision}, {"recall", m.recall}, {"f1", m.f1}, {"support", m.support}};
  }
  return {{"macro_f1", report.macro_f1},         {"macro_precision", report.macro_precision},
          {"macro_recall", report.macro_recall}, {"accuracy", report.accuracy},
          {"examples", report.examples},         {"classes", classes}};
}

Result<std::string> FileSha256(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound(file.string() + ": cannot be opened");
  Sha256Stream hash;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    hash.Update(std::string_view(buffer, static_cast<size_t>(in.gcount())));
  }
  return hash.FinishHex();
}

}  // namespace

Result<TrainingReport> TrainModels(const TrainingOptions& options, std::ostream& log) {
  if (options.folds < 2) return InvalidArgument("--folds: at least 2");
  const std::filesystem::path germeval_file = options.data_dir / kGermEvalFile;
  const std::filesystem::path gahd_file = options.data_dir / kGahdFile;
  auto germeval = ReadLabelled(germeval_file, DataFormat::kGermEval);
  if (!germeval) return germeval.error();
  auto gahd = ReadLabelled(gahd_file, DataFormat::kCsv);
  if (!gahd) return gahd.error();

  std::vector<Example> offense_examples;
  for (const LabelledComment& c : *germeval) {
    offense_examples.push_back({ModelInput(Fold(c.text)), c.fine, c.abusive});
  }
  nlohmann::json extra_data = nlohmann::json::array();
  for (const std::filesystem::path& file : options.extra) {
    auto own = ReadLabelled(file, DataFormat::kCsv);
    if (!own) return own.error();
    for (const LabelledComment& c : *own) {
      // A moderator's verdict has no fine label; ABUSE is GermEval's general one.
      offense_examples.push_back(
          {ModelInput(Fold(c.text)), c.abusive ? "ABUSE" : "OTHER", c.abusive});
    }
    auto sha = FileSha256(file);
    if (!sha) return sha.error();
    extra_data.push_back(
        {{"file", file.filename().string()}, {"sha256", *sha}, {"examples", own->size()}});
  }
  // GAHD does not teach the offense head: its non-hate texts include
  // insults, and in cross-validation GermEval's macro-F1 fell from 0.74 to
  // 0.68 with them (models/README.md).
  std::vector<Example> hate_examples;
  for (const LabelledComment& c : *gahd) {
    hate_examples.push_back({ModelInput(Fold(c.text)), c.abusive ? "HATE" : "OTHER", c.abusive});
  }

  auto lexicon = Lexicon::Build(options.data_dir);
  if (!lexicon) return lexicon.error();

  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  const std::filesystem::path scratch = options.out_dir / ".training";
  std::filesystem::create_directories(scratch, ec);
  if (ec) return Unavailable(scratch.string() + ": " + ec.message());
  struct RemoveScratch {
    std::filesystem::path dir;
    ~RemoveScratch() {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } remove_scratch{scratch};

  log << "offense head (GermEval 2018, " << offense_examples.size() << " tweets), " << options.folds
      << "-fold cross-validation\n";
  std::vector<std::string> offense_labels;
  auto offense_oof =
      OutOfFold(offense_examples, options.offense, options.folds, scratch, offense_labels, log);
  if (!offense_oof) return offense_oof.error();
  log << "hate head (GAHD, " << hate_examples.size() << " texts), " << options.folds
      << "-fold cross-validation\n";
  std::vector<std::string> hate_labels;
  auto hate_oof = OutOfFold(hate_examples, options.hate, options.folds, scratch, hate_labels, log);
  if (!hate_oof) return hate_oof.error();

  // Calibrations from what each head said about examples it had not seen.
  std::vector<std::pair<double, bool>> offense_scored;
  for (size_t i = 0; i < offense_examples.size(); ++i) {
    offense_scored.emplace_back(PositiveProbability(offense_labels, (*offense_oof)[i]),
                                offense_examples[i].positive);
  }
  std::vector<std::pair<double, bool>> hate_scored;
  for (size_t i = 0; i < hate_examples.size(); ++i) {
    hate_scored.emplace_back(PositiveProbability(hate_labels, (*hate_oof)[i]),
                             hate_examples[i].positive);
  }
  const Calibrations calibrations{Calibration::Fit(offense_scored), Calibration::Fit(hate_scored)};

  TrainingReport report;
  std::vector<std::string> gold_coarse;
  std::vector<std::string> gold_fine;
  std::vector<std::string> predicted_fine;
  std::vector<double> abusive;
  for (size_t i = 0; i < offense_examples.size(); ++i) {
    gold_coarse.push_back(offense_examples[i].positive ? "OFFENSE" : "OTHER");
    gold_fine.push_back(offense_examples[i].label);
    const std::vector<double>& p = (*offense_oof)[i];
    predicted_fine.push_back(
        offense_labels[static_cast<size_t>(std::max_element(p.begin(), p.end()) - p.begin())]);
    abusive.push_back(Combine(offense_labels, {p, 0.0}, calibrations).abusive);
  }
  double best = -1;
  for (int step = 10; step <= 90; ++step) {
    const double threshold = step / 100.0;
    const ClassificationReport r = Evaluate(gold_coarse, Threshold(abusive, threshold));
    if (r.macro_f1 > best) {
      best = r.macro_f1;
      report.offense_threshold = threshold;
      report.germeval_coarse = r;
    }
  }
  report.germeval_fine = Evaluate(gold_fine, predicted_fine);
  // As the decision hides on the classifier's word: sure, and an explicit word.
  std::vector<double> hideable = abusive;
  for (size_t i = 0; i < hideable.size(); ++i) {
    if (!lexicon->Matches(offense_examples[i].input)) hideable[i] = 0;
  }
  const ClassificationReport hide =
      Evaluate(gold_coarse, Threshold(hideable, options.hide_threshold));
  if (auto it = hide.classes.find("OFFENSE"); it != hide.classes.end()) {
    report.hide_precision = it->second.precision;
    report.hide_recall = it->second.recall;
  }
  std::vector<std::string> gold_hate;
  std::vector<std::string> predicted_hate;
  for (size_t i = 0; i < hate_examples.size(); ++i) {
    gold_hate.push_back(hate_examples[i].positive ? "OFFENSE" : "OTHER");
    predicted_hate.push_back(calibrations.hate.Apply(hate_scored[i].first) >= 0.5 ? "OFFENSE"
                                                                                  : "OTHER");
  }
  report.gahd = Evaluate(gold_hate, predicted_hate);

  log << "final heads on all examples, quantised\n" << std::flush;
  auto offense_head =
      TrainFinal(offense_examples, options.offense, scratch, scratch / kOffenseHeadFile);
  if (!offense_head) return offense_head.error();
  auto hate_head = TrainFinal(hate_examples, options.hate, scratch, scratch / kHateHeadFile);
  if (!hate_head) return hate_head.error();

  if (Status saved = lexicon->Save(scratch / kLexiconFile); !saved.ok()) return saved.error();
  auto germeval_sha = FileSha256(germeval_file);
  if (!germeval_sha) return germeval_sha.error();
  auto gahd_sha = FileSha256(gahd_file);
  if (!gahd_sha) return gahd_sha.error();
  const nlohmann::json model = {
      {"format", 1},
      {"offense_threshold", report.offense_threshold},
      {"heads",
       {{"offense",
         {{"file", kOffenseHeadFile},
          {"data", {{"file", kGermEvalFile}, {"sha256", *germeval_sha}, {"labels", "fine"}}},
          {"extra_data", extra_data},
          {"parameters", ToJson(options.offense)},
          {"calibration", calibrations.offense.ToJson()}}},
        {"hate",
         {{"file", kHateHeadFile},
          {"data", {{"file", kGahdFile}, {"sha256", *gahd_sha}}},
          {"parameters", ToJson(options.hate)},
          {"calibration", calibrations.hate.ToJson()}}}}},
      {"lexicon",
       {{"file", kLexiconFile},
        {"words", lexicon->size()},
        {"sources",
         {"naughty-words.de.json", "offensive-compounds.goldstandard.compounds.txt",
          "offensive-compounds.goldstandard.unigrams.txt"}}}},
      {"cross_validation",
       {{"folds", options.folds},
        {"germeval_coarse", ToJson(report.germeval_coarse)},
        {"germeval_fine", ToJson(report.germeval_fine)},
        {"gahd", ToJson(report.gahd)},
        {"hide",
         {{"threshold", options.hide_threshold},
          {"precision", report.hide_precision},
          {"recall", report.hide_recall}}}}}};
  const std::filesystem::path model_file = scratch / kModelFile;
  std::ofstream out(model_file, std::ios::trunc);
  out << model.dump(1) << '\n';
  out.close();
  if (!out) return Unavailable(model_file.string() + ": cannot be written");
  // Only a complete model replaces the old one.
  for (std::string_view name : {kOffenseHeadFile, kHateHeadFile, kLexiconFile, kModelFile}) {
    std::filesystem::rename(scratch / name, options.out_dir / name, ec);
    if (ec) return Unavailable((options.out_dir / name).string() + ": " + ec.message());
  }
  return report;
}

}  // namespace civicpost::moderation

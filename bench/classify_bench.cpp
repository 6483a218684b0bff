// Classify throughput on one core and the latency per comment, beside raw
// fastText predicting the same texts with the same offense head in the
// same run. civicpost does more per comment (fold, rules, two heads, the
// lexicon, the decision); the goal is 100,000 comments/s per core.
//
// usage: civicpost_classify_bench OUT_JSON MODEL_DIR CONCEPT_FILE [TEXTS]
// TEXTS: GermEval-style TSV (text first); without it a built-in set.

#include <fasttext/fasttext.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "concept/concept_loader.hpp"
#include "figures.hpp"
#include "moderation/moderator.hpp"

namespace {

using civicpost::bench::Figure;
using civicpost::bench::Median;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 5;

std::vector<std::string> Texts(int argc, char** argv) {
  std::vector<std::string> texts;
  if (argc > 4) {
    std::ifstream in(argv[4]);
    for (std::string line; std::getline(in, line);)
      texts.push_back(line.substr(0, line.find('\t')));
  }
  if (texts.empty()) {
    texts = {"Danke für die schönen Bilder vom Stadtfest!",
             "Wann hat das Bürgerbüro am Samstag geöffnet?",
             "Du bist so ein dummes Arschloch, halt endlich die Fresse",
             "Die Stadtverwaltung hat beim Radweg komplett versagt, eine Schande!",
             "Gewinnspiel! Du hast ein iPhone gewonnen, klick auf bit.ly/3xYz",
             "Ich weiß, wo du wohnst. Du bist bald fällig.",
             "Super Aktion, weiter so 👍👍",
             "Frau Müller wohnt in der Lindenstraße 12, ruft sie an: 0171 2345678"};
  }
  return texts;
}

double PerSecond(size_t count, Clock::duration elapsed) {
  return static_cast<double>(count) / std::chrono::duration<double>(elapsed).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: civicpost_classify_bench OUT_JSON MODEL_DIR CONCEPT_FILE [TEXTS]\n";
    return 2;
  }
  const std::filesystem::path model_dir = argv[2];
  auto classifier = civicpost::moderation::Classifier::Load(model_dir);
  if (!classifier) {
    std::cerr << classifier.error().message << "\n";
    return 1;
  }
  civicpost::usage::ConceptLoad load = civicpost::usage::LoadConceptFile(argv[3]);
  if (!load.ok()) {
    std::cerr << civicpost::usage::FormatDiagnostics(load.diagnostics);
    return 1;
  }
  const civicpost::moderation::Moderator moderator(*classifier, *load.concept_value);
  fasttext::FastText raw;
  raw.loadModel((model_dir / civicpost::moderation::kOffenseHeadFile).string());
  const std::vector<std::string> texts = Texts(argc, argv);

  std::vector<double> civicpost_rates;
  std::vector<double> raw_rates;
  std::vector<double> p99s;
  size_t hidden = 0;
  std::vector<double> latencies(texts.size());
  for (int round = 0; round < kRounds; ++round) {
    // Raw fastText: one predictLine per text, as its own CLI does it.
    const Clock::time_point raw_start = Clock::now();
    std::vector<std::pair<fasttext::real, std::string>> predictions;
    for (const std::string& text : texts) {
      std::istringstream in(text + '\n');
      raw.predictLine(in, predictions, 1, 0.0);
    }
    raw_rates.push_back(PerSecond(texts.size(), Clock::now() - raw_start));

    hidden = 0;
    const Clock::time_point start = Clock::now();
    for (size_t i = 0; i < texts.size(); ++i) {
      const Clock::time_point one = Clock::now();
      const auto assessment = moderator.Assess(texts[i], true);
      latencies[i] = std::chrono::duration<double, std::micro>(Clock::now() - one).count();
      hidden += assessment.decision.action == civicpost::moderation::Action::kHide;
    }
    civicpost_rates.push_back(PerSecond(texts.size(), Clock::now() - start));
    std::vector<double> sorted = latencies;
    std::sort(sorted.begin(), sorted.end());
    p99s.push_back(sorted[sorted.size() * 99 / 100]);
  }
  // Where the time goes, per comment.
  const civicpost::moderation::Rules rules;
  const auto per_comment_us = [&](auto&& step) {
    const Clock::time_point t = Clock::now();
    for (const std::string& text : texts) step(text);
    return std::chrono::duration<double, std::micro>(Clock::now() - t).count() /
           static_cast<double>(texts.size());
  };
  std::vector<civicpost::moderation::FoldedText> folded;
  const double fold_us = per_comment_us(
      [&](const std::string& text) { folded.push_back(civicpost::moderation::Fold(text)); });
  size_t next = 0;
  const double rules_us =
      per_comment_us([&](const std::string&) { (void)rules.Match(folded[next++]); });
  next = 0;
  const double heads_us =
      per_comment_us([&](const std::string&) { (void)classifier->Score(folded[next++]); });
  std::printf(
      "per comment: fold %.1f us, rules %.1f us, classifier (both heads, lexicon) %.1f us\n",
      fold_us, rules_us, heads_us);

  const double rate = Median(civicpost_rates);
  const double raw_rate = Median(raw_rates);
  const double p99 = Median(p99s);

  const nlohmann::json figures = nlohmann::json::array(
      {Figure("classify_per_s_core", rate, "comments/s", "fasttext_predict_per_s_core", raw_rate,
              ">= 100000 comments/s per core"),
       Figure("classify_p99_us", p99, "us", "", 0, "")});
  std::printf(
      "%-24s %10.0f comments/s per core   (raw fastText predict, one head: %.0f/s; %zu "
      "texts, %zu hidden)\n",
      "classify_per_s_core", rate, raw_rate, texts.size(), hidden);
  std::printf("%-24s %10.1f us\n", "classify_p99_us", p99);
  civicpost::bench::AppendResults(argv[1], figures);
  return 0;
}

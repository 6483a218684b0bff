#include "moderation/metrics.hpp"

#include <cassert>

namespace civicpost::moderation {
namespace {

double Ratio(int numerator, int denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / denominator;
}

double Harmonic(double a, double b) { return a + b == 0 ? 0.0 : 2 * a * b / (a + b); }

}  // namespace

ClassificationReport Evaluate(const std::vector<std::string>& gold,
                              const std::vector<std::string>& predicted) {
  assert(gold.size() == predicted.size());
  std::map<std::string, int> true_positives;
  ClassificationReport report;
  report.examples = static_cast<int>(gold.size());
  int correct = 0;
  for (size_t i = 0; i < gold.size(); ++i) {
    ++report.classes[gold[i]].support;
    ++report.classes[predicted[i]].predicted;
    if (gold[i] == predicted[i]) {
      ++true_positives[gold[i]];
      ++correct;
    }
  }
  for (auto& [label, metrics] : report.classes) {
    metrics.precision = Ratio(true_positives[label], metrics.predicted);
    metrics.recall = Ratio(true_positives[label], metrics.support);
    metrics.f1 = Harmonic(metrics.precision, metrics.recall);
    report.macro_precision += metrics.precision;
    report.macro_recall += metrics.recall;
  }
  if (!report.classes.empty()) {
    report.macro_precision /= static_cast<double>(report.classes.size());
    report.macro_recall /= static_cast<double>(report.classes.size());
  }
  report.macro_f1 = Harmonic(report.macro_precision, report.macro_recall);
  report.accuracy = Ratio(correct, report.examples);
  return report;
}

}  // namespace civicpost::moderation

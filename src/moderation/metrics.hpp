#pragma once
// Classification metrics as the GermEval 2018 shared task defines them:
// per-class precision and recall, and macro-F1 as the harmonic mean of the
// macro-averaged precision and the macro-averaged recall (not the mean of
// the per-class F1 scores).

#include <map>
#include <string>
#include <vector>

namespace civicpost::moderation {

struct ClassMetrics {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  int support = 0;    // gold examples of the class
  int predicted = 0;  // examples predicted as the class
};

struct ClassificationReport {
  std::map<std::string, ClassMetrics> classes;
  double macro_precision = 0;
  double macro_recall = 0;
  double macro_f1 = 0;  // the GermEval definition
  double accuracy = 0;
  int examples = 0;
};

// Gold and predicted labels pair up by index; the classes are every label
// that occurs in either. A class never predicted has precision 0.
ClassificationReport Evaluate(const std::vector<std::string>& gold,
                              const std::vector<std::string>& predicted);

}  // namespace civicpost::moderation

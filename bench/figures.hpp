#pragma once
// What every benchmark writes: results.json entries in the shape DESIGN.md
// fixes, and the median of a few rounds (noisy machines).

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace civicpost::bench {

inline nlohmann::json Figure(const std::string& name, double value, const std::string& unit,
                             const std::string& baseline_name, double baseline,
                             const std::string& goal) {
  return {{"name", name},
          {"value", value},
          {"unit", unit},
          {"baseline", {{"name", baseline_name}, {"value", baseline}}},
          {"ratio", baseline > 0 ? value / baseline : 0},
          {"goal", goal}};
}

// Adds `figures` to the results file the other benchmarks of the run wrote.
inline void AppendResults(const std::string& path, const nlohmann::json& figures) {
  nlohmann::json results = nlohmann::json::array();
  if (std::ifstream in(path); in) {
    results = nlohmann::json::parse(in, nullptr, false);
    if (!results.is_array()) results = nlohmann::json::array();
  }
  for (const auto& f : figures) results.push_back(f);
  std::ofstream(path) << results.dump(2) << "\n";
}

inline double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace civicpost::bench

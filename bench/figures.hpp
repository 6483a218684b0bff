#pragma once
// What every benchmark writes: results.json entries in the shape DESIGN.md
// fixes, and the median of a few rounds (noisy machines).

#include <algorithm>
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

inline double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace civicpost::bench

#include "moderation/calibration.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace civicpost::moderation {

Calibration Calibration::Fit(std::vector<std::pair<double, bool>> scored) {
  std::sort(scored.begin(), scored.end());
  struct Block {
    double raw_sum = 0;
    double positives = 0;
    double count = 0;
    double Rate() const { return positives / count; }
  };
  std::vector<Block> blocks;
  for (const auto& [raw, positive] : scored) {
    blocks.push_back({raw, positive ? 1.0 : 0.0, 1.0});
    while (blocks.size() > 1 && blocks[blocks.size() - 2].Rate() >= blocks.back().Rate()) {
      Block last = blocks.back();
      blocks.pop_back();
      blocks.back().raw_sum += last.raw_sum;
      blocks.back().positives += last.positives;
      blocks.back().count += last.count;
    }
  }
  Calibration calibration;
  for (const Block& block : blocks) {
    calibration.raw_.push_back(block.raw_sum / block.count);
    calibration.calibrated_.push_back((block.positives + 1) / (block.count + 2));
  }
  // Shrinking can make a small block dip below a large one before it.
  for (size_t i = 1; i < calibration.calibrated_.size(); ++i) {
    calibration.calibrated_[i] =
        std::max(calibration.calibrated_[i], calibration.calibrated_[i - 1]);
  }
  return calibration;
}

double Calibration::Apply(double raw) const {
  if (raw_.empty()) return raw;
  if (raw <= raw_.front()) return calibrated_.front();
  if (raw >= raw_.back()) return calibrated_.back();
  const size_t upper =
      static_cast<size_t>(std::upper_bound(raw_.begin(), raw_.end(), raw) - raw_.begin());
  const size_t lower = upper - 1;
  const double span = raw_[upper] - raw_[lower];
  const double t = span > 0 ? (raw - raw_[lower]) / span : 1.0;
  return calibrated_[lower] + t * (calibrated_[upper] - calibrated_[lower]);
}

nlohmann::json Calibration::ToJson() const { return {{"raw", raw_}, {"calibrated", calibrated_}}; }

Result<Calibration> Calibration::FromJson(const nlohmann::json& json, const std::string& where) {
  Calibration calibration;
  try {
    calibration.raw_ = json.at("raw").get<std::vector<double>>();
    calibration.calibrated_ = json.at("calibrated").get<std::vector<double>>();
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(where + ": " + e.what());
  }
  const bool sorted =
      std::is_sorted(calibration.raw_.begin(), calibration.raw_.end()) &&
      std::is_sorted(calibration.calibrated_.begin(), calibration.calibrated_.end());
  if (calibration.raw_.size() != calibration.calibrated_.size() || !sorted) {
    return InvalidArgument(where +
                           ": \"raw\" and \"calibrated\" must be increasing lists of equal length");
  }
  return calibration;
}

}  // namespace civicpost::moderation

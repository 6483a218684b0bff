#pragma once
// Turns a fastText head's raw probability into an honest one: how often
// comments with that raw score really were abusive in cross-validation.
// fastText's softmax is overconfident on a few thousand examples; the
// concept's thresholds ("hide at 0.95") only mean what they say on a
// calibrated score.
//
// Isotonic regression (pool adjacent violators) on out-of-fold predictions,
// each block's rate shrunk towards one half by one pseudo-example on each
// side, so that a block of twenty hits says 0.95 rather than 1.0. Between
// blocks the map is linear; it never decreases.

#include <nlohmann/json_fwd.hpp>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace civicpost::moderation {

class Calibration {
 public:
  Calibration() = default;  // the identity

  // `scored`: raw score and whether the example was truly positive.
  static Calibration Fit(std::vector<std::pair<double, bool>> scored);

  double Apply(double raw) const;

  nlohmann::json ToJson() const;
  // `where` names the place in the model file for errors.
  static Result<Calibration> FromJson(const nlohmann::json& json, const std::string& where);

 private:
  std::vector<double> raw_;         // each block's mean raw score, increasing
  std::vector<double> calibrated_;  // its shrunk rate of positives, non-decreasing
};

}  // namespace civicpost::moderation

#pragma once
// The real clock.

#include "core/clock.hpp"

namespace civicpost::sys {

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
  std::chrono::steady_clock::time_point SteadyNow() const override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace civicpost::sys

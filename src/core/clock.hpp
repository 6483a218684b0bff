#pragma once
// Clock: the only way civicpost code learns the time, so tests can set it.
// SystemClock lives in sys/; ManualClock is for tests and the demo loader.
// Implementations are thread-safe.

#include <atomic>
#include <chrono>

namespace civicpost {

using Timestamp = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time, whole seconds (what we store and show).
  virtual Timestamp Now() const = 0;
  // Monotonic time for durations and timeouts.
  virtual std::chrono::steady_clock::time_point SteadyNow() const = 0;
};

// A clock that only moves when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start.time_since_epoch().count()) {}

  Timestamp Now() const override { return Timestamp(std::chrono::seconds(now_.load())); }
  std::chrono::steady_clock::time_point SteadyNow() const override {
    return std::chrono::steady_clock::time_point(std::chrono::seconds(now_.load()));
  }
  void Set(Timestamp t) { now_ = t.time_since_epoch().count(); }
  void Advance(std::chrono::seconds d) { now_ += d.count(); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace civicpost

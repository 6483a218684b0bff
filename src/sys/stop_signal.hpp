#pragma once
// SIGINT and SIGTERM for a command that loops (civicpost work): the signals
// are blocked and waited for between rounds, so a round in progress always
// finishes before the process ends.

#include <chrono>

namespace civicpost::sys {

class StopFlag {
 public:
  // Blocks SIGINT and SIGTERM for this thread; make it before any thread.
  StopFlag();
  bool Requested() const { return requested_; }
  // Sleeps up to `wait`, returning early when a stop signal arrives.
  void WaitFor(std::chrono::seconds wait);

 private:
  bool requested_ = false;
};

}  // namespace civicpost::sys

#pragma once
// A task the service runs at start (or soon after) and then at a fixed
// interval on its own thread, until the object goes (which waits for a run
// in progress).
// Housekeeping that needs no precise time: expiring consents, say.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace civicpost::app {

class PeriodicTask {
 public:
  // The first run comes after `first_after` (default: at once).
  PeriodicTask(std::chrono::seconds interval, std::function<void()> task,
               std::chrono::seconds first_after = std::chrono::seconds(0))
      : thread_([this, interval, first_after, task = std::move(task)](std::stop_token stop) {
          std::unique_lock lock(mu_);
          cv_.wait_for(lock, stop, first_after, [] { return false; });
          while (!stop.stop_requested()) {
            lock.unlock();
            task();
            lock.lock();
            cv_.wait_for(lock, stop, interval, [] { return false; });
          }
        }) {}

 private:
  std::mutex mu_;
  std::condition_variable_any cv_;
  std::jthread thread_;  // last: stops and joins before mu_ and cv_ go
};

}  // namespace civicpost::app

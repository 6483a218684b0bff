#pragma once
// A task the service runs at start and then at a fixed interval on its own
// thread, until the object goes (which waits for a run in progress).
// Housekeeping that needs no precise time: expiring consents, say.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace civicpost::app {

class PeriodicTask {
 public:
  PeriodicTask(std::chrono::seconds interval, std::function<void()> task)
      : thread_([this, interval, task = std::move(task)](std::stop_token stop) {
          std::unique_lock lock(mu_);
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

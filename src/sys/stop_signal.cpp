#include "sys/stop_signal.hpp"

#include <signal.h>

#include <cerrno>
#include <ctime>

namespace civicpost::sys {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

StopFlag::StopFlag() {
  const sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void StopFlag::WaitFor(std::chrono::seconds wait) {
  const sigset_t set = StopSignals();
  timespec timeout{};
  timeout.tv_sec = static_cast<time_t>(wait.count());
  int signal = -1;
  do {
    signal = sigtimedwait(&set, nullptr, &timeout);
  } while (signal < 0 && errno == EINTR);
  if (signal > 0) requested_ = true;
}

}  // namespace civicpost::sys

#include "sys/worker_identity.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <fstream>

namespace civicpost::sys {
namespace {

std::string BootId() {
  static const std::string boot_id = [] {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return id.empty() ? std::string("unknown-boot") : id;
  }();
  return boot_id;
}

}  // namespace

std::string WorkerIdentity() { return BootId() + "/" + std::to_string(::getpid()); }

bool IsDeadLocalWorker(std::string_view identity) {
  const std::string prefix = BootId() + "/";
  if (!identity.starts_with(prefix)) return false;
  const std::string_view digits = identity.substr(prefix.size());
  pid_t pid = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (ec != std::errc() || end != digits.data() + digits.size() || pid <= 0) return false;
  if (pid == ::getpid()) return false;
  // ESRCH: no such process. EPERM means it exists under another user.
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

}  // namespace civicpost::sys

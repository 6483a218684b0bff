#include "media/exiv2_runtime.hpp"

#include "media/exiv2_include.hpp"

#include <mutex>

namespace civicpost::media {
namespace {

std::mutex xmp_mutex;

void LockXmp(void*, bool lock) {
  if (lock) {
    xmp_mutex.lock();
  } else {
    xmp_mutex.unlock();
  }
}

}  // namespace

void EnsureExiv2() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
    Exiv2::XmpParser::initialize(LockXmp, nullptr);
    // Creative Commons' own schema (cc:license, cc:attributionName), which
    // exiv2 does not know by itself.
    Exiv2::XmpProperties::registerNs("http://creativecommons.org/ns#", "cc");
  });
}

}  // namespace civicpost::media

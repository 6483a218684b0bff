#include "media/vips_runtime.hpp"

#include <vips/vips.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace civicpost::media {

void EnsureVips() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("civicpost") != 0) {
      std::fprintf(stderr, "civicpost: libvips failed to start: %s\n", vips_error_buffer());
      std::abort();
    }
    vips_block_untrusted_set(TRUE);
    // Each original is read once per rendition; a cache would only hold memory.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
  });
}

std::string TakeVipsError() {
  std::string message = vips_error_buffer();
  vips_error_clear();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  for (char& c : message) {
    if (c == '\n') c = ' ';
  }
  return message;
}

}  // namespace civicpost::media

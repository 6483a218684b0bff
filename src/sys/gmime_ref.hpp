#pragma once
// GMime for sys/ and the tests that read mail back: initialised once, and
// its objects and strings owned by unique_ptr.
//
// Typical usage:
//   sys::EnsureGMime();
//   sys::GObjectRef<GMimeMessage> message(g_mime_message_new(TRUE));
//   sys::GlibString text(g_mime_object_to_string(GMIME_OBJECT(message.get()), nullptr));

#include <gmime/gmime.h>

#include <memory>
#include <mutex>

namespace civicpost::sys {

inline void EnsureGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GObjectUnref {
  void operator()(void* object) const {
    if (object) g_object_unref(object);
  }
};
template <typename T>
using GObjectRef = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(char* text) const { g_free(text); }
};
using GlibString = std::unique_ptr<char, GFree>;

}  // namespace civicpost::sys

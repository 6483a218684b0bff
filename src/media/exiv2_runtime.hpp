#pragma once
// exiv2, initialised once per process: its XMP toolkit is not thread-safe
// until initialised with a lock, and its warnings go to our log, not stderr.

namespace civicpost::media {

void EnsureExiv2();

}  // namespace civicpost::media

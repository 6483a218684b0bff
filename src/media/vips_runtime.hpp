#pragma once
// libvips, started once per process with its safeguards for untrusted
// input: loaders marked unsafe (ImageMagick, PDF, SVG, ...) are blocked, the
// operation cache is off (uploads are not re-read), and errors are returned,
// not printed.

#include <string>

namespace civicpost::media {

// Idempotent and thread-safe; aborts the process if libvips cannot start.
void EnsureVips();

// libvips' last error for this thread, cleared, on one line.
std::string TakeVipsError();

}  // namespace civicpost::media

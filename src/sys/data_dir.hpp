#pragma once
// The data directory: database, media and demo credentials live here.

#include <filesystem>

#include "core/result.hpp"

namespace civicpost::sys {

// Creates `dir` (mode 0750) if needed and checks that this process can
// write there. The error names the directory and the reason.
Status PrepareDataDir(const std::filesystem::path& dir);

// Writes `content` to `path` atomically (temp file, fsync, rename) with the
// given permission bits, so a crash leaves either the old or the new file.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content,
                           std::filesystem::perms perms);

}  // namespace civicpost::sys

#pragma once
// The key that seals secrets at rest, in a file of its own: outside the
// data directory (so a backup of the data alone opens nothing), readable by
// the service's user only. Municipal IT keeps it with their other keys.

#include <filesystem>

#include "core/result.hpp"
#include "core/secret_box.hpp"

namespace civicpost::sys {

// The raw bytes of a key file of `size` bytes; with `create`, a new random
// key is written (0600, never over an existing file) if there is none.
// Refuses a file others may read, or one of the wrong size.
Result<std::string> LoadKeyBytes(const std::filesystem::path& file, size_t size, bool create);

// Reads the key; with `create`, writes a new random one (0600) if the file
// does not exist. Refuses a key file inside `data_dir`, one that others may
// read, and one of the wrong size, each with the file's name and the fix.
Result<SecretBox> LoadKeyFile(const std::filesystem::path& file,
                              const std::filesystem::path& data_dir, bool create);

}  // namespace civicpost::sys

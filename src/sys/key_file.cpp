#include "sys/key_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace civicpost::sys {
namespace {

bool Inside(const std::filesystem::path& file, const std::filesystem::path& dir) {
  std::error_code ec;
  const auto f = std::filesystem::weakly_canonical(file, ec);
  const auto d = std::filesystem::weakly_canonical(dir, ec);
  auto [d_end, f_it] = std::mismatch(d.begin(), d.end(), f.begin(), f.end());
  return d_end == d.end();
}

}  // namespace

Result<std::string> LoadKeyBytes(const std::filesystem::path& file, size_t size, bool create) {
  if (sodium_init() < 0) return Internal("libsodium failed to start");
  if (!std::filesystem::exists(file)) {
    if (!create) return NotFound("the key file " + file.string() + " does not exist");
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    std::string key(size, '\0');
    randombytes_buf(key.data(), key.size());
    // O_EXCL: two processes starting at once keep the first one's key.
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) {
      return PermissionDenied("cannot create " + file.string() + ": " + std::strerror(errno));
    }
    if (fd >= 0) {
      const bool written = ::write(fd, key.data(), key.size()) ==
                               static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
      ::close(fd);
      if (!written) {
        ::unlink(file.c_str());
        return Unavailable("cannot write " + file.string() + " (disk full?)");
      }
    }
  }
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return PermissionDenied("cannot read " + file.string() + ": " + std::strerror(errno));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return PermissionDenied(file.string() + " may be read by others; run: chmod 600 " +
                            file.string());
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return PermissionDenied("cannot read " + file.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (bytes.str().size() != size) {
    return InvalidArgument(file.string() + " is not a " + std::to_string(size) +
                           "-byte key; delete it to make a new one");
  }
  return bytes.str();
}

Result<SecretBox> LoadKeyFile(const std::filesystem::path& file,
                              const std::filesystem::path& data_dir, bool create) {
  if (Inside(file, data_dir)) {
    return InvalidArgument(file.string() + " lies inside the data directory " + data_dir.string() +
                           "; keep the key elsewhere (e.g. /etc/civicpost/secret.key) so a "
                           "backup of the data holds no usable tokens");
  }
  auto key = LoadKeyBytes(file, SecretBox::kKeyBytes, create);
  if (!key) return key.error();
  return SecretBox::FromKey(*key);
}

}  // namespace civicpost::sys

#include "sys/data_dir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace civicpost::sys {

Status PrepareDataDir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
    return InvalidArgument("data directory " + dir.string() + " exists but is not a directory");
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return PermissionDenied("cannot create data directory " + dir.string() + ": " +
                            ec.message());
  }
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all |
                                        std::filesystem::perms::group_read |
                                        std::filesystem::perms::group_exec,
                               ec);
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    return PermissionDenied("data directory " + dir.string() + " is not writable: " +
                            std::strerror(errno));
  }
  return Status::Ok();
}

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content,
                           std::filesystem::perms perms) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                        static_cast<mode_t>(perms));
  if (fd < 0) return PermissionDenied("cannot write " + tmp.string() + ": " + std::strerror(errno));
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return Unavailable("cannot write " + tmp.string() + ": " + reason);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Unavailable("cannot flush " + tmp.string() + ": " + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Unavailable("cannot rename " + tmp.string() + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace civicpost::sys

#include "media/library.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <random>

#include "core/sha256.hpp"
#include "media/video_probe.hpp"

namespace civicpost::media {
namespace {

// Closes and removes the temporary copy unless it was moved into place.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (!kept_) {
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  void Keep() { kept_ = true; }

 private:
  std::filesystem::path path_;
  bool kept_ = false;
};

std::string RandomName() {
  std::random_device random;
  std::string name;
  for (int i = 0; i < 4; ++i) name += std::to_string(random());
  return name + ".part";
}

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// Copies `from` to `to` (created 0600) while hashing, fsyncs, and returns
// the SHA-256; stops at the size limit instead of filling the disk.
Result<std::string> CopyAndHash(const std::filesystem::path& from, const std::filesystem::path& to,
                                int64_t max_bytes, const std::string& display_name) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return NotFound(Errno("cannot open " + display_name));
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) {
    ::close(in);
    return Internal(Errno("cannot create " + to.string()));
  }
  Sha256Stream hash;
  std::array<char, 1 << 16> buffer;
  int64_t total = 0;
  Status status = Status::Ok();
  while (status.ok()) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = Internal(Errno("cannot read " + display_name));
      break;
    }
    if (n == 0) break;
    total += n;
    // One byte over the limit is enough for the check to name the size.
    if (total > max_bytes + 1) break;
    hash.Update(std::string_view(buffer.data(), static_cast<size_t>(n)));
    for (ssize_t written = 0; written < n;) {
      const ssize_t w = ::write(out, buffer.data() + written, static_cast<size_t>(n - written));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        status = Internal(Errno("cannot write " + to.string()));  // a full disk, say
        break;
      }
      written += w;
    }
  }
  if (status.ok() && ::fsync(out) != 0) status = Internal(Errno("cannot sync " + to.string()));
  ::close(in);
  if (::close(out) != 0 && status.ok()) status = Internal(Errno("cannot close " + to.string()));
  if (!status.ok()) return status.error();
  return hash.FinishHex();
}

}  // namespace

RenditionInput RenditionInputFor(const Media& media, const std::optional<MediaRights>& rights,
                                 const std::filesystem::path& data_dir) {
  RenditionInput input;
  input.original = data_dir / media.storage_path;
  input.focal_x = media.focal_x;
  input.focal_y = media.focal_y;
  if (rights) {
    input.may_crop = !ForbidsChanges(*rights);
    input.author = rights->author;
    input.copyright_notice = rights->copyright_notice;
    input.licence = rights->licence;
    input.licence_url = rights->licence_url;
  }
  return input;
}

bool IsRaster(const Media& media) {
  return media.content_type == "image/jpeg" || media.content_type == "image/png" ||
         media.content_type == "image/webp" || media.content_type == "image/heic";
}

bool IsRenderable(const Media& media) {
  return IsRaster(media) || media.content_type == "image/svg+xml";
}

Result<Imported> MediaLibrary::Import(OrganizationId org, const Actor& actor,
                                      const std::filesystem::path& file,
                                      const std::string& display_name, Refusal* refusal) {
  std::error_code ec;
  std::filesystem::create_directories(IncomingDir(), ec);
  if (ec) return Internal("cannot create " + IncomingDir().string() + ": " + ec.message());
  TemporaryFile copy(IncomingDir() / RandomName());
  auto sha = CopyAndHash(file, copy.path(), limits_.max_bytes, display_name);
  if (!sha) return sha.error();

  auto existing = repos_.media.FindBySha256(db_, org, *sha);
  if (!existing) return existing.error();
  if (*existing) {
    Imported duplicate{**existing, {}, true};
    if (auto m = ReadMetadata(PathOf(**existing), display_name)) duplicate.metadata = *m;
    return duplicate;
  }

  auto checked = CheckUpload(copy.path(), display_name, limits_, refusal);
  if (!checked) return checked.error();
  Imported imported;
  std::string metadata_json;
  if (InfoOf(checked->type).is_video) {
    auto video = ProbeVideo(copy.path(), display_name);
    if (!video) {
      if (refusal) *refusal = {"damaged", display_name, "", video.error().message};
      return video.error();
    }
    checked->width = video->width;
    checked->height = video->height;
    metadata_json = MetadataJsonFor(*video);
  } else {
    auto metadata = ReadMetadata(copy.path(), display_name);
    if (!metadata) {
      if (refusal) *refusal = {"bad_metadata", display_name, "", metadata.error().message};
      return metadata.error();
    }
    imported.metadata = *metadata;
    metadata_json = ToJson(*metadata);
  }

  const std::string relative = "media/originals/" + sha->substr(0, 2) + "/" + *sha +
                               std::string(InfoOf(checked->type).extension);
  const std::filesystem::path target = data_dir_ / relative;
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) return Internal("cannot create " + target.parent_path().string() + ": " + ec.message());
  // Read-only from here on: an original is evidence of what was uploaded.
  if (::chmod(copy.path().c_str(), 0440) != 0) {
    return Internal(Errno("cannot make " + copy.path().string() + " read-only"));
  }
  // Another authority may have stored the same bytes: the file is shared.
  if (!std::filesystem::exists(target, ec)) {
    std::filesystem::rename(copy.path(), target, ec);
    if (ec) return Internal("cannot store " + target.string() + ": " + ec.message());
    copy.Keep();
  }

  Media media;
  media.organization_id = org;
  media.sha256 = *sha;
  media.content_type = std::string(InfoOf(checked->type).content_type);
  media.byte_size = static_cast<int64_t>(std::filesystem::file_size(target, ec));
  media.width = checked->width;
  media.height = checked->height;
  media.original_name = std::filesystem::path(display_name).filename().string();
  media.storage_path = relative;
  media.has_location = imported.metadata.has_location;
  media.metadata_json = metadata_json;
  auto id = store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.media.Create(tx, actor, media);
  });
  if (!id) return id.error();
  media.id = *id;
  imported.media = media;
  return imported;
}

}  // namespace civicpost::media

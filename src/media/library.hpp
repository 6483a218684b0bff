#pragma once
// The media library's front door: a file becomes a stored original only
// after it passed the upload checks and its metadata could be read.
// Originals are content-addressed (media/originals/ab/<sha256>.<ext>, read
// only), so the same photo uploaded twice is found, not stored twice.
//
// Nothing is half-stored: the bytes are copied into a temporary file and
// hashed on the way, checked there, moved into place, and only then is the
// row written; a failure at any step leaves neither a row nor a stray file.

#include <filesystem>
#include <optional>
#include <string>

#include "core/audit_entry.hpp"
#include "core/media.hpp"
#include "media/metadata.hpp"
#include "media/rendition.hpp"
#include "media/rights.hpp"
#include "media/upload_checks.hpp"
#include "store/database.hpp"
#include "store/repositories.hpp"

namespace civicpost::media {

// What a rendition of `media` needs: its original and focal point, and from
// the rights record the credits to keep and whether it may be cropped.
RenditionInput RenditionInputFor(const Media& media, const std::optional<MediaRights>& rights,
                                 const std::filesystem::path& data_dir);

// JPEG, PNG, WebP or HEIC: files renditions are made of (the demo's SVG
// drawings are served as they are).
bool IsRaster(const Media& media);
// A still image civicpost can render for the platform: a photo, or one of
// the demo's SVG illustrations (uploads never accept SVG).
bool IsRenderable(const Media& media);

struct Imported {
  Media media;
  Metadata metadata;
  bool duplicate = false;  // the library had this file already; `media` is that one
};

class MediaLibrary {
 public:
  MediaLibrary(store::Database& db, store::Repositories& repos, std::filesystem::path data_dir,
               UploadLimits limits)
      : db_(db), repos_(repos), data_dir_(std::move(data_dir)), limits_(limits) {}

  // Imports `file` under `display_name` (what the person called it).
  // `refusal` receives the reason for the staff app when checks fail.
  Result<Imported> Import(OrganizationId org, const Actor& actor,
                          const std::filesystem::path& file, const std::string& display_name,
                          Refusal* refusal = nullptr);

  // Where uploads are written while they arrive; on the data directory's
  // file system, so moving a finished upload into place is a rename.
  std::filesystem::path IncomingDir() const { return data_dir_ / "media" / "incoming"; }
  std::filesystem::path PathOf(const Media& media) const { return data_dir_ / media.storage_path; }

 private:
  store::Database& db_;
  store::Repositories& repos_;
  std::filesystem::path data_dir_;
  UploadLimits limits_;
};

}  // namespace civicpost::media

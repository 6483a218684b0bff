#pragma once
// An uploaded original (image or video), stored content-addressed.

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace civicpost {

struct Media {
  MediaId id;
  OrganizationId organization_id;
  std::string sha256;        // hex digest of the original bytes
  std::string content_type;  // e.g. "image/jpeg"
  int64_t byte_size = 0;
  int width = 0;
  int height = 0;
  std::string original_name;
  std::string storage_path;  // relative to the data directory
  Timestamp created_at;
  // From the original's metadata at import; a location is flagged, never published.
  std::optional<Timestamp> captured_at{};
  bool has_location = false;
  std::string metadata_json = "{}";  // media::Metadata as JSON, for the library page
  // Where crops keep their centre, as fractions of width and height.
  double focal_x = 0.5;
  double focal_y = 0.5;
};

}  // namespace civicpost

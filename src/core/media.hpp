#pragma once
// An uploaded original (image or video), stored content-addressed.

#include <cstdint>
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
};

}  // namespace civicpost

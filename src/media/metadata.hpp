#pragma once
// What an image's EXIF, IPTC and XMP say about where, when and by whom it was
// made (exiv2). The location is read only to flag it: renditions never carry
// it. Creator, copyright and licence pre-fill the rights record.

#include <filesystem>
#include <optional>
#include <string>

#include "core/media_rights.hpp"
#include "core/result.hpp"

namespace civicpost::media {

struct Metadata {
  std::string captured_local;  // camera time, local and without zone: "2026-05-01T14:03:22"
  bool has_location = false;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string camera;          // make and model
  bool has_device_ids = false; // serial numbers or an owner's name
  std::string creator;
  std::string copyright;
  std::string credit;
  std::string licence_url;     // XMP rights web statement or Creative Commons licence
  std::string usage_terms;
  std::string title;
};

// kInvalidArgument names the file when its metadata cannot be parsed (a
// crafted EXIF block, say); a file without metadata is fine.
Result<Metadata> ReadMetadata(const std::filesystem::path& file, std::string_view display_name);

std::string ToJson(const Metadata& metadata);

// A rights record with what the metadata knows filled in, for staff to
// complete and confirm; nothing counts as cleared until they save it.
MediaRights SuggestRights(const Metadata& metadata);

}  // namespace civicpost::media

#pragma once
// Test images made on the spot (libvips) and tagged (exiv2), so every
// fixture says in code what it contains.

#include <filesystem>
#include <string>

namespace civicpost::media::testing {

// A JPEG whose top half is white and bottom half black.
void WriteTwoToneJpeg(const std::filesystem::path& path, int width, int height);
void WritePng(const std::filesystem::path& path, int width, int height);

// Camera data a town must not publish, and a photographer's rights fields.
struct Tags {
  bool location = false;      // GPS position (Sassenberg market square)
  bool device = false;        // make, model, body serial, owner's name
  std::string creator{};        // EXIF Artist, IPTC By-line, XMP dc:creator
  std::string copyright{};      // EXIF Copyright, IPTC Copyright Notice, XMP dc:rights
  std::string licence_url{};    // XMP xmpRights:WebStatement
  int orientation = 0;        // EXIF Orientation when non-zero
};
void WriteTags(const std::filesystem::path& path, const Tags& tags);

// What `exiv2 -pa` (Debian's exiv2 tool, not our code) prints for a file.
std::string Exiv2Print(const std::filesystem::path& path);

std::string ReadFile(const std::filesystem::path& path);
void WriteFile(const std::filesystem::path& path, const std::string& bytes);

// A PNG that claims `width` x `height` pixels but holds almost no data: a
// decompression bomb's header.
std::string PngBombHeader(int width, int height);

}  // namespace civicpost::media::testing

namespace civicpost::media::testing {

// A short test video (a moving gradient) encoded with `encoder` ("libx264"
// or "mpeg4") into an MP4; `fast_start` puts the index first.
void WriteTestVideo(const std::filesystem::path& path, int width, int height, int fps,
                    int seconds, const std::string& encoder, bool fast_start);

}  // namespace civicpost::media::testing

#pragma once
// What a file must pass before it enters the media library. The type comes
// from the file's first bytes, never from its name; sizes and pixel counts
// are checked before any pixel is decoded (a 40 KB PNG can claim 200
// megapixels); then one full decode proves the file is whole. Every refusal
// names the file and the limit it broke.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace civicpost::media {

enum class FileType { kJpeg, kPng, kWebp, kHeic, kMp4, kMov };

struct FileTypeInfo {
  FileType type;
  std::string_view content_type;  // "image/jpeg"
  std::string_view extension;     // ".jpg", what stored originals are named
  bool is_video;
};

const FileTypeInfo& InfoOf(FileType type);

// From the magic bytes; nullopt for anything we do not accept (GIF, SVG,
// PDF, executables, HTML, ...).
std::optional<FileType> SniffType(std::span<const unsigned char> head);

struct UploadLimits {
  int64_t max_bytes = 100LL * 1024 * 1024;   // videos too; images rarely pass 30 MB
  int64_t max_pixels = 100'000'000;          // 100 megapixels: a decompression bomb stops here
};

struct CheckedFile {
  FileType type;
  int width = 0;   // 0 for videos until they are probed
  int height = 0;
};

// Why a file was refused, for the staff app's catalogue ("upload.<code>",
// with {file}, {limit} and {found}); the Error carries the same in English
// for the command line and the log.
struct Refusal {
  std::string code;   // empty, "empty", "too_large", "unknown_type", "wrong_extension",
                      // "too_many_pixels", "damaged"
  std::string file;
  std::string limit;  // "100 MB", "100 Megapixel", ".jpg"
  std::string found;  // what the file had
};

// `display_name` is what the person called the file: the messages name it.
// `refusal` (optional) receives the reason when the result is an error.
Result<CheckedFile> CheckUpload(const std::filesystem::path& file, std::string_view display_name,
                                const UploadLimits& limits, Refusal* refusal = nullptr);

}  // namespace civicpost::media

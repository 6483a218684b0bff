#include "media/upload_checks.hpp"

#include <vips/vips.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <memory>

#include "media/vips_runtime.hpp"

namespace civicpost::media {
namespace {

constexpr std::array<FileTypeInfo, 6> kTypes{{
    {FileType::kJpeg, "image/jpeg", ".jpg", false},
    {FileType::kPng, "image/png", ".png", false},
    {FileType::kWebp, "image/webp", ".webp", false},
    {FileType::kHeic, "image/heic", ".heic", false},
    {FileType::kMp4, "video/mp4", ".mp4", true},
    {FileType::kMov, "video/quicktime", ".mov", true},
}};

// Names a file may carry for each type.
bool ExtensionFits(FileType type, std::string extension) {
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  switch (type) {
    case FileType::kJpeg: return extension == ".jpg" || extension == ".jpeg";
    case FileType::kPng: return extension == ".png";
    case FileType::kWebp: return extension == ".webp";
    case FileType::kHeic: return extension == ".heic" || extension == ".heif";
    case FileType::kMp4: return extension == ".mp4" || extension == ".m4v";
    case FileType::kMov: return extension == ".mov";
  }
  return false;
}

bool StartsWith(std::span<const unsigned char> head, size_t at, std::string_view magic) {
  return head.size() >= at + magic.size() &&
         std::memcmp(head.data() + at, magic.data(), magic.size()) == 0;
}

std::string Megabytes(int64_t bytes) {
  return std::to_string((bytes + 512 * 1024) / (1024 * 1024)) + " MB";
}

std::string Megapixels(int64_t pixels) {
  return std::to_string((pixels + 500'000) / 1'000'000) + " Megapixel";
}

Error Refuse(Refusal* out, Refusal refusal, std::string sentence) {
  if (out) *out = std::move(refusal);
  return InvalidArgument(std::move(sentence));
}

struct ImageUnref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using ImagePtr = std::unique_ptr<VipsImage, ImageUnref>;

// The header only: libvips decodes pixels lazily, when something reads them.
ImagePtr OpenImage(FileType type, const std::string& path) {
  VipsImage* image = nullptr;
  int rc = -1;
  switch (type) {
    case FileType::kJpeg:
      rc = vips_jpegload(path.c_str(), &image, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                         VIPS_FAIL_ON_TRUNCATED, nullptr);
      break;
    case FileType::kPng:
      rc = vips_pngload(path.c_str(), &image, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                        VIPS_FAIL_ON_TRUNCATED, nullptr);
      break;
    case FileType::kWebp:
      rc = vips_webpload(path.c_str(), &image, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                         VIPS_FAIL_ON_TRUNCATED, nullptr);
      break;
    case FileType::kHeic:
      rc = vips_heifload(path.c_str(), &image, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                         VIPS_FAIL_ON_TRUNCATED, nullptr);
      break;
    default: break;
  }
  if (rc != 0) return nullptr;
  return ImagePtr(image);
}

}  // namespace

const FileTypeInfo& InfoOf(FileType type) {
  for (const FileTypeInfo& info : kTypes) {
    if (info.type == type) return info;
  }
  return kTypes[0];
}

std::optional<FileType> SniffType(std::span<const unsigned char> head) {
  if (StartsWith(head, 0, "\xFF\xD8\xFF")) return FileType::kJpeg;
  if (StartsWith(head, 0, "\x89PNG\r\n\x1A\n")) return FileType::kPng;
  if (StartsWith(head, 0, "RIFF") && StartsWith(head, 8, "WEBP")) return FileType::kWebp;
  // ISO base media files: a box size, "ftyp", then the major brand.
  if (StartsWith(head, 4, "ftyp") && head.size() >= 12) {
    const std::string_view brand(reinterpret_cast<const char*>(head.data() + 8), 4);
    if (brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1" ||
        brand == "heim" || brand == "heis") {
      return FileType::kHeic;
    }
    if (brand == "qt  ") return FileType::kMov;
    if (brand == "isom" || brand == "iso2" || brand == "mp41" || brand == "mp42" ||
        brand == "avc1" || brand == "M4V " || brand == "dash") {
      return FileType::kMp4;
    }
  }
  return std::nullopt;
}

Result<CheckedFile> CheckUpload(const std::filesystem::path& file, std::string_view display_name,
                                const UploadLimits& limits, Refusal* refusal) {
  const std::string name(display_name);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return NotFound("cannot read " + name + ": " + ec.message());
  if (size == 0) return Refuse(refusal, {"empty", name, "", ""}, name + " is empty (0 bytes)");
  if (static_cast<int64_t>(size) > limits.max_bytes) {
    return Refuse(refusal,
                  {"too_large", name, Megabytes(limits.max_bytes),
                   Megabytes(static_cast<int64_t>(size))},
                  name + " is " + Megabytes(static_cast<int64_t>(size)) +
                      ", more than the limit of " + Megabytes(limits.max_bytes));
  }

  std::array<unsigned char, 32> head{};
  std::ifstream in(file, std::ios::binary);
  in.read(reinterpret_cast<char*>(head.data()), head.size());
  const auto type = SniffType(std::span(head.data(), static_cast<size_t>(in.gcount())));
  if (!type) {
    return Refuse(refusal, {"unknown_type", name, "JPEG, PNG, WebP, HEIC, MP4, MOV", ""},
                  name + " is not a JPEG, PNG, WebP or HEIC image nor an MP4 or MOV video");
  }
  const FileTypeInfo& info = InfoOf(*type);
  const std::string extension = std::filesystem::path(name).extension().string();
  if (!ExtensionFits(*type, extension)) {
    return Refuse(refusal, {"wrong_extension", name, std::string(info.extension), extension},
                  name + " is a " + std::string(info.content_type) +
                      " file but is named '" + extension + "'; rename it to '" +
                      std::string(info.extension) + "'");
  }
  if (info.is_video) return CheckedFile{*type, 0, 0};

  EnsureVips();
  ImagePtr image = OpenImage(*type, file.string());
  if (!image) {
    const std::string why = TakeVipsError();
    return Refuse(refusal, {"damaged", name, "", why},
                  name + " cannot be read as " + std::string(info.content_type) + ": " + why);
  }
  const int width = vips_image_get_width(image.get());
  const int height = vips_image_get_height(image.get());
  const int64_t pixels = int64_t{width} * height;
  if (pixels > limits.max_pixels) {
    return Refuse(refusal,
                  {"too_many_pixels", name, Megapixels(limits.max_pixels), Megapixels(pixels)},
                  name + " has " + std::to_string(width) + " x " + std::to_string(height) +
                      " pixels (" + Megapixels(pixels) + "), more than the limit of " +
                      Megapixels(limits.max_pixels));
  }
  // One pass over every pixel, in strips: a truncated or corrupt file fails
  // here, before it is stored, and memory stays flat.
  double mean = 0;
  if (vips_avg(image.get(), &mean, nullptr) != 0) {
    const std::string why = TakeVipsError();
    return Refuse(refusal, {"damaged", name, "", why},
                  name + " is damaged or incomplete: " + why);
  }
  return CheckedFile{*type, width, height};
}

}  // namespace civicpost::media

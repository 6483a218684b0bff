#include "test_images.hpp"

#include <zlib.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vips/vips8>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <exiv2/exiv2.hpp>

namespace civicpost::media::testing {

void WriteTwoToneJpeg(const std::filesystem::path& path, int width, int height) {
  vips::VImage y = vips::VImage::xyz(width, height)[1];
  vips::VImage tone = (y < height / 2).ifthenelse(255, 0).cast(VIPS_FORMAT_UCHAR);
  vips::VImage rgb = tone.bandjoin(tone).bandjoin(tone);
  rgb = rgb.copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  rgb.jpegsave(path.c_str(), vips::VImage::option()->set("Q", 90));
}

void WritePng(const std::filesystem::path& path, int width, int height) {
  vips::VImage image = (vips::VImage::black(width, height, vips::VImage::option()->set("bands", 4)) + 200)
                           .cast(VIPS_FORMAT_UCHAR)
                           .copy(vips::VImage::option()->set("interpretation",
                                                             VIPS_INTERPRETATION_sRGB));
  image.pngsave(path.c_str());
}

void WriteTags(const std::filesystem::path& path, const Tags& tags) {
  auto image = Exiv2::ImageFactory::open(path.string());
  image->readMetadata();
  Exiv2::ExifData& exif = image->exifData();
  Exiv2::IptcData& iptc = image->iptcData();
  Exiv2::XmpData& xmp = image->xmpData();
  if (tags.location) {
    exif["Exif.GPSInfo.GPSLatitudeRef"] = "N";
    exif["Exif.GPSInfo.GPSLatitude"].setValue("51/1 59/1 20/1");
    exif["Exif.GPSInfo.GPSLongitudeRef"] = "E";
    exif["Exif.GPSInfo.GPSLongitude"].setValue("8/1 3/1 40/1");
  }
  if (tags.device) {
    exif["Exif.Image.Make"] = "Canon";
    exif["Exif.Image.Model"] = "Canon EOS R6";
    exif["Exif.Photo.BodySerialNumber"] = "SN-042177";
    exif["Exif.Photo.CameraOwnerName"] = "Erika Mustermann";
    exif["Exif.Photo.DateTimeOriginal"] = "2026:05:01 14:03:22";
  }
  if (!tags.creator.empty()) {
    exif["Exif.Image.Artist"] = tags.creator;
    iptc["Iptc.Application2.Byline"] = tags.creator;
    xmp["Xmp.dc.creator"] = tags.creator;
  }
  if (!tags.copyright.empty()) {
    exif["Exif.Image.Copyright"] = tags.copyright;
    iptc["Iptc.Application2.Copyright"] = tags.copyright;
    xmp["Xmp.dc.rights"] = tags.copyright;
  }
  if (!tags.licence_url.empty()) xmp["Xmp.xmpRights.WebStatement"] = tags.licence_url;
  if (tags.orientation != 0) exif["Exif.Image.Orientation"] = uint16_t(tags.orientation);
  image->writeMetadata();
}

std::string Exiv2Print(const std::filesystem::path& path) {
  const std::string command = "exiv2 -q -pa '" + path.string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "popen failed";
  std::string out;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  ::pclose(pipe);
  return out;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

namespace {

void Chunk(std::string& png, const std::string& type, const std::string& data) {
  auto be32 = [&](uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) png.push_back(static_cast<char>(v >> shift));
  };
  be32(static_cast<uint32_t>(data.size()));
  const std::string body = type + data;
  png += body;
  be32(static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

}  // namespace

std::string PngBombHeader(int width, int height) {
  std::string png = "\x89PNG\r\n\x1A\n";
  std::string ihdr;
  for (uint32_t v : {static_cast<uint32_t>(width), static_cast<uint32_t>(height)}) {
    for (int shift = 24; shift >= 0; shift -= 8) ihdr.push_back(static_cast<char>(v >> shift));
  }
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit grey, no interlace
  Chunk(png, "IHDR", ihdr);
  // A few rows of zeros: the rest would inflate to gigabytes of them.
  std::string raw(static_cast<size_t>(width) + 1, '\0');
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string compressed(size, '\0');
  compress(reinterpret_cast<Bytef*>(compressed.data()), &size,
           reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()));
  compressed.resize(size);
  Chunk(png, "IDAT", compressed);
  Chunk(png, "IEND", "");
  return png;
}

}  // namespace civicpost::media::testing
#pragma GCC diagnostic pop

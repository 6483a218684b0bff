#include "media/metadata.hpp"

#include <nlohmann/json.hpp>

#include "media/exiv2_include.hpp"
#include "media/exiv2_runtime.hpp"

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // Image::AutoPtr, see exiv2_include.hpp

namespace civicpost::media {
namespace {

template <typename Data, typename Key>
std::string TextOf(const Data& data, const char* key) {
  auto it = data.findKey(Key(key));
  if (it == data.end()) return "";
  std::string text = it->toString();
  while (!text.empty() && (text.back() == '\0' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string Text(const Exiv2::ExifData& d, const char* key) {
  return TextOf<Exiv2::ExifData, Exiv2::ExifKey>(d, key);
}
std::string Text(const Exiv2::IptcData& d, const char* key) {
  return TextOf<Exiv2::IptcData, Exiv2::IptcKey>(d, key);
}
std::string Text(const Exiv2::XmpData& d, const char* key) {
  return TextOf<Exiv2::XmpData, Exiv2::XmpKey>(d, key);
}

std::string FirstOf(std::initializer_list<std::string> candidates) {
  for (const std::string& c : candidates) {
    if (!c.empty()) return c;
  }
  return "";
}

// XMP language alternatives print as 'lang="x-default" text'.
std::string WithoutLanguage(std::string text) {
  if (text.rfind("lang=", 0) == 0) {
    const size_t space = text.find(' ');
    text = space == std::string::npos ? "" : text.substr(space + 1);
  }
  return text;
}

std::optional<double> Coordinate(const Exiv2::ExifData& exif, const char* key, const char* ref) {
  auto it = exif.findKey(Exiv2::ExifKey(key));
  if (it == exif.end() || it->count() < 3) return std::nullopt;
  double value = 0;
  double unit = 1;
  for (long i = 0; i < 3; ++i) {
    const Exiv2::Rational r = it->toRational(i);
    if (r.second == 0) return std::nullopt;
    value += static_cast<double>(r.first) / r.second / unit;
    unit *= 60;
  }
  const std::string direction = Text(exif, ref);
  if (direction == "S" || direction == "W") value = -value;
  return value;
}

// "2026:05:01 14:03:22" -> "2026-05-01T14:03:22"
std::string IsoLocal(std::string exif_time) {
  if (exif_time.size() != 19) return "";
  exif_time[4] = '-';
  exif_time[7] = '-';
  exif_time[10] = 'T';
  return exif_time;
}

}  // namespace

Result<Metadata> ReadMetadata(const std::filesystem::path& file, std::string_view display_name) {
  EnsureExiv2();
  Metadata m;
  try {
    auto image = Exiv2::ImageFactory::open(file.string());
    if (image.get() == nullptr) return Metadata{};
    // Only the image formats we accept: exiv2's video readers are where a
    // fuzzer found a hang (a crafted QuickTime file), and we read no video
    // metadata anyway.
    const int type = image->imageType();
    if (type != Exiv2::ImageType::jpeg && type != Exiv2::ImageType::png &&
        type != Exiv2::ImageType::webp && type != Exiv2::ImageType::bmff) {
      return Metadata{};
    }
    image->readMetadata();
    const Exiv2::ExifData& exif = image->exifData();
    const Exiv2::IptcData& iptc = image->iptcData();
    const Exiv2::XmpData& xmp = image->xmpData();

    m.captured_local = IsoLocal(FirstOf({Text(exif, "Exif.Photo.DateTimeOriginal"),
                                         Text(exif, "Exif.Image.DateTime")}));
    m.latitude = Coordinate(exif, "Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef");
    m.longitude = Coordinate(exif, "Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef");
    m.has_location = m.latitude.has_value() || m.longitude.has_value() ||
                     !Text(xmp, "Xmp.exif.GPSLatitude").empty() ||
                     !Text(xmp, "Xmp.iptcExt.LocationCreated").empty();
    for (const Exiv2::Exifdatum& d : exif) {
      if (d.groupName() == "GPSInfo") m.has_location = true;
    }
    const std::string make = Text(exif, "Exif.Image.Make");
    const std::string model = Text(exif, "Exif.Image.Model");
    m.camera = model.rfind(make, 0) == 0 ? model : FirstOf({make + " " + model});
    if (m.camera == " ") m.camera.clear();
    m.has_device_ids = !Text(exif, "Exif.Photo.BodySerialNumber").empty() ||
                       !Text(exif, "Exif.Photo.CameraOwnerName").empty() ||
                       !Text(exif, "Exif.Photo.LensSerialNumber").empty() ||
                       !Text(xmp, "Xmp.aux.SerialNumber").empty();
    m.creator = FirstOf({Text(xmp, "Xmp.dc.creator"), Text(iptc, "Iptc.Application2.Byline"),
                         Text(exif, "Exif.Image.Artist")});
    m.copyright = WithoutLanguage(FirstOf({Text(xmp, "Xmp.dc.rights"),
                                           Text(iptc, "Iptc.Application2.Copyright"),
                                           Text(exif, "Exif.Image.Copyright")}));
    m.credit = FirstOf({Text(xmp, "Xmp.photoshop.Credit"), Text(iptc, "Iptc.Application2.Credit")});
    m.licence_url = FirstOf({Text(xmp, "Xmp.cc.license"), Text(xmp, "Xmp.xmpRights.WebStatement")});
    m.usage_terms = WithoutLanguage(Text(xmp, "Xmp.xmpRights.UsageTerms"));
    m.title = WithoutLanguage(
        FirstOf({Text(xmp, "Xmp.dc.title"), Text(iptc, "Iptc.Application2.ObjectName")}));
  } catch (const std::exception& e) {
    return InvalidArgument("the metadata (EXIF/IPTC/XMP) of " + std::string(display_name) +
                           " cannot be read: " + e.what());
  }
  return m;
}

std::string ToJson(const Metadata& m) {
  nlohmann::json j{{"captured_local", m.captured_local}, {"has_location", m.has_location},
                   {"camera", m.camera},                 {"has_device_ids", m.has_device_ids},
                   {"creator", m.creator},               {"copyright", m.copyright},
                   {"credit", m.credit},                 {"licence_url", m.licence_url},
                   {"usage_terms", m.usage_terms},       {"title", m.title}};
  // The position itself is not kept: knowing that there was one is enough
  // to warn, and a stored coordinate would be one more copy to protect.
  return j.dump();
}

MediaRights SuggestRights(const Metadata& m) {
  MediaRights r;
  r.author = m.creator;
  r.copyright_notice = m.copyright;
  r.licence_url = m.licence_url;
  r.licence = m.usage_terms;
  r.title = m.title;
  if (m.licence_url.find("creativecommons.org") != std::string::npos) {
    r.source = MediaSource::kCreativeCommons;
  } else if (!m.creator.empty() || !m.copyright.empty() || !m.credit.empty()) {
    r.source = MediaSource::kAgency;
    r.attribution = m.credit;
  }
  return r;
}

}  // namespace civicpost::media

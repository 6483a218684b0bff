#include "media/rendition.hpp"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <vips/vips8>

#include "core/sha256.hpp"
#include "media/exiv2_include.hpp"
#include "media/exiv2_runtime.hpp"
#include "media/vips_runtime.hpp"

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // Image::AutoPtr, see exiv2_include.hpp

namespace civicpost::media {
namespace {

// Bump when the output for the same input changes (quality, geometry), so
// cached renditions are made anew.
constexpr std::string_view kRecipeVersion = "1";
constexpr int kJpegQuality = 85;

struct RecipeSpec {
  Recipe recipe;
  std::string_view name;
  int width;
  double min_aspect;  // width / height; equal bounds mean an exact frame
  double max_aspect;
  bool enlarge;
};

constexpr std::array<RecipeSpec, 5> kRecipes{{
    {Recipe::kInstagramFeed, "instagram_feed", 1080, 4.0 / 5.0, 1.91, true},
    {Recipe::kInstagramStory, "instagram_story", 1080, 9.0 / 16.0, 9.0 / 16.0, true},
    {Recipe::kWeb480, "web_480", 480, 0, 1e9, false},
    {Recipe::kWeb960, "web_960", 960, 0, 1e9, false},
    {Recipe::kWeb1600, "web_1600", 1600, 0, 1e9, false},
}};

const RecipeSpec& SpecOf(Recipe recipe) {
  for (const RecipeSpec& spec : kRecipes) {
    if (spec.recipe == recipe) return spec;
  }
  return kRecipes[0];
}

// Rights fields kept from the original: who made it and on which terms.
bool IsRightsKey(const std::string& key) {
  static constexpr std::array<std::string_view, 11> kExact{"Exif.Image.Artist",
                                                           "Exif.Image.Copyright",
                                                           "Iptc.Application2.Byline",
                                                           "Iptc.Application2.BylineTitle",
                                                           "Iptc.Application2.Credit",
                                                           "Iptc.Application2.Source",
                                                           "Iptc.Application2.Copyright",
                                                           "Xmp.dc.creator",
                                                           "Xmp.dc.rights",
                                                           "Xmp.photoshop.Credit",
                                                           "Xmp.photoshop.Source"};
  static constexpr std::array<std::string_view, 3> kPrefixes{"Xmp.xmpRights.", "Xmp.cc.",
                                                             "Xmp.plus."};
  if (std::find(kExact.begin(), kExact.end(), key) != kExact.end()) return true;
  return std::any_of(kPrefixes.begin(), kPrefixes.end(),
                     [&](std::string_view p) { return key.rfind(p, 0) == 0; });
}

template <typename Data>
void CopyRightsFields(const Data& from, Data& to) {
  for (const auto& datum : from) {
    if (IsRightsKey(datum.key())) to.add(datum);
  }
}

void FillIfEmpty(Exiv2::XmpData& xmp, const char* key, const std::string& value) {
  if (value.empty() || xmp.findKey(Exiv2::XmpKey(key)) != xmp.end()) return;
  xmp[key] = value;
}

void FillIfEmpty(Exiv2::ExifData& exif, const char* key, const std::string& value) {
  if (value.empty() || exif.findKey(Exiv2::ExifKey(key)) != exif.end()) return;
  exif[key] = value;
}

// The stripped JPEG gets the original's rights fields back, topped up from
// the rights record.
Status WriteRightsFields(const RenditionInput& input, const std::filesystem::path& jpeg) {
  EnsureExiv2();
  try {
    Exiv2::ExifData exif;
    Exiv2::IptcData iptc;
    Exiv2::XmpData xmp;
    // An SVG carries no EXIF/IPTC/XMP block exiv2 reads: the record says it all.
    auto original = input.original.extension() == ".svg"
                        ? Exiv2::Image::AutoPtr()
                        : Exiv2::ImageFactory::open(input.original.string());
    if (original.get() != nullptr) {
      original->readMetadata();
      CopyRightsFields(original->exifData(), exif);
      CopyRightsFields(original->iptcData(), iptc);
      CopyRightsFields(original->xmpData(), xmp);
    }
    FillIfEmpty(exif, "Exif.Image.Artist", input.author);
    FillIfEmpty(exif, "Exif.Image.Copyright", input.copyright_notice);
    FillIfEmpty(xmp, "Xmp.dc.creator", input.author);
    FillIfEmpty(xmp, "Xmp.dc.rights", input.copyright_notice);
    FillIfEmpty(xmp, "Xmp.xmpRights.UsageTerms", input.licence);
    FillIfEmpty(xmp, "Xmp.xmpRights.WebStatement", input.licence_url);
    if (exif.empty() && iptc.empty() && xmp.empty()) return Status::Ok();
    auto rendition = Exiv2::ImageFactory::open(jpeg.string());
    rendition->setExifData(exif);
    rendition->setIptcData(iptc);
    rendition->setXmpData(xmp);
    rendition->writeMetadata();
  } catch (const std::exception& e) {
    return Internal("cannot write the rights fields into " + jpeg.string() + ": " + e.what());
  }
  return Status::Ok();
}

// Where a `length`-long window centred as near `focal` as fits begins.
int WindowStart(int total, int length, double focal) {
  const int centred = static_cast<int>(std::lround(focal * total - length / 2.0));
  return std::clamp(centred, 0, std::max(0, total - length));
}

vips::VImage Shape(const std::string& path, const RecipeSpec& spec, const RenditionInput& input) {
  // Upright size first: thumbnail() turns the image, our arithmetic must too.
  vips::VImage header = vips::VImage::new_from_file(path.c_str());
  int width = header.width();
  int height = header.height();
  if (vips_image_get_orientation_swap(header.get_image())) std::swap(width, height);
  const double aspect = static_cast<double>(width) / height;
  const double target_aspect = std::clamp(aspect, spec.min_aspect, spec.max_aspect);
  const int out_w = spec.enlarge ? spec.width : std::min(spec.width, width);
  const int out_h = std::max(1, static_cast<int>(std::lround(out_w / target_aspect)));

  const bool fits = std::abs(target_aspect - aspect) < 1e-3;
  // Cover the frame when cropping, fit inside it when padding.
  double scale = static_cast<double>(out_w) / width;
  if (!fits && input.may_crop) scale = std::max(scale, static_cast<double>(out_h) / height);
  if (!fits && !input.may_crop) scale = std::min(scale, static_cast<double>(out_h) / height);
  const int box_w = std::max(1, static_cast<int>(std::ceil(width * scale)));
  const int box_h = std::max(1, static_cast<int>(std::ceil(height * scale)));

  // Shrink-on-load keeps a 24-megapixel JPEG from ever being decoded whole.
  vips::VImage image = vips::VImage::thumbnail(path.c_str(), box_w,
                                               vips::VImage::option()
                                                   ->set("height", box_h)
                                                   ->set("size", VIPS_SIZE_FORCE)
                                                   ->set("import_profile", "srgb")
                                                   ->set("export_profile", "srgb"));
  if (image.has_alpha()) {
    image = image.flatten(vips::VImage::option()->set("background", std::vector<double>{255}));
  }
  if (image.interpretation() != VIPS_INTERPRETATION_sRGB) {
    image = image.colourspace(VIPS_INTERPRETATION_sRGB);
  }
  if (fits) return image;
  if (input.may_crop) {
    const int w = std::min(out_w, image.width());
    const int h = std::min(out_h, image.height());
    return image.extract_area(WindowStart(image.width(), w, input.focal_x),
                              WindowStart(image.height(), h, input.focal_y), w, h);
  }
  return image.gravity(VIPS_COMPASS_DIRECTION_CENTRE, out_w, out_h,
                       vips::VImage::option()
                           ->set("extend", VIPS_EXTEND_BACKGROUND)
                           ->set("background", std::vector<double>{255, 255, 255}));
}

std::filesystem::path TemporaryNear(const std::filesystem::path& out) {
  static std::atomic<unsigned> counter{0};
  return out.parent_path() / ("." + out.filename().string() + "." + std::to_string(getpid()) + "." +
                              std::to_string(counter++) + ".tmp");
}

// The demo's SVG illustrations as a PNG `width` pixels wide. librsvg
// directly: libvips' svgload stays blocked, and only SVGs civicpost ships
// get here (uploads never accept SVG).
Status RasterizeSvg(const std::filesystem::path& svg, const std::filesystem::path& png, int width) {
  GError* error = nullptr;
  RsvgHandle* handle = rsvg_handle_new_from_file(svg.c_str(), &error);
  if (handle == nullptr) {
    std::string message = error != nullptr ? error->message : "unreadable";
    if (error != nullptr) g_error_free(error);
    return InvalidArgument(svg.filename().string() + ": " + message);
  }
  gdouble w = 0;
  gdouble h = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) || w <= 0 || h <= 0) {
    g_object_unref(handle);
    return InvalidArgument(svg.filename().string() + ": the SVG gives no size in pixels");
  }
  const int height = std::max(1, static_cast<int>(std::lround(h * width / w)));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cairo_t* cr = cairo_create(surface);
  const RsvgRectangle viewport{0, 0, static_cast<double>(width), static_cast<double>(height)};
  const bool drawn = rsvg_handle_render_document(handle, cr, &viewport, &error);
  cairo_destroy(cr);
  g_object_unref(handle);
  const cairo_status_t written =
      drawn ? cairo_surface_write_to_png(surface, png.c_str()) : CAIRO_STATUS_WRITE_ERROR;
  cairo_surface_destroy(surface);
  if (!drawn || written != CAIRO_STATUS_SUCCESS) {
    std::string message = error != nullptr ? error->message : "cannot write the PNG";
    if (error != nullptr) g_error_free(error);
    return InvalidArgument(svg.filename().string() + ": " + message);
  }
  return Status::Ok();
}

}  // namespace

std::string_view RecipeName(Recipe recipe) { return SpecOf(recipe).name; }

std::optional<Recipe> ParseRecipe(std::string_view name) {
  for (const RecipeSpec& spec : kRecipes) {
    if (spec.name == name) return spec.recipe;
  }
  return std::nullopt;
}

Result<RenditionInfo> RenderJpeg(const RenditionInput& input, Recipe recipe,
                                 const std::filesystem::path& out) {
  EnsureVips();
  const std::filesystem::path temporary = TemporaryNear(out);
  std::filesystem::path source = input.original;
  std::optional<std::filesystem::path> rasterised;
  if (source.extension() == ".svg") {
    rasterised = TemporaryNear(out).string() + ".png";
    if (Status s = RasterizeSvg(source, *rasterised, 2 * SpecOf(recipe).width); !s.ok()) {
      return s.error();
    }
    source = *rasterised;
  }
  struct RemoveRasterised {
    std::optional<std::filesystem::path>& file;
    ~RemoveRasterised() {
      std::error_code ignored;
      if (file) std::filesystem::remove(*file, ignored);
    }
  } remove_rasterised{rasterised};
  RenditionInfo info;
  try {
    vips::VImage image = Shape(source.string(), SpecOf(recipe), input);
    info = {image.width(), image.height()};
    image.jpegsave(temporary.c_str(), vips::VImage::option()
                                          ->set("Q", kJpegQuality)
                                          ->set("strip", true)
                                          ->set("optimize_coding", true));
  } catch (const vips::VError& e) {
    std::filesystem::remove(temporary);
    return InvalidArgument("cannot render " + input.original.filename().string() + " as " +
                           std::string(RecipeName(recipe)) + ": " + e.what());
  }
  if (Status s = WriteRightsFields(input, temporary); !s.ok()) {
    std::filesystem::remove(temporary);
    return s.error();
  }
  std::error_code ec;
  std::filesystem::rename(temporary, out, ec);
  if (ec) {
    std::filesystem::remove(temporary);
    return Internal("cannot store the rendition " + out.string() + ": " + ec.message());
  }
  return info;
}

Result<std::filesystem::path> RenditionCache::Get(std::string_view original_sha256,
                                                  const RenditionInput& input, Recipe recipe) {
  const std::string shape = std::string(kRecipeVersion) + "|" + std::string(RecipeName(recipe)) +
                            "|" + std::to_string(std::lround(input.focal_x * 1000)) + "|" +
                            std::to_string(std::lround(input.focal_y * 1000)) + "|" +
                            (input.may_crop ? "crop" : "pad") + "|" + input.author + "|" +
                            input.copyright_notice + "|" + input.licence + "|" + input.licence_url;
  const std::string sha(original_sha256);
  const std::filesystem::path dir = dir_ / sha.substr(0, 2);
  const std::filesystem::path file = dir / (sha + "-" + std::string(RecipeName(recipe)) + "-" +
                                            Sha256Hex(shape).substr(0, 16) + ".jpg");
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) return file;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Internal("cannot create " + dir.string() + ": " + ec.message());
  auto rendered = RenderJpeg(input, recipe, file);
  if (!rendered) return rendered.error();
  return file;
}

}  // namespace civicpost::media

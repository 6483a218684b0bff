#pragma once
// Renditions: the JPEGs that leave the building. libvips turns the original
// upright, into sRGB, to the platform's size and aspect (cropped around the
// editor's focal point, or padded when the licence forbids changes), and
// saves it without any metadata; exiv2 then writes back only the rights
// holder's fields (creator, copyright, licence, credit). GPS, camera serials,
// the owner's name, maker notes and thumbnails never reach a rendition;
// removing the rights fields would itself be unlawful (§ 95c UrhG).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace civicpost::media {

enum class Recipe {
  kInstagramFeed,   // 1080 wide, aspect 4:5 .. 1.91:1
  kInstagramStory,  // 1080 x 1920 (9:16)
  kWeb480,          // the public site's srcset: at most this wide, never enlarged
  kWeb960,
  kWeb1600,
};

std::string_view RecipeName(Recipe recipe);  // "instagram_feed", "web_960", ...
std::optional<Recipe> ParseRecipe(std::string_view name);

struct RenditionInput {
  std::filesystem::path original{};
  double focal_x = 0.5;  // fractions of the upright image
  double focal_y = 0.5;
  bool may_crop = true;  // false for Creative Commons ND works: pad instead
  // From the rights record; written into the rendition where the original's
  // own fields are empty.
  std::string author{};
  std::string copyright_notice{};
  std::string licence{};
  std::string licence_url{};
};

struct RenditionInfo {
  int width = 0;
  int height = 0;
};

// Renders to `out` atomically (temporary file, then rename).
Result<RenditionInfo> RenderJpeg(const RenditionInput& input, Recipe recipe,
                                 const std::filesystem::path& out);

// Renditions on disk, keyed by the original's SHA-256 and everything that
// shapes the result (recipe, focal point, crop rule, credits), so a changed
// focal point or rights record makes a new file and an unchanged one is
// rendered once.
class RenditionCache {
 public:
  explicit RenditionCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  Result<std::filesystem::path> Get(std::string_view original_sha256,
                                    const RenditionInput& input, Recipe recipe);

 private:
  std::filesystem::path dir_{};
};

}  // namespace civicpost::media

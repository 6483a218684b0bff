#pragma once
// Rendition URLs for the platform: Instagram fetches the image itself, from
// an address that must not be guessable (drafts are not public) and must
// stop working soon after (a leaked link is not a permanent copy).
//   /r/{media id}/{recipe}.jpg?expires={unix seconds}&sig={HMAC-SHA256, hex}
//   /r/{media id}/video.mp4?...  (a reel's or story's video, for video_url)
// The composition root reads the key (sys::LoadKeyBytes on
// secrets/url-signing.key in the data directory, made on first start);
// replacing it invalidates every link handed out.

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "media/rendition.hpp"

namespace civicpost::media {

class UrlSigner {
 public:
  static constexpr size_t kKeyBytes = 32;
  // kInvalidArgument unless `key` has kKeyBytes bytes.
  static Result<UrlSigner> FromKey(std::string key);

  static constexpr std::string_view kVideoName = "video";

  // The path and query, to put behind the public base URL.
  std::string PathFor(MediaId media, Recipe recipe, Timestamp expires) const;
  std::string VideoPathFor(MediaId media, Timestamp expires) const;
  // True when `signature` was made by this key for these values and
  // `expires` lies after `now`; compares in constant time.
  bool Verify(MediaId media, Recipe recipe, std::string_view expires, std::string_view signature,
              Timestamp now) const;
  // The same for a name: a recipe's or kVideoName.
  bool Verify(MediaId media, std::string_view name, std::string_view expires,
              std::string_view signature, Timestamp now) const;

 private:
  explicit UrlSigner(std::string key) : key_(std::move(key)) {}
  std::string PathFor(MediaId media, std::string_view name, std::string_view extension,
                      Timestamp expires) const;
  std::string Signature(MediaId media, std::string_view name, int64_t expires) const;
  std::string key_;  // 32 random bytes
};

}  // namespace civicpost::media

#pragma once
// Rendition URLs for the platform: Instagram fetches the image itself, from
// an address that must not be guessable (drafts are not public) and must
// stop working soon after (a leaked link is not a permanent copy).
//   /r/{media id}/{recipe}.jpg?expires={unix seconds}&sig={HMAC-SHA256, hex}
// The key lives in the data directory (secrets/url-signing.key, 0600) and is
// made on first use; replacing it invalidates every link handed out.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "media/rendition.hpp"

namespace civicpost::media {

class UrlSigner {
 public:
  // Reads the key, creating it if the file does not exist.
  static Result<UrlSigner> FromDataDir(const std::filesystem::path& data_dir);
  explicit UrlSigner(std::string key) : key_(std::move(key)) {}

  // The path and query, to put behind the public base URL.
  std::string PathFor(MediaId media, Recipe recipe, Timestamp expires) const;
  // True when `signature` was made by this key for these values and
  // `expires` lies after `now`; compares in constant time.
  bool Verify(MediaId media, Recipe recipe, std::string_view expires, std::string_view signature,
              Timestamp now) const;

 private:
  std::string Signature(MediaId media, Recipe recipe, int64_t expires) const;
  std::string key_;  // 32 random bytes
};

}  // namespace civicpost::media

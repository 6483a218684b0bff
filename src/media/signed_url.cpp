#include "media/signed_url.hpp"

#include <sodium.h>

#include <charconv>
#include <chrono>

namespace civicpost::media {
namespace {

int64_t UnixSeconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<UrlSigner> UrlSigner::FromKey(std::string key) {
  if (key.size() != kKeyBytes) {
    return InvalidArgument("a link-signing key has " + std::to_string(kKeyBytes) + " bytes, not " +
                           std::to_string(key.size()));
  }
  return UrlSigner(std::move(key));
}

std::string UrlSigner::Signature(MediaId media, std::string_view name, int64_t expires) const {
  const std::string message =
      media.ToString() + "|" + std::string(name) + "|" + std::to_string(expires);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), reinterpret_cast<const unsigned char*>(key_.data()));
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

std::string UrlSigner::PathFor(MediaId media, Recipe recipe, Timestamp expires) const {
  return PathFor(media, RecipeName(recipe), ".jpg", expires);
}

std::string UrlSigner::VideoPathFor(MediaId media, Timestamp expires) const {
  return PathFor(media, kVideoName, ".mp4", expires);
}

std::string UrlSigner::PathFor(MediaId media, std::string_view name, std::string_view extension,
                               Timestamp expires) const {
  const int64_t seconds = UnixSeconds(expires);
  return "/r/" + media.ToString() + "/" + std::string(name) + std::string(extension) +
         "?expires=" + std::to_string(seconds) + "&sig=" + Signature(media, name, seconds);
}

bool UrlSigner::Verify(MediaId media, Recipe recipe, std::string_view expires,
                       std::string_view signature, Timestamp now) const {
  return Verify(media, RecipeName(recipe), expires, signature, now);
}

bool UrlSigner::Verify(MediaId media, std::string_view name, std::string_view expires,
                       std::string_view signature, Timestamp now) const {
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), seconds);
  if (ec != std::errc() || end != expires.data() + expires.size()) return false;
  if (seconds <= UnixSeconds(now)) return false;
  const std::string expected = Signature(media, name, seconds);
  return signature.size() == expected.size() &&
         sodium_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

}  // namespace civicpost::media

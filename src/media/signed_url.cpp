#include "media/signed_url.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>

namespace civicpost::media {
namespace {

int64_t UnixSeconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<UrlSigner> UrlSigner::FromDataDir(const std::filesystem::path& data_dir) {
  if (sodium_init() < 0) return Internal("libsodium failed to start");
  const std::filesystem::path dir = data_dir / "secrets";
  const std::filesystem::path file = dir / "url-signing.key";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Internal("cannot create " + dir.string() + ": " + ec.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  if (!std::filesystem::exists(file)) {
    std::string key(crypto_auth_hmacsha256_KEYBYTES, '\0');
    randombytes_buf(key.data(), key.size());
    // O_EXCL: two processes starting at once keep the first one's key.
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      const bool written = ::write(fd, key.data(), key.size()) ==
                               static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
      ::close(fd);
      if (!written) {
        std::filesystem::remove(file, ec);
        return Internal("cannot write " + file.string());
      }
    }
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream key;
  key << in.rdbuf();
  if (key.str().size() != crypto_auth_hmacsha256_KEYBYTES) {
    return InvalidArgument(file.string() + " is not a 32-byte key; delete it to make a new one");
  }
  return UrlSigner(key.str());
}

std::string UrlSigner::Signature(MediaId media, Recipe recipe, int64_t expires) const {
  const std::string message =
      media.ToString() + "|" + std::string(RecipeName(recipe)) + "|" + std::to_string(expires);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), reinterpret_cast<const unsigned char*>(key_.data()));
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

std::string UrlSigner::PathFor(MediaId media, Recipe recipe, Timestamp expires) const {
  const int64_t seconds = UnixSeconds(expires);
  return "/r/" + media.ToString() + "/" + std::string(RecipeName(recipe)) +
         ".jpg?expires=" + std::to_string(seconds) + "&sig=" + Signature(media, recipe, seconds);
}

bool UrlSigner::Verify(MediaId media, Recipe recipe, std::string_view expires,
                       std::string_view signature, Timestamp now) const {
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), seconds);
  if (ec != std::errc() || end != expires.data() + expires.size()) return false;
  if (seconds <= UnixSeconds(now)) return false;
  const std::string expected = Signature(media, recipe, seconds);
  return signature.size() == expected.size() &&
         sodium_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

}  // namespace civicpost::media

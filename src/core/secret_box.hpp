#pragma once
// Secrets at rest (a channel's access token): XSalsa20-Poly1305 from
// libsodium's secretbox, a fresh random nonce per seal. Sealed text is
// "v1:" + base64(nonce || ciphertext), safe to store in a TEXT column. The
// key comes from a file outside the data directory (sys::LoadKeyFile), so a
// copy of the database alone opens nothing.

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace civicpost {

class SecretBox {
 public:
  static constexpr size_t kKeyBytes = 32;

  // kInvalidArgument unless `key` is exactly kKeyBytes long.
  static Result<SecretBox> FromKey(std::string key);

  std::string Seal(std::string_view plaintext) const;
  // kInvalidArgument when the text was not sealed with this key or was changed.
  Result<std::string> Open(std::string_view sealed) const;

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace civicpost

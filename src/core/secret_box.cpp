#include "core/secret_box.hpp"

#include <sodium.h>

namespace civicpost {
namespace {

constexpr std::string_view kVersion = "v1:";

}  // namespace

Result<SecretBox> SecretBox::FromKey(std::string key) {
  if (sodium_init() < 0) return Internal("libsodium failed to start");
  if (key.size() != kKeyBytes) {
    return InvalidArgument("a secret key has " + std::to_string(kKeyBytes) + " bytes, not " +
                           std::to_string(key.size()));
  }
  return SecretBox(std::move(key));
}

std::string SecretBox::Seal(std::string_view plaintext) const {
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        nonce, reinterpret_cast<const unsigned char*>(key_.data()));
  std::string encoded(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<unsigned char*>(box.data()),
                    box.size(), sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(encoded.size() - 1);  // the terminating NUL
  return std::string(kVersion) + encoded;
}

Result<std::string> SecretBox::Open(std::string_view sealed) const {
  if (sealed.substr(0, kVersion.size()) != kVersion) {
    return InvalidArgument("not a sealed secret (no 'v1:' prefix)");
  }
  const std::string_view encoded = sealed.substr(kVersion.size());
  std::string box(encoded.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), encoded.data(),
                        encoded.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return InvalidArgument("a sealed secret is damaged");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(box.data());
  std::string plaintext(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()),
                                 nonce + crypto_secretbox_NONCEBYTES,
                                 length - crypto_secretbox_NONCEBYTES, nonce,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return InvalidArgument("a sealed secret does not open with this key (wrong key or changed)");
  }
  return plaintext;
}

}  // namespace civicpost

#include "core/sha256.hpp"

#include <sodium.h>

namespace civicpost {

std::string Sha256Hex(std::string_view bytes) {
  Sha256Stream hash;
  hash.Update(bytes);
  return hash.FinishHex();
}

static_assert(sizeof(crypto_hash_sha256_state) <= 128);

Sha256Stream::Sha256Stream() {
  crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_));
}

void Sha256Stream::Update(std::string_view bytes) {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_),
                            reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string Sha256Stream::FinishHex() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(state_), digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace civicpost

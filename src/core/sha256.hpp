#pragma once
// SHA-256 as lower-case hex (libsodium). Used for content addresses, the
// audit chain and evidence.

#include <string>
#include <string_view>

namespace civicpost {

std::string Sha256Hex(std::string_view bytes);

// The same digest over bytes that arrive in pieces (a streamed upload).
class Sha256Stream {
 public:
  Sha256Stream();
  void Update(std::string_view bytes);
  std::string FinishHex();  // once

 private:
  alignas(64) unsigned char state_[128];  // crypto_hash_sha256_state, kept opaque
};

}  // namespace civicpost

#pragma once
// SHA-256 as lower-case hex (libsodium). Used for content addresses, the
// audit chain and evidence.

#include <string>
#include <string_view>

namespace civicpost {

std::string Sha256Hex(std::string_view bytes);

}  // namespace civicpost

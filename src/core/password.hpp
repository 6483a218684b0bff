#pragma once
// Staff passwords: argon2id hashes (libsodium, interactive limits) and the
// rules a new password must meet (length over composition, after NIST
// SP 800-63B and BSI guidance).

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace civicpost {

inline constexpr size_t kMinPasswordLength = 12;
inline constexpr size_t kMaxPasswordLength = 256;

// kInvalidArgument with a sentence saying what is wrong.
Status CheckPasswordRules(std::string_view password);
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(const std::string& hash, std::string_view password);

// A random password of `length` characters from an unambiguous alphabet.
std::string GeneratePassword(size_t length);

}  // namespace civicpost

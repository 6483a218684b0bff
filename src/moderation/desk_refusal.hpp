#pragma once
// The Desk's refusals and form checks, shared by its source files.

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace civicpost::moderation {

// A refusal whose message is the catalogue key "moderation.<key>".
inline Error Refused(ErrorCode code, std::string_view key) {
  return {code, "moderation." + std::string(key)};
}

inline bool Blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace civicpost::moderation

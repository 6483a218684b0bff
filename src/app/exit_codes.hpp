#pragma once
// How a command ends: 0, 1 for a failure, 2 for bad input, with the error
// on standard error. Every command of the composition root uses these.

#include <iostream>
#include <string>

#include "core/result.hpp"

namespace civicpost::app {

inline constexpr int kFailure = 1;
inline constexpr int kBadInput = 2;

inline int Fail(const std::string& message, int code = kFailure) {
  std::cerr << "civicpost: " << message << "\n";
  return code;
}

inline int Fail(const Error& error) {
  return Fail(error.message, error.code == ErrorCode::kInvalidArgument ? kBadInput : kFailure);
}

}  // namespace civicpost::app

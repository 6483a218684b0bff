#pragma once
// Status and Result<T>: how every expected failure travels in civicpost.
//
// Exceptions are for bugs and fatal start-up errors only; everything a caller
// can expect (validation, lookups, I/O, remote errors) is returned as a value.
// The API follows std::expected so that switching later is a rename.
//
// Typical usage:
//   Result<Post> post = posts.Get(id);
//   if (!post) return post.error();
//   Use(*post);

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace civicpost {

enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kConflict,
  kPermissionDenied,
  kRateLimited,
  kUnavailable,  // transient: retrying later may succeed
  kInternal,
};

const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  bool IsRetryable() const {
    return code == ErrorCode::kUnavailable || code == ErrorCode::kRateLimited;
  }
};

inline Error InvalidArgument(std::string message) {
  return {ErrorCode::kInvalidArgument, std::move(message)};
}
inline Error NotFound(std::string message) {
  return {ErrorCode::kNotFound, std::move(message)};
}
inline Error Conflict(std::string message) {
  return {ErrorCode::kConflict, std::move(message)};
}
inline Error PermissionDenied(std::string message) {
  return {ErrorCode::kPermissionDenied, std::move(message)};
}
inline Error Unavailable(std::string message) {
  return {ErrorCode::kUnavailable, std::move(message)};
}
inline Error Internal(std::string message) {
  return {ErrorCode::kInternal, std::move(message)};
}

// The outcome of an operation that returns nothing on success.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }
  const std::string& message() const { return error_.message; }

 private:
  Error error_;
  bool ok_ = true;
};

// A value of type T or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT
  Result(Error error) : data_(std::move(error)) {}    // NOLINT
  Result(Status status) : data_(status.error()) {}    // NOLINT: must not be ok

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(data_));
  }
  const Error& error() const {
    assert(!has_value());
    return std::get<1>(data_);
  }
  Status status() const { return has_value() ? Status() : Status(error()); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> data_;
};

}  // namespace civicpost

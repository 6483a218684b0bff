#pragma once
// Reading a staff request's ids and parameters, and a Desk answer's status:
// shared by the inbox's handlers.

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "web/http_types.hpp"

namespace civicpost::web {

// A positive decimal id, nothing else.
template <typename Id>
std::optional<Id> ParseId(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return Id(value);
}

template <typename Id>
std::optional<Id> PathId(const Request& request, const std::string& name) {
  auto it = request.path_params.find(name);
  if (it == request.path_params.end()) return std::nullopt;
  return ParseId<Id>(it->second);
}

inline std::string Query(const Request& request, const std::string& name) {
  auto it = request.query_params.find(name);
  return it == request.query_params.end() ? std::string() : it->second;
}

template <typename T>
Status StatusOf(const Result<T>& result) {
  return result ? Status::Ok() : Status(result.error());
}

}  // namespace civicpost::web

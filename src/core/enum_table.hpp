#pragma once
// A fixed table between an enum and its stored/serialised name. Each value
// type declares its table once; ToString and Parse are generated from it so
// names cannot drift between the store, the web and the logs.

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace civicpost {

template <typename E, size_t N>
struct EnumTable {
  std::array<std::pair<E, std::string_view>, N> entries;

  constexpr std::string_view Name(E value) const {
    for (const auto& [e, name] : entries) {
      if (e == value) return name;
    }
    return "unknown";
  }
  constexpr std::optional<E> Parse(std::string_view name) const {
    for (const auto& [e, n] : entries) {
      if (n == name) return e;
    }
    return std::nullopt;
  }
};

}  // namespace civicpost

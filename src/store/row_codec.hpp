#pragma once
// Conversions between value types and SQL columns shared by the repositories.

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/enum_table.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "store/database.hpp"

namespace civicpost::store {

inline SqlValue TimeValue(Timestamp t) { return FormatIsoUtc(t); }

inline SqlValue TimeValue(const std::optional<Timestamp>& t) {
  if (!t) return std::monostate{};
  return FormatIsoUtc(*t);
}

inline Timestamp TimeAt(const Row& row, size_t i) {
  return ParseIsoUtc(row.Text(i)).value_or(Timestamp{});
}

inline std::optional<Timestamp> OptionalTimeAt(const Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return ParseIsoUtc(row.Text(i));
}

inline SqlValue OptionalUser(const std::optional<UserId>& id) {
  return id ? SqlValue(id->value()) : SqlValue();
}

template <typename E, size_t N>
SqlValue EnumValue(const EnumTable<E, N>& table, E value) {
  return std::string(table.Name(value));
}

// A stored enum name this binary does not know falls back to `fallback`;
// the CHECK constraints in the schema keep that from happening in practice.
template <typename E, size_t N>
E EnumAt(const EnumTable<E, N>& table, const Row& row, size_t i, E fallback) {
  return table.Parse(row.Text(i)).value_or(fallback);
}

// The id of the row an INSERT ... RETURNING id produced.
inline Result<int64_t> ReturnedId(Result<Rows> rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return Internal("INSERT returned no id");
  return (*rows)[0].Int(0);
}

}  // namespace civicpost::store

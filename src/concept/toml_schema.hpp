#pragma once
// A declarative schema for TOML files and a checker that reports every
// problem of a parsed document at once.
//
// The schema knows nothing about usage concepts: the app declares the schema
// of civicpost.toml with the same building blocks. A schema is a TableSpec,
// i.e. a list of KeySpecs, built with the factories in namespace `spec`:
//
//   const TableSpec kServerSchema{{
//       spec::Integer("schema_version", 1, 1),
//       spec::Table("http", {
//           spec::String("listen").NonEmpty(),
//           spec::Integer("port", 1, 65535).Optional(),
//           spec::Url("public_url"),
//       }),
//       spec::TableArray("admins", {spec::Email("email"), spec::Phone("phone").Optional()})
//           .MinItems(1),
//   }};
//   std::vector<Diagnostic> problems = CheckAgainstSchema(table, kServerSchema, "civicpost.toml");
//
// Specs are immutable after construction and may be shared between threads.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "concept/diagnostic.hpp"

namespace civicpost::usage {

enum class ValueKind {
  kString,       // any string (see KeySpec::non_empty, pattern)
  kInteger,      // TOML integer, optionally within [min_integer, max_integer]
  kFloat,        // TOML float or integer, optionally within [min_float, max_float]
  kBoolean,
  kDate,         // TOML local date: 2024-05-01 (no quotes)
  kDateTime,     // TOML date-time, with or without offset
  kEmail,        // string, IsValidEmail()
  kUrl,          // string, IsValidHttpUrl()
  kPhone,        // string, IsValidGermanPhone()
  kEnum,         // string, one of KeySpec::allowed
  kTimeRange,    // string, ParseTimeRanges(): "08:00-16:00"
  kTable,        // table, checked against KeySpec::table
  kTableArray,   // array of tables ([[name]] or [{...}, {...}]), each checked against KeySpec::table
  kStringArray,  // array of strings; each one of KeySpec::allowed if that is not empty
};

// Human name of a kind for documentation ("integer", "array of tables", ...).
const char* ValueKindName(ValueKind kind);

enum class Presence { kRequired, kOptional };
enum class UnknownKeys { kReject, kAllow };

struct KeySpec;

// The keys a table may contain. Unknown keys are reported unless
// `unknown_keys` is kAllow.
struct TableSpec {
  std::vector<KeySpec> keys;
  UnknownKeys unknown_keys = UnknownKeys::kReject;

  const KeySpec* Find(std::string_view name) const;
};

struct KeySpec {
  std::string name;
  ValueKind kind = ValueKind::kString;
  Presence presence = Presence::kRequired;
  std::optional<int64_t> min_integer;
  std::optional<int64_t> max_integer;
  std::optional<double> min_float;
  std::optional<double> max_float;
  std::vector<std::string> allowed;  // kEnum values; kStringArray element values
  bool non_empty = false;            // strings: not ""; string arrays: no "" elements
  std::size_t min_items = 0;         // kTableArray, kStringArray
  std::shared_ptr<const std::regex> pattern;  // kString: whole value must match
  std::string pattern_hint;          // shown when `pattern` does not match
  TableSpec table;                   // kTable, kTableArray
  std::string doc;                   // one line for generated documentation

  // Chainable modifiers: spec::String("handle").Optional().NonEmpty().
  KeySpec Optional() &&;
  KeySpec NonEmpty() &&;
  KeySpec MinItems(std::size_t count) &&;
  // `ecmascript_regex` must match the whole string; `hint` says in words what
  // is expected ("lower-case letters, digits and '-'"). REQUIRES: a valid
  // regex (an invalid one throws std::regex_error: a bug in the schema).
  KeySpec Matching(std::string_view ecmascript_regex, std::string hint) &&;
  KeySpec AllowUnknownKeys() &&;  // kTable, kTableArray
  KeySpec Doc(std::string text) &&;
};

namespace spec {

KeySpec String(std::string name);
KeySpec Integer(std::string name, std::optional<int64_t> min = std::nullopt,
                std::optional<int64_t> max = std::nullopt);
KeySpec Float(std::string name, std::optional<double> min = std::nullopt,
              std::optional<double> max = std::nullopt);
KeySpec Boolean(std::string name);
KeySpec Date(std::string name);
KeySpec DateTime(std::string name);
KeySpec Email(std::string name);
KeySpec Url(std::string name);
KeySpec Phone(std::string name);
KeySpec Enum(std::string name, std::vector<std::string> allowed);
KeySpec TimeRange(std::string name);
KeySpec Table(std::string name, std::vector<KeySpec> keys);
KeySpec TableArray(std::string name, std::vector<KeySpec> keys);
KeySpec StringArray(std::string name);
KeySpec EnumArray(std::string name, std::vector<std::string> allowed);

}  // namespace spec

// Checks `root` against `schema` and returns every problem, sorted by
// position. `file` is copied into each Diagnostic. Reports: unknown keys
// (with a did-you-mean), missing required keys (at the enclosing table, 1:1
// for the root), wrong TOML types, malformed e-mail/URL/phone/time ranges,
// out-of-range numbers, values outside an enum, empty strings or arrays where
// that is not allowed and strings that miss their pattern.
std::vector<Diagnostic> CheckAgainstSchema(const toml::table& root, const TableSpec& schema,
                                           std::string_view file);

// Helpers for checks a schema cannot express (cross-field rules).
// A Diagnostic at `region`'s start (1:1 if the region has no position).
Diagnostic DiagnosticAt(std::string_view file, const toml::source_region& region,
                        std::string key_path, std::string message);
// "channels" + "id" -> "channels.id"; keys outside [A-Za-z0-9_-] are quoted.
std::string JoinKeyPath(std::string_view parent, std::string_view key);
// "channels" + 0 -> "channels[0]".
std::string IndexKeyPath(std::string_view parent, std::size_t index);
// Shortest exact form: 0.5 -> "0.5", 1.0 -> "1".
std::string FormatNumber(double value);

}  // namespace civicpost::usage

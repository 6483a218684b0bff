#include "concept/toml_schema.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

namespace civicpost::usage {
namespace {

KeySpec Make(std::string name, ValueKind kind) {
  KeySpec key;
  key.name = std::move(name);
  key.kind = kind;
  return key;
}

}  // namespace

const char* ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kString:
      return "string";
    case ValueKind::kInteger:
      return "integer";
    case ValueKind::kFloat:
      return "float";
    case ValueKind::kBoolean:
      return "boolean";
    case ValueKind::kDate:
      return "date";
    case ValueKind::kDateTime:
      return "date-time";
    case ValueKind::kEmail:
      return "e-mail";
    case ValueKind::kUrl:
      return "url";
    case ValueKind::kPhone:
      return "phone";
    case ValueKind::kEnum:
      return "enum";
    case ValueKind::kTimeRange:
      return "time range";
    case ValueKind::kTable:
      return "table";
    case ValueKind::kTableArray:
      return "array of tables";
    case ValueKind::kStringArray:
      return "array of strings";
  }
  return "unknown";
}

const KeySpec* TableSpec::Find(std::string_view name) const {
  for (const KeySpec& key : keys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

KeySpec KeySpec::Optional() && {
  presence = Presence::kOptional;
  return std::move(*this);
}
KeySpec KeySpec::NonEmpty() && {
  non_empty = true;
  return std::move(*this);
}
KeySpec KeySpec::MinItems(std::size_t count) && {
  min_items = count;
  return std::move(*this);
}
KeySpec KeySpec::Matching(std::string_view ecmascript_regex, std::string hint) && {
  pattern = std::make_shared<const std::regex>(ecmascript_regex.begin(), ecmascript_regex.end());
  pattern_hint = std::move(hint);
  return std::move(*this);
}
KeySpec KeySpec::AllowUnknownKeys() && {
  table.unknown_keys = UnknownKeys::kAllow;
  return std::move(*this);
}
KeySpec KeySpec::Doc(std::string text) && {
  doc = std::move(text);
  return std::move(*this);
}

namespace spec {

KeySpec String(std::string name) { return Make(std::move(name), ValueKind::kString); }
KeySpec Integer(std::string name, std::optional<int64_t> min, std::optional<int64_t> max) {
  KeySpec key = Make(std::move(name), ValueKind::kInteger);
  key.min_integer = min;
  key.max_integer = max;
  return key;
}
KeySpec Float(std::string name, std::optional<double> min, std::optional<double> max) {
  KeySpec key = Make(std::move(name), ValueKind::kFloat);
  key.min_float = min;
  key.max_float = max;
  return key;
}
KeySpec Boolean(std::string name) { return Make(std::move(name), ValueKind::kBoolean); }
KeySpec Date(std::string name) { return Make(std::move(name), ValueKind::kDate); }
KeySpec DateTime(std::string name) { return Make(std::move(name), ValueKind::kDateTime); }
KeySpec Email(std::string name) { return Make(std::move(name), ValueKind::kEmail); }
KeySpec Url(std::string name) { return Make(std::move(name), ValueKind::kUrl); }
KeySpec Phone(std::string name) { return Make(std::move(name), ValueKind::kPhone); }
KeySpec Enum(std::string name, std::vector<std::string> allowed) {
  KeySpec key = Make(std::move(name), ValueKind::kEnum);
  key.allowed = std::move(allowed);
  return key;
}
KeySpec TimeRange(std::string name) { return Make(std::move(name), ValueKind::kTimeRange); }
KeySpec Table(std::string name, std::vector<KeySpec> keys) {
  KeySpec key = Make(std::move(name), ValueKind::kTable);
  key.table.keys = std::move(keys);
  return key;
}
KeySpec TableArray(std::string name, std::vector<KeySpec> keys) {
  KeySpec key = Make(std::move(name), ValueKind::kTableArray);
  key.table.keys = std::move(keys);
  return key;
}
KeySpec StringArray(std::string name) { return Make(std::move(name), ValueKind::kStringArray); }
KeySpec EnumArray(std::string name, std::vector<std::string> allowed) {
  KeySpec key = Make(std::move(name), ValueKind::kStringArray);
  key.allowed = std::move(allowed);
  return key;
}

}  // namespace spec

Diagnostic DiagnosticAt(std::string_view file, const toml::source_region& region,
                        std::string key_path, std::string message) {
  Diagnostic d;
  d.file = std::string(file);
  d.line = region.begin.line == 0 ? 1 : region.begin.line;
  d.column = region.begin.line == 0 ? 1 : region.begin.column;
  d.key_path = std::move(key_path);
  d.message = std::move(message);
  return d;
}

std::string JoinKeyPath(std::string_view parent, std::string_view key) {
  const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  std::string part = bare ? std::string(key) : '"' + std::string(key) + '"';
  if (parent.empty()) return part;
  return std::string(parent) + '.' + part;
}

std::string FormatNumber(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::string IndexKeyPath(std::string_view parent, std::size_t index) {
  return std::string(parent) + '[' + std::to_string(index) + ']';
}

}  // namespace civicpost::usage

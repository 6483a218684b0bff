#include "concept/toml_schema.hpp"

// The checker half of toml_schema.hpp; building specs is in toml_schema.cpp.

#include <algorithm>
#include <cmath>
#include <utility>

#include "concept/suggest.hpp"
#include "concept/value_formats.hpp"

namespace civicpost::usage {
namespace {

// Values quoted in messages are cut to this many bytes (plus "...").
constexpr std::size_t kMaxQuotedValueBytes = 60;
// Up to this many allowed keys are listed after "unknown key".
constexpr std::size_t kMaxListedKeys = 12;

// 1.0 stays "1.0" so that it does not read like an integer.
std::string FloatLiteral(double value) {
  std::string text = FormatNumber(value);
  if (text.find_first_of(".ein") == std::string::npos) text += ".0";
  return text;
}

std::string Quote(std::string_view text) {
  if (text.size() <= kMaxQuotedValueBytes) return '"' + std::string(text) + '"';
  return '"' + std::string(text.substr(0, kMaxQuotedValueBytes)) + "...\"";
}

std::string QuotedList(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += ", ";
    out += '\'' + value + '\'';
  }
  return out;
}

std::string RangeText(const std::optional<std::string>& min,
                      const std::optional<std::string>& max) {
  if (min && max && *min == *max) return " equal to " + *min;
  if (min && max) return " between " + *min + " and " + *max;
  if (min) return " of at least " + *min;
  if (max) return " of at most " + *max;
  return "";
}

template <typename T>
std::optional<std::string> NumberText(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  if constexpr (std::is_floating_point_v<T>) return FormatNumber(*value);
  return std::to_string(*value);
}

// What a key expects, as a phrase: "an integer between 1 and 21".
std::string Expected(const KeySpec& key) {
  switch (key.kind) {
    case ValueKind::kString:
      return "a string";
    case ValueKind::kInteger:
      return "an integer" + RangeText(NumberText(key.min_integer), NumberText(key.max_integer));
    case ValueKind::kFloat:
      return "a number" + RangeText(NumberText(key.min_float), NumberText(key.max_float));
    case ValueKind::kBoolean:
      return "a boolean (true or false)";
    case ValueKind::kDate:
      return "a date (YYYY-MM-DD, without quotes)";
    case ValueKind::kDateTime:
      return "a date-time (YYYY-MM-DDTHH:MM:SS, without quotes)";
    case ValueKind::kEmail:
      return "an e-mail address (string)";
    case ValueKind::kUrl:
      return "an http(s) URL (string)";
    case ValueKind::kPhone:
      return "a German phone number (string)";
    case ValueKind::kEnum:
      return "one of " + QuotedList(key.allowed);
    case ValueKind::kTimeRange:
      return "a time range like \"08:00-16:00\" (string)";
    case ValueKind::kTable:
      return "a table";
    case ValueKind::kTableArray:
      return "an array of tables ([[" + key.name + "]])";
    case ValueKind::kStringArray:
      return "an array of strings";
  }
  return "a value";
}

// What was found: "string \"zwei\"", "integer 40", "table".
std::string Found(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "string " + Quote(*node.value<std::string>());
    case toml::node_type::integer:
      return "integer " + std::to_string(*node.value<int64_t>());
    case toml::node_type::floating_point:
      return "float " + FloatLiteral(*node.value<double>());
    case toml::node_type::boolean:
      return *node.value<bool>() ? "boolean true" : "boolean false";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
    case toml::node_type::table:
      return "table";
    case toml::node_type::array:
      return "array";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

bool HasExpectedType(const toml::node& node, ValueKind kind) {
  switch (kind) {
    case ValueKind::kString:
    case ValueKind::kEmail:
    case ValueKind::kUrl:
    case ValueKind::kPhone:
    case ValueKind::kEnum:
    case ValueKind::kTimeRange:
      return node.is_string();
    case ValueKind::kInteger:
      return node.is_integer();
    case ValueKind::kFloat:
      return node.is_floating_point() || node.is_integer();
    case ValueKind::kBoolean:
      return node.is_boolean();
    case ValueKind::kDate:
      return node.is_date();
    case ValueKind::kDateTime:
      return node.is_date_time();
    case ValueKind::kTable:
      return node.is_table();
    case ValueKind::kTableArray:
    case ValueKind::kStringArray:
      return node.is_array();
  }
  return false;
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::vector<std::string> KeyNames(const TableSpec& table) {
  std::vector<std::string> names;
  names.reserve(table.keys.size());
  for (const KeySpec& key : table.keys) names.push_back(key.name);
  return names;
}

class Checker {
 public:
  explicit Checker(std::string_view file) : file_(file) {}

  std::vector<Diagnostic> Take() && { return std::move(out_); }

  void CheckTable(const toml::table& table, const TableSpec& spec, const std::string& path) {
    for (auto&& [key, node] : table) {
      const std::string key_path = JoinKeyPath(path, key.str());
      const KeySpec* key_spec = spec.Find(key.str());
      if (key_spec != nullptr) {
        CheckValue(node, *key_spec, key_path);
      } else if (spec.unknown_keys == UnknownKeys::kReject) {
        ReportUnknownKey(key, spec, key_path);
      }
    }
    for (const KeySpec& key_spec : spec.keys) {
      if (key_spec.presence == Presence::kRequired && !table.contains(key_spec.name)) {
        // toml++ gives the root table the position 1:1 as well.
        Report(table.source(), JoinKeyPath(path, key_spec.name),
               "missing required key; expected " + Expected(key_spec));
      }
    }
  }

 private:
  void Report(const toml::source_region& region, std::string key_path, std::string message) {
    out_.push_back(DiagnosticAt(file_, region, std::move(key_path), std::move(message)));
  }

  void ReportUnknownKey(const toml::key& key, const TableSpec& spec, const std::string& key_path) {
    const std::vector<std::string> names = KeyNames(spec);
    std::string message = "unknown key";
    if (auto suggestion = ClosestMatch(key.str(), names)) {
      message += " (did you mean '" + *suggestion + "'?)";
    } else if (!names.empty() && names.size() <= kMaxListedKeys) {
      message += " (allowed here: " + QuotedList(names) + ")";
    }
    Report(key.source(), key_path, std::move(message));
  }

  void CheckValue(const toml::node& node, const KeySpec& key, const std::string& path) {
    if (!HasExpectedType(node, key.kind)) {
      std::string message = "expected " + Expected(key) + ", found " + Found(node);
      if (key.kind == ValueKind::kTableArray && node.is_table()) {
        message += "; write [[" + key.name + "]] instead of [" + key.name + "]";
      } else if (key.kind == ValueKind::kDate && node.is_string() &&
                 LooksLikeIsoDate(*node.value<std::string>())) {
        message += "; write the date without quotes";
      }
      Report(node.source(), path, std::move(message));
      return;
    }
    switch (key.kind) {
      case ValueKind::kInteger:
        return CheckInteger(node, key, path);
      case ValueKind::kFloat:
        return CheckFloat(node, key, path);
      case ValueKind::kTable:
        return CheckTable(*node.as_table(), key.table, path);
      case ValueKind::kTableArray:
        return CheckTableArray(*node.as_array(), key, path);
      case ValueKind::kStringArray:
        return CheckStringArray(*node.as_array(), key, path);
      case ValueKind::kBoolean:
      case ValueKind::kDate:
      case ValueKind::kDateTime:
        return;
      default:
        return CheckString(node, *node.value<std::string>(), key, key.allowed, path);
    }
  }

  void CheckInteger(const toml::node& node, const KeySpec& key, const std::string& path) {
    const int64_t value = *node.value<int64_t>();
    if ((key.min_integer && value < *key.min_integer) ||
        (key.max_integer && value > *key.max_integer)) {
      Report(node.source(), path,
             "must be" + RangeText(NumberText(key.min_integer), NumberText(key.max_integer)) +
                 ", got " + std::to_string(value));
    }
  }

  void CheckFloat(const toml::node& node, const KeySpec& key, const std::string& path) {
    const double value = *node.value<double>();  // integers convert
    const std::string range = RangeText(NumberText(key.min_float), NumberText(key.max_float));
    if (!std::isfinite(value)) {
      Report(node.source(), path,
             "must be a finite number" + range + ", got " + FormatNumber(value));
    } else if ((key.min_float && value < *key.min_float) ||
               (key.max_float && value > *key.max_float)) {
      Report(node.source(), path, "must be" + range + ", got " + FormatNumber(value));
    }
  }

  // `allowed` is passed separately because string arrays use it per element.
  void CheckString(const toml::node& node, const std::string& value, const KeySpec& key,
                   const std::vector<std::string>& allowed, const std::string& path) {
    if (key.non_empty && IsBlank(value)) {
      return Report(node.source(), path, "must not be empty");
    }
    const bool is_enum = key.kind == ValueKind::kEnum || key.kind == ValueKind::kStringArray;
    if (is_enum && !allowed.empty() &&
        std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      std::string message = "must be one of " + QuotedList(allowed) + ", got " + Quote(value);
      if (auto suggestion = ClosestMatch(value, allowed)) {
        message += " (did you mean '" + *suggestion + "'?)";
      }
      return Report(node.source(), path, std::move(message));
    }
    switch (key.kind) {
      case ValueKind::kEmail:
        if (!IsValidEmail(value))
          Report(node.source(), path, "not a valid e-mail address: " + Quote(value));
        break;
      case ValueKind::kUrl:
        if (!IsValidHttpUrl(value)) {
          Report(node.source(), path,
                 "not a valid URL (expected http:// or https:// and a host name): " + Quote(value));
        }
        break;
      case ValueKind::kPhone:
        if (!IsValidGermanPhone(value)) {
          Report(node.source(), path,
                 "not a valid German phone number (e.g. \"02583/309-3031\" or "
                 "\"+49 2583 309-3031\"): " +
                     Quote(value));
        }
        break;
      case ValueKind::kTimeRange:
        if (!ParseTimeRanges(value)) {
          Report(node.source(), path,
                 "not a valid time range (e.g. \"08:00-16:00\" or \"08:00-12:30, 14:00-16:00\", "
                 "ascending, end after start): " +
                     Quote(value));
        }
        break;
      case ValueKind::kString:
        if (key.pattern && !std::regex_match(value, *key.pattern)) {
          Report(node.source(), path, "must be " + key.pattern_hint + ", got " + Quote(value));
        }
        break;
      default:
        break;
    }
  }

  void CheckItemCount(const toml::array& array, const KeySpec& key, const std::string& path) {
    if (array.size() < key.min_items) {
      Report(array.source(), path,
             "must contain at least " + std::to_string(key.min_items) +
                 (key.min_items == 1 ? " entry" : " entries"));
    }
  }

  void CheckTableArray(const toml::array& array, const KeySpec& key, const std::string& path) {
    CheckItemCount(array, key, path);
    for (std::size_t i = 0; i < array.size(); ++i) {
      const toml::node& element = *array.get(i);
      const std::string element_path = IndexKeyPath(path, i);
      if (const toml::table* table = element.as_table()) {
        CheckTable(*table, key.table, element_path);
      } else {
        Report(element.source(), element_path, "expected a table, found " + Found(element));
      }
    }
  }

  void CheckStringArray(const toml::array& array, const KeySpec& key, const std::string& path) {
    CheckItemCount(array, key, path);
    for (std::size_t i = 0; i < array.size(); ++i) {
      const toml::node& element = *array.get(i);
      const std::string element_path = IndexKeyPath(path, i);
      if (const auto* text = element.as_string()) {
        CheckString(element, text->get(), key, key.allowed, element_path);
      } else {
        Report(element.source(), element_path, "expected a string, found " + Found(element));
      }
    }
  }

  std::string_view file_;
  std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<Diagnostic> CheckAgainstSchema(const toml::table& root, const TableSpec& schema,
                                           std::string_view file) {
  Checker checker(file);
  checker.CheckTable(root, schema, "");
  std::vector<Diagnostic> diagnostics = std::move(checker).Take();
  SortByPosition(diagnostics);
  return diagnostics;
}

}  // namespace civicpost::usage

#pragma once
// Reading and parsing TOML files into tables, with every failure (missing
// file, syntax error, schema violation) turned into Diagnostics.
//
// Typical usage (the app's civicpost.toml):
//   TomlDocument doc = LoadTomlFile(path, ServiceConfigSchema());
//   if (!doc.ok()) {
//     std::cerr << FormatDiagnostics(doc.diagnostics);
//     return 2;
//   }
//   int port = (*doc.table)["http"]["port"].value_or(8080);

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "concept/diagnostic.hpp"
#include "concept/toml_schema.hpp"

namespace civicpost::usage {

struct TomlDocument {
  // Set whenever the file was read and is valid TOML, even if the schema
  // check found problems (so callers can still run their own checks).
  std::optional<toml::table> table;
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return table.has_value() && diagnostics.empty(); }
};

// Parses `text`; a syntax error becomes one Diagnostic at its line:column
// ("TOML syntax error: ..."). `source_name` is what diagnostics call the file.
TomlDocument ParseTomlText(std::string_view text, std::string source_name);

// Reads and parses a file. A missing or unreadable file gives one Diagnostic
// with line 0 that names the file and the OS reason. Diagnostics use
// path.string() as the file name.
TomlDocument ReadTomlFile(const std::filesystem::path& path);

// ParseTomlText / ReadTomlFile followed by CheckAgainstSchema.
TomlDocument ParseAndCheckToml(std::string_view text, std::string source_name,
                               const TableSpec& schema);
TomlDocument LoadTomlFile(const std::filesystem::path& path, const TableSpec& schema);

}  // namespace civicpost::usage

#pragma once
// Diagnostic: one problem found in a configuration file, with its position.
//
// Diagnostics are values, never exceptions: a checker collects all of them so
// that a user fixes a file in one round instead of one error per run.
//
// Typical usage:
//   for (const Diagnostic& d : load.diagnostics) std::cerr << d.ToString() << '\n';
//   // concept.toml:42:18: channels[0].scope.posts_per_week: must be between 1 and 21, got 40

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace civicpost::usage {

struct Diagnostic {
  std::string file;      // as given by the caller, e.g. "examples/sassenberg/concept.toml"
  uint32_t line = 0;     // 1-based; 0 = no position (e.g. the file could not be read)
  uint32_t column = 0;   // 1-based, counted in UTF-8 code points as toml++ does
  std::string key_path;  // e.g. "channels[0].scope.posts_per_week"; empty for syntax/file errors
  std::string message;   // what is wrong, without file, position or key path

  // "FILE:LINE:COL: KEY_PATH: MESSAGE". The key path part is left out when
  // empty, the position when line is 0 ("FILE: MESSAGE").
  std::string ToString() const;
};

// Orders diagnostics by position (line, then column); position-less ones come
// first. The order of diagnostics at the same position is kept.
void SortByPosition(std::vector<Diagnostic>& diagnostics);

// One ToString() per line, each ending in '\n'.
std::string FormatDiagnostics(const std::vector<Diagnostic>& diagnostics);

// Ok if there are no diagnostics, else kInvalidArgument whose message is
// FormatDiagnostics() (for callers that only deal in Status).
Status DiagnosticsToStatus(const std::vector<Diagnostic>& diagnostics);

}  // namespace civicpost::usage

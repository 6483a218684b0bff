#include "concept/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace civicpost::usage {

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (line != 0) {
    out += ':' + std::to_string(line) + ':' + std::to_string(column);
  }
  out += ": ";
  if (!key_path.empty()) out += key_path + ": ";
  out += message;
  return out;
}

void SortByPosition(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
}

std::string FormatDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += d.ToString() + '\n';
  return out;
}

Status DiagnosticsToStatus(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return Status::Ok();
  std::string message = FormatDiagnostics(diagnostics);
  message.pop_back();  // the trailing '\n'
  return InvalidArgument(std::move(message));
}

}  // namespace civicpost::usage

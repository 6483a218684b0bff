#include "concept/toml_document.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>
#include <utility>

namespace civicpost::usage {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

Diagnostic FileProblem(const std::string& file, const std::string& reason) {
  Diagnostic d;
  d.file = file;
  d.message = "cannot read '" + file + "': " + reason;
  return d;
}

std::string ErrnoText(int error) { return std::generic_category().message(error); }

// Reads a whole file; on failure returns nullopt and sets `reason`.
std::optional<std::string> ReadWholeFile(const std::filesystem::path& path, std::string& reason) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    reason = ErrnoText(EISDIR);
    return std::nullopt;
  }
  errno = 0;
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    reason = ErrnoText(errno != 0 ? errno : EIO);
    return std::nullopt;
  }
  std::string content;
  char buffer[1 << 14];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) {
    content.append(buffer, count);
  }
  if (std::ferror(file.get())) {
    reason = ErrnoText(errno != 0 ? errno : EIO);
    return std::nullopt;
  }
  return content;
}

}  // namespace

TomlDocument ParseTomlText(std::string_view text, std::string source_name) {
  TomlDocument doc;
  try {
    // toml++ is built with exceptions: a syntax error is a toml::parse_error.
    doc.table = toml::parse(text, std::string_view(source_name));
  } catch (const toml::parse_error& error) {
    doc.diagnostics.push_back(DiagnosticAt(
        source_name, error.source(), "", "TOML syntax error: " + std::string(error.description())));
  }
  return doc;
}

TomlDocument ReadTomlFile(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::string reason;
  std::optional<std::string> content = ReadWholeFile(path, reason);
  if (!content) {
    TomlDocument doc;
    doc.diagnostics.push_back(FileProblem(name, reason));
    return doc;
  }
  return ParseTomlText(*content, name);
}

TomlDocument ParseAndCheckToml(std::string_view text, std::string source_name,
                               const TableSpec& schema) {
  TomlDocument doc = ParseTomlText(text, source_name);
  if (doc.table) doc.diagnostics = CheckAgainstSchema(*doc.table, schema, source_name);
  return doc;
}

TomlDocument LoadTomlFile(const std::filesystem::path& path, const TableSpec& schema) {
  TomlDocument doc = ReadTomlFile(path);
  if (doc.table) doc.diagnostics = CheckAgainstSchema(*doc.table, schema, path.string());
  return doc;
}

}  // namespace civicpost::usage

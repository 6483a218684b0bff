#pragma once
// A multipart/form-data body spooled to a file (see SpooledRoute), read with
// GMime. File parts are copied to their own files without passing through
// memory; text fields are kept up to 64 KiB each.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace civicpost::web {

struct MultipartFile {
  std::string field;     // the form field's name
  std::string filename;  // as the browser sent it, without any directory
  std::filesystem::path path;
};

// Owns the extracted files and deletes them when it goes.
class MultipartForm {
 public:
  MultipartForm() = default;
  MultipartForm(MultipartForm&& other) noexcept;
  MultipartForm& operator=(MultipartForm&&) = delete;
  MultipartForm(const MultipartForm&) = delete;
  ~MultipartForm();

  // The first text field called `name`, or "".
  std::string Get(std::string_view name) const;
  const std::vector<MultipartFile>& files() const { return files_; }

 private:
  friend Result<MultipartForm> ParseMultipart(const std::filesystem::path&, std::string_view,
                                              const std::optional<std::filesystem::path>&);
  std::vector<std::pair<std::string, std::string>> fields_;
  std::vector<MultipartFile> files_;
};

// `content_type` is the request's header (it carries the boundary). File
// parts are written into `files_dir`; without it they are skipped (enough to
// read the CSRF token). kInvalidArgument for anything that is not a
// well-formed multipart/form-data body.
Result<MultipartForm> ParseMultipart(const std::filesystem::path& body,
                                     std::string_view content_type,
                                     const std::optional<std::filesystem::path>& files_dir);

}  // namespace civicpost::web

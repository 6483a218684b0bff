#include "web/media_file.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

namespace civicpost::web {

namespace {

std::optional<Response> FileResponse(const std::filesystem::path& file, std::string content_type) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    spdlog::error("media file {} is missing", file.string());
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  Response response;
  response.content_type = std::move(content_type);
  response.body = bytes.str();
  return response;
}

}  // namespace

std::optional<Response> MediaFileResponse(const Media& media,
                                          const std::filesystem::path& data_dir) {
  std::optional<Response> response =
      FileResponse(data_dir / media.storage_path, media.content_type);
  if (!response) return std::nullopt;
  response->headers.emplace_back("Content-Security-Policy",
                                 "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  return response;
}

std::optional<Response> RenditionResponse(const std::filesystem::path& file) {
  return FileResponse(file, "image/jpeg");
}

}  // namespace civicpost::web

#include "web/media_file.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

namespace civicpost::web {

std::optional<Response> MediaFileResponse(const Media& media,
                                          const std::filesystem::path& data_dir) {
  std::ifstream in(data_dir / media.storage_path, std::ios::binary);
  if (!in) {
    spdlog::error("media {}: file {} is missing", media.id.ToString(), media.storage_path);
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  Response response;
  response.content_type = media.content_type;
  response.body = bytes.str();
  response.headers.emplace_back("Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  return response;
}

}  // namespace civicpost::web

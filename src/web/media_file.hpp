#pragma once
// A stored media file as an HTTP response, for the public site (published
// posts only) and the staff app (the library).

#include <filesystem>
#include <optional>

#include "core/media.hpp"
#include "web/http_types.hpp"

namespace civicpost::web {

// The file's bytes with its content type and a Content-Security-Policy under
// which an SVG can run nothing; nullopt (and an error log) if the file is gone.
std::optional<Response> MediaFileResponse(const Media& media,
                                          const std::filesystem::path& data_dir);

// A rendition (always a JPEG made by media::RenderJpeg).
std::optional<Response> RenditionResponse(const std::filesystem::path& file);

}  // namespace civicpost::web

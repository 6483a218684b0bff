#pragma once
// Files compiled into the binary (see cmake/embed.cmake). Each bundle is a
// function in civicpost::resources returning its files; bundles are defined by
// the subsystem that owns the files (web templates, store migrations, demo).

#include <optional>
#include <string_view>
#include <vector>

namespace civicpost::resources {

struct Resource {
  std::string_view path;  // relative to the bundle's base directory
  std::string_view bytes;
};

// Returns the file at `path` in `bundle`, or nullopt.
inline std::optional<std::string_view> Find(const std::vector<Resource>& bundle,
                                            std::string_view path) {
  for (const Resource& r : bundle) {
    if (r.path == path) return r.bytes;
  }
  return std::nullopt;
}

// Bundles; each is defined in a generated .cpp of the owning target.
const std::vector<Resource>& Migrations();      // civicpost_store_migrations
const std::vector<Resource>& WebTemplates();    // civicpost_web_assets
const std::vector<Resource>& WebStatic();       // civicpost_web_assets
const std::vector<Resource>& WebMessages();     // civicpost_web_assets
const std::vector<Resource>& DemoSassenberg();  // civicpost_demo

}  // namespace civicpost::resources

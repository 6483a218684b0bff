#pragma once
// The demo authority's posts (examples/sassenberg/demo-posts.toml), with
// times relative to when the demo is loaded so the demo never looks stale.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/post.hpp"
#include "core/result.hpp"
#include "core/time_zone.hpp"

namespace civicpost::app {

struct DemoMedia {
  std::string file;  // path inside the demo bundle, e.g. "images/feldmarksee.svg"
  std::string alt;
};

struct DemoPost {
  Post post;  // without ids and media
  std::vector<DemoMedia> media;
  std::vector<std::string> channels;
};

// Parses the file; `now` anchors days_from_now, hours are local to `zone`.
// Errors name the post and the key.
Result<std::vector<DemoPost>> ParseDemoPosts(std::string_view toml_text, Timestamp now,
                                             const TimeZone& zone);

}  // namespace civicpost::app

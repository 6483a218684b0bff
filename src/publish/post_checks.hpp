#pragma once
// The usage concept's checks on a post, run before it may go to review and
// again before approval: alt text on every image, caption and hashtag limits,
// CamelCase hashtags, a topic and a kind the concept allows.
//
// Each Problem names the form field it belongs to and a message-catalogue
// code ("check.<code>") with its arguments; the words live in the web layer.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "concept/concept.hpp"
#include "core/post.hpp"

namespace civicpost::publish {

inline constexpr int kMaxCaptionLength = 2200;  // Instagram, in characters
inline constexpr int kMaxHashtags = 30;
inline constexpr int kMinCarouselMedia = 2;
inline constexpr int kMaxCarouselMedia = 10;

struct Problem {
  std::string field;  // "caption", "topic", "kind", "media", "alt_<media id>", "channels", ...
  std::string code;   // "alt_text_missing", ...
  std::vector<std::pair<std::string, std::string>> args;
};

// Every problem at once, in the order of the form.
std::vector<Problem> CheckPost(const Post& post, const std::vector<std::string>& channel_keys,
                               const usage::Concept& usage_concept);

// The hashtags of a caption in order, each with its '#'.
std::vector<std::string> Hashtags(std::string_view caption);

}  // namespace civicpost::publish

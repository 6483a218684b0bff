#pragma once
// What changed between two versions of a post, for the history on the post's
// page: one entry per changed field, and a word diff for the caption.
//
// Values are raw (enum names, ISO times, ids); the web layer puts them in
// words.

#include <string>
#include <string_view>
#include <vector>

#include "core/post.hpp"

namespace civicpost::publish {

struct PostSnapshot {
  Post post;
  std::vector<std::string> channel_keys;
};

enum class SegmentKind { kSame, kAdded, kRemoved };

struct TextSegment {
  SegmentKind kind = SegmentKind::kSame;
  std::string text;
};

// Word by word; each word keeps the whitespace after it, so joining the
// kSame and kAdded segments gives `after` back.
std::vector<TextSegment> DiffWords(std::string_view before, std::string_view after);

struct FieldChange {
  std::string field;  // "kind", "topic", "caption", "media", "event", "channels", "scheduled_at"
  std::string before;
  std::string after;
  std::vector<TextSegment> segments;  // the caption only
};

// Only the fields that differ, in form order.
std::vector<FieldChange> DiffPosts(const PostSnapshot& before, const PostSnapshot& after);

}  // namespace civicpost::publish

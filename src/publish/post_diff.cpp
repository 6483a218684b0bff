#include "publish/post_diff.hpp"

#include <algorithm>
#include <dtl/dtl.hpp>

#include "core/time_format.hpp"

namespace civicpost::publish {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// "Grüße aus  Sassenberg\n" -> {"Grüße ", "aus  ", "Sassenberg\n"}.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size() && !IsSpace(text[end])) ++end;
    while (end < text.size() && IsSpace(text[end])) ++end;
    words.emplace_back(text.substr(i, end - i));
    i = end;
  }
  return words;
}

std::string MediaText(const Post& post) {
  std::string out;
  for (const PostMedia& m : post.media) {
    if (!out.empty()) out += "\n";
    out += m.media_id.ToString() + ": " + m.alt_text;
  }
  return out;
}

std::string EventText(const Post& post) {
  if (!post.event) return "";
  std::string out = post.event->title + " | " + FormatIsoUtc(post.event->starts_at);
  if (post.event->ends_at) out += " – " + FormatIsoUtc(*post.event->ends_at);
  if (!post.event->place.empty()) out += " | " + post.event->place;
  return out;
}

// Sorted: the composer may list the same channels in another order, and a
// post's channels have no order.
std::string Joined(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::vector<TextSegment> DiffWords(std::string_view before, std::string_view after) {
  dtl::Diff<std::string, std::vector<std::string>> diff(Words(before), Words(after));
  diff.compose();
  std::vector<TextSegment> segments;
  for (const auto& [word, info] : diff.getSes().getSequence()) {
    const SegmentKind kind = info.type == dtl::SES_ADD      ? SegmentKind::kAdded
                             : info.type == dtl::SES_DELETE ? SegmentKind::kRemoved
                                                            : SegmentKind::kSame;
    if (!segments.empty() && segments.back().kind == kind) {
      segments.back().text += word;
    } else {
      segments.push_back({kind, word});
    }
  }
  return segments;
}

std::vector<FieldChange> DiffPosts(const PostSnapshot& before, const PostSnapshot& after) {
  std::vector<FieldChange> changes;
  auto compare = [&](const char* field, const std::string& a, const std::string& b) {
    if (a != b) changes.push_back({field, a, b, {}});
  };
  const Post& a = before.post;
  const Post& b = after.post;
  compare("kind", std::string(kPostKindNames.Name(a.kind)),
          std::string(kPostKindNames.Name(b.kind)));
  compare("topic", a.topic, b.topic);
  if (a.caption != b.caption) {
    changes.push_back({"caption", a.caption, b.caption, DiffWords(a.caption, b.caption)});
  }
  compare("media", MediaText(a), MediaText(b));
  compare("event", EventText(a), EventText(b));
  compare("channels", Joined(before.channel_keys), Joined(after.channel_keys));
  compare("scheduled_at", a.scheduled_at ? FormatIsoUtc(*a.scheduled_at) : "",
          b.scheduled_at ? FormatIsoUtc(*b.scheduled_at) : "");
  return changes;
}

}  // namespace civicpost::publish

#include "publish/post_checks.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <set>

namespace civicpost::publish {
namespace {

// Decodes the code point at `*i` and advances past it; U+FFFD for bad bytes.
UChar32 NextCodePoint(std::string_view text, int32_t* i) {
  UChar32 c = 0;
  U8_NEXT(text.data(), *i, static_cast<int32_t>(text.size()), c);
  return c < 0 ? 0xFFFD : c;
}

int32_t CodePointCount(std::string_view text) {
  int32_t count = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    NextCodePoint(text, &i);
    ++count;
  }
  return count;
}

// Combining marks belong to the letter before them: a caption pasted from a
// Mac may spell "ü" as "u" + U+0308, and the tag must not end at the "u".
bool IsHashtagChar(UChar32 c) {
  return u_isalnum(c) || c == '_' || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

// "#stadtfest" -> "#Stadtfest": the first letter upper-cased, the rest kept.
std::string Capitalised(std::string_view tag) {
  int32_t i = 1;
  const UChar32 first = NextCodePoint(tag, &i);
  const UChar32 upper = u_totitle(first);
  char buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, U8_MAX_LENGTH, upper, error);
  if (error) return std::string(tag);
  return "#" + std::string(buffer, static_cast<size_t>(length)) +
         std::string(tag.substr(static_cast<size_t>(i)));
}

// Unicode white space, so an alt text of a pasted no-break space is blank too.
bool BlankText(std::string_view text) {
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    if (!u_isUWhiteSpace(NextCodePoint(text, &i))) return false;
  }
  return true;
}

void CheckChannels(const Post& post, const std::vector<std::string>& channel_keys,
                   const usage::Concept& usage_concept, std::vector<Problem>* out) {
  const std::string kind(kPostKindNames.Name(post.kind));
  if (channel_keys.empty()) out->push_back({"channels", "no_channels", {}});
  for (const std::string& key : channel_keys) {
    const usage::Channel* channel = usage_concept.FindChannel(key);
    if (channel == nullptr) {
      out->push_back({"channels", "channel_unknown", {{"channel", key}}});
      continue;
    }
    const auto& kinds = channel->scope.kinds;
    if (std::find(kinds.begin(), kinds.end(), post.kind) == kinds.end()) {
      out->push_back({"kind",
                      "kind_not_allowed",
                      {{"kind", kind}, {"channel", channel->name + " (" + key + ")"}}});
    }
  }
}

void CheckMedia(const Post& post, std::vector<Problem>* out) {
  const int count = static_cast<int>(post.media.size());
  if (count == 0) {
    out->push_back({"media", "media_missing", {}});
    return;
  }
  if (post.kind == PostKind::kCarousel) {
    if (count < kMinCarouselMedia || count > kMaxCarouselMedia) {
      out->push_back({"media", "carousel_size", {{"count", std::to_string(count)}}});
    }
  } else if (count != 1) {
    out->push_back({"media", "one_media_expected", {{"count", std::to_string(count)}}});
  }
  for (size_t i = 0; i < post.media.size(); ++i) {
    if (BlankText(post.media[i].alt_text)) {
      out->push_back({"alt_" + post.media[i].media_id.ToString(),
                      "alt_text_missing",
                      {{"position", std::to_string(i + 1)}}});
    }
  }
}

void CheckCaption(const Post& post, std::vector<Problem>* out) {
  const int32_t length = CodePointCount(post.caption);
  if (length > kMaxCaptionLength) {
    out->push_back(
        {"caption",
         "caption_too_long",
         {{"length", std::to_string(length)}, {"limit", std::to_string(kMaxCaptionLength)}}});
  }
  const std::vector<std::string> tags = Hashtags(post.caption);
  if (static_cast<int>(tags.size()) > kMaxHashtags) {
    out->push_back(
        {"caption",
         "too_many_hashtags",
         {{"count", std::to_string(tags.size())}, {"limit", std::to_string(kMaxHashtags)}}});
  }
  // Screen readers spell "#stadtfestsassenberg" as one word; an upper-case
  // start is the least a tag needs (the words inside cannot be checked).
  // Only a lower-case letter with an upper case can fail: Arabic or Chinese
  // tags (multilingual notices) and "ß" have nothing to suggest.
  std::set<std::string> reported;
  for (const std::string& tag : tags) {
    int32_t i = 1;
    const UChar32 first = NextCodePoint(tag, &i);
    if (!u_islower(first) || u_totitle(first) == first) continue;
    if (!reported.insert(tag).second) continue;
    out->push_back(
        {"caption", "hashtag_not_camel_case", {{"tag", tag}, {"suggestion", Capitalised(tag)}}});
  }
}

}  // namespace

std::vector<std::string> Hashtags(std::string_view caption) {
  std::vector<std::string> tags;
  const int32_t size = static_cast<int32_t>(caption.size());
  for (int32_t i = 0; i < size;) {
    if (caption[static_cast<size_t>(i)] != '#') {
      NextCodePoint(caption, &i);
      continue;
    }
    const int32_t start = i++;
    int32_t end = i;
    while (end < size) {
      int32_t next = end;
      if (!IsHashtagChar(NextCodePoint(caption, &next))) break;
      end = next;
    }
    if (end > start + 1)
      tags.emplace_back(
          caption.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)));
    i = end;
  }
  return tags;
}

std::vector<Problem> CheckPost(const Post& post, const std::vector<std::string>& channel_keys,
                               const usage::Concept& usage_concept) {
  std::vector<Problem> out;
  CheckChannels(post, channel_keys, usage_concept, &out);
  if (usage_concept.FindTopic(post.topic) == nullptr) {
    out.push_back({"topic", "topic_unknown", {{"topic", post.topic}}});
  }
  CheckCaption(post, &out);
  CheckMedia(post, &out);
  if (post.event) {
    if (BlankText(post.event->title)) out.push_back({"event_title", "event_title_missing", {}});
    if (post.event->ends_at && *post.event->ends_at < post.event->starts_at) {
      out.push_back({"event_end", "event_end_before_start", {}});
    }
  }
  // Form order: kind, topic, caption, media, channels, event.
  static const std::vector<std::string> kOrder = {"kind", "topic",    "caption",     "media",
                                                  "alt_", "channels", "event_title", "event_end"};
  auto rank = [](const Problem& p) {
    for (size_t i = 0; i < kOrder.size(); ++i) {
      if (p.field.starts_with(kOrder[i])) return i;
    }
    return kOrder.size();
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Problem& a, const Problem& b) { return rank(a) < rank(b); });
  return out;
}

}  // namespace civicpost::publish

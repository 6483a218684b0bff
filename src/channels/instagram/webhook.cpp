#include "channels/instagram/webhook.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "core/time_format.hpp"

namespace civicpost::channels::instagram {
namespace {

using nlohmann::json;

std::string Hmac(std::string_view key, std::string_view message) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return "";
}

std::optional<IncomingComment> EventOf(const json& value, const std::string& account_id) {
  if (!value.is_object()) return std::nullopt;
  IncomingComment event;
  event.account_id = account_id;
  event.remote_id = Text(value, "id");
  if (event.remote_id.empty()) event.remote_id = Text(value, "comment_id");
  if (event.remote_id.empty()) return std::nullopt;
  event.parent_remote_id = Text(value, "parent_id");
  event.text = Text(value, "text");
  if (auto from = value.find("from"); from != value.end() && from->is_object()) {
    event.author_id = Text(*from, "id");
    event.author_handle = Text(*from, "username");
  }
  if (event.author_handle.empty()) event.author_handle = Text(value, "username");
  if (auto media = value.find("media"); media != value.end() && media->is_object()) {
    event.media_remote_id = Text(*media, "id");
  }
  // The comments edge gives "2026-11-25T09:00:00+0000".
  if (auto when = ParseGraphTime(Text(value, "timestamp"))) event.commented_at = when;
  event.raw_json = value.dump();
  return event;
}

}  // namespace

std::optional<Timestamp> ParseGraphTime(std::string_view text) {
  // "2026-11-25T09:00:00+0000" -> "2026-11-25T09:00:00Z"
  if (text.size() != 24 || !text.ends_with("+0000")) return std::nullopt;
  return ParseIsoUtc(std::string(text.substr(0, 19)) + "Z");
}

std::string SignatureHeader(std::string_view app_secret, std::string_view raw_body) {
  return "sha256=" + Hmac(app_secret, raw_body);
}

bool SignatureMatches(std::string_view app_secret, std::string_view raw_body,
                      std::string_view header) {
  if (app_secret.empty() || !header.starts_with("sha256=")) return false;
  const std::string expected = SignatureHeader(app_secret, raw_body);
  if (header.size() != expected.size()) return false;
  // Lower-case hex is what Meta sends; compare without an early exit.
  return sodium_memcmp(header.data(), expected.data(), expected.size()) == 0;
}

std::optional<std::vector<IncomingComment>> ParseCommentEvents(std::string_view body) {
  const json delivery = json::parse(body, nullptr, false);
  if (!delivery.is_object() || delivery.value("object", "") != "instagram") return std::nullopt;
  std::vector<IncomingComment> events;
  auto entries = delivery.find("entry");
  if (entries == delivery.end() || !entries->is_array()) return events;
  for (const json& entry : *entries) {
    if (!entry.is_object()) continue;
    const std::string account_id = Text(entry, "id");
    std::optional<Timestamp> time;
    if (auto t = entry.find("time"); t != entry.end() && t->is_number_integer()) {
      long long seconds = t->get<long long>();
      if (seconds > 100'000'000'000LL) seconds /= 1000;  // milliseconds (messaging events)
      time = Timestamp(std::chrono::seconds(seconds));
    }
    std::vector<const json*> changes;
    if (auto list = entry.find("changes"); list != entry.end() && list->is_array()) {
      for (const json& change : *list) changes.push_back(&change);
    } else if (entry.contains("field")) {
      changes.push_back(&entry);
    }
    for (const json* change : changes) {
      const std::string field = Text(*change, "field");
      if (field != "comments" && field != "live_comments") continue;
      auto value = change->find("value");
      if (value == change->end()) continue;
      if (auto event = EventOf(*value, account_id)) {
        if (!event->commented_at) event->commented_at = time;
        events.push_back(std::move(*event));
      }
    }
  }
  return events;
}

std::optional<CommentPage> ParseCommentPage(std::string_view body, const std::string& account_id,
                                            const std::string& media_id) {
  const json page = json::parse(body, nullptr, false);
  if (!page.is_object() || !page.contains("data") || !page["data"].is_array()) return std::nullopt;
  CommentPage out;
  for (const json& row : page["data"]) {
    auto event = EventOf(row, account_id);
    if (!event) continue;
    if (event->media_remote_id.empty()) event->media_remote_id = media_id;
    out.comments.push_back(std::move(*event));
  }
  if (auto paging = page.find("paging");
      paging != page.end() && paging->is_object() && paging->contains("next")) {
    if (auto cursors = paging->find("cursors"); cursors != paging->end() && cursors->is_object()) {
      out.after = Text(*cursors, "after");
    }
  }
  return out;
}

}  // namespace civicpost::channels::instagram

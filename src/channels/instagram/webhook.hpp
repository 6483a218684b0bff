#pragma once
// Instagram's webhook deliveries (spec section 5): the signature over the
// raw bytes, and the comment events in a delivery. Pure functions; the web
// layer answers the request and the intake stores what these find.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/comment.hpp"

namespace civicpost::channels::instagram {

// A Graph timestamp, "2026-11-25T09:00:00+0000" (spec 0.5).
std::optional<Timestamp> ParseGraphTime(std::string_view text);

// "sha256=<hex>" of HMAC-SHA256(app_secret, raw_body); compares in constant
// time. False for a missing, malformed or wrong header.
bool SignatureMatches(std::string_view app_secret, std::string_view raw_body,
                      std::string_view header);
// The header value for `raw_body` (for the sandbox, which signs).
std::string SignatureHeader(std::string_view app_secret, std::string_view raw_body);

// The comments of a delivery ("comments" and "live_comments"; account_id is
// entry.id, commented_at entry.time); other
// fields are skipped. Tolerates `comment_id` for `id` and field/value on the
// entry itself (both seen in Meta's documents). nullopt when the body is not
// an "instagram" object at all.
std::optional<std::vector<IncomingComment>> ParseCommentEvents(std::string_view body);

// The comments edge (spec 3.3): the events of one page and the next cursor.
struct CommentPage {
  std::vector<IncomingComment> comments;
  std::string after;  // empty on the last page
};
std::optional<CommentPage> ParseCommentPage(std::string_view body, const std::string& account_id,
                                            const std::string& media_id);

}  // namespace civicpost::channels::instagram

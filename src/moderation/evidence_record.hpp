#pragma once
// What the evidence of a comment holds, written before anything hides or
// deletes it (and, with the inbox, when a person marks it as possibly
// criminal): the comment as the platform delivered it, who wrote it and
// where, the post it answered, the times in UTC and local time, and what
// the engine said. The store hashes the snapshot (SHA-256), chains it with
// the evidence before it and records both hashes in the audit log, so a
// criminal complaint can show it was not changed afterwards.

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/clock.hpp"
#include "core/comment.hpp"
#include "store/repositories.hpp"

namespace civicpost::moderation {

struct EvidenceContext {
  std::string post_caption{};    // empty when the post is not known
  std::string post_permalink{};  // the platform's link to the post
  std::string parent_text{};     // the comment this one answers, if stored
  std::string time_zone = "Europe/Berlin";
  std::string engine_json = "{}";  // the engine's verdict (ClassifyJson, reason)
  Timestamp captured_at{};
};

// The post's caption and permalink and the parent comment's text, as far
// as the store knows them; the caller sets the rest.
Result<EvidenceContext> StoredContext(store::SqlSession& db, store::Repositories& repos,
                                      const Comment& comment);

// The snapshot as stored: JSON with sorted keys, the raw event embedded as
// it arrived.
std::string EvidenceSnapshot(const Comment& comment, const EvidenceContext& context);

}  // namespace civicpost::moderation

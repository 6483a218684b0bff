#include "moderation/moderator_examples.hpp"

namespace civicpost::moderation {
namespace {

std::string CsvField(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::optional<bool> PersonVerdict(const std::vector<Decision>& decisions) {
  for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
    if (!it->decided_by) continue;
    switch (it->action) {
      case ModerationAction::kNone:
      case ModerationAction::kReply:
      case ModerationAction::kReject:
      case ModerationAction::kRestore:
        return false;
      case ModerationAction::kHide:
      case ModerationAction::kDelete:
        if (it->needs_second) continue;  // a proposal is not yet a verdict
        return true;
      case ModerationAction::kApprove:
      case ModerationAction::kConfirm:
        return true;
      default:
        continue;
    }
  }
  return std::nullopt;
}

Result<std::vector<ModeratorExample>> ModeratorExamples(store::SqlSession& db,
                                                        store::Repositories& repos) {
  auto rows = db.Query(
      "SELECT DISTINCT comment_id FROM decisions WHERE decided_by IS NOT NULL ORDER BY comment_id");
  if (!rows) return rows.error();
  std::vector<ModeratorExample> out;
  for (const store::Row& row : *rows) {
    const CommentId id(row.Int(0));
    auto comment = repos.comments.Get(db, id);
    if (!comment) return comment.error();
    if (comment->text.empty()) continue;  // erased by retention
    auto decisions = repos.comments.ListDecisions(db, id);
    if (!decisions) return decisions.error();
    const std::optional<bool> verdict = PersonVerdict(*decisions);
    if (!verdict) continue;
    std::string category;
    for (auto it = decisions->rbegin(); it != decisions->rend() && category.empty(); ++it) {
      if (it->decided_by) category = it->category;
    }
    out.push_back({comment->text, *verdict, category});
  }
  return out;
}

std::string ExamplesCsv(const std::vector<ModeratorExample>& examples) {
  std::string csv = "text,label,category\n";
  for (const ModeratorExample& e : examples) {
    csv += CsvField(e.text) + "," + (e.abusive ? "1" : "0") + "," + CsvField(e.category) + "\n";
  }
  return csv;
}

}  // namespace civicpost::moderation

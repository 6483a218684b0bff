#include "moderation/comment_assessment.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "concept/concept_loader.hpp"
#include "moderation/evidence_record.hpp"

namespace civicpost::moderation {
namespace {

ModerationAction Stored(Action action) {
  switch (action) {
    case Action::kNone:
      return ModerationAction::kNone;
    case Action::kReview:
      return ModerationAction::kEscalate;
    case Action::kHide:
      return ModerationAction::kHide;
  }
  return ModerationAction::kEscalate;
}

}  // namespace

struct CommentAssessment::Authority {
  std::string concept_sha256;
  usage::Concept concept_value;
  std::unique_ptr<Moderator> moderator;  // refers to concept_value
};

CommentAssessment::CommentAssessment(store::Database& db, store::Repositories& repos,
                                     const Clock& clock, ClassifierSource classifier)
    : db_(db), repos_(repos), clock_(clock), classifier_(std::move(classifier)) {}

CommentAssessment::~CommentAssessment() = default;

Result<int> CommentAssessment::RunOnce(int limit) {
  auto comments = repos_.comments.ListNew(db_, limit);
  if (!comments) return comments.error();
  if (comments->empty()) return 0;
  auto classifier = classifier_();
  if (!classifier) return classifier.error();
  std::vector<Pending> batch;
  batch.reserve(comments->size());
  for (const Comment& comment : *comments) {
    auto moderator = ModeratorFor(comment.channel_id, **classifier);
    if (!moderator) return moderator.error();
    auto pending = Assess(comment, *moderator);
    if (!pending) return pending.error();
    batch.push_back(*std::move(pending));
  }
  // The whole batch in one transaction: one commit (one fsync) instead of
  // one per comment.
  const Status together = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    for (const Pending& pending : batch) {
      if (Status written = Write(tx, pending); !written.ok()) return written;
    }
    return Status::Ok();
  });
  if (together.ok()) return static_cast<int>(batch.size());
  // Nothing of the batch was written. One comment by one, so that one
  // comment's failure costs only its own decision; it stays `new` and is
  // tried again next time.
  spdlog::warn("moderation: writing {} decisions together failed ({}); one by one", batch.size(),
               together.error().message);
  int decided = 0;
  Status last = Status::Ok();
  for (const Pending& pending : batch) {
    const Status alone = store::InTransaction(
        db_, [&](store::Transaction& tx) -> Status { return Write(tx, pending); });
    if (alone.ok()) {
      ++decided;
      continue;
    }
    spdlog::error("moderation: the decision about comment {} was not written: {}",
                  pending.decision.comment_id.ToString(), alone.error().message);
    last = alone;
  }
  if (decided == 0) return last.error();
  return decided;
}

Result<const Moderator*> CommentAssessment::ModeratorFor(ChannelId channel,
                                                         const Classifier& classifier) {
  auto known = channel_organizations_.find(channel);
  if (known == channel_organizations_.end()) {
    auto row = repos_.channels.Get(db_, channel);
    if (!row) return row.error();
    known = channel_organizations_.emplace(channel, row->organization_id).first;
  }
  const OrganizationId org = known->second;
  auto sha256 = repos_.organizations.LatestConceptSha256(db_, org);
  if (!sha256) return sha256.error();
  if (!*sha256) return nullptr;
  std::unique_ptr<Authority>& authority = authorities_[org];
  if (authority && authority->concept_sha256 == **sha256) return authority->moderator.get();

  auto stored = repos_.organizations.LatestConcept(db_, org);
  if (!stored) return stored.error();
  if (!*stored) return nullptr;
  usage::ConceptLoad load = usage::ParseConcept((*stored)->toml_text, (*stored)->source_name);
  if (!load.ok()) {
    // Stored concepts were checked when they were loaded; a newer civicpost
    // may read them more strictly. A person decides until it is fixed.
    spdlog::error("moderation: the concept of organization {} does not load:\n{}", org.ToString(),
                  usage::FormatDiagnostics(load.diagnostics));
    return nullptr;
  }
  auto fresh = std::make_unique<Authority>();
  fresh->concept_sha256 = **sha256;
  fresh->concept_value = *std::move(load.concept_value);
  fresh->moderator = std::make_unique<Moderator>(classifier, fresh->concept_value);
  authority = std::move(fresh);
  return authority->moderator.get();
}

Result<std::string> CommentAssessment::Snapshot(const Comment& comment,
                                                const Assessment& assessment,
                                                const std::string& time_zone) {
  auto context = StoredContext(db_, repos_, comment);
  if (!context) return context.error();
  context->time_zone = time_zone.empty() ? "Europe/Berlin" : time_zone;
  context->captured_at = clock_.Now();
  nlohmann::json engine = ClassifyJson(assessment);
  engine["reason"] = assessment.decision.reason;
  context->engine_json = engine.dump();
  return EvidenceSnapshot(comment, *context);
}

Result<CommentAssessment::Pending> CommentAssessment::Assess(const Comment& comment,
                                                             const Moderator* moderator) {
  Pending pending;
  Decision& decision = pending.decision;
  decision.comment_id = comment.id;
  pending.state = CommentState::kNeedsReview;
  if (moderator == nullptr) {
    decision.category = "none";
    decision.action = ModerationAction::kEscalate;
    decision.reason = "Kein Nutzungskonzept geladen: eine Person entscheidet.";
    return pending;
  }
  const Assessment assessment =
      moderator->Assess(comment.text, comment.commented_at.value_or(comment.received_at));
  if (assessment.decision.action == Action::kHide) {
    auto snapshot = Snapshot(comment, assessment, moderator->time_zone());
    if (!snapshot) return snapshot.error();
    pending.evidence = *std::move(snapshot);
  }
  decision.category = assessment.decision.category;
  decision.score = assessment.decision.score;
  decision.action = Stored(assessment.decision.action);
  decision.clause_id = assessment.decision.clause;
  decision.reason = assessment.decision.reason;
  decision.critical = assessment.about_authority;
  if (assessment.decision.action == Action::kNone) pending.state = CommentState::kVisible;
  return pending;
}

Status CommentAssessment::Write(store::Transaction& tx, const Pending& pending) {
  const CommentId id = pending.decision.comment_id;
  // `serve` and `civicpost work` may both decide, and a person may have
  // decided meanwhile: the first one wins.
  auto current = repos_.comments.Get(tx, id);
  if (!current) return current.error();
  if (current->state != CommentState::kNew) return Status::Ok();
  // Nothing is hidden before its evidence is stored.
  if (pending.evidence) {
    Evidence record;
    record.comment_id = id;
    record.snapshot_json = *pending.evidence;
    auto stored = repos_.comments.AddEvidence(tx, Actor::System(), record);
    if (!stored) return stored.error();
  }
  auto added = repos_.comments.AddDecision(tx, Actor::System(), pending.decision);
  if (!added) return added.error();
  if (Status s = repos_.comments.UpdateState(tx, Actor::System(), id, pending.state); !s.ok()) {
    return s;
  }
  if (!pending.evidence) return Status::Ok();
  auto queued =
      repos_.jobs.Enqueue(tx, Actor::System(), CommentActionJob(id, *added, clock_.Now()));
  if (!queued) return queued.error();
  return Status::Ok();
}

}  // namespace civicpost::moderation

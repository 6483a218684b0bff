#include "moderation/desk.hpp"

#include <nlohmann/json.hpp>

#include "concept/authority_zone.hpp"
#include "moderation/comment_jobs.hpp"
#include "moderation/desk_refusal.hpp"
#include "moderation/evidence_record.hpp"
#include "moderation/legal_grounds.hpp"
#include "moderation/standard_notice.hpp"

namespace civicpost::moderation {
namespace {

using nlohmann::json;

bool IsMeasure(ModerationAction action) {
  return action == ModerationAction::kHide || action == ModerationAction::kDelete;
}

// Deleting is for what must not stay even hidden: third parties' personal
// data, spam, scams and advertising. Everything else is hidden (reversible).
bool ClausePermitsDeletion(const usage::NetiquetteClause& clause) {
  switch (clause.category) {
    case usage::NetiquetteCategory::kDoxxing:
    case usage::NetiquetteCategory::kSpam:
    case usage::NetiquetteCategory::kScam:
    case usage::NetiquetteCategory::kAdvertising:
      return true;
    default:
      return false;
  }
}

const usage::NetiquetteClause* FindClause(const usage::Concept& c, const std::string& id) {
  for (const usage::NetiquetteClause& clause : c.netiquette) {
    if (clause.id == id) return &clause;
  }
  return nullptr;
}

// The engine's last word, for the evidence and the decision's score.
std::optional<Decision> EngineDecision(const std::vector<Decision>& decisions) {
  for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
    // Not the system's note that the platform refused (it refers to a decision).
    if (!it->decided_by && !it->refers_to) return *it;
  }
  return std::nullopt;
}

const Decision* Find(const std::vector<Decision>& decisions, std::optional<DecisionId> id) {
  for (const Decision& d : decisions) {
    if (id && d.id == *id) return &d;
  }
  return nullptr;
}

// What a decision does to the comment once it takes effect: its new state,
// and whether the platform must be told (a job).
struct Effect {
  CommentState state;
  bool job;
};

Effect EffectOf(ModerationAction action, CommentState current) {
  switch (action) {
    case ModerationAction::kHide:
      return {CommentState::kHidden, true};
    case ModerationAction::kDelete:
      return {CommentState::kDeleted, true};
    case ModerationAction::kReply:
      return {current == CommentState::kHidden ? current : CommentState::kVisible, true};
    case ModerationAction::kNone:
    case ModerationAction::kRestore:
      // Keeping a comment the engine hid shows it again.
      return {CommentState::kVisible, current == CommentState::kHidden};
    default:
      return {current, false};
  }
}

// A person's answer to an earlier decision (approval, rejection, review),
// citing what it cited.
Decision Answering(const Decision& earlier, ModerationAction action, const User& person,
                   const std::string& reason) {
  Decision decision;
  decision.comment_id = earlier.comment_id;
  decision.category = earlier.category;
  decision.score = earlier.score;
  decision.action = action;
  decision.clause_id = earlier.clause_id;
  decision.legal_ground = earlier.legal_ground;
  decision.decided_by = person.id;
  decision.reason = reason;
  decision.critical = earlier.critical;
  decision.refers_to = earlier.id;
  return decision;
}

// The comment takes the state `effect` says, and the job that makes the
// platform match carries out `carried_out`.
Status TakeEffect(store::Transaction& tx, store::Repositories& repos, const Actor& actor,
                  const Comment& comment, const Effect& effect, DecisionId carried_out,
                  Timestamp now) {
  if (effect.state != comment.state) {
    if (Status s = repos.comments.UpdateState(tx, actor, comment.id, effect.state); !s.ok()) {
      return s;
    }
  }
  if (!effect.job) return Status::Ok();
  auto queued = repos.jobs.Enqueue(tx, actor, CommentActionJob(comment.id, carried_out, now));
  if (!queued) return queued.error();
  return Status::Ok();
}

}  // namespace

bool Desk::TookPart(const std::vector<Decision>& decisions, const Decision& measure,
                    UserId person) {
  for (const Decision& d : decisions) {
    const bool part =
        d.id == measure.id || (d.action == ModerationAction::kApprove && d.refers_to == measure.id);
    if (part && d.decided_by == person) return true;
  }
  return false;
}

std::optional<Decision> Desk::PendingProposal(const std::vector<Decision>& decisions) {
  for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
    if (it->action == ModerationAction::kReply) continue;
    if (it->needs_second && IsMeasure(it->action)) return *it;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Decision> Desk::MeasureInForce(const std::vector<Decision>& decisions) {
  for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
    switch (it->action) {
      case ModerationAction::kReply:
      case ModerationAction::kConfirm:
        continue;
      case ModerationAction::kApprove:
        if (const Decision* proposal = Find(decisions, it->refers_to)) return *proposal;
        return std::nullopt;
      case ModerationAction::kHide:
      case ModerationAction::kDelete:
        if (it->needs_second) return std::nullopt;
        return *it;
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

Result<Comment> Desk::CommentOf(store::SqlSession& db, const User& person, CommentId id) {
  auto comment = repos_.comments.Get(db, id);
  if (!comment) return comment.error();
  auto channel = repos_.channels.Get(db, comment->channel_id);
  if (!channel) return channel.error();
  if (channel->organization_id != person.organization_id) {
    return NotFound("no comment with id " + id.ToString());
  }
  return comment;
}

Status Desk::OnComment(const User& person, CommentId id, const CommentAct& act) {
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    auto comment = CommentOf(tx, person, id);
    if (!comment) return comment.error();
    auto decisions = repos_.comments.ListDecisions(tx, id);
    if (!decisions) return decisions.error();
    return act(tx, &*comment, &*decisions);
  });
}

Result<EvidenceId> Desk::Capture(store::Transaction& tx, const User& person,
                                 const usage::Concept& authority_concept, const Comment& comment,
                                 const std::vector<Decision>& decisions,
                                 const std::string& person_view) {
  auto context = StoredContext(tx, repos_, comment);
  if (!context) return context.error();
  context->time_zone = usage::AuthorityZoneName(authority_concept.office_hours);
  context->captured_at = clock_.Now();
  json engine_json = json::object();
  if (const std::optional<Decision> engine = EngineDecision(decisions)) {
    engine_json = {{"category", engine->category},
                   {"score", engine->score},
                   {"clause", engine->clause_id},
                   {"reason", engine->reason}};
  }
  engine_json["person"] = json::parse(person_view);
  context->engine_json = engine_json.dump();
  Evidence evidence;
  evidence.comment_id = comment.id;
  evidence.snapshot_json = EvidenceSnapshot(comment, *context);
  evidence.created_by = person.id;
  return repos_.comments.AddEvidence(tx, Actor::ForUser(person.id, person.email), evidence);
}

Result<DeskOutcome> Desk::Decide(const User& person, const usage::Concept& authority_concept,
                                 CommentId id, const Measure& measure) {
  const LegalGround* ground = nullptr;
  if (!measure.legal_ground.empty()) {
    ground = FindLegalGround(measure.legal_ground);
    if (ground == nullptr) return Refused(ErrorCode::kInvalidArgument, "ground_unknown");
  }
  const usage::NetiquetteClause* clause = nullptr;
  if (!measure.clause_id.empty()) {
    clause = FindClause(authority_concept, measure.clause_id);
    if (clause == nullptr) return Refused(ErrorCode::kInvalidArgument, "clause_unknown");
  }
  ModerationAction action = measure.action;
  switch (action) {
    case ModerationAction::kNone:
    case ModerationAction::kHide:
    case ModerationAction::kDelete:
    case ModerationAction::kReply:
      break;
    default:
      return Refused(ErrorCode::kInvalidArgument, "action_unknown");
  }
  const bool capture_stopped = ground != nullptr && ground->stops_capture;
  if (capture_stopped) action = ModerationAction::kHide;  // at once, and nothing kept
  if (IsMeasure(action) && !capture_stopped) {
    if (clause == nullptr && ground == nullptr) {
      return Refused(ErrorCode::kInvalidArgument, "clause_missing");
    }
    if (Blank(measure.reason)) return Refused(ErrorCode::kInvalidArgument, "reason_missing");
  }
  if (action == ModerationAction::kDelete && ground == nullptr &&
      (clause == nullptr || !ClausePermitsDeletion(*clause))) {
    return Refused(ErrorCode::kInvalidArgument, "delete_not_allowed");
  }
  if (action == ModerationAction::kReply && Blank(measure.reply_text)) {
    return Refused(ErrorCode::kInvalidArgument, "reply_missing");
  }
  // A legal ground marks the comment as possibly criminal: its evidence is
  // kept even when it stays visible.
  const bool capture = !capture_stopped && (IsMeasure(action) || ground != nullptr);

  DeskOutcome outcome;
  outcome.capture_stopped = capture_stopped;
  const CommentAct act = [&](store::Transaction& tx, const Comment* comment,
                             const std::vector<Decision>* decisions) -> Status {
    if (comment->state == CommentState::kDeleted) return Refused(ErrorCode::kConflict, "deleted");
    if (PendingProposal(*decisions)) return Refused(ErrorCode::kConflict, "awaits_second");
    if (action == ModerationAction::kReply && comment->state == CommentState::kHidden) {
      return Refused(ErrorCode::kConflict, "reply_hidden");
    }
    // Suspected abuse material is recorded as such even when already hidden.
    if (action == ModerationAction::kHide && comment->state == CommentState::kHidden &&
        !capture_stopped) {
      return Refused(ErrorCode::kConflict, "already_hidden");
    }
    const std::optional<Decision> engine = EngineDecision(*decisions);
    const bool critical = measure.critical || (engine && engine->critical);
    const Actor actor = Actor::ForUser(person.id, person.email);

    if (capture) {
      const json person_view = {{"user_id", person.id.value()},
                                {"action", kModerationActionNames.Name(action)},
                                {"clause", measure.clause_id},
                                {"legal_ground", measure.legal_ground},
                                {"reason", measure.reason}};
      auto stored =
          Capture(tx, person, authority_concept, *comment, *decisions, person_view.dump());
      if (!stored) return stored.error();
      outcome.evidence = *stored;
    }

    Decision decision;
    decision.comment_id = id;
    decision.category = clause != nullptr
                            ? std::string(usage::kNetiquetteCategoryNames.Name(clause->category))
                        : ground != nullptr ? std::string(ground->id)
                        : engine            ? engine->category
                                            : "none";
    decision.score = engine ? engine->score : 0;
    decision.action = action;
    decision.clause_id = measure.clause_id;
    decision.legal_ground = measure.legal_ground;
    decision.decided_by = person.id;
    decision.reason = capture_stopped && Blank(measure.reason)
                          ? "Verdacht auf Darstellungen sexuellen Kindesmissbrauchs: nicht "
                            "gesichert, Polizei verständigen."
                          : measure.reason;
    decision.critical = critical;
    // Criticism is never removed on one person's word; nor, if the concept
    // says so, is anything deleted.
    const bool second_look =
        (critical && IsMeasure(action)) || (action == ModerationAction::kDelete &&
                                            authority_concept.moderation.second_look_for_deletion);
    decision.needs_second = second_look && !capture_stopped;
    decision.reply_text = action == ModerationAction::kReply ? measure.reply_text : "";
    auto added = repos_.comments.AddDecision(tx, actor, decision);
    if (!added) return added.error();
    outcome.decision = *added;
    outcome.awaits_second_person = decision.needs_second;
    if (measure.notify && IsMeasure(action) && !capture_stopped) {
      decision.id = *added;
      auto notice =
          QueueNotice(tx, person, *comment, decision, StandardNotice(authority_concept, decision));
      if (!notice) return notice.error();
    }
    if (decision.needs_second) {
      // It waits for a person; what the platform shows does not change yet.
      if (comment->state == CommentState::kNeedsReview || comment->state == CommentState::kHidden) {
        return Status::Ok();
      }
      return repos_.comments.UpdateState(tx, actor, id, CommentState::kNeedsReview);
    }
    return TakeEffect(tx, repos_, actor, *comment, EffectOf(action, comment->state), *added,
                      clock_.Now());
  };
  Status done = OnComment(person, id, act);
  if (!done.ok()) return done.error();
  return outcome;
}

Result<CommentNoticeId> Desk::SendNotice(const User& person, CommentId id,
                                         const std::string& text) {
  if (Blank(text)) return Refused(ErrorCode::kInvalidArgument, "notice_missing");
  CommentNoticeId notice;
  const CommentAct act = [&](store::Transaction& tx, const Comment* comment,
                             const std::vector<Decision>* decisions) -> Status {
    const std::optional<Decision> measure = MeasureInForce(*decisions);
    if (!measure) return Refused(ErrorCode::kConflict, "notice_no_measure");
    auto added = QueueNotice(tx, person, *comment, *measure, text);
    if (!added) return added.error();
    notice = *added;
    return Status::Ok();
  };
  Status done = OnComment(person, id, act);
  if (!done.ok()) return done.error();
  return notice;
}

Result<LegalHoldId> Desk::PlaceHold(const User& person, CommentId id, const std::string& reason) {
  if (Blank(reason)) return Refused(ErrorCode::kInvalidArgument, "hold_reason_missing");
  LegalHoldId hold;
  const CommentAct act = [&](store::Transaction& tx, const Comment*,
                             const std::vector<Decision>*) -> Status {
    auto placed = repos_.retention.PlaceHold(tx, Actor::ForUser(person.id, person.email), id,
                                             reason, person.id);
    if (!placed) return placed.error();
    hold = *placed;
    return Status::Ok();
  };
  Status done = OnComment(person, id, act);
  if (!done.ok()) return done.error();
  return hold;
}

Status Desk::ReleaseHold(const User& person, CommentId id, LegalHoldId hold) {
  const CommentAct act = [&](store::Transaction& tx, const Comment*,
                             const std::vector<Decision>*) -> Status {
    auto holds = repos_.retention.ActiveHolds(tx, id);
    if (!holds) return holds.error();
    for (const store::LegalHold& h : *holds) {
      if (h.id == hold) {
        return repos_.retention.ReleaseHold(tx, Actor::ForUser(person.id, person.email), hold,
                                            person.id);
      }
    }
    return Refused(ErrorCode::kConflict, "hold_not_active");
  };
  return OnComment(person, id, act);
}

Result<CommentNoticeId> Desk::QueueNotice(store::Transaction& tx, const User& person,
                                          const Comment& comment, const Decision& measure,
                                          const std::string& text) {
  auto existing = repos_.notices.FindByComment(tx, comment.id);
  if (!existing) return existing.error();
  if (*existing) return Refused(ErrorCode::kConflict, "notice_sent");
  // The platform's time when it gave one; otherwise when it reached us.
  const Timestamp commented = comment.commented_at.value_or(comment.received_at);
  if (clock_.Now() > commented + kNoticeWindow) {
    return Refused(ErrorCode::kConflict, "notice_too_late");
  }
  const Actor actor = Actor::ForUser(person.id, person.email);
  store::CommentNotice stored;
  stored.comment_id = comment.id;
  stored.decision_id = measure.id;
  stored.text = text;
  stored.sent_by = person.id;
  auto added = repos_.notices.Add(tx, actor, stored);
  if (!added) return added.error();
  auto queued = repos_.jobs.Enqueue(tx, actor, CommentNoticeJob(*added, clock_.Now()));
  if (!queued) return queued.error();
  return *added;
}

Result<DecisionId> Desk::Approve(const User& person, CommentId comment, const std::string& reason) {
  return Answer(person, comment, true, reason);
}

Result<DecisionId> Desk::Reject(const User& person, CommentId comment, const std::string& reason) {
  return Answer(person, comment, false, reason);
}

Result<DecisionId> Desk::Answer(const User& person, CommentId id, bool approve,
                                const std::string& reason) {
  if (Blank(reason)) return Refused(ErrorCode::kInvalidArgument, "reason_missing");
  DecisionId answer;
  const CommentAct act = [&](store::Transaction& tx, const Comment* comment,
                             const std::vector<Decision>* decisions) -> Status {
    const std::optional<Decision> proposal = PendingProposal(*decisions);
    if (!proposal) return Refused(ErrorCode::kConflict, "no_proposal");
    if (proposal->decided_by == person.id) {
      return Refused(ErrorCode::kConflict, "second_person_same");
    }
    const Actor actor = Actor::ForUser(person.id, person.email);
    auto added = repos_.comments.AddDecision(
        tx, actor,
        Answering(*proposal, approve ? ModerationAction::kApprove : ModerationAction::kReject,
                  person, reason));
    if (!added) return added.error();
    answer = *added;
    // Rejected, the comment stays as the platform shows it.
    const Effect effect =
        approve ? EffectOf(proposal->action, comment->state)
                : Effect{comment->state == CommentState::kHidden ? CommentState::kHidden
                                                                 : CommentState::kVisible,
                         false};
    return TakeEffect(tx, repos_, actor, *comment, effect, approve ? proposal->id : *added,
                      clock_.Now());
  };
  Status done = OnComment(person, id, act);
  if (!done.ok()) return done.error();
  return answer;
}

Result<DecisionId> Desk::Review(const User& person, CommentId id, bool restore,
                                const std::string& reason) {
  if (Blank(reason)) return Refused(ErrorCode::kInvalidArgument, "reason_missing");
  DecisionId answer;
  const CommentAct act = [&](store::Transaction& tx, const Comment* comment,
                             const std::vector<Decision>* decisions) -> Status {
    const std::optional<Decision> measure = MeasureInForce(*decisions);
    if (!measure) return Refused(ErrorCode::kConflict, "nothing_to_review");
    if (TookPart(*decisions, *measure, person.id)) {
      return Refused(ErrorCode::kConflict, "review_same_person");
    }
    if (restore && comment->state == CommentState::kDeleted) {
      return Refused(ErrorCode::kConflict, "deleted");
    }
    const Actor actor = Actor::ForUser(person.id, person.email);
    const ModerationAction outcome =
        restore ? ModerationAction::kRestore : ModerationAction::kConfirm;
    auto added =
        repos_.comments.AddDecision(tx, actor, Answering(*measure, outcome, person, reason));
    if (!added) return added.error();
    answer = *added;
    return TakeEffect(tx, repos_, actor, *comment, EffectOf(outcome, comment->state), *added,
                      clock_.Now());
  };
  Status done = OnComment(person, id, act);
  if (!done.ok()) return done.error();
  return answer;
}

}  // namespace civicpost::moderation

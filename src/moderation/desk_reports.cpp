// The Desk's records of what went beyond the comment: reports to the
// platform and to the police, and comments switched off under a post.

#include <nlohmann/json.hpp>

#include "concept/authority_zone.hpp"
#include "moderation/comment_jobs.hpp"
#include "moderation/desk.hpp"
#include "moderation/desk_refusal.hpp"
#include "moderation/legal_grounds.hpp"
#include "moderation/reports.hpp"

namespace civicpost::moderation {
namespace {

// The authority's calendar day at `t`: reports are dated by it.
std::chrono::year_month_day LocalDate(const usage::Concept& c, Timestamp t) {
  return usage::AuthorityZone(c.office_hours).ToLocal(t).date();
}

// Suspected abuse material is never captured, so its report goes without.
bool CaptureStopped(const std::vector<Decision>& decisions) {
  for (const Decision& d : decisions) {
    if (const LegalGround* ground = FindLegalGround(d.legal_ground);
        ground && ground->stops_capture) {
      return true;
    }
  }
  return false;
}

// What the legal hold of a criminal report says.
std::string HoldReason(const ReportRecipient& recipient, const ReportFiling& filing) {
  std::string reason = filing.complaint ? "Strafanzeige mit Strafantrag an " : "Strafanzeige an ";
  reason += recipient.name;
  if (!filing.reference.empty()) reason += ", Aktenzeichen " + filing.reference;
  return reason;
}

}  // namespace

Result<CommentReportId> Desk::FileReport(const User& person,
                                         const usage::Concept& authority_concept, CommentId id,
                                         const ReportFiling& filing) {
  const ReportRecipient* recipient = FindReportRecipient(filing.recipient);
  if (recipient == nullptr) return Refused(ErrorCode::kInvalidArgument, "report_recipient_unknown");
  CommentReportId report;
  const CommentAct act = [&](store::Transaction& tx, const Comment* comment,
                             const std::vector<Decision>* decisions) -> Status {
    const auto today = LocalDate(authority_concept, clock_.Now());
    const auto received = LocalDate(authority_concept, comment->received_at);
    if (!filing.filed_on.ok() ||
        std::chrono::sys_days(filing.filed_on) > std::chrono::sys_days(today) ||
        std::chrono::sys_days(filing.filed_on) < std::chrono::sys_days(received)) {
      return Refused(ErrorCode::kInvalidArgument, "report_date");
    }
    if (comment->redacted_at) return Refused(ErrorCode::kConflict, "report_redacted");
    const Actor actor = Actor::ForUser(person.id, person.email);
    store::CommentReport record;
    record.comment_id = id;
    record.kind = std::string(ReportKindName(recipient->kind));
    record.recipient = std::string(recipient->id);
    record.filed_on = filing.filed_on;
    record.reference = filing.reference;
    record.complaint = recipient->kind == ReportKind::kCriminal && filing.complaint;
    record.filed_by = person.id;
    if (!CaptureStopped(*decisions)) {
      // The record the report sent: the latest, or one written now.
      auto evidence = repos_.comments.ListEvidence(tx, id);
      if (!evidence) return evidence.error();
      if (!evidence->empty()) {
        record.evidence_id = evidence->back().id;
      } else {
        const nlohmann::json person_view = {
            {"user_id", person.id.value()}, {"action", "report"}, {"recipient", record.recipient}};
        auto captured =
            Capture(tx, person, authority_concept, *comment, *decisions, person_view.dump());
        if (!captured) return captured.error();
        record.evidence_id = *captured;
      }
    }
    auto added = repos_.reports.Add(tx, actor, record);
    if (!added) return added.error();
    report = *added;
    if (recipient->kind != ReportKind::kCriminal) return Status::Ok();
    // Proceedings may need the records long after retention would end.
    auto held =
        repos_.retention.PlaceHold(tx, actor, id, HoldReason(*recipient, filing), person.id);
    if (!held) return held.error();
    return Status::Ok();
  };
  Status done = OnComment(person, id, act);
  if (!done.ok()) return done.error();
  return report;
}

Status Desk::RecordOutcome(const User& person, const usage::Concept& authority_concept,
                           CommentId id, CommentReportId report_id,
                           const store::ReportOutcome& outcome) {
  const CommentAct act = [&](store::Transaction& tx, const Comment*,
                             const std::vector<Decision>*) -> Status {
    auto report = repos_.reports.Get(tx, report_id);
    if (!report) return report.error();
    if (report->comment_id != id) return NotFound("no report " + report_id.ToString());
    const ReportKind kind =
        report->kind == "platform" ? ReportKind::kPlatform : ReportKind::kCriminal;
    if (outcome.outcome == "pending" || !IsReportOutcome(kind, outcome.outcome)) {
      return Refused(ErrorCode::kInvalidArgument, "report_outcome_unknown");
    }
    const auto today = LocalDate(authority_concept, clock_.Now());
    if (!outcome.on.ok() || std::chrono::sys_days(outcome.on) > std::chrono::sys_days(today) ||
        std::chrono::sys_days(outcome.on) < std::chrono::sys_days(report->filed_on)) {
      return Refused(ErrorCode::kInvalidArgument, "report_date");
    }
    return repos_.reports.SetOutcome(tx, Actor::ForUser(person.id, person.email), report_id,
                                     person.id, outcome);
  };
  return OnComment(person, id, act);
}

Result<CommentSwitchId> Desk::SwitchComments(const User& person, DeliveryId delivery_id,
                                             bool enabled, const std::string& reason) {
  if (Blank(reason)) return Refused(ErrorCode::kInvalidArgument, "switch_reason_missing");
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Result<CommentSwitchId> {
    auto delivery = repos_.posts.GetDelivery(tx, delivery_id);
    if (!delivery) return delivery.error();
    auto channel = repos_.channels.Get(tx, delivery->channel_id);
    if (!channel) return channel.error();
    if (channel->organization_id != person.organization_id) {
      return NotFound("no delivery with id " + delivery_id.ToString());
    }
    if (delivery->state != DeliveryState::kPublished || delivery->remote_id.empty()) {
      return Refused(ErrorCode::kConflict, "switch_not_published");
    }
    auto earlier = repos_.switches.ListByDelivery(tx, delivery_id);
    if (!earlier) return earlier.error();
    // Comments are on unless someone switched them off.
    const bool now_enabled = earlier->empty() || earlier->front().enabled;
    if (now_enabled == enabled && (earlier->empty() || earlier->front().error_key.empty())) {
      return Refused(ErrorCode::kConflict, "switch_unchanged");
    }
    const Actor actor = Actor::ForUser(person.id, person.email);
    store::CommentSwitch wish;
    wish.delivery_id = delivery_id;
    wish.enabled = enabled;
    wish.reason = reason;
    wish.decided_by = person.id;
    auto added = repos_.switches.Add(tx, actor, wish);
    if (!added) return added.error();
    auto queued = repos_.jobs.Enqueue(tx, actor, CommentSwitchJob(*added, clock_.Now()));
    if (!queued) return queued.error();
    return *added;
  });
}

}  // namespace civicpost::moderation

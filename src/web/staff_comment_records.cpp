// The comment page's records of what went beyond the comment: reports to
// the platform and the police (R21, R22), and comments switched off under
// its post (R25). The Desk decides; these read forms and show its records.

#include <fmt/format.h>

#include "moderation/reports.hpp"
#include "web/form.hpp"
#include "web/staff_app.hpp"
#include "web/staff_format.hpp"
#include "web/staff_request.hpp"

namespace civicpost::web {
namespace {

moderation::ReportKind KindOf(const store::CommentReport& report) {
  return report.kind == "platform" ? moderation::ReportKind::kPlatform
                                   : moderation::ReportKind::kCriminal;
}

std::chrono::year_month_day DateOf(const std::string& text) {
  return ParseIsoDate(text).value_or(std::chrono::year_month_day{});
}

}  // namespace

Status StaffApp::AddReports(TemplateData* data, const StaffContext& ctx, const Comment& comment,
                            const UserName& who) {
  auto reports = repos_.reports.ListByComment(db_, comment.id);
  if (!reports) return reports.error();
  TemplateList rows;
  for (const store::CommentReport& report : *reports) {
    const auto* recipient = moderation::FindReportRecipient(report.recipient);
    TemplateData row;
    row.set("report_id", report.id.ToString());
    row.set("kind", T(ctx, "comment_report.kind_" + report.kind));
    row.set("recipient", recipient ? std::string(recipient->name) : report.recipient);
    row.set("filed_on", DateText(report.filed_on, catalogue_, ctx.lang));
    row.set("filed_by", who(report.filed_by));
    row.set("reference", report.reference);
    row.set("complaint", report.complaint);
    if (report.evidence_id) {
      row.set("evidence", report.evidence_id->ToString());
      row.set("evidence_pdf", "/app/inbox/" + comment.id.ToString() + "/evidence/" +
                                  report.evidence_id->ToString() + ".pdf");
    }
    row.set("outcome", T(ctx, "report_outcome." + report.outcome));
    row.set("pending", report.outcome == "pending");
    if (report.outcome_on) {
      const auto days =
          (std::chrono::sys_days(*report.outcome_on) - std::chrono::sys_days(report.filed_on))
              .count();
      row.set("answered",
              catalogue_.Format(ctx.lang, "comment_report.answered",
                                {{"date", DateText(*report.outcome_on, catalogue_, ctx.lang)},
                                 {"days", std::to_string(days)},
                                 {"who", report.outcome_by ? who(*report.outcome_by) : ""}}));
    }
    row.set("outcome_note", report.outcome_note);
    TemplateList outcomes;
    for (std::string_view outcome : moderation::ReportOutcomes(KindOf(report))) {
      if (outcome == "pending") continue;
      TemplateData option;
      option.set("value", std::string(outcome));
      option.set("label", T(ctx, "report_outcome." + std::string(outcome)));
      outcomes.push_back(option);
    }
    row.set("outcomes", outcomes);
    rows.push_back(row);
  }
  data->set("reports", rows);
  data->set("has_reports", !rows.empty());

  TemplateList platform;
  TemplateList criminal;
  for (const moderation::ReportRecipient& recipient : moderation::ReportRecipients()) {
    TemplateData option;
    option.set("value", std::string(recipient.id));
    option.set("label", std::string(recipient.name));
    (recipient.kind == moderation::ReportKind::kPlatform ? platform : criminal).push_back(option);
  }
  data->set("platform_recipients", platform);
  data->set("criminal_recipients", criminal);
  data->set("today_iso", FormatIsoDate(ZoneOf(ctx.usage_concept()).ToLocal(clock_.Now()).date()));
  return Status::Ok();
}

Result<std::optional<Delivery>> StaffApp::DeliveryOfComment(const Comment& comment) {
  if (!comment.post_id) return std::optional<Delivery>();
  auto deliveries = repos_.posts.ListDeliveries(db_, *comment.post_id);
  if (!deliveries) return deliveries.error();
  for (const Delivery& delivery : *deliveries) {
    if (delivery.channel_id == comment.channel_id) return std::optional<Delivery>(delivery);
  }
  return std::optional<Delivery>();
}

Status StaffApp::AddCommentSwitch(TemplateData* data, const StaffContext& ctx,
                                  const Comment& comment, const UserName& who,
                                  const std::function<std::string(Timestamp)>& when) {
  auto delivery = DeliveryOfComment(comment);
  if (!delivery) return delivery.error();
  if (!*delivery || (*delivery)->state != DeliveryState::kPublished ||
      (*delivery)->remote_id.empty()) {
    return Status::Ok();  // not our post on the platform: nothing to switch here
  }
  auto switches = repos_.switches.ListByDelivery(db_, (*delivery)->id);
  if (!switches) return switches.error();
  const bool enabled = switches->empty() || switches->front().enabled;
  data->set("switch_shown", true);
  data->set("comments_enabled", enabled);
  if (!switches->empty()) {
    const store::CommentSwitch& latest = switches->front();
    const std::string state = !latest.error_key.empty() ? "refused"
                              : latest.done_at          ? "done"
                                                        : "queued";
    data->set("switch_state", T(ctx, "comment_switch.state_" + state));
    if (!latest.error_key.empty()) data->set("switch_refusal", T(ctx, latest.error_key));
  }
  TemplateList history;
  for (const store::CommentSwitch& s : *switches) {
    TemplateData row;
    row.set("at", when(s.decided_at));
    row.set("who", s.decided_by ? who(*s.decided_by) : T(ctx, "inbox.engine"));
    row.set("what", T(ctx, s.enabled ? "comment_switch.turned_on" : "comment_switch.turned_off"));
    row.set("reason", s.reason);
    history.push_back(row);
  }
  data->set("switches", history);
  return Status::Ok();
}

Response StaffApp::FileCommentReport(const Request& request, const StaffContext& ctx) {
  return OnComment(request, ctx, [&](CommentId id, const Form& form) -> DeskAnswer {
    moderation::ReportFiling filing;
    filing.recipient = form.Get("recipient");
    filing.filed_on = DateOf(form.Get("filed_on"));
    filing.reference = form.Get("reference");
    filing.complaint = form.Has("complaint");
    return {StatusOf(desk_.FileReport(ctx.user, ctx.usage_concept(), id, filing)), "reported"};
  });
}

Response StaffApp::RecordReportOutcome(const Request& request, const StaffContext& ctx) {
  return OnComment(request, ctx, [&](CommentId id, const Form& form) -> DeskAnswer {
    auto report = PathId<CommentReportId>(request, "report");
    if (!report) return {NotFound("no such report"), ""};
    store::ReportOutcome outcome;
    outcome.outcome = form.Get("outcome");
    outcome.note = form.Get("note");
    outcome.on = DateOf(form.Get("outcome_on"));
    outcome.reference = form.Get("reference");
    return {desk_.RecordOutcome(ctx.user, ctx.usage_concept(), id, *report, outcome),
            "report_answered"};
  });
}

Response StaffApp::SwitchComments(const Request& request, const StaffContext& ctx) {
  return OnComment(request, ctx, [&](CommentId id, const Form& form) -> DeskAnswer {
    auto comment = repos_.comments.Get(db_, id);
    if (!comment) return {comment.error(), ""};
    auto delivery = DeliveryOfComment(*comment);
    if (!delivery) return {delivery.error(), ""};
    if (!*delivery) {
      return {Error{ErrorCode::kConflict, "moderation.switch_not_published"}, ""};
    }
    const bool enabled = form.Get("enabled") == "1";
    return {StatusOf(desk_.SwitchComments(ctx.user, (*delivery)->id, enabled, form.Get("reason"))),
            enabled ? "comments_on" : "comments_off"};
  });
}

}  // namespace civicpost::web

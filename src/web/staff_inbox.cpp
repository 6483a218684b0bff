// The moderation inbox: the queue of comments waiting for a person, one
// comment with its thread, the engine's view, the decisions so far and the
// evidence, and the forms that go to moderation::Desk. The rules live in
// the Desk; these handlers only read forms and show pages.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "core/percent_encoding.hpp"
#include "moderation/evidence_export.hpp"
#include "moderation/legal_grounds.hpp"
#include "moderation/reports.hpp"
#include "moderation/standard_notice.hpp"
#include "moderation/transparency_report.hpp"
#include "web/form.hpp"
#include "web/staff_app.hpp"
#include "web/staff_format.hpp"
#include "web/staff_request.hpp"

namespace civicpost::web {
namespace {

std::string Shortened(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

// The answer the concept gives to questions it does not answer in comments:
// the service portal and the responsible office's contacts.
std::string SuggestedReply(const usage::Concept& c) {
  std::string contacts;
  for (const usage::AlternativeContact& contact : c.alternatives.contacts) {
    if (contact.kind == usage::ContactKind::kServicePortal) {
      contacts += " Viele Anliegen erledigen Sie direkt im Serviceportal: " + contact.value + ".";
    }
  }
  for (const usage::StaffMember& person : c.responsibility.staff) {
    if (person.phone.empty() && person.email.empty()) continue;
    contacts += " Persönlich erreichen Sie " + c.responsibility.department;
    if (!person.phone.empty()) contacts += " unter " + person.phone;
    if (!person.email.empty())
      contacts += (person.phone.empty() ? " unter " : " oder ") + person.email;
    contacts += ".";
    break;
  }
  return "Vielen Dank für Ihre Frage! Über die Kommentare können wir leider nicht beraten." +
         contacts;
}

ModerationAction ActionOf(const std::string& name) {
  return kModerationActionNames.Parse(name).value_or(ModerationAction::kEscalate);
}

}  // namespace

Response StaffApp::Inbox(const Request& request, const StaffContext& ctx) {
  TemplateData data;
  store::InboxFilter filter;
  const std::string view = Query(request, "view");
  filter.awaiting_person = view != "all";
  const std::string state = Query(request, "state");
  filter.state = kCommentStateNames.Parse(state);
  filter.category = Query(request, "category");
  filter.by_severity = Query(request, "sort") == "severity";
  int page = 1;
  if (const std::string p = Query(request, "page"); !p.empty()) {
    std::from_chars(p.data(), p.data() + p.size(), page);
    page = std::clamp(page, 1, 100000);  // no offset overflow from a crafted query
  }
  filter.offset = (page - 1) * filter.limit;
  filter.post = ParseId<PostId>(Query(request, "post"));
  if (filter.post) {
    if (auto post = repos_.posts.Get(db_, *filter.post);
        post && post->organization_id == ctx.org.id) {
      data.set("post_filter", Shortened(post->caption, 80));
      data.set("post_value", filter.post->ToString());
    }
  }
  auto items = repos_.comments.ListInbox(db_, ctx.org.id, filter);
  if (!items) return Failure(ctx, items.error());

  const TimeZone zone = ZoneOf(ctx.usage_concept());
  const Timestamp now = clock_.Now();
  const int target_hours = ctx.usage_concept().moderation.response_target_hours;
  TemplateList rows;
  for (const store::InboxItem& item : *items) {
    TemplateData row;
    const Comment& c = item.comment;
    row.set("id", c.id.ToString());
    row.set("url", "/app/inbox/" + c.id.ToString());
    row.set("text", Shortened(c.text, 280));
    row.set("author",
            c.author_handle.empty() ? T(ctx, "inbox.unknown_author") : "@" + c.author_handle);
    row.set("received", DateTimeText(zone.ToLocal(c.received_at), catalogue_, ctx.lang));
    row.set("state", T(ctx, "comment_state." + std::string(kCommentStateNames.Name(c.state))));
    row.set("state_name", std::string(kCommentStateNames.Name(c.state)));
    if (item.latest) {
      row.set("category", T(ctx, "category." + item.latest->category));
      row.set("score", fmt::format("{:.2f}", item.latest->score));
      row.set("critical", item.latest->critical);
      row.set("pending", item.latest->needs_second);
    }
    const bool open = c.state == CommentState::kNew || c.state == CommentState::kNeedsReview;
    if (open && target_hours > 0 && now - c.received_at > std::chrono::hours(target_hours)) {
      row.set("overdue", true);
    }
    rows.push_back(row);
  }
  data.set("comments", rows);
  data.set("has_comments", !rows.empty());
  data.set("view_all", view == "all");
  data.set("by_severity", filter.by_severity);
  TemplateList states;
  for (const auto& [value, name] : kCommentStateNames.entries) {
    TemplateData option;
    option.set("value", std::string(name));
    option.set("label", T(ctx, "comment_state." + std::string(name)));
    option.set("selected", filter.state == value);
    states.push_back(option);
  }
  data.set("states", states);
  TemplateList categories;
  for (const char* name : {"threat", "hate", "scam", "personal_data", "insult", "spam", "profanity",
                           "consultation", "none"}) {
    TemplateData option;
    option.set("value", std::string(name));
    option.set("label", T(ctx, "category." + std::string(name)));
    option.set("selected", filter.category == name);
    categories.push_back(option);
  }
  data.set("categories", categories);
  data.set("clauses", ClauseOptions(ctx, ""));
  if (static_cast<int>(items->size()) == filter.limit) {
    data.set("next_page",
             fmt::format("/app/inbox?view={}&state={}&category={}&sort={}&post={}&page={}",
                         view == "all" ? "all" : "",
                         filter.state ? kCommentStateNames.Name(*filter.state) : "",
                         PercentEncode(filter.category), filter.by_severity ? "severity" : "",
                         filter.post ? filter.post->ToString() : "", page + 1));
  }
  if (page > 1) data.set("page", std::to_string(page));
  if (target_hours > 0) {
    data.set("promise", catalogue_.Format(ctx.lang, "inbox.promise",
                                          {{"hours", std::to_string(target_hours)}}));
  }
  if (const std::string done = Query(request, "done"); !done.empty()) {
    data.set("done", catalogue_.Format(ctx.lang, "inbox.bulk_done", {{"count", done}}));
  }
  return Render(ctx, "staff_inbox", data, T(ctx, "inbox.title"));
}

TemplateList StaffApp::ClauseOptions(const StaffContext& ctx, const std::string& selected) const {
  TemplateList clauses;
  for (const usage::NetiquetteClause& clause : ctx.usage_concept().netiquette) {
    TemplateData option;
    option.set("value", clause.id);
    option.set("label", clause.id + " – " + clause.title);
    option.set("selected", clause.id == selected);
    clauses.push_back(option);
  }
  return clauses;
}

Response StaffApp::ShowComment(const Request& request, const StaffContext& ctx) {
  return CommentPage(request, ctx, "", 200);
}

Response StaffApp::CommentPage(const Request& request, const StaffContext& ctx,
                               const std::string& error_key, int status) {
  auto id = PathId<CommentId>(request, "id");
  if (!id) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto comment = repos_.comments.Get(db_, *id);
  if (!comment) return Failure(ctx, comment.error());
  auto channel = repos_.channels.Get(db_, comment->channel_id);
  if (!channel || channel->organization_id != ctx.org.id) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  auto decisions = repos_.comments.ListDecisions(db_, *id);
  if (!decisions) return Failure(ctx, decisions.error());
  auto evidence = repos_.comments.ListEvidence(db_, *id);
  if (!evidence) return Failure(ctx, evidence.error());
  auto thread = repos_.comments.ListThread(db_, *comment, 50);
  if (!thread) return Failure(ctx, thread.error());
  auto users = repos_.users.ListByOrganization(db_, ctx.org.id);
  if (!users) return Failure(ctx, users.error());
  const usage::Concept& rules = ctx.usage_concept();
  const TimeZone zone = ZoneOf(rules);
  auto when = [&](Timestamp t) { return DateTimeText(zone.ToLocal(t), catalogue_, ctx.lang); };
  const UserName who = [&](const std::optional<UserId>& user) {
    if (!user) return T(ctx, "inbox.engine");
    for (const User& u : *users) {
      if (u.id == *user) return u.display_name;
    }
    return user->ToString();
  };

  TemplateData data;
  data.set("id", id->ToString());
  data.set("text", comment->text);
  data.set("author", comment->author_handle.empty() ? T(ctx, "inbox.unknown_author")
                                                    : "@" + comment->author_handle);
  if (!comment->author_handle.empty()) {
    data.set("profile", "https://www.instagram.com/" + comment->author_handle + "/");
  }
  data.set("channel", ChannelLabel(*channel, catalogue_, ctx.lang));
  data.set("received", when(comment->received_at));
  data.set("state",
           T(ctx, "comment_state." + std::string(kCommentStateNames.Name(comment->state))));
  if (comment->post_id) {
    if (auto post = repos_.posts.Get(db_, *comment->post_id)) {
      data.set("post_title", Shortened(post->caption, 120));
      data.set("post_url", "/app/posts/" + post->id.ToString());
      data.set("post_comments", "/app/inbox?view=all&post=" + post->id.ToString());
    }
  }
  // Time to decision against the concept's promise.
  const int target_hours = rules.moderation.response_target_hours;
  const auto waited =
      std::chrono::duration_cast<std::chrono::minutes>(clock_.Now() - comment->received_at);
  const bool open =
      comment->state == CommentState::kNew || comment->state == CommentState::kNeedsReview;
  if (open) {
    data.set("waiting", catalogue_.Format(ctx.lang, "inbox.waiting",
                                          {{"hours", std::to_string(waited.count() / 60)},
                                           {"minutes", std::to_string(waited.count() % 60)}}));
    if (target_hours > 0 && waited > std::chrono::hours(target_hours)) data.set("overdue", true);
  }

  TemplateList context;
  for (const Comment& other : *thread) {
    TemplateData row;
    row.set("author", other.author_handle.empty() ? T(ctx, "inbox.unknown_author")
                                                  : "@" + other.author_handle);
    row.set("text", other.text);
    row.set("reply", !other.parent_remote_id.empty());
    row.set("this", other.id == comment->id);
    row.set("url", "/app/inbox/" + other.id.ToString());
    row.set("state", T(ctx, "comment_state." + std::string(kCommentStateNames.Name(other.state))));
    context.push_back(row);
  }
  data.set("thread", context);

  std::optional<Decision> engine;
  TemplateList history;
  for (const Decision& d : *decisions) {
    if (!d.decided_by && !d.refers_to) engine = d;
    TemplateData row;
    row.set("at", when(d.decided_at));
    row.set("who", who(d.decided_by));
    row.set("action", T(ctx, "action." + std::string(kModerationActionNames.Name(d.action))));
    row.set("category", T(ctx, "category." + d.category));
    if (!d.clause_id.empty()) row.set("clause", d.clause_id);
    if (const auto* ground = moderation::FindLegalGround(d.legal_ground)) {
      row.set("ground", std::string(ground->statute) + " " + std::string(ground->title_de));
    }
    row.set("reason", d.reason);
    if (!d.reply_text.empty()) row.set("reply_text", d.reply_text);
    row.set("pending", d.needs_second);
    history.push_back(row);
  }
  data.set("history", history);
  data.set("has_history", !history.empty());

  bool critical = false;
  std::string suggested = "none";
  if (engine) {
    critical = engine->critical;
    data.set("engine_category", T(ctx, "category." + engine->category));
    data.set("engine_score", fmt::format("{:.2f}", engine->score));
    data.set("engine_reason", engine->reason);
    if (engine->category == "consultation") suggested = "reply";
    // The least intrusive adequate measure: hiding, never deleting.
    else if (engine->action == ModerationAction::kHide ||
             (engine->category != "none" && engine->score >= rules.moderation.review_threshold))
      suggested = "hide";
  }
  for (const Decision& d : *decisions) critical = critical || d.critical;
  data.set("critical", critical);
  data.set("suggest_" + suggested, true);
  data.set("suggested_label", T(ctx, "inbox.suggest_" + suggested));
  data.set("reply_text", suggested == "reply" ? SuggestedReply(rules) : "");
  data.set("clauses", ClauseOptions(ctx, engine ? engine->clause_id : ""));
  TemplateList grounds;
  for (const moderation::LegalGround& ground : moderation::LegalGrounds()) {
    TemplateData option;
    option.set("value", std::string(ground.id));
    option.set("label", std::string(ground.statute) + " – " +
                            std::string(ctx.lang == "en" ? ground.title_en : ground.title_de));
    grounds.push_back(option);
  }
  data.set("grounds", grounds);

  // What may happen next: decide, answer a proposal, or review a measure.
  const std::optional<Decision> proposal = moderation::Desk::PendingProposal(*decisions);
  const std::optional<Decision> measure = moderation::Desk::MeasureInForce(*decisions);
  const bool may_act = ctx.user.Has(Role::kModerator) || ctx.user.Has(Role::kAdmin);
  if (proposal) {
    data.set("proposal_by", who(proposal->decided_by));
    data.set("proposal_action",
             T(ctx, "action." + std::string(kModerationActionNames.Name(proposal->action))));
    data.set("proposal_reason", proposal->reason);
    data.set("may_answer", may_act && proposal->decided_by != ctx.user.id);
  } else if (measure) {
    data.set("measure_by", who(measure->decided_by));
    data.set("measure_action",
             T(ctx, "action." + std::string(kModerationActionNames.Name(measure->action))));
    data.set("may_restore", comment->state == CommentState::kHidden);
    auto notice = repos_.notices.FindByComment(db_, *id);
    if (!notice) return Failure(ctx, notice.error());
    if (!*notice) {
      data.set("notice", moderation::StandardNotice(rules, *measure));
      data.set("may_notify", may_act);
    } else if ((*notice)->sent_at) {
      data.set("notice_sent", catalogue_.Format(ctx.lang, "inbox.notice_delivered",
                                                {{"at", when(*(*notice)->sent_at)}}));
      data.set("notice_text", (*notice)->text);
    } else if (!(*notice)->error_key.empty()) {
      data.set("notice_refused", T(ctx, (*notice)->error_key));
      data.set("notice_text", (*notice)->text);
    } else {
      data.set("notice_queued", true);
      data.set("notice_text", (*notice)->text);
    }
    const bool took_part = moderation::Desk::TookPart(*decisions, *measure, ctx.user.id);
    data.set("may_review", may_act && !took_part);
    data.set("reviewed_by_other", took_part);
  }
  data.set("may_decide", may_act && !proposal && comment->state != CommentState::kDeleted);
  data.set("may_hide", comment->state != CommentState::kHidden);

  // The complaint deadline for insults (§§ 185-189, 194 StGB).
  for (const Decision& d : *decisions) {
    const auto* ground = moderation::FindLegalGround(d.legal_ground);
    if (ground == nullptr || !ground->needs_complaint || !d.decided_by) continue;
    const auto deadline = moderation::ComplaintDeadline(zone.ToLocal(comment->received_at).date());
    const auto today = zone.ToLocal(clock_.Now()).date();
    const auto days = (std::chrono::sys_days(deadline) - std::chrono::sys_days(today)).count();
    data.set("deadline",
             catalogue_.Format(ctx.lang, days >= 0 ? "inbox.deadline" : "inbox.deadline_passed",
                               {{"statute", std::string(ground->statute)},
                                {"date", DateText(deadline, catalogue_, ctx.lang)},
                                {"days", std::to_string(days)}}));
    const bool filed = ComplaintFiled(comment->id);
    data.set("deadline_urgent",
             !filed && moderation::ComplaintReminder(deadline, today).has_value());
    data.set("complaint_filed", filed);
    break;
  }

  auto holds = repos_.retention.ActiveHolds(db_, *id);
  if (!holds) return Failure(ctx, holds.error());
  TemplateList hold_rows;
  for (const store::LegalHold& hold : *holds) {
    TemplateData row;
    row.set("hold_id", hold.id.ToString());
    row.set("reason", hold.reason);
    row.set("since", when(hold.created_at));
    row.set("who", who(hold.created_by));
    hold_rows.push_back(row);
  }
  data.set("holds", hold_rows);
  data.set("may_hold", may_act);

  if (Status s = AddReports(&data, ctx, *comment, who); !s.ok()) return Failure(ctx, s.error());
  if (Status s = AddCommentSwitch(&data, ctx, *comment, who, when); !s.ok()) {
    return Failure(ctx, s.error());
  }

  TemplateList records;
  for (const Evidence& e : *evidence) {
    TemplateData row;
    row.set("id", e.id.ToString());
    row.set("at", when(e.created_at));
    row.set("who", who(e.created_by));
    row.set("sha256", e.sha256);
    row.set("pdf", "/app/inbox/" + id->ToString() + "/evidence/" + e.id.ToString() + ".pdf");
    row.set("json", "/app/inbox/" + id->ToString() + "/evidence/" + e.id.ToString() + ".json");
    records.push_back(row);
  }
  data.set("evidence", records);
  data.set("has_evidence", !records.empty());

  const std::string done = Query(request, "done");
  if (!done.empty()) data.set("done", T(ctx, "inbox.done_" + done));
  data.set("csam", done == "csam");
  if (!error_key.empty()) data.set("error", T(ctx, error_key));
  return Render(ctx, "staff_comment", data,
                catalogue_.Format(ctx.lang, "inbox.comment_title", {{"id", id->ToString()}}),
                status);
}

Response StaffApp::DecideComment(const Request& request, const StaffContext& ctx) {
  return OnComment(request, ctx, [&](CommentId id, const Form& form) -> DeskAnswer {
    moderation::Measure measure;
    measure.action = ActionOf(form.Get("action"));
    measure.clause_id = form.Get("clause");
    measure.legal_ground = form.Get("ground");
    measure.reason = form.Get("reason");
    measure.reply_text = form.Get("reply_text");
    measure.critical = form.Has("critical");
    measure.notify = form.Has("notify");
    auto outcome = desk_.Decide(ctx.user, ctx.usage_concept(), id, measure);
    if (!outcome) return {outcome.error(), ""};
    return {Status::Ok(), outcome->capture_stopped        ? "csam"
                          : outcome->awaits_second_person ? "proposed"
                                                          : "decided"};
  });
}

Response StaffApp::AnswerProposal(const Request& request, const StaffContext& ctx) {
  return OnComment(request, ctx, [&](CommentId id, const Form& form) -> DeskAnswer {
    const bool approve = form.Get("answer") == "approve";
    auto answered = approve ? desk_.Approve(ctx.user, id, form.Get("reason"))
                            : desk_.Reject(ctx.user, id, form.Get("reason"));
    return {StatusOf(answered), approve ? "approved" : "rejected"};
  });
}

Response StaffApp::ReviewComment(const Request& request, const StaffContext& ctx) {
  return OnComment(request, ctx, [&](CommentId id, const Form& form) -> DeskAnswer {
    const bool restore = form.Get("outcome") == "restore";
    return {StatusOf(desk_.Review(ctx.user, id, restore, form.Get("reason"))),
            restore ? "restored" : "confirmed"};
  });
}

Response StaffApp::NotifyAuthor(const Request& request, const StaffContext& ctx) {
  return OnComment(request, ctx, [&](CommentId id, const Form& form) -> DeskAnswer {
    return {StatusOf(desk_.SendNotice(ctx.user, id, form.Get("notice"))), "notice"};
  });
}

Response StaffApp::HoldComment(const Request& request, const StaffContext& ctx) {
  return OnComment(request, ctx, [&](CommentId id, const Form& form) -> DeskAnswer {
    return {StatusOf(desk_.PlaceHold(ctx.user, id, form.Get("reason"))), "held"};
  });
}

Response StaffApp::ReleaseHold(const Request& request, const StaffContext& ctx) {
  return OnComment(request, ctx, [&](CommentId id, const Form&) -> DeskAnswer {
    auto hold = PathId<LegalHoldId>(request, "hold");
    if (!hold) return {NotFound("no such hold"), ""};
    return {desk_.ReleaseHold(ctx.user, id, *hold), "released"};
  });
}

Response StaffApp::OnComment(const Request& request, const StaffContext& ctx,
                             const std::function<DeskAnswer(CommentId, const Form&)>& act) {
  auto id = PathId<CommentId>(request, "id");
  auto form = Form::Parse(request.body);
  if (!id || !form) return ErrorPage(&ctx, ctx.lang, 422, "error.bad_form");
  const auto [result, done] = act(*id, *form);
  if (result.ok()) return Redirect("/app/inbox/" + id->ToString() + "?done=" + done);
  const Error& error = result.error();
  if (!error.message.starts_with("moderation.")) return Failure(ctx, error);
  return CommentPage(request, ctx, error.message, error.code == ErrorCode::kConflict ? 409 : 422);
}

Response StaffApp::BulkDecide(const Request& request, const StaffContext& ctx) {
  auto form = Form::Parse(request.body);
  if (!form) return ErrorPage(&ctx, ctx.lang, 422, "error.bad_form");
  moderation::Measure measure;
  measure.action = ActionOf(form->Get("action"));
  measure.clause_id = form->Get("clause");
  measure.reason = form->Get("reason");
  int done = 0;
  std::vector<std::string> refused;
  for (const std::string& value : form->All("ids")) {
    auto id = ParseId<CommentId>(value);
    if (!id) continue;
    auto outcome = desk_.Decide(ctx.user, ctx.usage_concept(), *id, measure);
    if (outcome) {
      ++done;
      continue;
    }
    if (!outcome.error().message.starts_with("moderation.")) return Failure(ctx, outcome.error());
    refused.push_back("#" + value + ": " + T(ctx, outcome.error().message));
  }
  if (refused.empty()) return Redirect("/app/inbox?done=" + std::to_string(done));
  TemplateData data;
  TemplateList lines;
  for (const std::string& line : refused) {
    TemplateData row;
    row.set("line", line);
    lines.push_back(row);
  }
  data.set("refused", lines);
  data.set("count", std::to_string(done));
  return Render(ctx, "staff_inbox_bulk", data, T(ctx, "inbox.title"), 422);
}

Response StaffApp::EvidenceFile(const Request& request, const StaffContext& ctx) {
  auto id = PathId<CommentId>(request, "id");
  const std::string file = request.path_params.at("file");
  const bool pdf = file.ends_with(".pdf");
  if (!id || (!pdf && !file.ends_with(".json"))) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  auto evidence_id = ParseId<EvidenceId>(std::string_view(file).substr(0, file.find('.')));
  if (!evidence_id) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto comment = repos_.comments.Get(db_, *id);
  if (!comment) return Failure(ctx, comment.error());
  auto channel = repos_.channels.Get(db_, comment->channel_id);
  auto evidence = repos_.comments.GetEvidence(db_, *evidence_id);
  if (!channel || channel->organization_id != ctx.org.id || !evidence ||
      evidence->comment_id != *id) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  Response response;
  if (!pdf) {
    response.content_type = "application/json";
    response.body = evidence->snapshot_json;  // byte for byte: its hash is the record's
  } else {
    // The package is written to a scratch folder and the summary served.
    const std::filesystem::path scratch = data_dir_ / "tmp" /
                                          ("evidence-" + evidence_id->ToString() + "-" +
                                           std::to_string(clock_.Now().time_since_epoch().count()));
    auto exported = moderation::ExportEvidence(db_, repos_, *evidence_id, scratch);
    if (!exported) return Failure(ctx, exported.error());
    std::ifstream in(scratch / ("evidence-" + evidence_id->ToString() + ".pdf"), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::error_code ignored;
    std::filesystem::remove_all(scratch, ignored);
    response.content_type = "application/pdf";
    response.body = bytes.str();
  }
  response.headers.emplace_back(
      "Content-Disposition",
      "attachment; filename=\"evidence-" + evidence_id->ToString() + (pdf ? ".pdf\"" : ".json\""));
  return response;
}

void StaffApp::AddModeration(const StaffContext& ctx, std::chrono::year_month_day today,
                             TemplateData* data) {
  auto waiting = repos_.comments.CountAwaitingReview(db_, ctx.org.id);
  if (!waiting) return;
  data->set("comments_waiting", catalogue_.Format(ctx.lang, "dashboard.comments_waiting",
                                                  {{"count", std::to_string(*waiting)}}));
  const int threshold = ctx.usage_concept().moderation.burst_comments_per_hour;
  if (threshold > 0) {
    auto recent =
        repos_.comments.CountReceivedSince(db_, ctx.org.id, clock_.Now() - std::chrono::hours(1));
    if (recent && *recent >= threshold) {
      data->set("burst", catalogue_.Format(ctx.lang, "dashboard.burst",
                                           {{"count", std::to_string(*recent)},
                                            {"threshold", std::to_string(threshold)}}));
      // R25: the tool proposes switching comments off where the storm is.
      auto busiest =
          repos_.comments.BusiestPostSince(db_, ctx.org.id, clock_.Now() - std::chrono::hours(1));
      if (busiest && *busiest) {
        data->set("burst_post",
                  catalogue_.Format(ctx.lang, "dashboard.burst_post",
                                    {{"count", std::to_string((*busiest)->comments)}}));
        data->set("burst_post_url",
                  "/app/inbox/" + (*busiest)->latest.ToString() + "#comments-switch");
      }
    }
  }
  AddPendingReports(ctx, today, data);
  // Complaint deadlines from 30 days before to 30 days after their end.
  std::vector<std::string> grounds;
  for (const moderation::LegalGround& ground : moderation::LegalGrounds()) {
    if (ground.needs_complaint) grounds.emplace_back(ground.id);
  }
  auto cited = repos_.comments.ListByLegalGround(db_, ctx.org.id, grounds);
  if (!cited) return;
  const TimeZone zone = ZoneOf(ctx.usage_concept());
  TemplateList deadlines;
  std::set<CommentId> listed;
  for (const store::InboxItem& item : *cited) {
    if (!listed.insert(item.comment.id).second) continue;
    const auto* ground = moderation::FindLegalGround(item.latest->legal_ground);
    const auto deadline =
        moderation::ComplaintDeadline(zone.ToLocal(item.comment.received_at).date());
    const auto days = (std::chrono::sys_days(deadline) - std::chrono::sys_days(today)).count();
    if (!moderation::ComplaintReminder(deadline, today) || days < -30) continue;
    if (ComplaintFiled(item.comment.id)) continue;
    TemplateData row;
    row.set("url", "/app/inbox/" + item.comment.id.ToString());
    row.set("text",
            catalogue_.Format(
                ctx.lang, days >= 0 ? "dashboard.deadline_line" : "dashboard.deadline_passed_line",
                {{"id", item.comment.id.ToString()},
                 {"statute", std::string(ground->statute)},
                 {"date", DateText(deadline, catalogue_, ctx.lang)},
                 {"days", std::to_string(days)}}));
    deadlines.push_back(row);
  }
  data->set("has_deadlines", !deadlines.empty());
  data->set("deadlines", deadlines);
}

bool StaffApp::ComplaintFiled(CommentId comment) {
  auto filed = repos_.complaint_reminders.ComplaintFiled(db_, comment);
  return filed && *filed;  // the mail reminders apply the same rule
}

void StaffApp::AddPendingReports(const StaffContext& ctx, std::chrono::year_month_day today,
                                 TemplateData* data) {
  auto pending = repos_.reports.ListPending(db_, ctx.org.id);
  if (!pending) return;
  TemplateList rows;
  for (const store::CommentReport& report : *pending) {
    const auto* recipient = moderation::FindReportRecipient(report.recipient);
    const auto days =
        (std::chrono::sys_days(today) - std::chrono::sys_days(report.filed_on)).count();
    TemplateData row;
    row.set("url", "/app/inbox/" + report.comment_id.ToString());
    row.set("text", catalogue_.Format(
                        ctx.lang, "dashboard.report_line",
                        {{"id", report.comment_id.ToString()},
                         {"kind", T(ctx, "comment_report.kind_" + report.kind)},
                         {"recipient", recipient ? std::string(recipient->name) : report.recipient},
                         {"date", DateText(report.filed_on, catalogue_, ctx.lang)},
                         {"days", std::to_string(days)}}));
    rows.push_back(row);
  }
  data->set("has_pending_reports", !rows.empty());
  data->set("pending_reports", rows);
}

Result<moderation::TransparencyReport> StaffApp::ReportOf(const StaffContext& ctx,
                                                          const std::string& month) {
  auto decisions = repos_.comments.ListDecisionsInMonth(db_, ctx.org.id, month);
  if (!decisions) return decisions.error();
  auto timings = repos_.comments.ListTimingsInMonth(db_, ctx.org.id, month);
  if (!timings) return timings.error();
  auto reports = repos_.reports.ListFiledInMonth(db_, ctx.org.id, month);
  if (!reports) return reports.error();
  return moderation::BuildTransparencyReport(month, *decisions, *timings, *reports);
}

// The month the query names, or this month in the authority's time zone.
std::optional<std::string> StaffApp::MonthOf(const Request& request, const StaffContext& ctx) {
  const std::string asked = Query(request, "month");
  if (!asked.empty()) return moderation::ParseMonth(asked);
  const LocalTime now = ZoneOf(ctx.usage_concept()).ToLocal(clock_.Now());
  return fmt::format("{:04}-{:02}", now.year, now.month);
}

Response StaffApp::TransparencyPage(const Request& request, const StaffContext& ctx) {
  const std::optional<std::string> month = MonthOf(request, ctx);
  if (!month) return ErrorPage(&ctx, ctx.lang, 422, "report.bad_month");
  auto report = ReportOf(ctx, *month);
  if (!report) return Failure(ctx, report.error());
  auto counts = [&](const std::map<std::string, int>& map, auto label) {
    TemplateList rows;
    for (const auto& [key, n] : map) {
      TemplateData row;
      row.set("label", label(key));
      row.set("count", std::to_string(n));
      rows.push_back(row);
    }
    return rows;
  };
  TemplateData data;
  data.set("month", *month);
  data.set("csv", "/app/reports/moderation.csv?month=" + *month);
  const int year = std::stoi(month->substr(0, 4));
  const int m = std::stoi(month->substr(5, 2));
  data.set("previous", fmt::format("/app/reports/moderation?month={:04}-{:02}",
                                   m == 1 ? year - 1 : year, m == 1 ? 12 : m - 1));
  data.set("next", fmt::format("/app/reports/moderation?month={:04}-{:02}",
                               m == 12 ? year + 1 : year, m == 12 ? 1 : m + 1));
  data.set("decisions", std::to_string(report->decisions));
  data.set("automatic", std::to_string(report->automatic));
  data.set("by_person", std::to_string(report->by_person));
  data.set("criticism", std::to_string(report->measures_on_criticism));
  data.set("restored", std::to_string(report->restored));
  const moderation::ReportFigures& filed = report->reports;
  data.set("platform_notices", std::to_string(filed.platform_notices));
  data.set("criminal_reports", std::to_string(filed.criminal_reports));
  data.set("with_complaint", std::to_string(filed.with_complaint));
  data.set("answered", std::to_string(filed.answered));
  if (filed.median_days_to_platform_answer) {
    data.set("platform_answer_days", fmt::format("{:.1f}", *filed.median_days_to_platform_answer));
  }
  data.set("outcomes", counts(filed.outcomes, [&](const std::string& key) {
             return T(ctx, "report_outcome." + key);
           }));
  data.set("actions", counts(report->by_action,
                             [&](const std::string& key) { return T(ctx, "action." + key); }));
  data.set("clauses", counts(report->by_clause, [&](const std::string& key) {
             for (const usage::NetiquetteClause& c : ctx.usage_concept().netiquette) {
               if (c.id == key) return key + " – " + c.title;
             }
             return key;
           }));
  data.set("grounds", counts(report->by_ground, [&](const std::string& key) {
             const auto* ground = moderation::FindLegalGround(key);
             return ground ? std::string(ground->statute) + " " + std::string(ground->title_de)
                           : key;
           }));
  data.set("categories", counts(report->by_category,
                                [&](const std::string& key) { return T(ctx, "category." + key); }));
  auto waiting = [&](const moderation::WaitingTimes& w) {
    TemplateData row;
    auto text = [&](const std::optional<double>& minutes) {
      if (!minutes) return std::string("–");
      return *minutes < 120 ? fmt::format("{:.0f} Min.", *minutes)
                            : fmt::format("{:.1f} Std.", *minutes / 60);
    };
    row.set("comments", std::to_string(w.comments));
    row.set("median", text(w.median_minutes));
    row.set("p95", text(w.p95_minutes));
    row.set("open", std::to_string(w.undecided));
    return row;
  };
  data.set("to_decision", waiting(report->to_decision));
  data.set("to_person", waiting(report->to_person));
  const int target = ctx.usage_concept().moderation.response_target_hours;
  if (target > 0) {
    data.set("promise",
             catalogue_.Format(ctx.lang, "inbox.promise", {{"hours", std::to_string(target)}}));
  }
  return Render(ctx, "staff_transparency", data,
                catalogue_.Format(ctx.lang, "report.title", {{"month", *month}}));
}

Response StaffApp::TransparencyCsv(const Request& request, const StaffContext& ctx) {
  const std::optional<std::string> month = MonthOf(request, ctx);
  if (!month) return ErrorPage(&ctx, ctx.lang, 422, "report.bad_month");
  auto report = ReportOf(ctx, *month);
  if (!report) return Failure(ctx, report.error());
  Response response;
  response.content_type = "text/csv; charset=utf-8";
  response.body = moderation::TransparencyCsv(*report);
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"moderation-" + *month + ".csv\"");
  return response;
}

}  // namespace civicpost::web

// Accessibility feedback from the public form (EU 2016/2102 Art. 7,
// § 10b BGG NRW): the list with its deadlines, the mark that it was
// answered, and the dashboard's line about the open ones.

#include "core/time_format.hpp"
#include "web/form.hpp"
#include "web/staff_app.hpp"
#include "web/staff_format.hpp"
#include "web/staff_request.hpp"

namespace civicpost::web {
namespace {

constexpr size_t kMaxNoteBytes = 2000 * 4;  // 2000 characters of up to 4 bytes
constexpr size_t kMaxNoteChars = 2000;

size_t CharCount(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

Response StaffApp::FeedbackList(const Request& request, const StaffContext& ctx) {
  auto list = repos_.site_feedback.List(db_, ctx.org.id);
  if (!list) return Failure(ctx, list.error());
  auto users = repos_.users.ListByOrganization(db_, ctx.org.id);
  if (!users) return Failure(ctx, users.error());
  const TimeZone zone = ZoneOf(ctx.usage_concept());
  const auto today = zone.ToLocal(clock_.Now()).date();
  TemplateList open;
  TemplateList answered;
  for (const store::SiteFeedback& f : *list) {
    TemplateData item;
    item.set("id", f.id.ToString());
    item.set("number",
             catalogue_.Format(ctx.lang, "site_feedback.number", {{"id", f.id.ToString()}}));
    item.set("received",
             catalogue_.Format(
                 ctx.lang, "site_feedback.received",
                 {{"date", DateTimeText(zone.ToLocal(f.received_at), catalogue_, ctx.lang)}}));
    const std::string due_date = DateText(f.due_on, catalogue_, ctx.lang);
    const bool overdue = !f.answered_at && f.due_on < today;
    item.set("overdue", overdue);
    item.set("due",
             catalogue_.Format(ctx.lang, overdue ? "site_feedback.overdue" : "site_feedback.due",
                               {{"date", due_date}}));
    item.set("due_iso", FormatIsoDate(f.due_on));
    item.set("name", f.sender_name.empty() ? T(ctx, "site_feedback.anonymous") : f.sender_name);
    if (!f.sender_email.empty()) item.set("email", f.sender_email);
    if (!f.page.empty()) item.set("page", f.page);
    item.set("message", f.redacted_at ? T(ctx, "site_feedback.redacted") : f.message);
    if (f.answered_at) {
      std::string who = "?";
      for (const User& user : *users) {
        if (f.answered_by && user.id == *f.answered_by) who = user.display_name;
      }
      item.set("answered",
               catalogue_.Format(
                   ctx.lang, "site_feedback.answered_line",
                   {{"date", DateTimeText(zone.ToLocal(*f.answered_at), catalogue_, ctx.lang)},
                    {"name", who}}));
      if (!f.answer_note.empty()) item.set("note", f.answer_note);
      answered.push_back(item);
    } else {
      open.push_back(item);
    }
  }
  TemplateData data;
  data.set("open", open);
  data.set("has_open", !open.empty());
  data.set("answered", answered);
  data.set("has_answered", !answered.empty());
  data.set("has_any", !open.empty() || !answered.empty());
  data.set("can_answer", ctx.user.Has(Role::kModerator) || ctx.user.Has(Role::kAdmin));
  const std::string done = Query(request, "done");
  if (done == "answered") data.set("done", T(ctx, "site_feedback.done_answered"));
  const std::string error = Query(request, "error");
  if (error == "answered" || error == "note") {
    data.set("error", T(ctx, error == "answered" ? "site_feedback.already_answered"
                                                 : "site_feedback.note_too_long"));
  }
  return Render(ctx, "staff_feedback", data, T(ctx, "site_feedback.title"));
}

Response StaffApp::MarkFeedbackAnswered(const Request& request, const StaffContext& ctx) {
  auto id = PathId<SiteFeedbackId>(request, "id");
  if (!id) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto feedback = repos_.site_feedback.Get(db_, *id);
  if (!feedback) return Failure(ctx, feedback.error());
  // Another authority's feedback looks like none at all.
  if (!*feedback || (*feedback)->organization != ctx.org.id) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  auto form = Form::Parse(request.body);
  if (!form) return ErrorPage(&ctx, ctx.lang, 422, "error.bad_form");
  const std::string note = form->Get("note");
  if (note.size() > kMaxNoteBytes || CharCount(note) > kMaxNoteChars) {
    return Redirect("/app/feedback?error=note#feedback-" + id->ToString());
  }
  Status marked = store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.site_feedback.MarkAnswered(tx, Actor::ForUser(ctx.user.id, ctx.user.email), *id,
                                             ctx.user.id, note);
  });
  if (!marked.ok()) {
    if (marked.error().code == ErrorCode::kConflict)
      return Redirect("/app/feedback?error=answered");
    return Failure(ctx, marked.error());
  }
  return Redirect("/app/feedback?done=answered");
}

void StaffApp::AddFeedback(const StaffContext& ctx, std::chrono::year_month_day today,
                           TemplateData* data) {
  auto open = repos_.site_feedback.Open(db_, ctx.org.id);
  if (!open || open->count == 0 || !open->next_due) return;
  TemplateData feedback;
  feedback.set("text",
               catalogue_.Format(ctx.lang,
                                 open->count == 1 ? "site_feedback.dashboard_open_one"
                                                  : "site_feedback.dashboard_open",
                                 {{"count", std::to_string(open->count)},
                                  {"date", DateText(*open->next_due, catalogue_, ctx.lang)}}));
  feedback.set("overdue", *open->next_due < today);
  data->set("feedback", feedback);
}

void StaffApp::AddBioLink(const StaffContext& ctx, TemplateData* data) {
  const auto& impressum = ctx.usage_concept().impressum;
  if (!impressum || impressum->bio_link.empty()) return;
  auto result = repos_.bio_links.Find(db_, ctx.org.id);
  // Shown for the link the concept names now; a new link waits for its check.
  if (!result || !*result || (*result)->ok || (*result)->url != impressum->bio_link) return;
  const store::BioLinkResult& r = **result;
  const TimeZone zone = ZoneOf(ctx.usage_concept());
  const std::string reason =
      r.http_status && r.error.empty()
          ? catalogue_.Format(ctx.lang, "bio_link.status",
                              {{"status", std::to_string(*r.http_status)}})
          : T(ctx, "bio_link." + (r.error.empty() ? std::string("unreachable") : r.error));
  TemplateData bio;
  bio.set("text", catalogue_.Format(
                      ctx.lang, "bio_link.failing",
                      {{"url", r.url},
                       {"reason", reason},
                       {"since", DateTimeText(zone.ToLocal(r.since), catalogue_, ctx.lang)}}));
  bio.set("checked",
          catalogue_.Format(
              ctx.lang, "bio_link.checked",
              {{"date", DateTimeText(zone.ToLocal(r.checked_at), catalogue_, ctx.lang)}}));
  data->set("bio_link", bio);
}

}  // namespace civicpost::web

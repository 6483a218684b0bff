#pragma once
// The staff web app under /app/: login, dashboard, posts and the four-eyes
// workflow, the moderation inbox, accessibility feedback, calendar, the media library with rights
// and consents, audit log, users and the person's account.
//
// Every route declares the roles that may use it; the app checks the session,
// the role and (for POST) the CSRF token before any handler runs, so a
// handler never sees a request it may not answer. routes() lists them for the
// table-driven test that walks every route with every role.
//
// Thread-safe.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "channels/instagram/business_login.hpp"
#include "concept/concept.hpp"
#include "core/clock.hpp"
#include "core/http_client.hpp"
#include "core/secret_box.hpp"
#include "media/library.hpp"
#include "media/rendition.hpp"
#include "media/rights.hpp"
#include "moderation/desk.hpp"
#include "moderation/transparency_report.hpp"
#include "publish/workflow.hpp"
#include "store/repositories.hpp"
#include "web/concept_cache.hpp"
#include "web/form.hpp"
#include "web/http_server.hpp"
#include "web/i18n.hpp"
#include "web/router.hpp"
#include "web/session_cookie.hpp"
#include "web/templates.hpp"

namespace civicpost::web {

struct ComposerState;  // staff_posts.cpp

// Who is asking, resolved from the session cookie.
struct StaffContext {
  User user;
  store::SessionRecord session;
  Organization org;
  std::string lang;
  std::shared_ptr<const usage::Concept> concept_ptr;

  const usage::Concept& usage_concept() const { return *concept_ptr; }
};

// What the media library accepts and how strict the rights rules are.
struct MediaSettings {
  media::UploadLimits limits;
  media::RightsPolicy rights;
};

// Connecting Instagram channels by signing in (Business Login): the app,
// where the platform sends the person back, and what the connection needs.
struct InstagramLoginSetup {
  channels::instagram::LoginSettings login;
  std::string public_url;  // "https://civicpost.sassenberg.de", no trailing slash
  HttpClient* http = nullptr;
  const SecretBox* secrets = nullptr;

  // Registered with the Instagram app as its redirect address.
  std::string redirect_uri() const { return public_url + "/app/channels/instagram/callback"; }
};

struct StaffRoute {
  std::string method;
  std::string pattern;
  std::set<Role> roles;  // empty: every signed-in person
};

class StaffApp {
 public:
  StaffApp(store::Database& db, store::Repositories& repos, const Templates& templates,
           const Catalogue& catalogue, ConceptCache& concepts, const Clock& clock,
           std::filesystem::path data_dir, SessionPolicy policy = {},
           MediaSettings media_settings = {});

  void Register(Router& router);
  // Administrators may then connect Instagram channels by signing in;
  // without it the channel page explains the command-line way.
  void EnableInstagramLogin(InstagramLoginSetup setup);
  // The upload route, for ServerOptions::spooled_routes: its bodies go to
  // disk, and only after a signed-in editor's headers arrived.
  SpooledRoute UploadRoute();
  // The signed-in routes with their roles (login and logout are open).
  const std::vector<StaffRoute>& routes() const { return routes_; }

 private:
  using StaffHandler = std::function<Response(const Request&, const StaffContext&)>;

  void Add(Router& router, const std::string& method, const std::string& pattern,
           std::set<Role> roles, StaffHandler handler);
  // Session, role and (for POST) CSRF and Origin, then the handler.
  Response Guarded(const Request& request, const std::string& method, const std::set<Role>& roles,
                   const StaffHandler& handler);
  // Resolves the session; nullopt when there is none or it expired.
  std::optional<StaffContext> Resolve(const Request& request);

  // staff_auth.cpp
  Response LoginForm(const Request& request, int status = 200, std::string error_key = "");
  Response Login(const Request& request);
  Response Logout(const Request& request, const StaffContext& ctx);
  Response LogoutEverywhere(const Request& request, const StaffContext& ctx);
  // Ends this session (or all of the person's) and clears the cookie.
  Response EndSessions(const Request& request, const StaffContext& ctx, bool everywhere);
  Response Account(const Request& request, const StaffContext& ctx);
  Response UpdateAccount(const Request& request, const StaffContext& ctx);
  Response ChangePassword(const Request& request, const StaffContext& ctx);

  // staff_posts.cpp
  Response PostList(const Request& request, const StaffContext& ctx);
  Response NewPost(const Request& request, const StaffContext& ctx);
  Response CreatePost(const Request& request, const StaffContext& ctx);
  Response ShowPost(const Request& request, const StaffContext& ctx);
  Response EditPost(const Request& request, const StaffContext& ctx);
  Response UpdatePost(const Request& request, const StaffContext& ctx);
  Response PostAction(const Request& request, const StaffContext& ctx, const std::string& action);
  // The composer for a new post (`id` empty) or an existing one; 422 when
  // `state` holds errors, with `blocked_key`'s heading over them if given.
  Response ComposerPage(const StaffContext& ctx, const ComposerState& state,
                        std::optional<PostId> id, const std::string& blocked_key = "");

  // staff_media.cpp
  // An image of the authority's library, as a small rendition for previews.
  Response MediaPreview(const Request& request, const StaffContext& ctx);
  Response MediaLibrary(const Request& request, const StaffContext& ctx);
  Response MediaLibraryPage(const StaffContext& ctx, const std::vector<std::string>& errors,
                            int status, const std::string& notice = "");
  Response UploadMedia(const Request& request, const StaffContext& ctx);
  bool MayUpload(const Request& request);
  Response ShowMediaRights(const Request& request, const StaffContext& ctx);
  Response MediaRightsPage(const Request& request, const StaffContext& ctx,
                           const std::vector<std::string>& errors, int status);
  Response SaveMediaRights(const Request& request, const StaffContext& ctx);
  Response AddMediaPerson(const Request& request, const StaffContext& ctx);
  Response WithdrawConsent(const Request& request, const StaffContext& ctx);
  Response ConfirmTakedown(const Request& request, const StaffContext& ctx);
  template <typename E, size_t N>
  TemplateList Options(const EnumTable<E, N>& table, E selected, const std::string& prefix,
                       const StaffContext& ctx) const;
  // The media the path's {id} names, if it is this authority's.
  std::optional<Media> MediaOf(const Request& request, const StaffContext& ctx);
  // The media's rights checked against `channels` today.
  Result<media::RightsReport> RightsOf(const Media& media,
                                       const std::vector<std::string>& channels);
  // A rights finding as a sentence ("check.rights_<code>"), naming `file` if given.
  std::string FindingText(const StaffContext& ctx, const media::RightsFinding& finding,
                          const std::string& file) const;

  // staff_calendar.cpp
  Response Dashboard(const Request& request, const StaffContext& ctx);
  Response Calendar(const Request& request, const StaffContext& ctx);
  // The dashboard's comments panel: waiting, a burst, complaint deadlines.
  void AddModeration(const StaffContext& ctx, std::chrono::year_month_day today,
                     TemplateData* data);
  // Whether a criminal report with the complaint (§ 77b StGB) is recorded:
  // its deadline needs no more reminders.
  bool ComplaintFiled(CommentId comment);
  // Reports to the platform or the police still waiting for an answer.
  void AddPendingReports(const StaffContext& ctx, std::chrono::year_month_day today,
                         TemplateData* data);
  // A failing Impressum link in the platform bio (§ 5 DDG), for everyone.
  void AddBioLink(const StaffContext& ctx, TemplateData* data);

  // staff_feedback.cpp: accessibility feedback from the public form.
  Response FeedbackList(const Request& request, const StaffContext& ctx);
  Response MarkFeedbackAnswered(const Request& request, const StaffContext& ctx);
  // The dashboard's line: how many are open, the next deadline.
  void AddFeedback(const StaffContext& ctx, std::chrono::year_month_day today, TemplateData* data);

  // staff_admin.cpp
  Response Documents(const Request& request, const StaffContext& ctx);
  Response DocumentPdf(const Request& request, const StaffContext& ctx);
  Response Audit(const Request& request, const StaffContext& ctx);
  Response Users(const Request& request, const StaffContext& ctx);
  // staff_channels.cpp
  Response Channels(const Request& request, const StaffContext& ctx);
  // The page with an error (status 4xx) or, after a sign-in, the notice
  // that the `connected` channel is connected (`polling`: without webhooks).
  Response ChannelsPage(const StaffContext& ctx, const std::string& error, int status,
                        const std::string& connected = "", bool polling = false);
  // Sends an administrator to the platform's sign-in; the callback takes
  // the code they come back with and connects the channel.
  Response ConnectChannel(const Request& request, const StaffContext& ctx);
  Response InstagramCallback(const Request& request, const StaffContext& ctx);
  Response AddUser(const Request& request, const StaffContext& ctx);
  Response UpdateUser(const Request& request, const StaffContext& ctx);

  // staff_inbox.cpp
  Response Inbox(const Request& request, const StaffContext& ctx);
  Response ShowComment(const Request& request, const StaffContext& ctx);
  // The comment page, with `error_key`'s refusal above the forms if given.
  Response CommentPage(const Request& request, const StaffContext& ctx,
                       const std::string& error_key, int status);
  Response DecideComment(const Request& request, const StaffContext& ctx);
  Response AnswerProposal(const Request& request, const StaffContext& ctx);
  Response ReviewComment(const Request& request, const StaffContext& ctx);
  // A legal hold on the comment's records, and its release.
  Response HoldComment(const Request& request, const StaffContext& ctx);
  Response ReleaseHold(const Request& request, const StaffContext& ctx);
  // Sends the standard notice to the comment's author (a private reply).
  Response NotifyAuthor(const Request& request, const StaffContext& ctx);
  Response BulkDecide(const Request& request, const StaffContext& ctx);
  // staff_comment_records.cpp: reports to the platform and the police and
  // their answers; comments switched off or on under the comment's post.
  Response FileCommentReport(const Request& request, const StaffContext& ctx);
  Response RecordReportOutcome(const Request& request, const StaffContext& ctx);
  Response SwitchComments(const Request& request, const StaffContext& ctx);
  using UserName = std::function<std::string(const std::optional<UserId>&)>;
  Status AddReports(TemplateData* data, const StaffContext& ctx, const Comment& comment,
                    const UserName& who);
  Status AddCommentSwitch(TemplateData* data, const StaffContext& ctx, const Comment& comment,
                          const UserName& who, const std::function<std::string(Timestamp)>& when);
  // The delivery of the post the comment is under, on the comment's channel.
  Result<std::optional<Delivery>> DeliveryOfComment(const Comment& comment);
  Response EvidenceFile(const Request& request, const StaffContext& ctx);
  // What the Desk said to a form about a comment, and the ?done= key if yes.
  using DeskAnswer = std::pair<Status, std::string>;
  // Reads the comment id and the form and lets `act` ask the Desk; then back
  // to the comment, or its page with the refusal.
  Response OnComment(const Request& request, const StaffContext& ctx,
                     const std::function<DeskAnswer(CommentId, const Form&)>& act);
  // The monthly transparency report, as a page and as CSV.
  Response TransparencyPage(const Request& request, const StaffContext& ctx);
  Response TransparencyCsv(const Request& request, const StaffContext& ctx);
  Result<moderation::TransparencyReport> ReportOf(const StaffContext& ctx,
                                                  const std::string& month);
  std::optional<std::string> MonthOf(const Request& request, const StaffContext& ctx);
  // The concept's netiquette clauses as <option>s.
  TemplateList ClauseOptions(const StaffContext& ctx, const std::string& selected) const;

  // Renders `name` inside the staff layout with the catalogue as "t".
  Response Render(const StaffContext& ctx, std::string_view name, TemplateData data,
                  const std::string& title, int status = 200) const;
  // An error page in the person's language; `ctx` may be null (not signed in).
  Response ErrorPage(const StaffContext* ctx, const std::string& lang, int status,
                     const std::string& message_key) const;
  // The error page for a failed store or workflow call.
  Response Failure(const StaffContext& ctx, const Error& error) const;
  std::string T(const StaffContext& ctx, std::string_view key) const {
    return catalogue_.Text(ctx.lang, key);
  }

  store::Database& db_;
  store::Repositories& repos_;
  const Templates& templates_;
  const Catalogue& catalogue_;
  ConceptCache& concepts_;
  const Clock& clock_;
  const std::filesystem::path data_dir_;
  const SessionPolicy policy_;
  const MediaSettings media_settings_;
  publish::Workflow workflow_;
  moderation::Desk desk_;
  media::MediaLibrary library_;
  media::RenditionCache renditions_;
  std::vector<StaffRoute> routes_;
  std::optional<InstagramLoginSetup> instagram_login_;
  // Sign-ins under way, by their state parameter: who started which.
  struct PendingLogin {
    UserId user;
    ChannelId channel;
    Timestamp started;
  };
  std::mutex logins_mu_;
  std::map<std::string, PendingLogin> pending_logins_;  // guarded by logins_mu_
};

// 303 See Other to `location` (after a successful POST).
Response Redirect(const std::string& location);
// Headers of every staff page: no caching, same-origin referrers.
void AddStaffHeaders(Response* response);

}  // namespace civicpost::web

// The editorial workflow as the staff members click through it: compose,
// submit, four eyes, approve, schedule, edit after approval, history.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "web/staff_fixture.hpp"

namespace civicpost::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class StaffWorkflowTest : public StaffAppTest {
 protected:
  // The id of the first media in the library and its form fields.
  std::string FirstMediaId() {
    auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
    auto media = repos_.media.ListByOrganization(*db_, (*org)->id);
    EXPECT_TRUE(media && !media->empty());
    return media->front().id.ToString();
  }

  std::vector<std::pair<std::string, std::string>> Composer(const std::string& alt_text) {
    const std::string media = FirstMediaId();
    return {{"kind", "feed_image"},
            {"topic", "tourismus"},
            {"caption", "Herbstspaziergang an der Hessel.\n#SassenbergErleben #Münsterland"},
            {"media", media},
            {"alt_" + media, alt_text},
            {"order_" + media, "1"},
            {"channel", "instagram"},
            {"channel", "website"},
            {"scheduled_at", ""},
            {"event_title", ""},
            {"event_start", ""},
            {"event_end", ""},
            {"event_place", ""}};
  }

  PostId IdFrom(const Response& created) {
    const std::string location = Location(created);
    EXPECT_TRUE(location.starts_with("/app/posts/")) << location;
    return PostId(std::stoll(location.substr(11)));
  }
};

TEST_F(StaffWorkflowTest, DraftReviewApproveScheduleWithTwoPeople) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Browser approver = SignIn("freigabe@sassenberg.example");

  Get(editor, "/app/posts/new");
  Response created = PostForm(editor, "/app/posts", Composer("Weg am Fluss im Herbstlaub"));
  ASSERT_EQ(created.status, 303) << created.body.substr(0, 2000);
  const PostId id = IdFrom(created);
  const std::string url = "/app/posts/" + id.ToString();
  Response page = Get(editor, url + "?done=saved");
  EXPECT_THAT(page.body, HasSubstr("Der Entwurf wurde gespeichert."));
  EXPECT_THAT(page.body, HasSubstr(">Entwurf</span>"));

  ASSERT_EQ(PostForm(editor, url + "/submit").status, 303);
  EXPECT_EQ(LoadPost(id)->state, PostState::kInReview);

  // The approver finds it on the dashboard.
  Response dashboard = Get(approver, "/app/");
  EXPECT_THAT(dashboard.body, HasSubstr("Wartet auf Ihre Freigabe"));
  EXPECT_THAT(dashboard.body, HasSubstr("href=\"" + url + "\""));

  Get(approver, url);
  ASSERT_EQ(PostForm(approver, url + "/approve").status, 303);
  EXPECT_EQ(LoadPost(id)->state, PostState::kApproved);
  EXPECT_TRUE(LoadPost(id)->approved_by.has_value());

  // Scheduling needs a time in the future, in the authority's time zone.
  Get(editor, url);
  Response past = PostForm(editor, url + "/schedule", {{"scheduled_at", "2026-11-24T10:00"}});
  EXPECT_EQ(past.status, 422);
  EXPECT_THAT(past.body, HasSubstr("in der Vergangenheit"));
  ASSERT_EQ(PostForm(editor, url + "/schedule", {{"scheduled_at", "2026-12-01T10:00"}}).status,
            303);
  const Post scheduled = *LoadPost(id);
  EXPECT_EQ(scheduled.state, PostState::kScheduled);
  // 10:00 in Berlin in winter is 09:00 UTC.
  EXPECT_EQ(FormatIsoUtc(*scheduled.scheduled_at), "2026-12-01T09:00:00Z");

  Response calendar = Get(editor, "/app/calendar?view=week&date=2026-12-01");
  EXPECT_THAT(calendar.body, HasSubstr("Herbstspaziergang an der Hessel."));
  EXPECT_THAT(calendar.body, HasSubstr("1 von 2 Beiträgen"));
}

TEST_F(StaffWorkflowTest, NobodyApprovesTheirOwnPost) {
  Browser editor = SignIn("redaktion@sassenberg.example");  // editor and approver
  Get(editor, "/app/posts/new");
  const PostId id = IdFrom(PostForm(editor, "/app/posts", Composer("Weg am Fluss")));
  const std::string url = "/app/posts/" + id.ToString();
  ASSERT_EQ(PostForm(editor, url + "/submit").status, 303);
  Response page = Get(editor, url);
  EXPECT_THAT(page.body, Not(HasSubstr(">Freigeben</button>")));
  EXPECT_THAT(page.body, HasSubstr("Vier-Augen-Prinzip"));
  Response refused = PostForm(editor, url + "/approve");
  EXPECT_EQ(refused.status, 409);
  EXPECT_THAT(refused.body, HasSubstr("Vier-Augen-Prinzip"));
  EXPECT_EQ(LoadPost(id)->state, PostState::kInReview);

  // Whoever edits a post becomes one of its authors, too.
  Browser colleague = SignIn("freigabe@sassenberg.example");
  EXPECT_EQ(PostForm(colleague, url + "/return", {{"note", "Bitte Ort ergänzen"}}).status, 303);
  EXPECT_EQ(LoadPost(id)->review_note, "Bitte Ort ergänzen");
  EXPECT_EQ(LoadPost(id)->state, PostState::kDraft);
}

TEST_F(StaffWorkflowTest, MissingAltTextBlocksSubmissionAtTheField) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Get(editor, "/app/posts/new");
  const PostId id = IdFrom(PostForm(editor, "/app/posts", Composer("")));
  const std::string url = "/app/posts/" + id.ToString();
  Get(editor, url);
  Response blocked = PostForm(editor, url + "/submit");
  EXPECT_EQ(blocked.status, 422);
  const std::string field = "alt_" + FirstMediaId();
  EXPECT_THAT(blocked.body, HasSubstr("id=\"" + field + "\" name=\"" + field +
                                      "\" rows=\"3\" aria-invalid=\"true\" aria-describedby=\"" +
                                      field + "-error\""));
  EXPECT_THAT(blocked.body, HasSubstr("<p class=\"field-error\" id=\"" + field +
                                      "-error\">Bild 1: Der Alternativtext fehlt."));
  EXPECT_EQ(LoadPost(id)->state, PostState::kDraft);
}

TEST_F(StaffWorkflowTest, AKindTheConceptDoesNotProvideIsNamedInWords) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Get(editor, "/app/posts/new");
  auto fields = Composer("Weg am Fluss");
  fields[0].second = "carousel";
  const PostId id = IdFrom(PostForm(editor, "/app/posts", fields));
  Get(editor, "/app/posts/" + id.ToString());
  Response blocked = PostForm(editor, "/app/posts/" + id.ToString() + "/submit");
  EXPECT_EQ(blocked.status, 422);
  EXPECT_THAT(blocked.body, HasSubstr("Die Art „Karussell“ ist laut Nutzungskonzept"));
  EXPECT_THAT(blocked.body, HasSubstr("Ein Karussell hat 2 bis 10 Bilder, gewählt sind 1."));
}

TEST_F(StaffWorkflowTest, CamelCaseAndTopicChecksNameTheProblem) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Get(editor, "/app/posts/new");
  auto fields = Composer("Weg am Fluss");
  fields[2].second = "Herbst in der Stadt #sassenbergerleben";
  const PostId id = IdFrom(PostForm(editor, "/app/posts", fields));
  Get(editor, "/app/posts/" + id.ToString());
  Response blocked = PostForm(editor, "/app/posts/" + id.ToString() + "/submit");
  EXPECT_EQ(blocked.status, 422);
  EXPECT_THAT(blocked.body, HasSubstr("#Sassenbergerleben"));
}

TEST_F(StaffWorkflowTest, EditingAnApprovedPostSendsItBackToReviewAndKeepsTheHistory) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Browser approver = SignIn("freigabe@sassenberg.example");
  Get(editor, "/app/posts/new");
  const PostId id = IdFrom(PostForm(editor, "/app/posts", Composer("Weg am Fluss")));
  const std::string url = "/app/posts/" + id.ToString();
  ASSERT_EQ(PostForm(editor, url + "/submit").status, 303);
  Get(approver, url);
  ASSERT_EQ(PostForm(approver, url + "/approve").status, 303);

  Get(editor, url + "/edit");
  auto fields = Composer("Weg am Fluss");
  fields[2].second = "Winterspaziergang an der Hessel.\n#SassenbergErleben #Münsterland";
  ASSERT_EQ(PostForm(editor, url, fields).status, 303);
  const Post edited = *LoadPost(id);
  EXPECT_EQ(edited.state, PostState::kInReview);
  EXPECT_FALSE(edited.approved_by.has_value());

  Response page = Get(editor, url);
  EXPECT_THAT(page.body, HasSubstr("<strong>Version 2</strong>"));
  EXPECT_THAT(page.body, HasSubstr("<del>Herbstspaziergang"));
  EXPECT_THAT(page.body, HasSubstr("<ins>Winterspaziergang"));
}

TEST_F(StaffWorkflowTest, TheAuditPageShowsWhoDidWhatAndFilters) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Get(editor, "/app/posts/new");
  PostForm(editor, "/app/posts", Composer("Weg am Fluss"));
  Browser dpo = SignIn("datenschutz@sassenberg.example");
  Response all = Get(dpo, "/app/audit");
  EXPECT_EQ(all.status, 200);
  EXPECT_THAT(all.body, HasSubstr("<code>post.create</code>"));
  EXPECT_THAT(all.body, HasSubstr("<code>session.login</code>"));
  Response logins = Get(dpo, "/app/audit?action=session.");
  EXPECT_THAT(logins.body, HasSubstr("<code>session.login</code>"));
  EXPECT_THAT(logins.body, Not(HasSubstr("<code>post.create</code>")));
}

TEST_F(StaffWorkflowTest, TheDpoReadsTheConceptsDocumentsAsPdf) {
  Browser dpo = SignIn("datenschutz@sassenberg.example");
  Response list = Get(dpo, "/app/documents");
  EXPECT_THAT(list.body, HasSubstr("href=\"/app/documents/dsfa\""));
  Response pdf = Get(dpo, "/app/documents/dsfa");
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  EXPECT_EQ(Get(dpo, "/app/documents/unbekannt").status, 404);
}

TEST_F(StaffWorkflowTest, EnglishIsOneSettingAway) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Get(editor, "/app/account");
  ASSERT_EQ(PostForm(editor, "/app/account", {{"language", "en"}}).status, 303);
  Response dashboard = Get(editor, "/app/");
  EXPECT_THAT(dashboard.body, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(dashboard.body, HasSubstr("<h1>Overview</h1>"));
  EXPECT_THAT(dashboard.body, Not(HasSubstr("Übersicht")));
}

TEST_F(StaffWorkflowTest, AdminsAddPeopleWithAOneTimePasswordTheyCanUse) {
  Browser admin = SignIn("admin@sassenberg.example");
  Get(admin, "/app/users");
  Response created = PostForm(
      admin, "/app/users",
      {{"email", "Neu@Sassenberg.example"}, {"display_name", "Nina Neu"}, {"role", "moderator"}});
  ASSERT_EQ(created.status, 200);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(created.body, match, std::regex("<code>([^<]+)</code>")));
  passwords_["neu@sassenberg.example"] = match[1];
  Browser newcomer = SignIn("neu@sassenberg.example");
  EXPECT_EQ(Get(newcomer, "/app/calendar").status, 200);
  EXPECT_EQ(Get(newcomer, "/app/posts/new").status, 403);
  // An admin cannot lock themselves out.
  auto me = repos_.users.FindByEmail(*db_, "admin@sassenberg.example");
  Get(admin, "/app/users");
  Response self = PostForm(admin, "/app/users/" + (*me)->id.ToString(), {{"role", "editor"}});
  EXPECT_THAT(Location(self), HasSubstr("error=self"));
  EXPECT_TRUE(repos_.users.Get(*db_, (*me)->id)->Has(Role::kAdmin));
}

TEST_F(StaffWorkflowTest, TheDashboardShowsFailedDeliveriesWithTheReason) {
  auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
  auto channels = repos_.channels.ListByOrganization(*db_, (*org)->id);
  const PostId post = DemoDraft();
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
    Delivery delivery;
    delivery.post_id = post;
    delivery.channel_id = channels->front().id;
    delivery.state = DeliveryState::kFailed;
    delivery.last_error = "Das Bild ist zu groß für Instagram.";
    return repos_.posts.CreateDelivery(tx, Actor::System(), delivery);
  }));
  Browser editor = SignIn("redaktion@sassenberg.example");
  Response dashboard = Get(editor, "/app/");
  EXPECT_THAT(dashboard.body, HasSubstr("Das Bild ist zu groß für Instagram."));
  EXPECT_THAT(dashboard.body, HasSubstr("href=\"/app/posts/" + post.ToString() + "\""));
}

TEST_F(StaffWorkflowTest, APlatformRefusalAndALostTokenAreSaidInWordsStaffCanActOn) {
  auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
  auto channels = repos_.channels.ListByOrganization(*db_, (*org)->id);
  auto instagram = std::find_if(channels->begin(), channels->end(), [](const Channel& c) {
    return c.platform == ChannelPlatform::kInstagram;
  });
  ASSERT_NE(instagram, channels->end());
  const PostId post = DemoDraft();
  ASSERT_TRUE(
      store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
        Delivery delivery;
        delivery.post_id = post;
        delivery.channel_id = instagram->id;
        delivery.state = DeliveryState::kFailed;
        delivery.error_key = "graph.aspect_ratio";
        delivery.last_error = "The submitted image with aspect ratio 3.0 cannot be published.";
        if (auto created = repos_.posts.CreateDelivery(tx, Actor::System(), delivery); !created) {
          return created.error();
        }
        return repos_.channels.UpdateStatus(tx, Actor::System(), instagram->id,
                                            ChannelStatus::kNeedsReconnect, "graph.token_invalid");
      }).ok());
  Browser editor = SignIn("redaktion@sassenberg.example");
  Response dashboard = Get(editor, "/app/");
  EXPECT_THAT(dashboard.body, HasSubstr("Kanäle brauchen Sie"));
  EXPECT_THAT(dashboard.body, HasSubstr("Bitte den Kanal neu verbinden"));
  EXPECT_THAT(dashboard.body, HasSubstr("Bitte den Bildausschnitt ändern."));
  // The channel page says what to do and has the notice ready to send.
  Response channels_page = Get(editor, "/app/channels");
  EXPECT_EQ(channels_page.status, 200);
  EXPECT_THAT(channels_page.body, HasSubstr("muss neu verbunden werden"));
  EXPECT_THAT(channels_page.body, HasSubstr("civicpost channel connect instagram"));
  EXPECT_THAT(channels_page.body,
              HasSubstr("href=\"mailto:admin@sassenberg.example?subject=civicpost"));
  EXPECT_THAT(channels_page.body, HasSubstr("Eingeplante Beiträge warten"));
  Response page = Get(editor, "/app/posts/" + post.ToString());
  EXPECT_THAT(page.body, HasSubstr("Bitte den Bildausschnitt ändern."));
  EXPECT_THAT(page.body, HasSubstr("Meldung der Plattform"));
  EXPECT_THAT(page.body, HasSubstr("aspect ratio 3.0"));
}

TEST_F(StaffWorkflowTest, TheCalendarShowsOneChannelOnRequest) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Get(editor, "/app/posts/new");
  auto fields = Composer("Weg am Fluss");
  fields.erase(std::find(fields.begin(), fields.end(),
                         std::pair<std::string, std::string>{"channel", "instagram"}));
  const PostId id = IdFrom(PostForm(editor, "/app/posts", fields));
  const std::string url = "/app/posts/" + id.ToString();
  ASSERT_EQ(PostForm(editor, url + "/submit").status, 303);
  Browser approver = SignIn("freigabe@sassenberg.example");
  Get(approver, url);
  ASSERT_EQ(PostForm(approver, url + "/approve").status, 303);
  Get(editor, url);
  ASSERT_EQ(PostForm(editor, url + "/schedule", {{"scheduled_at", "01.12.2026 10:00"}}).status,
            303);
  const std::string week = "/app/calendar?view=week&date=2026-12-01";
  EXPECT_THAT(Get(editor, week + "&channel=website").body, HasSubstr("Herbstspaziergang"));
  Response instagram = Get(editor, week + "&channel=instagram");
  EXPECT_THAT(instagram.body, Not(HasSubstr("Herbstspaziergang")));
  EXPECT_THAT(instagram.body, HasSubstr("Instagram: Stadt Sassenberg: 0 von 2"));
  EXPECT_THAT(instagram.body, Not(HasSubstr("Website: Stadt Sassenberg: ")));
}

class InboxTest : public StaffWorkflowTest {
 protected:
  // `count` comments on the demo's Instagram channel, received now.
  std::vector<CommentId> Comments(int count, const std::string& text) {
    auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
    auto channels = repos_.channels.ListByOrganization(*db_, (*org)->id);
    std::vector<CommentId> ids;
    for (int i = 0; i < count; ++i) {
      Comment c;
      c.channel_id = channels->front().id;
      c.remote_id = "c" + std::to_string(ids.size() + 1) + text.substr(0, 3);
      c.author_handle = "buerger_" + std::to_string(i);
      c.text = text;
      c.state = CommentState::kNeedsReview;
      c.received_at = clock_.Now();
      auto id = store::InTransaction(
          *db_, [&](store::Transaction& tx) { return repos_.comments.Record(tx, c); });
      EXPECT_TRUE(id);
      if (id) ids.push_back(*id);
    }
    return ids;
  }
  // A post published on the demo's Instagram channel, its delivery, and
  // `count` comments under it.
  std::pair<DeliveryId, std::vector<CommentId>> CommentsUnderAPost(int count,
                                                                   const std::string& text) {
    const std::vector<CommentId> ids = Comments(count, text);
    auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
    auto channels = repos_.channels.ListByOrganization(*db_, (*org)->id);
    auto delivery = store::InTransaction(*db_, [&](store::Transaction& tx) -> Result<DeliveryId> {
      Post post;
      post.organization_id = (*org)->id;
      post.kind = PostKind::kFeedImage;
      post.state = PostState::kPublished;
      post.topic = "kultur";
      post.caption = "Adventskonzert in der Kirche";
      post.published_at = clock_.Now();
      auto post_id = repos_.posts.Create(tx, Actor::Cli(), post);
      if (!post_id) return post_id.error();
      Delivery d;
      d.post_id = *post_id;
      d.channel_id = channels->front().id;
      d.state = DeliveryState::kPublished;
      d.remote_id = "17900000001";
      auto delivery_id = repos_.posts.CreateDelivery(tx, Actor::Cli(), d);
      if (!delivery_id) return delivery_id.error();
      for (CommentId id : ids) {
        auto done = tx.Execute("UPDATE comments SET post_id = $1 WHERE id = $2",
                               {post_id->value(), id.value()});
        if (!done) return done.error();
      }
      return *delivery_id;
    });
    EXPECT_TRUE(delivery) << delivery.error().message;
    return {*delivery, ids};
  }
};

TEST_F(InboxTest, APersonDecidesWithAClauseAndTheDashboardKeepsTheComplaintDeadline) {
  const std::vector<CommentId> ids = Comments(1, "<b>Du Vollidiot</b>, Herr Meier");
  Browser moderator = SignIn("redaktion@sassenberg.example");
  const std::string url = "/app/inbox/" + ids[0].ToString();
  Response inbox = Get(moderator, "/app/inbox");
  EXPECT_EQ(inbox.status, 200);
  // The citizen's words are text, never markup.
  EXPECT_THAT(inbox.body, HasSubstr("&lt;b&gt;Du Vollidiot&lt;/b&gt;"));
  EXPECT_THAT(inbox.body, Not(HasSubstr("<b>Du Vollidiot")));

  // A measure without a reason is refused at the form, and nothing is stored.
  Response refused =
      PostForm(moderator, url + "/decide", {{"action", "hide"}, {"clause", "N1"}, {"reason", ""}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_THAT(refused.body, HasSubstr("Bitte begründen Sie die Entscheidung."));
  EXPECT_TRUE(repos_.comments.ListDecisions(*db_, ids[0])->empty());

  Response decided = PostForm(moderator, url + "/decide",
                              {{"action", "hide"},
                               {"clause", "N1"},
                               {"ground", "stgb_185"},
                               {"reason", "Beleidigung eines Mitarbeiters"}});
  EXPECT_EQ(decided.status, 303);
  EXPECT_EQ(repos_.comments.Get(*db_, ids[0])->state, CommentState::kHidden);
  EXPECT_EQ(repos_.comments.ListEvidence(*db_, ids[0])->size(), 1u);
  // Listed with the latest decision's category once it is decided.
  EXPECT_THAT(Get(moderator, "/app/inbox?view=all").body, HasSubstr("Beleidigung (0.00)"));
  Response page = Get(moderator, url);
  EXPECT_THAT(page.body,
              HasSubstr("Ein Strafantrag wegen § 185 StGB ist bis zum 25. Februar 2027"));
  EXPECT_THAT(page.body, HasSubstr("Regel N1"));  // the notice to the author names the rule

  // The month's transparency report counts it, without the citizen's words.
  Response report = Get(moderator, "/app/reports/moderation?month=2026-11");
  EXPECT_EQ(report.status, 200);
  EXPECT_THAT(report.body, HasSubstr("N1 – Kritik ja – Beleidigungen nein: 1"));
  EXPECT_THAT(report.body, HasSubstr("§ 185 StGB Beleidigung: 1"));
  Response csv = Get(moderator, "/app/reports/moderation.csv?month=2026-11");
  EXPECT_THAT(csv.body, HasSubstr("regel,N1,1\n"));
  EXPECT_THAT(csv.body, Not(HasSubstr("Vollidiot")));
  EXPECT_EQ(Get(moderator, "/app/reports/moderation?month=2026-13").status, 422);

  // Far from the deadline the dashboard is quiet; 30 days before it reminds.
  EXPECT_THAT(Get(moderator, "/app/").body, Not(HasSubstr("Strafantragsfristen")));
  clock_.Advance(std::chrono::days(62));
  moderator = SignIn("redaktion@sassenberg.example");
  Response dashboard = Get(moderator, "/app/");
  EXPECT_THAT(dashboard.body, HasSubstr("Strafantragsfristen"));
  EXPECT_THAT(dashboard.body,
              HasSubstr("Kommentar " + ids[0].ToString() + ": Strafantrag wegen § 185 StGB bis"));

  // A complaint is filed: the records are kept beyond retention until released.
  Response held = PostForm(moderator, url + "/holds",
                           {{"reason", "Strafanzeige bei der Polizei Warendorf, Az. 4711/26"}});
  EXPECT_EQ(held.status, 303);
  auto holds = repos_.retention.ActiveHolds(*db_, ids[0]);
  ASSERT_TRUE(holds);
  ASSERT_EQ(holds->size(), 1u);
  EXPECT_THAT(Get(moderator, url).body, HasSubstr("Az. 4711/26"));
  EXPECT_EQ(PostForm(moderator, url + "/holds", {{"reason", " "}}).status, 422);
  EXPECT_EQ(PostForm(moderator, url + "/holds/" + holds->front().id.ToString() + "/release").status,
            303);
  EXPECT_TRUE(repos_.retention.ActiveHolds(*db_, ids[0])->empty());

  // The DPO reads the inbox but may not decide.
  Browser dpo = SignIn("datenschutz@sassenberg.example");
  EXPECT_EQ(Get(dpo, url).status, 200);
  EXPECT_EQ(PostForm(dpo, url + "/review", {{"outcome", "restore"}, {"reason", "x"}}).status, 403);
}

TEST_F(InboxTest, ABurstOfCommentsAlertsTheDashboardAndBulkRefusalsAreNamed) {
  const std::vector<CommentId> ids = Comments(30, "Wann ist der Weihnachtsmarkt?");
  Browser moderator = SignIn("redaktion@sassenberg.example");
  EXPECT_THAT(Get(moderator, "/app/").body,
              HasSubstr("Ungewöhnlich viele Kommentare: 30 in der letzten Stunde"));
  // Hiding in bulk without a rule is refused for each comment, by number.
  Response bulk = PostForm(moderator, "/app/inbox/bulk",
                           {{"ids", ids[0].ToString()},
                            {"ids", ids[1].ToString()},
                            {"action", "hide"},
                            {"reason", "Spam"}});
  EXPECT_EQ(bulk.status, 422);
  EXPECT_THAT(bulk.body, HasSubstr("#" + ids[1].ToString() + ": Ausblenden und Löschen brauchen"));
  // Keeping them is fine.
  Response kept =
      PostForm(moderator, "/app/inbox/bulk",
               {{"ids", ids[0].ToString()}, {"ids", ids[1].ToString()}, {"action", "none"}});
  EXPECT_EQ(kept.status, 303);
  EXPECT_EQ(repos_.comments.Get(*db_, ids[1])->state, CommentState::kVisible);
  // An hour later the alert is gone.
  clock_.Advance(std::chrono::minutes(61));
  moderator = SignIn("redaktion@sassenberg.example");
  EXPECT_THAT(Get(moderator, "/app/").body, Not(HasSubstr("Ungewöhnlich viele Kommentare")));
}

// R21, R22: reports to the platform and the police and their answers are
// recorded from the comment's page; the complaint ends the reminders.
TEST_F(InboxTest, AReportAndItsAnswerAreRecordedAndTheComplaintEndsTheReminders) {
  const std::vector<CommentId> ids = Comments(1, "Du Vollidiot, Herr Meier");
  Browser moderator = SignIn("redaktion@sassenberg.example");
  const std::string url = "/app/inbox/" + ids[0].ToString();
  ASSERT_EQ(PostForm(moderator, url + "/decide",
                     {{"action", "hide"},
                      {"clause", "N1"},
                      {"ground", "stgb_185"},
                      {"reason", "Beleidigung eines Mitarbeiters"}})
                .status,
            303);
  clock_.Advance(std::chrono::days(62));
  moderator = SignIn("redaktion@sassenberg.example");
  const std::string line = "Kommentar " + ids[0].ToString() + ": Strafantrag wegen § 185 StGB bis";
  EXPECT_THAT(Get(moderator, "/app/").body, HasSubstr(line));
  const std::string today = "2027-01-26";  // the fixture's clock, 62 days on

  Response future = PostForm(moderator, url + "/reports",
                             {{"recipient", "police_online"}, {"filed_on", "2030-01-01"}});
  EXPECT_EQ(future.status, 422);
  EXPECT_THAT(future.body, HasSubstr("Das Datum fehlt oder passt nicht"));
  EXPECT_TRUE(repos_.reports.ListByComment(*db_, ids[0])->empty());
  Browser dpo = SignIn("datenschutz@sassenberg.example");
  EXPECT_EQ(PostForm(dpo, url + "/reports", {{"recipient", "meta"}, {"filed_on", today}}).status,
            403);

  Response filed =
      PostForm(moderator, url + "/reports",
               {{"recipient", "police_online"}, {"filed_on", today}, {"complaint", "1"}});
  ASSERT_EQ(filed.status, 303);
  auto reports = repos_.reports.ListByComment(*db_, ids[0]);
  ASSERT_EQ(reports->size(), 1u);
  Response page = Get(moderator, url);
  EXPECT_THAT(page.body, HasSubstr("Strafanzeige: Onlinewache der Polizei"));
  EXPECT_THAT(page.body, HasSubstr("Der Strafantrag ist gestellt"));
  EXPECT_THAT(page.body, HasSubstr("Strafanzeige mit Strafantrag an Onlinewache der Polizei"));
  Response dashboard = Get(moderator, "/app/");
  EXPECT_THAT(dashboard.body, Not(HasSubstr(line)));
  EXPECT_THAT(dashboard.body, HasSubstr("Meldungen und Anzeigen ohne Antwort"));
  EXPECT_THAT(dashboard.body, HasSubstr("Kommentar " + ids[0].ToString() +
                                        ": Strafanzeige an Onlinewache der Polizei"));

  const std::string outcome = url + "/reports/" + reports->front().id.ToString() + "/outcome";
  EXPECT_EQ(PostForm(moderator, outcome, {{"outcome", "removed"}, {"outcome_on", today}}).status,
            422);  // the platform's answer, not the police's
  clock_.Advance(std::chrono::days(9));
  moderator = SignIn("redaktion@sassenberg.example");
  ASSERT_EQ(
      PostForm(
          moderator, outcome,
          {{"outcome", "investigating"}, {"outcome_on", "2027-02-04"}, {"reference", "AZ 4711/27"}})
          .status,
      303);
  page = Get(moderator, url);
  EXPECT_THAT(page.body, HasSubstr("Ermittlungsverfahren eingeleitet"));
  EXPECT_THAT(page.body, HasSubstr("nach 9 Tagen"));
  EXPECT_THAT(page.body, HasSubstr("AZ 4711/27"));
  EXPECT_THAT(Get(moderator, "/app/").body, Not(HasSubstr("Meldungen und Anzeigen ohne Antwort")));
  // The month's transparency report counts it.
  Response report = Get(moderator, "/app/reports/moderation?month=2027-01");
  EXPECT_THAT(report.body, HasSubstr("Strafanzeigen</dt><dd>1 (davon mit Strafantrag: 1)"));
  EXPECT_THAT(report.body, HasSubstr("Ermittlungsverfahren eingeleitet: 1"));
}

// R25: a storm under one post is shown on the dashboard with the way to
// switch its comments off; switching needs a reason and goes by a job.
TEST_F(InboxTest, AStormLeadsToItsPostWhoseCommentsAreSwitchedOffWithAReason) {
  const auto [delivery, ids] = CommentsUnderAPost(30, "Skandal!");
  Browser moderator = SignIn("redaktion@sassenberg.example");
  Response dashboard = Get(moderator, "/app/");
  EXPECT_THAT(dashboard.body, HasSubstr("Die meisten davon stehen unter einem Beitrag (30)"));
  const std::string url = "/app/inbox/" + ids.back().ToString();
  EXPECT_THAT(dashboard.body, HasSubstr(url + "#comments-switch"));
  Response page = Get(moderator, url);
  EXPECT_THAT(page.body, HasSubstr("Die Kommentare sind eingeschaltet."));
  EXPECT_THAT(page.body, HasSubstr("Kommentare abschalten"));

  Response blank =
      PostForm(moderator, url + "/comments-switch", {{"enabled", "0"}, {"reason", " "}});
  EXPECT_EQ(blank.status, 422);
  EXPECT_THAT(blank.body, HasSubstr("Bitte begründen Sie, warum die Kommentare"));
  Response off =
      PostForm(moderator, url + "/comments-switch",
               {{"enabled", "0"}, {"reason", "Shitstorm am Wochenende, niemand im Dienst"}});
  EXPECT_EQ(off.status, 303);
  auto switches = repos_.switches.ListByDelivery(*db_, delivery);
  ASSERT_EQ(switches->size(), 1u);
  EXPECT_FALSE(switches->front().enabled);
  auto queued = db_->Query("SELECT COUNT(*) FROM jobs WHERE kind = 'delivery.comments'");
  ASSERT_TRUE(queued);
  EXPECT_EQ((*queued)[0].Int(0), 1);
  page = Get(moderator, url);
  EXPECT_THAT(page.body, HasSubstr("Die Kommentare sind abgeschaltet. (wird an die Plattform"));
  EXPECT_THAT(page.body, HasSubstr("Shitstorm am Wochenende"));
  EXPECT_THAT(page.body, HasSubstr("Kommentare wieder einschalten"));
  // A comment not under a post of ours has nothing to switch.
  const std::vector<CommentId> loose = Comments(1, "Hallo");
  Response elsewhere = PostForm(moderator, "/app/inbox/" + loose[0].ToString() + "/comments-switch",
                                {{"enabled", "0"}, {"reason", "Test"}});
  EXPECT_EQ(elsewhere.status, 409);
}

}  // namespace
}  // namespace civicpost::web

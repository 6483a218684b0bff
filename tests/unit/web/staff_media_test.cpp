// The media library as staff use it: uploading photos (multipart, spooled to
// a file as the server does), recording rights and consents, and what a
// withdrawn consent does to the posts and the dashboard.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "media/test_images.hpp"
#include "web/staff_fixture.hpp"

namespace civicpost::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct UploadPart {
  std::string field;
  std::string filename;  // empty: a text field
  std::string content;
};

class StaffMediaTest : public StaffAppTest {
 protected:
  // Writes a multipart/form-data body the way a browser sends it and posts
  // it as a spooled upload.
  Response Upload(Browser& browser, std::vector<UploadPart> parts, bool with_csrf = true) {
    const std::string boundary = "----civicpostTestBoundary7MA4YWxkTrZu0gW";
    if (with_csrf) parts.insert(parts.begin(), {"csrf", "", browser.csrf});
    std::string body;
    for (const UploadPart& part : parts) {
      body += "--" + boundary + "\r\n";
      body += "Content-Disposition: form-data; name=\"" + part.field + "\"";
      if (!part.filename.empty()) {
        body += "; filename=\"" + part.filename + "\"\r\nContent-Type: image/jpeg";
      }
      body += "\r\n\r\n" + part.content + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    const auto spool = dir_ / ("spool-" + std::to_string(spools_++) + ".part");
    media::testing::WriteFile(spool, body);
    return Send(browser, "POST", "/app/media", "",
                "multipart/form-data; boundary=" + boundary, spool);
  }

  std::string Photo(const std::string& name, media::testing::Tags tags = {}) {
    const auto path = dir_ / name;
    media::testing::WriteTwoToneJpeg(path, 1600, 1200);
    media::testing::WriteTags(path, tags);
    return media::testing::ReadFile(path);
  }

  int spools_ = 0;
};

TEST_F(StaffMediaTest, AnUploadedPhotoAsksForItsRightsWithTheMetadataFilledIn) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Response uploaded = Upload(
      editor, {{"file", "Markt.jpg",
                Photo("markt.jpg", {.location = true,
                                    .creator = "Jana Fotografin",
                                    .copyright = "© Jana Fotografin 2026"})}});
  ASSERT_EQ(uploaded.status, 303) << uploaded.body.substr(0, 2000);
  const std::string page_url = Location(uploaded);
  EXPECT_THAT(page_url, HasSubstr("/rights?done=uploaded"));
  Response page = Get(editor, page_url);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("Hochgeladen. Erfassen Sie jetzt die Rechte."));
  EXPECT_THAT(page.body, HasSubstr("value=\"Jana Fotografin\""));
  EXPECT_THAT(page.body, HasSubstr("Standortdaten (GPS)"));
  EXPECT_THAT(page.body, HasSubstr("Die Rechte sind noch nicht erfasst"));

  // The same file again is found, not stored twice.
  Response again = Upload(editor, {{"file", "Kopie.jpg", Photo("markt.jpg", {.location = true,
                                                                             .creator = "Jana Fotografin",
                                                                             .copyright = "© Jana Fotografin 2026"})}});
  ASSERT_EQ(again.status, 303);
  EXPECT_EQ(Location(again), page_url.substr(0, page_url.find('?')) + "?done=duplicate");

  // The library lists it with its open points; the preview is a small JPEG.
  Response library = Get(editor, "/app/media");
  EXPECT_THAT(library.body, HasSubstr("Markt.jpg"));
  EXPECT_THAT(library.body, HasSubstr("1 offene Punkte"));
  const std::string id = page_url.substr(11, page_url.find("/rights") - 11);
  Response preview = Get(editor, "/app/media/" + id);
  ASSERT_EQ(preview.status, 200);
  EXPECT_EQ(preview.content_type, "image/jpeg");
  EXPECT_LT(preview.body.size(), 60'000u);
}

TEST_F(StaffMediaTest, RefusedFilesAreNamedWithTheReason) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  const std::string whole = Photo("ganz.jpg");
  Response refused = Upload(editor, {{"file", "halb.jpg", whole.substr(0, whole.size() / 2)},
                                     {"file", "rechnung.jpg", "<html>Rechnung</html>"},
                                     {"file", "leer.jpg", ""}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_THAT(refused.body, HasSubstr("halb.jpg ist beschädigt oder unvollständig"));
  EXPECT_THAT(refused.body, HasSubstr("rechnung.jpg ist kein JPEG-, PNG-, WebP- oder HEIC-Bild"));
  EXPECT_THAT(refused.body, HasSubstr("leer.jpg ist leer"));
  auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
  auto library = repos_.media.ListByOrganization(*db_, (*org)->id);
  for (const Media& m : *library) EXPECT_EQ(m.content_type, "image/svg+xml") << m.original_name;
}

TEST_F(StaffMediaTest, AnUploadWithoutTheCsrfTokenIsRefused) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Response forged = Upload(editor, {{"file", "markt.jpg", Photo("markt.jpg")}}, false);
  EXPECT_EQ(forged.status, 403);
}

TEST_F(StaffMediaTest, RecordedConsentsClearAPostAndAWithdrawalTakesItDown) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Browser approver = SignIn("freigabe@sassenberg.example");
  const std::string page = Location(Upload(editor, {{"file", "Kinderfest.jpg", Photo("fest.jpg")}}));
  const std::string base = page.substr(0, page.find('?'));  // /app/media/{id}/rights
  const std::string id = base.substr(11, base.find("/rights") - 11);

  Response saved = PostForm(editor, base,
                            {{"source", "own"},
                             {"author", ""},
                             {"people_recognisable", "on"},
                             {"sensitive_setting", "none"},
                             {"focal_x", "50"},
                             {"focal_y", "30"}});
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 1500);
  Response added = PostForm(editor, base.substr(0, base.size() - 7) + "/people",
                            {{"name", "Anna K."},
                             {"basis", "consent"},
                             {"channels", "instagram"},
                             {"channels", "website"},
                             {"given_on", "2026-06-01"},
                             {"form_location", "Ordner Stadtfest 2026, Blatt 3"}});
  ASSERT_EQ(added.status, 303) << added.body.substr(0, 1500);
  Response rights_page = Get(editor, base);
  EXPECT_THAT(rights_page.body, HasSubstr("Die Rechte sind für alle Kanäle des Nutzungskonzepts geklärt."));
  EXPECT_THAT(rights_page.body, HasSubstr("Anna K."));

  // A post with the photo goes through review and approval.
  const std::vector<std::pair<std::string, std::string>> composer = {
      {"kind", "feed_image"},      {"topic", "kultur"},
      {"caption", "Sackhüpfen beim Kinderfest. #Stadtfest"},
      {"media", id},               {"alt_" + id, "Kinder beim Sackhüpfen auf der Wiese"},
      {"order_" + id, "1"},        {"channel", "instagram"},
      {"channel", "website"},      {"scheduled_at", ""},
      {"event_title", ""},         {"event_start", ""},
      {"event_end", ""},           {"event_place", ""}};
  Response created = PostForm(editor, "/app/posts", composer);
  ASSERT_EQ(created.status, 303) << created.body.substr(0, 1500);
  const std::string post_url = Location(created).substr(0, Location(created).find('?'));
  ASSERT_EQ(PostForm(editor, post_url + "/submit").status, 303);
  ASSERT_EQ(PostForm(approver, post_url + "/approve").status, 303);
  const PostId post_id(std::stoll(post_url.substr(11)));
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
    auto post = repos_.posts.Get(tx, post_id);
    post->state = PostState::kPublished;
    if (Status s = repos_.posts.Update(tx, Actor::System(), *post); !s.ok()) return s;
    auto channels = repos_.channels.ListByOrganization(tx, post->organization_id);
    for (const Channel& channel : *channels) {
      if (channel.platform != ChannelPlatform::kInstagram) continue;
      Delivery delivery;
      delivery.post_id = post_id;
      delivery.channel_id = channel.id;
      delivery.state = DeliveryState::kPublished;
      delivery.remote_id = "17920238422030506";
      delivery.permalink = "https://www.instagram.com/p/SBXKINDERFEST/";
      if (auto d = repos_.posts.CreateDelivery(tx, Actor::System(), delivery); !d) return d.error();
    }
    return Status::Ok();
  }).ok());

  // Anna withdraws her consent: the post must come down, and says so.
  auto people = repos_.media_rights.ListPeople(*db_, MediaId(std::stoll(id)));
  ASSERT_EQ(people->size(), 1u);
  Response withdrawn = PostForm(
      editor, base.substr(0, base.size() - 7) + "/people/" + std::to_string(people->front().id) +
                  "/withdraw");
  ASSERT_EQ(withdrawn.status, 303);
  EXPECT_THAT(Get(editor, Location(withdrawn)).body,
              HasSubstr("Zu entfernende Beiträge: 1; zurück in die Prüfung: 0."));
  Response dashboard = Get(approver, "/app/");
  EXPECT_THAT(dashboard.body, HasSubstr("Muss entfernt werden"));
  EXPECT_THAT(dashboard.body, HasSubstr("Einwilligung widerrufen"));
  EXPECT_THAT(dashboard.body, HasSubstr(post_url));
  EXPECT_THAT(dashboard.body, Not(HasSubstr("als erledigt vermerken")));  // approvers only see it
  // The copy on Instagram, for the manual step; its comments go off by a job.
  EXPECT_THAT(dashboard.body, HasSubstr("href=\"https://www.instagram.com/p/SBXKINDERFEST/\""));
  EXPECT_THAT(dashboard.body, HasSubstr("Bitte den Beitrag in der App archivieren oder löschen"));
  auto takedown_jobs =
      db_->Query("SELECT COUNT(*) FROM jobs WHERE kind = 'takedown.delivery' AND state = 'queued'");
  ASSERT_TRUE(takedown_jobs);
  EXPECT_EQ((*takedown_jobs)[0].Int(0), 1);

  // The editor removes it by hand and says so: the post is withdrawn, the item goes.
  Response editor_view = Get(editor, "/app/");
  const std::regex kConfirm(R"re(action="(/app/takedowns/\d+/done)")re");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(editor_view.body, match, kConfirm)) << editor_view.body;
  Response confirmed = PostForm(editor, match[1]);
  ASSERT_EQ(confirmed.status, 303) << confirmed.body.substr(0, 1000);
  Response after = Get(editor, Location(confirmed));
  EXPECT_THAT(after.body, HasSubstr("Der Beitrag ist zurückgezogen und überall entfernt"));
  EXPECT_THAT(after.body, Not(HasSubstr("Muss entfernt werden")));
  EXPECT_EQ(LoadPost(post_id)->state, PostState::kWithdrawn);
}

TEST_F(StaffMediaTest, ApprovalNamesTheMissingRightsOfEachFile) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  Browser approver = SignIn("freigabe@sassenberg.example");
  const std::string page = Location(Upload(editor, {{"file", "Agentur.jpg", Photo("a.jpg")}}));
  const std::string base = page.substr(0, page.find('?'));
  const std::string id = base.substr(11, base.find("/rights") - 11);
  ASSERT_EQ(PostForm(editor, base,
                     {{"source", "agency"}, {"sensitive_setting", "none"}, {"focal_x", "50"},
                      {"focal_y", "50"}})
                .status,
            303);
  Response created = PostForm(editor, "/app/posts",
                              {{"kind", "feed_image"},
                               {"topic", "tourismus"},
                               {"caption", "Blick über die Stadt. #SassenbergErleben"},
                               {"media", id},
                               {"alt_" + id, "Dächer der Altstadt im Abendlicht"},
                               {"order_" + id, "1"},
                               {"channel", "website"}});
  const std::string post_url = Location(created).substr(0, Location(created).find('?'));
  ASSERT_EQ(PostForm(editor, post_url + "/submit").status, 303);
  Response blocked = PostForm(approver, post_url + "/approve");
  EXPECT_EQ(blocked.status, 422);
  EXPECT_THAT(blocked.body, HasSubstr("Agentur.jpg: Die Urheberin oder der Urheber fehlt."));
  EXPECT_THAT(blocked.body, HasSubstr("Agentur.jpg: Die Nutzungsrechte (Lizenz oder Vertrag) fehlen."));
  EXPECT_THAT(Get(approver, post_url).body, HasSubstr("Agentur.jpg: Die Urheberin"));
}

}  // namespace
}  // namespace civicpost::web

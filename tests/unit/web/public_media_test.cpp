// What the public site and the platform get of a photo: stripped
// renditions at stable addresses for published posts, signed expiring links
// for the platform, and never the original with its location.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vips/vips8>

#include "media/library.hpp"
#include "media/signed_url.hpp"
#include "media/test_images.hpp"
#include "web/public_site.hpp"
#include "web/staff_fixture.hpp"

namespace civicpost::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSigningKey(32, 'k');

class PublicMediaTest : public StaffAppTest {
 protected:
  void SetUp() override {
    StaffAppTest::SetUp();
    site_ = std::make_unique<PublicSite>(*db_, repos_, templates_, dir_, clock_,
                                         *media::UrlSigner::FromKey(kSigningKey));
    site_->Register(public_router_);
    auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
    org_ = (*org)->id;
    const auto photo = dir_ / "markt.jpg";
    media::testing::WriteTwoToneJpeg(photo, 2400, 1600);
    media::testing::WriteTags(photo,
                              {.location = true, .device = true, .creator = "Jana Fotografin"});
    original_ = media::testing::ReadFile(photo);
    media::MediaLibrary library(*db_, repos_, dir_, {});
    auto imported = library.Import(org_, Actor::Cli(), photo, "markt.jpg");
    ASSERT_TRUE(imported) << imported.error().message;
    media_ = imported->media.id;
  }

  Response Fetch(const std::string& target) {
    Request request;
    request.method = "GET";
    EXPECT_TRUE(ParseRequestTarget(target, &request).ok());
    return public_router_.Dispatch(std::move(request)).response;
  }

  void PublishWithPhoto() {
    ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
                  MediaRights rights;
                  rights.media_id = media_;
                  rights.source = MediaSource::kCreativeCommons;
                  rights.title = "Markt im Herbst";
                  rights.author = "Jana Fotografin";
                  rights.licence = "CC BY-SA 4.0";
                  rights.licence_url = "https://creativecommons.org/licenses/by-sa/4.0/";
                  rights.source_url = "https://commons.example/markt";
                  if (Status s = repos_.media_rights.PutRights(tx, Actor::Cli(), rights); !s.ok())
                    return s;
                  Post post;
                  post.organization_id = org_;
                  post.kind = PostKind::kFeedImage;
                  post.state = PostState::kPublished;
                  post.topic = "tourismus";
                  post.caption = "Markttag in Sassenberg";
                  post.media = {{media_, "Marktstände vor der Kirche"}};
                  post.published_at = clock_.Now();
                  auto id = repos_.posts.Create(tx, Actor::Cli(), post);
                  if (!id) return id.error();
                  // On the website: its delivery there is out.
                  auto channels = repos_.channels.ListByOrganization(tx, org_);
                  if (!channels) return channels.error();
                  for (const Channel& channel : *channels) {
                    if (channel.platform != ChannelPlatform::kWebsite) continue;
                    Delivery delivery;
                    delivery.post_id = *id;
                    delivery.channel_id = channel.id;
                    delivery.state = DeliveryState::kPublished;
                    auto created = repos_.posts.CreateDelivery(tx, Actor::Cli(), delivery);
                    if (!created) return created.error();
                  }
                  return Status::Ok();
                }).ok());
  }

  static int WidthOf(const std::string& jpeg, const std::filesystem::path& scratch) {
    media::testing::WriteFile(scratch, jpeg);
    return vips::VImage::new_from_file(scratch.c_str()).width();
  }

  Router public_router_;
  std::unique_ptr<PublicSite> site_;
  OrganizationId org_;
  MediaId media_;
  std::string original_;
};

TEST_F(PublicMediaTest, APublishedPhotoIsServedOnlyAsStrippedRenditionsWithItsCredit) {
  const std::string base = "/media/" + media_.ToString();
  EXPECT_EQ(Fetch(base).status, 404);  // not published yet
  EXPECT_EQ(Fetch(base + "/web_960.jpg").status, 404);
  PublishWithPhoto();

  Response page = Fetch("/sassenberg/");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("srcset=\"" + base + "/web_480.jpg 480w, " + base +
                                   "/web_960.jpg 960w, " + base + "/web_1600.jpg 1600w\""));
  EXPECT_THAT(page.body, HasSubstr("„Markt im Herbst“ – Jana Fotografin – CC BY-SA 4.0"));

  Response large = Fetch(base);
  ASSERT_EQ(large.status, 200);
  EXPECT_EQ(large.content_type, "image/jpeg");
  EXPECT_NE(large.body, original_);
  EXPECT_EQ(WidthOf(large.body, dir_ / "large.jpg"), 1600);
  const std::string printed = media::testing::Exiv2Print(dir_ / "large.jpg");
  EXPECT_THAT(printed, Not(HasSubstr("GPS")));
  EXPECT_THAT(printed, Not(HasSubstr("SN-042177")));
  EXPECT_THAT(printed, HasSubstr("Jana Fotografin"));

  Response small = Fetch(base + "/web_480.jpg");
  ASSERT_EQ(small.status, 200);
  EXPECT_EQ(WidthOf(small.body, dir_ / "small.jpg"), 480);
  // The platform's recipes are not public, and nothing else is served.
  EXPECT_EQ(Fetch(base + "/instagram_feed.jpg").status, 404);
  EXPECT_EQ(Fetch(base + "/original.jpg").status, 404);
}

TEST_F(PublicMediaTest, ThePlatformGetsASignedLinkThatExpires) {
  auto signer = media::UrlSigner::FromKey(kSigningKey);
  ASSERT_TRUE(signer) << signer.error().message;
  const std::string path =
      signer->PathFor(media_, media::Recipe::kInstagramFeed, clock_.Now() + std::chrono::hours(1));
  EXPECT_THAT(path, HasSubstr("/r/" + media_.ToString() + "/instagram_feed.jpg?expires="));

  // Before publishing: the platform must fetch it to publish at all.
  Response feed = Fetch(path);
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(WidthOf(feed.body, dir_ / "feed.jpg"), 1080);
  EXPECT_THAT(media::testing::Exiv2Print(dir_ / "feed.jpg"), Not(HasSubstr("GPS")));

  std::string forged = path;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(Fetch(forged).status, 404);
  std::string other = path;
  other.replace(other.find("instagram_feed"), 14, "web_1600");
  EXPECT_EQ(Fetch(other).status, 404);  // signed for another recipe
  clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(Fetch(path).status, 404);  // expired
}

}  // namespace
}  // namespace civicpost::web

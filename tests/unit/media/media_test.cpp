// Uploads, metadata and renditions on real files: images made by libvips,
// tagged by exiv2, and the renditions read back with Debian's exiv2 tool.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <vips/vips8>

#include "core/clock.hpp"
#include "core/time_format.hpp"
#include "media/library.hpp"
#include "media/metadata.hpp"
#include "media/rendition.hpp"
#include "media/upload_checks.hpp"
#include "media/vips_runtime.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "test_images.hpp"

namespace civicpost::media {
namespace {

using testing::Exiv2Print;
using testing::ReadFile;
using testing::Tags;
using testing::WriteFile;
using testing::WriteTags;
using testing::WriteTwoToneJpeg;

class MediaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EnsureVips();
    dir_ = std::filesystem::temp_directory_path() /
           ("civicpost-media-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "in");
  }
  void TearDown() override {
    // Originals are read-only; the directories are ours to clean.
    std::error_code ec;
    for (auto& entry : std::filesystem::recursive_directory_iterator(dir_, ec)) {
      std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_all,
                                   std::filesystem::perm_options::add, ec);
    }
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path In(const std::string& name) const { return dir_ / "in" / name; }

  static vips::VImage Load(const std::filesystem::path& path) {
    return vips::VImage::new_from_file(path.c_str());
  }

  std::filesystem::path dir_;
};

TEST_F(MediaTest, ARenditionCarriesNoLocationOrDeviceDataButKeepsTheCreatorsRights) {
  const auto photo = In("agentur.jpg");
  WriteTwoToneJpeg(photo, 3000, 2000);
  WriteTags(photo, {.location = true,
                    .device = true,
                    .creator = "Jana Fotografin",
                    .copyright = "© Bildagentur Münsterland",
                    .licence_url = "https://agentur.example/lizenz"});
  const std::string before = Exiv2Print(photo);
  ASSERT_NE(before.find("GPSLatitude"), std::string::npos) << before;
  ASSERT_NE(before.find("SN-042177"), std::string::npos) << before;

  const auto out = dir_ / "feed.jpg";
  auto info = RenderJpeg({.original = photo}, Recipe::kInstagramFeed, out);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->width, 1080);
  EXPECT_EQ(info->height, 720);  // 3:2 lies inside 4:5 .. 1.91:1: no crop

  const std::string after = Exiv2Print(out);
  for (const char* gone : {"GPS", "SN-042177", "Erika Mustermann", "Canon", "EOS R6",
                           "BodySerialNumber", "CameraOwnerName", "Thumbnail", "MakerNote",
                           "2026:05:01"}) {
    EXPECT_EQ(after.find(gone), std::string::npos) << gone << " survived:\n" << after;
  }
  for (const char* kept : {"Exif.Image.Artist", "Iptc.Application2.Byline", "Xmp.dc.creator",
                           "Exif.Image.Copyright", "Iptc.Application2.Copyright",
                           "Xmp.dc.rights", "Xmp.xmpRights.WebStatement"}) {
    EXPECT_NE(after.find(kept), std::string::npos) << kept << " was removed:\n" << after;
  }
  EXPECT_NE(after.find("Jana Fotografin"), std::string::npos) << after;
  EXPECT_NE(after.find("Bildagentur Münsterland"), std::string::npos) << after;
}

TEST_F(MediaTest, TheRightsRecordNamesTheCreatorWhenTheFileDoesNot) {
  const auto photo = In("buerger.jpg");
  WriteTwoToneJpeg(photo, 1200, 1200);
  const auto out = dir_ / "feed.jpg";
  ASSERT_TRUE(RenderJpeg({.original = photo,
                          .author = "Max Bürger",
                          .copyright_notice = "© Max Bürger 2026"},
                         Recipe::kInstagramFeed, out));
  const std::string printed = Exiv2Print(out);
  EXPECT_NE(printed.find("Max Bürger"), std::string::npos) << printed;
  EXPECT_NE(printed.find("Xmp.dc.rights"), std::string::npos) << printed;
}

TEST_F(MediaTest, ATallPhotoIsCroppedToFourFifthsAroundTheFocalPoint) {
  const auto photo = In("turm.jpg");
  WriteTwoToneJpeg(photo, 1000, 3000);  // white above, black below
  auto top = RenderJpeg({.original = photo, .focal_y = 0.0}, Recipe::kInstagramFeed,
                        dir_ / "top.jpg");
  auto bottom = RenderJpeg({.original = photo, .focal_y = 1.0}, Recipe::kInstagramFeed,
                           dir_ / "bottom.jpg");
  ASSERT_TRUE(top && bottom);
  EXPECT_EQ(top->width, 1080);
  EXPECT_EQ(top->height, 1350);
  EXPECT_GT(Load(dir_ / "top.jpg").avg(), 200);
  EXPECT_LT(Load(dir_ / "bottom.jpg").avg(), 55);
}

TEST_F(MediaTest, AWorkThatMayNotBeChangedIsPaddedNotCropped) {
  const auto photo = In("cc-nd.jpg");
  WriteTwoToneJpeg(photo, 1000, 3000);
  auto padded = RenderJpeg({.original = photo, .may_crop = false}, Recipe::kInstagramFeed,
                           dir_ / "padded.jpg");
  ASSERT_TRUE(padded) << padded.error().message;
  EXPECT_EQ(padded->width, 1080);
  EXPECT_EQ(padded->height, 1350);
  // The whole work is there: white top, black bottom, white bars at the sides.
  vips::VImage image = Load(dir_ / "padded.jpg");
  EXPECT_GT(image.extract_area(0, 1300, 20, 40).avg(), 240);     // a side bar
  EXPECT_LT(image.extract_area(520, 1300, 40, 40).avg(), 20);    // the work's black bottom
  EXPECT_GT(image.extract_area(520, 10, 40, 40).avg(), 235);     // and its white top
}

TEST_F(MediaTest, StoriesAreNineBySixteenAndWebSizesAreNeverEnlarged) {
  const auto photo = In("fest.jpg");
  WriteTwoToneJpeg(photo, 800, 600);
  auto story = RenderJpeg({.original = photo}, Recipe::kInstagramStory, dir_ / "story.jpg");
  ASSERT_TRUE(story);
  EXPECT_EQ(story->width, 1080);
  EXPECT_EQ(story->height, 1920);
  auto web = RenderJpeg({.original = photo}, Recipe::kWeb960, dir_ / "web.jpg");
  ASSERT_TRUE(web);
  EXPECT_EQ(web->width, 800);
  EXPECT_EQ(web->height, 600);
  auto small = RenderJpeg({.original = photo}, Recipe::kWeb480, dir_ / "small.jpg");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->width, 480);
  EXPECT_EQ(small->height, 360);
}

TEST_F(MediaTest, APhotoTakenUprightIsTurnedUpright) {
  const auto photo = In("hochkant.jpg");
  WriteTwoToneJpeg(photo, 1200, 900);
  WriteTags(photo, {.orientation = 6});  // the camera was turned 90°
  auto web = RenderJpeg({.original = photo}, Recipe::kWeb1600, dir_ / "web.jpg");
  ASSERT_TRUE(web);
  EXPECT_EQ(web->width, 900);
  EXPECT_EQ(web->height, 1200);
  EXPECT_EQ(Exiv2Print(dir_ / "web.jpg").find("Orientation"), std::string::npos);
}

TEST_F(MediaTest, RenditionsAreCachedByOriginalAndRecipe) {
  const auto photo = In("markt.jpg");
  WriteTwoToneJpeg(photo, 1600, 1200);
  RenditionCache cache(dir_ / "renditions");
  auto first = cache.Get("ab12cd", {.original = photo}, Recipe::kInstagramFeed);
  ASSERT_TRUE(first) << first.error().message;
  const auto written = std::filesystem::last_write_time(*first);
  auto again = cache.Get("ab12cd", {.original = photo}, Recipe::kInstagramFeed);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *first);
  EXPECT_EQ(std::filesystem::last_write_time(*again), written);
  auto moved = cache.Get("ab12cd", {.original = photo, .focal_x = 0.2}, Recipe::kInstagramFeed);
  ASSERT_TRUE(moved);
  EXPECT_NE(*moved, *first);
  EXPECT_TRUE(std::filesystem::exists(*first));
}

TEST_F(MediaTest, MetadataPrefillsTheRightsRecordAndFlagsTheLocation) {
  const auto photo = In("cc.jpg");
  WriteTwoToneJpeg(photo, 400, 300);
  WriteTags(photo, {.location = true,
                    .device = true,
                    .creator = "Wiki Nutzer",
                    .copyright = "CC BY-SA 4.0",
                    .licence_url = "https://creativecommons.org/licenses/by-sa/4.0/"});
  auto metadata = ReadMetadata(photo, "cc.jpg");
  ASSERT_TRUE(metadata) << metadata.error().message;
  EXPECT_TRUE(metadata->has_location);
  ASSERT_TRUE(metadata->latitude);
  EXPECT_NEAR(*metadata->latitude, 51.9889, 0.001);
  EXPECT_TRUE(metadata->has_device_ids);
  EXPECT_EQ(metadata->captured_local, "2026-05-01T14:03:22");
  EXPECT_EQ(metadata->camera, "Canon EOS R6");
  const MediaRights suggested = SuggestRights(*metadata);
  EXPECT_EQ(suggested.source, MediaSource::kCreativeCommons);
  EXPECT_EQ(suggested.author, "Wiki Nutzer");
  EXPECT_EQ(suggested.licence_url, "https://creativecommons.org/licenses/by-sa/4.0/");
  // The position itself is not kept anywhere.
  EXPECT_EQ(ToJson(*metadata).find("51.98"), std::string::npos);
}

// --- uploads -------------------------------------------------------------

struct Refused {
  std::string code;
  std::string message;
};

Refused Check(const std::filesystem::path& file, const std::string& name,
              UploadLimits limits = {}) {
  Refusal refusal;
  auto checked = CheckUpload(file, name, limits, &refusal);
  if (checked) return {"", ""};
  EXPECT_EQ(refusal.file, name);
  return {refusal.code, checked.error().message};
}

TEST_F(MediaTest, EachBadFileGetsARefusalThatNamesItAndTheLimit) {
  WriteFile(In("leer.jpg"), "");
  Refused empty = Check(In("leer.jpg"), "leer.jpg");
  EXPECT_EQ(empty.code, "empty");
  EXPECT_NE(empty.message.find("leer.jpg"), std::string::npos);

  WriteTwoToneJpeg(In("gross.jpg"), 1500, 1500);
  Refused large = Check(In("gross.jpg"), "gross.jpg", {.max_bytes = 1024, .max_pixels = 1 << 30});
  EXPECT_EQ(large.code, "too_large");
  EXPECT_NE(large.message.find("limit of 0 MB"), std::string::npos) << large.message;

  WriteFile(In("rechnung.jpg"), "<html><script>alert(1)</script></html>");
  EXPECT_EQ(Check(In("rechnung.jpg"), "rechnung.jpg").code, "unknown_type");

  testing::WritePng(In("grafik.jpg"), 40, 30);
  Refused renamed = Check(In("grafik.jpg"), "grafik.jpg");
  EXPECT_EQ(renamed.code, "wrong_extension");
  EXPECT_NE(renamed.message.find("'.png'"), std::string::npos) << renamed.message;

  WriteTwoToneJpeg(In("ganz.jpg"), 1200, 900);
  const std::string whole = ReadFile(In("ganz.jpg"));
  WriteFile(In("halb.jpg"), whole.substr(0, whole.size() / 2));
  Refused truncated = Check(In("halb.jpg"), "halb.jpg");
  EXPECT_EQ(truncated.code, "damaged") << truncated.message;

  WriteFile(In("bombe.png"), testing::PngBombHeader(20000, 10000));
  ASSERT_LT(std::filesystem::file_size(In("bombe.png")), 100'000u);
  Refused bomb = Check(In("bombe.png"), "bombe.png");
  EXPECT_EQ(bomb.code, "too_many_pixels");
  EXPECT_NE(bomb.message.find("200 Megapixel"), std::string::npos) << bomb.message;
  EXPECT_NE(bomb.message.find("limit of 100 Megapixel"), std::string::npos) << bomb.message;

  EXPECT_EQ(Check(In("ganz.jpg"), "ganz.jpg").code, "");
}

TEST_F(MediaTest, AnIphonesHeicPhotoIsAcceptedAndRenderedAsJpeg) {
  const auto photo = In("IMG_0815.HEIC");
  (vips::VImage::black(1600, 1200, vips::VImage::option()->set("bands", 3)) + 90)
      .cast(VIPS_FORMAT_UCHAR)
      .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
      .heifsave(photo.c_str());
  Refusal refusal;
  auto checked = CheckUpload(photo, "IMG_0815.HEIC", {}, &refusal);
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ(checked->type, FileType::kHeic);
  EXPECT_EQ(checked->width, 1600);
  auto feed = RenderJpeg({.original = photo}, Recipe::kInstagramFeed, dir_ / "feed.jpg");
  ASSERT_TRUE(feed) << feed.error().message;
  EXPECT_EQ(feed->width, 1080);
  EXPECT_EQ(ReadFile(dir_ / "feed.jpg").substr(0, 3), "\xFF\xD8\xFF");
}

TEST_F(MediaTest, TypesComeFromTheBytesNotTheName) {
  auto sniff = [](std::string bytes) {
    bytes.resize(32, '\0');
    return SniffType(std::span(reinterpret_cast<const unsigned char*>(bytes.data()), 32));
  };
  EXPECT_EQ(sniff("\xFF\xD8\xFF\xE0"), FileType::kJpeg);
  EXPECT_EQ(sniff("\x89PNG\r\n\x1A\n"), FileType::kPng);
  EXPECT_EQ(sniff(std::string("RIFF\0\0\0\0WEBPVP8 ", 16)), FileType::kWebp);
  EXPECT_EQ(sniff(std::string("\0\0\0\x18" "ftypheic", 12)), FileType::kHeic);
  EXPECT_EQ(sniff(std::string("\0\0\0\x18" "ftypisom", 12)), FileType::kMp4);
  EXPECT_EQ(sniff(std::string("\0\0\0\x14" "ftypqt  ", 12)), FileType::kMov);
  EXPECT_EQ(sniff("GIF89a"), std::nullopt);
  EXPECT_EQ(sniff("<svg xmlns="), std::nullopt);
  EXPECT_EQ(sniff("%PDF-1.7"), std::nullopt);
  EXPECT_EQ(sniff("\x7F" "ELF"), std::nullopt);
}

// --- the library -----------------------------------------------------------

class LibraryTest : public MediaTest {
 protected:
  void SetUp() override {
    MediaTest::SetUp();
    auto db = store::SqliteDatabase::Open(dir_ / "civicpost.db", store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_, clock_));
    auto org = store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.organizations.Create(tx, Actor::Cli(),
                                         {{}, "sassenberg", "Stadt Sassenberg", "", {}});
    });
    ASSERT_TRUE(org);
    org_ = *org;
    library_ = std::make_unique<MediaLibrary>(*db_, repos_, dir_ / "data", UploadLimits{});
  }
  void TearDown() override {
    library_.reset();
    db_.reset();
    MediaTest::TearDown();
  }

  int64_t MediaRows() {
    auto rows = db_->Query("SELECT COUNT(*) FROM media");
    return rows ? (*rows)[0].Int(0) : -1;
  }

  size_t FilesUnder(const std::filesystem::path& dir) {
    size_t n = 0;
    std::error_code ec;
    for (auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
      n += entry.is_regular_file() ? 1 : 0;
    }
    return n;
  }

  ManualClock clock_{*ParseIsoUtc("2026-11-25T09:00:00Z")};
  store::Repositories repos_{clock_};
  std::unique_ptr<store::SqliteDatabase> db_;
  OrganizationId org_;
  std::unique_ptr<MediaLibrary> library_;
};

TEST_F(LibraryTest, AnImportedOriginalIsStoredOnceReadOnlyUnderItsHash) {
  WriteTwoToneJpeg(In("IMG_2041.JPG"), 1200, 900);
  WriteTags(In("IMG_2041.JPG"), {.location = true});
  auto imported = library_->Import(org_, Actor::Cli(), In("IMG_2041.JPG"), "IMG_2041.JPG");
  ASSERT_TRUE(imported) << imported.error().message;
  const Media& media = imported->media;
  EXPECT_FALSE(imported->duplicate);
  EXPECT_EQ(media.content_type, "image/jpeg");
  EXPECT_EQ(media.width, 1200);
  EXPECT_TRUE(media.has_location);
  EXPECT_EQ(media.storage_path,
            "media/originals/" + media.sha256.substr(0, 2) + "/" + media.sha256 + ".jpg");
  const auto stored = library_->PathOf(media);
  EXPECT_EQ(ReadFile(stored), ReadFile(In("IMG_2041.JPG")));
  struct stat st {};
  ASSERT_EQ(::stat(stored.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0440u);

  auto again = library_->Import(org_, Actor::Cli(), In("IMG_2041.JPG"), "kopie.jpg");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->media.id, media.id);
  EXPECT_EQ(again->media.original_name, "IMG_2041.JPG");
  EXPECT_EQ(MediaRows(), 1);
  EXPECT_EQ(FilesUnder(library_->IncomingDir()), 0u);
}

TEST_F(LibraryTest, AVideoIsStoredWithWhatItIsMadeOf) {
  testing::WriteTestVideo(In("reel.mp4"), 360, 640, 30, 4, "libx264", true);
  auto imported = library_->Import(org_, Actor::Cli(), In("reel.mp4"), "Stadtfest.mp4");
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->media.content_type, "video/mp4");
  EXPECT_EQ(imported->media.width, 360);
  EXPECT_EQ(imported->media.height, 640);
  EXPECT_NE(imported->media.metadata_json.find("\"video_codec\":\"h264\""), std::string::npos)
      << imported->media.metadata_json;
}

TEST_F(LibraryTest, ARefusedFileLeavesNeitherARowNorAFile) {
  WriteTwoToneJpeg(In("ganz.jpg"), 1200, 900);
  const std::string whole = ReadFile(In("ganz.jpg"));
  WriteFile(In("halb.jpg"), whole.substr(0, whole.size() / 3));
  Refusal refusal;
  auto imported = library_->Import(org_, Actor::Cli(), In("halb.jpg"), "halb.jpg", &refusal);
  ASSERT_FALSE(imported);
  EXPECT_EQ(refusal.code, "damaged");
  EXPECT_EQ(MediaRows(), 0);
  EXPECT_EQ(FilesUnder(dir_ / "data"), 0u);
}

TEST_F(LibraryTest, AFileWithCraftedExifIsReadSafelyAndItsExifGoesNowhere) {
  WriteTwoToneJpeg(In("boese.jpg"), 640, 480);
  std::string bytes = ReadFile(In("boese.jpg"));
  // An EXIF block whose directory points far beyond the file and claims a
  // gigabyte-long string.
  std::string tiff("II*\0\x08\0\0\0\x02\0", 10);
  tiff += std::string("\x69\x87\x04\0\x01\0\0\0\xf0\xff\xff\x7f", 12);
  tiff += std::string("\x0f\x01\x02\0\0\0\0\x40\0\0\xff\x7f", 12);
  tiff += std::string("\0\0\0\0", 4);
  const std::string app1 = std::string("Exif\0\0", 6) + tiff;
  std::string segment = "\xFF\xE1";
  segment.push_back(static_cast<char>((app1.size() + 2) >> 8));
  segment.push_back(static_cast<char>((app1.size() + 2) & 0xFF));
  bytes.insert(2, segment + app1);
  WriteFile(In("boese.jpg"), bytes);
  Refusal refusal;
  auto imported = library_->Import(org_, Actor::Cli(), In("boese.jpg"), "boese.jpg", &refusal);
  // exiv2 skips the broken directory; the file's pixels are fine, so it is
  // accepted, and nothing of that block reaches a rendition.
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->metadata.camera, "");
  const auto out = dir_ / "out.jpg";
  ASSERT_TRUE(RenderJpeg({.original = library_->PathOf(imported->media)},
                         Recipe::kInstagramFeed, out));
  EXPECT_EQ(Exiv2Print(out).find("Exif."), std::string::npos) << Exiv2Print(out);
}

}  // namespace
}  // namespace civicpost::media

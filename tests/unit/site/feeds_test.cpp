// The feeds are read back by the clients subscribers use (feedparser for
// RSS and Atom, icalendar for the calendar, through read_feed.py on Debian's
// python), and what those understood is compared with the posts.

#include "site/feeds.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/time_format.hpp"

namespace civicpost::site {
namespace {

using Json = nlohmann::json;

constexpr const char* kPython = "/usr/bin/python3";
constexpr const char* kScript = CIVICPOST_READ_FEED_SCRIPT;
constexpr const char* kAuthority = "Gemeinde Groß & Klein";
constexpr const char* kBase = "https://civicpost.example.de:8443";

Timestamp At(const char* iso) {
  const auto t = ParseIsoUtc(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(Timestamp{});
}

std::string Permalink(int id) {
  return std::string(kBase) + "/grossklein/beitraege/" + std::to_string(id) + "/";
}

SitePost Post(int id, const char* published, const char* topic_id, const char* topic_name) {
  SitePost post;
  post.id = PostId(id);
  post.published_at = At(published);
  post.updated_at = post.published_at;
  post.topic_id = topic_id;
  post.topic_name = topic_name;
  post.platform_name = "Instagram";
  return post;
}

// 200 characters, not bytes: umlauts count once.
std::string LongCaption() {
  const std::u32string pattern = U"Öffentliche Sitzung des Rates über Straßen, Brücken & Wege. ";
  std::u32string text;
  while (text.size() < 200) text += pattern;
  // Feed readers trim the end, so the 200th is not a space.
  text.resize(199);
  text += U'.';
  std::string out;
  for (char32_t c : text) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

SiteFeedData Sample() {
  SiteFeedData data;
  data.address = {kBase, "grossklein"};
  data.authority_name = kAuthority;
  data.description = "Neuigkeiten der Gemeinde – Straßen, Rat & Termine.";
  data.contact_email = "presse@grossklein.example.de";
  data.topics = {{"verkehr", "Verkehr & Straßen", "Sperrungen und Umleitungen"},
                 {"rat", "Rat & Verwaltung", ""}};

  SitePost closure = Post(7, "2026-11-20T09:30:00Z", "verkehr", "Verkehr & Straßen");
  closure.headline = "Sperrung: Müllerstraße & „Alte Post“ <ab Montag>";
  closure.caption =
      "Sperrung: Müllerstraße & „Alte Post“ <ab Montag>\n"
      "Umleitung über <Hauptstraße> & \"Lindenweg\" – 'bitte' beachten.\n"
      "\n"
      "🚧 Danke für Ihr Verständnis! #Sassenberg #Verkehr";
  closure.hashtags = {"#Sassenberg", "#Verkehr"};
  closure.images.push_back(
      {MediaId(42), true, "image/jpeg", "Absperrgitter", 1600, 1200, "Foto: Anna Beispiel"});

  SitePost council = Post(6, "2026-03-01T07:00:00Z", "rat", "Rat & Verwaltung");
  council.headline = "Öffentliche Sitzung des Rates";
  council.caption = LongCaption();
  council.hashtags = {"#Rat"};
  council.event = SiteEvent{"Ratssitzung", At("2026-03-29T08:00:00Z"), At("2026-03-29T10:30:00Z"),
                            "Rathaus, Saal 1; Eingang B"};

  // Starts in winter time and ends in summer time.
  SitePost hike = Post(5, "2026-02-15T12:00:00Z", "rat", "Rat & Verwaltung");
  hike.headline = "Nachtwanderung in die Sommerzeit";
  hike.caption = "Wir wandern in die Sommerzeit 🌙\nTreffpunkt wird noch bekannt gegeben.";
  hike.updated_at = At("2026-11-24T16:45:00Z");  // the latest edit of all
  hike.images.push_back({MediaId(43), false, "image/svg+xml", "Karte", 0, 0, ""});
  hike.event =
      SiteEvent{"Nachtwanderung", At("2026-03-28T21:00:00Z"), At("2026-03-29T02:00:00Z"), ""};

  // 02:30 comes twice on 2026-10-25: first in summer time (00:30Z), then in
  // winter time (01:30Z); both are written in UTC.
  SitePost night = Post(4, "2026-02-10T12:00:00Z", "verkehr", "Verkehr & Straßen");
  night.headline = "Nachtdienst zur Zeitumstellung";
  night.caption = "Die Stadtwerke arbeiten in der Nacht der Zeitumstellung.";
  night.event = SiteEvent{"Nachtdienst", At("2026-10-25T00:30:00Z"), At("2026-10-25T01:30:00Z"),
                          "Betriebshof"};

  SitePost market = Post(3, "2026-02-01T12:00:00Z", "verkehr", "Verkehr & Straßen");
  market.headline = "Herbstmarkt";
  market.caption = "Herbstmarkt am Sonntag, 25. Oktober.";
  market.event = SiteEvent{"Herbstmarkt", At("2026-10-25T17:00:00Z"), std::nullopt, "Marktplatz"};

  SitePost plain = Post(2, "2026-01-20T12:00:00Z", "verkehr", "Verkehr & Straßen");
  plain.headline = "Ohne Bild";
  plain.caption = "Ein Beitrag ohne Bild,\tmit Tabulator und 'einfachen' Anführungszeichen.";

  SitePost messy = Post(1, "2026-01-10T12:00:00Z", "rat", "Rat & Verwaltung");
  messy.headline = "Aus Word kopiert";
  messy.caption = "Zeile eins\r\nZeile zwei\x07\rZeile drei";

  data.posts = {closure, council, hike, night, market, plain, messy};
  return data;
}

// What a client should show for a caption (feeds.cpp cleans line ends and
// control characters).
std::string ShownCaption(const SitePost& post) {
  if (post.id == PostId(1)) return "Zeile eins\nZeile zwei\nZeile drei";
  return post.caption;
}

std::vector<std::string> ExpectedTags(const SitePost& post) {
  std::vector<std::string> tags = {post.topic_name};
  for (const std::string& tag : post.hashtags) {
    const std::string bare = tag.substr(1);
    if (std::find(tags.begin(), tags.end(), bare) == tags.end()) tags.push_back(bare);
  }
  return tags;
}

std::string ExpectedImage(const SitePost& post) {
  if (post.images.empty()) return "";
  const SiteImage& image = post.images.front();
  return std::string(kBase) + "/media/" + image.media_id.ToString() +
         (image.raster ? "/web_960.jpg" : "");
}

// Writes `content` to a file and runs read_feed.py on it; fails the test if
// the script or its modules are missing.
Json Read(const std::string& kind, const std::string& content) {
  static int counter = 0;
  const std::string base = testing::TempDir() + "civicpost_feed_" + std::to_string(::getpid()) +
                           "_" + std::to_string(++counter);
  const std::string path = base + ".in";
  const std::string err = base + ".err";
  {
    std::ofstream out(path, std::ios::binary);
    out << content;
  }
  const std::string command =
      std::string(kPython) + " " + kScript + " " + kind + " " + path + " 2>" + err;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return Json();
  }
  std::string output;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
  const int status = ::pclose(pipe);
  std::stringstream errors;
  errors << std::ifstream(err).rdbuf();
  std::remove(path.c_str());
  std::remove(err.c_str());
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ADD_FAILURE() << command << " failed:\n" << errors.str() << "\ninput:\n" << content;
    return Json();
  }
  return Json::parse(output);
}

std::string LinkWithRel(const Json& feed, const std::string& rel) {
  for (const Json& link : feed["links"]) {
    if (link["rel"] == rel) return link["href"];
  }
  return "";
}

const SitePost& PostById(const SiteFeedData& data, const std::string& permalink) {
  for (const SitePost& post : data.posts) {
    if (Permalink(static_cast<int>(post.id.value())) == permalink) return post;
  }
  throw std::runtime_error("no post for " + permalink);
}

struct FormatCase {
  FeedFormat format;
  const char* reader;
  const char* version;  // as feedparser names it
  const char* file;
};

const FormatCase kFormats[] = {
    {FeedFormat::kRss, "feed", "rss20", "feed.xml"},
    {FeedFormat::kAtom, "feed", "atom10", "atom.xml"},
    {FeedFormat::kJson, "jsonfeed", "https://jsonfeed.org/version/1.1", "feed.json"},
};

// Checks a parsed feed against the posts it should list, in that order.
void ExpectFeed(const FormatCase& fc, const Json& feed, const SiteFeedData& data,
                const SiteTopic* topic, const std::vector<int>& ids) {
  SCOPED_TRACE(fc.file);
  ASSERT_TRUE(feed.is_object());
  EXPECT_EQ(feed["bozo"], 0) << feed["bozo_exception"];
  EXPECT_EQ(feed["version"], fc.version);
  const std::string dir =
      std::string(kBase) + "/grossklein/" + (topic ? "themen/" + topic->id + "/" : "");
  EXPECT_EQ(feed["title"], std::string(kAuthority) + " – " + (topic ? topic->name : "Beiträge"));
  EXPECT_EQ(feed["link"], dir);
  EXPECT_EQ(LinkWithRel(feed, "self"), dir + fc.file);
  EXPECT_EQ(feed["language"], "de");
  if (fc.format == FeedFormat::kAtom || fc.format == FeedFormat::kJson) {
    EXPECT_EQ(feed["author"], kAuthority);
  }
  ASSERT_EQ(feed["entries"].size(), ids.size());
  Timestamp updated{};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Json& entry = feed["entries"][i];
    SCOPED_TRACE("entry " + std::to_string(i));
    ASSERT_EQ(entry["link"], Permalink(ids[i]));
    const SitePost& post = PostById(data, entry["link"]);
    updated = std::max(updated, post.updated_at);
    EXPECT_EQ(entry["id"], Permalink(ids[i]));
    EXPECT_EQ(entry["title"], post.headline);
    EXPECT_EQ(entry["published"], FormatIsoUtc(post.published_at));
    if (fc.format != FeedFormat::kRss) {  // RSS 2.0 has no per-item update date
      EXPECT_EQ(entry["updated"], FormatIsoUtc(post.updated_at));
    }
    EXPECT_EQ(entry["text"], ShownCaption(post));
    EXPECT_EQ(entry["tags"], ExpectedTags(post));
    const std::string image = ExpectedImage(post);
    if (image.empty()) {
      EXPECT_TRUE(entry["image"].is_null()) << entry["image"];
    } else {
      EXPECT_EQ(entry["image"], image);
      if (fc.format != FeedFormat::kJson) {
        EXPECT_EQ(entry["image_type"],
                  post.images.front().raster ? "image/jpeg" : post.images.front().content_type);
      }
    }
  }
  if (fc.format != FeedFormat::kJson) {  // JSON Feed has no feed-level date
    EXPECT_EQ(feed["updated"], FormatIsoUtc(updated));
  }
}

TEST(FeedPaths, NamesAndTypes) {
  const SiteAddress address{kBase, "grossklein"};
  const SiteTopic topic{"rat", "Rat & Verwaltung", ""};
  EXPECT_EQ(FeedPath(address, FeedFormat::kRss, nullptr), "/grossklein/feed.xml");
  EXPECT_EQ(FeedPath(address, FeedFormat::kAtom, nullptr), "/grossklein/atom.xml");
  EXPECT_EQ(FeedPath(address, FeedFormat::kJson, nullptr), "/grossklein/feed.json");
  EXPECT_EQ(FeedPath(address, FeedFormat::kRss, &topic), "/grossklein/themen/rat/feed.xml");
  EXPECT_EQ(FeedPath(address, FeedFormat::kAtom, &topic), "/grossklein/themen/rat/atom.xml");
  EXPECT_EQ(FeedPath(address, FeedFormat::kJson, &topic), "/grossklein/themen/rat/feed.json");
  EXPECT_EQ(CalendarPath(address), "/grossklein/termine.ics");
  EXPECT_EQ(FeedContentType(FeedFormat::kRss), "application/rss+xml; charset=utf-8");
  EXPECT_EQ(FeedContentType(FeedFormat::kAtom), "application/atom+xml; charset=utf-8");
  EXPECT_EQ(FeedContentType(FeedFormat::kJson), "application/feed+json; charset=utf-8");
  EXPECT_EQ(kCalendarContentType, "text/calendar; charset=utf-8");
}

TEST(Feeds, ClientsReadAllPosts) {
  const SiteFeedData data = Sample();
  for (const FormatCase& fc : kFormats) {
    const std::string text = RenderFeed(data, fc.format, nullptr);
    ExpectFeed(fc, Read(fc.reader, text), data, nullptr, {7, 6, 5, 4, 3, 2, 1});
  }
}

TEST(Feeds, ClientsReadOneTopic) {
  const SiteFeedData data = Sample();
  for (const FormatCase& fc : kFormats) {
    const std::string rat = RenderFeed(data, fc.format, &data.topics[1]);
    ExpectFeed(fc, Read(fc.reader, rat), data, &data.topics[1], {6, 5, 1});
    const std::string verkehr = RenderFeed(data, fc.format, &data.topics[0]);
    ExpectFeed(fc, Read(fc.reader, verkehr), data, &data.topics[0], {7, 4, 3, 2});
  }
}

TEST(Feeds, NewestFiftyOnly) {
  SiteFeedData data = Sample();
  data.posts.clear();
  for (int i = 1; i <= 60; ++i) {
    SitePost post = Post(i, "2026-01-01T00:00:00Z", "rat", "Rat & Verwaltung");
    post.published_at += std::chrono::hours(i);
    post.updated_at = post.published_at;
    post.headline = "Beitrag " + std::to_string(i);
    post.caption = post.headline;
    data.posts.push_back(post);
  }
  // Oldest first on purpose: the feed still starts with the newest.
  std::vector<int> newest;
  for (int i = 60; i > 10; --i) newest.push_back(i);
  ASSERT_EQ(newest.size(), kFeedItems);
  for (const FormatCase& fc : kFormats) {
    ExpectFeed(fc, Read(fc.reader, RenderFeed(data, fc.format, nullptr)), data, nullptr, newest);
  }
}

TEST(Feeds, EmptySiteGivesValidFeeds) {
  SiteFeedData data = Sample();
  data.posts.clear();
  for (const FormatCase& fc : kFormats) {
    const Json feed = Read(fc.reader, RenderFeed(data, fc.format, nullptr));
    ExpectFeed(fc, feed, data, nullptr, {});
    if (fc.format != FeedFormat::kJson) {
      EXPECT_EQ(feed["updated"], "1970-01-01T00:00:00Z");
    }
  }
  const Json calendar = Read("ical", RenderCalendar(data));
  ASSERT_TRUE(calendar.is_object());
  EXPECT_TRUE(calendar["events"].empty());
  EXPECT_EQ(calendar["vtimezones"], Json::array({"Europe/Berlin"}));
}

TEST(Feeds, SameDataSameBytes) {
  const SiteFeedData data = Sample();
  SiteFeedData shuffled = data;
  std::mt19937 random(7);
  std::shuffle(shuffled.posts.begin(), shuffled.posts.end(), random);
  for (const FormatCase& fc : kFormats) {
    const std::string first = RenderFeed(data, fc.format, nullptr);
    EXPECT_EQ(first, RenderFeed(data, fc.format, nullptr)) << fc.file;
    EXPECT_EQ(first, RenderFeed(shuffled, fc.format, nullptr)) << fc.file;
  }
  const std::string calendar = RenderCalendar(data);
  EXPECT_EQ(calendar, RenderCalendar(data));
  EXPECT_EQ(calendar, RenderCalendar(shuffled));
}

struct ExpectedEvent {
  int id;
  const char* summary;
  const char* location;  // nullptr: none
  const char* start_local;
  const char* start_utc;
  bool start_in_utc;      // a repeated local time, written in UTC; start_local unused
  const char* end_local;  // nullptr: no DTEND
  const char* end_utc;
  bool end_in_utc;
};

void ExpectMoment(const Json& moment, const char* local, const char* utc, bool in_utc,
                  const char* zone = "Europe/Berlin") {
  ASSERT_TRUE(moment.is_object());
  EXPECT_EQ(moment["utc"], std::string(utc));
  if (in_utc) {
    EXPECT_TRUE(moment["tzid"].is_null()) << moment;
    return;
  }
  EXPECT_EQ(moment["local"], std::string(local));
  EXPECT_EQ(moment["tzid"], std::string(zone));
  EXPECT_EQ(moment["zone"], std::string(zone));
  // The same instant by the VTIMEZONE we sent, not only by the client's tz data.
  EXPECT_EQ(moment["utc_by_vtimezone"], std::string(utc));
}

TEST(Calendar, ClientReadsEventsAcrossDstChanges) {
  const SiteFeedData data = Sample();
  const std::string text = RenderCalendar(data);
  const Json cal = Read("ical", text);
  ASSERT_TRUE(cal.is_object());
  EXPECT_TRUE(cal["crlf"].get<bool>());
  EXPECT_LE(cal["max_line_octets"].get<int>(), 75);  // folded
  EXPECT_EQ(cal["prodid"], "-//civicpost//Öffentliche Seiten//DE");
  EXPECT_EQ(cal["version"], "2.0");
  EXPECT_EQ(cal["calname"], std::string(kAuthority) + " – Termine");
  EXPECT_EQ(cal["timezone"], "Europe/Berlin");
  EXPECT_EQ(cal["vtimezones"], Json::array({"Europe/Berlin"}));

  const ExpectedEvent expected[] = {
      {5, "Nachtwanderung", nullptr, "2026-03-28T22:00:00", "2026-03-28T21:00:00Z", false,
       "2026-03-29T04:00:00", "2026-03-29T02:00:00Z", false},
      {6, "Ratssitzung", "Rathaus, Saal 1; Eingang B", "2026-03-29T10:00:00",
       "2026-03-29T08:00:00Z", false, "2026-03-29T12:30:00", "2026-03-29T10:30:00Z", false},
      {4, "Nachtdienst", "Betriebshof", nullptr, "2026-10-25T00:30:00Z", true, "",
       "2026-10-25T01:30:00Z", true},
      {3, "Herbstmarkt", "Marktplatz", "2026-10-25T18:00:00", "2026-10-25T17:00:00Z", false,
       nullptr, nullptr, false},
  };
  ASSERT_EQ(cal["events"].size(), std::size(expected)) << text;
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    const ExpectedEvent& want = expected[i];
    const Json& event = cal["events"][i];
    SCOPED_TRACE(want.summary);
    const SitePost& post = PostById(data, Permalink(want.id));
    EXPECT_EQ(event["uid"], "post-" + std::to_string(want.id) + "@civicpost.example.de");
    EXPECT_EQ(event["summary"], want.summary);
    if (want.location == nullptr) {
      EXPECT_TRUE(event["location"].is_null()) << event["location"];
    } else {
      EXPECT_EQ(event["location"], want.location);
    }
    EXPECT_EQ(event["description"], ShownCaption(post));
    EXPECT_EQ(event["url"], Permalink(want.id));
    EXPECT_EQ(event["dtstamp"], FormatIsoUtc(post.updated_at));
    ExpectMoment(event["dtstart"], want.start_local, want.start_utc, want.start_in_utc);
    if (want.end_local == nullptr) {
      EXPECT_TRUE(event["dtend"].is_null()) << event["dtend"];
    } else {
      ExpectMoment(event["dtend"], want.end_local, want.end_utc, want.end_in_utc);
    }
  }
}

TEST(Calendar, LongAndMultiLineTextsSurviveFolding) {
  SiteFeedData data = Sample();
  data.posts[0].event = SiteEvent{data.posts[0].caption, At("2026-12-01T10:00:00Z"), std::nullopt,
                                  "Müllerstraße 1, \"Alte Post\"; Hof 🚧"};
  const Json cal = Read("ical", RenderCalendar(data));
  ASSERT_TRUE(cal.is_object());
  EXPECT_LE(cal["max_line_octets"].get<int>(), 75);
  EXPECT_TRUE(cal["lines_utf8"].get<bool>());  // folded between characters
  const Json& last = cal["events"].back();
  EXPECT_EQ(last["summary"], data.posts[0].caption);
  EXPECT_EQ(last["location"], "Müllerstraße 1, \"Alte Post\"; Hof 🚧");
  EXPECT_EQ(last["description"], data.posts[0].caption);
  ExpectMoment(last["dtstart"], "2026-12-01T11:00:00", "2026-12-01T10:00:00Z", false);
}

TEST(Calendar, OtherZonesGetTheirOwnRules) {
  SiteFeedData data = Sample();
  data.time_zone = "America/New_York";
  // The US switch to summer time comes three weeks before the European one.
  data.posts[0].event = SiteEvent{"Partnerschaftstreffen", At("2026-03-08T14:00:00Z"),
                                  At("2026-03-08T16:00:00Z"), ""};
  const Json cal = Read("ical", RenderCalendar(data));
  ASSERT_TRUE(cal.is_object());
  EXPECT_EQ(cal["vtimezones"], Json::array({"America/New_York"}));
  const Json& first = cal["events"].front();
  EXPECT_EQ(first["summary"], "Partnerschaftstreffen");
  ExpectMoment(first["dtstart"], "2026-03-08T10:00:00", "2026-03-08T14:00:00Z", false,
               "America/New_York");
  ExpectMoment(first["dtend"], "2026-03-08T12:00:00", "2026-03-08T16:00:00Z", false,
               "America/New_York");
}

TEST(Calendar, RendersFromSeveralThreads) {
  const SiteFeedData data = Sample();
  const std::string expected = RenderCalendar(data);
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (std::string& result : results) {
    threads.emplace_back([&data, &result] {
      for (int i = 0; i < 20; ++i) result = RenderCalendar(data);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) EXPECT_EQ(result, expected);
}

TEST(Calendar, UnknownZoneGivesUtcTimes) {
  SiteFeedData data = Sample();
  data.time_zone = "Europe/Nirgendwo";
  const Json cal = Read("ical", RenderCalendar(data));
  ASSERT_TRUE(cal.is_object());
  EXPECT_TRUE(cal["vtimezones"].empty());
  ASSERT_EQ(cal["events"].size(), 4u);
  ExpectMoment(cal["events"][0]["dtstart"], nullptr, "2026-03-28T21:00:00Z", true);
}

}  // namespace
}  // namespace civicpost::site

#include "site/feeds.hpp"

#include <libical/ical.h>
#include <libxml/xmlwriter.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <vector>

#include "core/time_format.hpp"
#include "core/time_zone.hpp"

namespace civicpost::site {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kMediaRssNs = "http://search.yahoo.com/mrss/";
constexpr std::string_view kProdId = "-//civicpost//Öffentliche Seiten//DE";

// Captions come from people and from Instagram: line ends vary and control
// characters slip in. XML 1.0 cannot carry most C0 controls even escaped, and
// iCalendar TEXT forbids them, so every text is cleaned once, the same way
// for all formats: CR LF and CR become LF, other controls but tab go, and
// bytes that are not UTF-8 become U+FFFD.
std::string CleanText(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(in[i]); };
  std::size_t i = 0;
  while (i < in.size()) {
    const unsigned char c = byte(i);
    if (c < 0x80) {
      if (c == '\r') {
        out += '\n';
        i += (i + 1 < in.size() && in[i + 1] == '\n') ? 2 : 1;
        continue;
      }
      if (c >= 0x20 || c == '\n' || c == '\t') out += static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    }
    bool valid = len > 0 && i + len <= in.size();
    for (std::size_t k = 1; valid && k < len; ++k) {
      valid = (byte(i + k) & 0xC0) == 0x80;
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    // Overlong forms, surrogates and the two non-characters XML excludes.
    valid = valid && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) &&
            !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF;
    if (valid) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// RSS 2.0 wants RFC 822 dates; always in UTC, with English names whatever
// the locale.
std::string Rfc822(Timestamp t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss<std::chrono::seconds> hms(t - day);
  const std::chrono::weekday wd(day);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

std::vector<const SitePost*> SelectPosts(const SiteFeedData& data, const SiteTopic* topic) {
  std::vector<const SitePost*> posts;
  for (const SitePost& post : data.posts) {
    if (topic == nullptr || post.topic_id == topic->id) posts.push_back(&post);
  }
  // The model promises newest first; sorting again keeps the bytes stable
  // should a caller not keep that promise.
  std::stable_sort(posts.begin(), posts.end(), [](const SitePost* a, const SitePost* b) {
    if (a->published_at != b->published_at) return a->published_at > b->published_at;
    return a->id > b->id;
  });
  if (posts.size() > kFeedItems) posts.resize(kFeedItems);
  return posts;
}

// An edit to an older post changes the feed as much as a new post does, so
// the feed's date is the latest updated_at of what it lists.
Timestamp FeedUpdated(const std::vector<const SitePost*>& posts) {
  Timestamp latest{};
  for (const SitePost* post : posts) latest = std::max(latest, post->updated_at);
  return latest;
}

std::vector<std::string> Categories(const SitePost& post) {
  std::vector<std::string> out;
  const auto add = [&](std::string_view name) {
    std::string clean = CleanText(name);
    if (!clean.empty() && std::find(out.begin(), out.end(), clean) == out.end()) {
      out.push_back(std::move(clean));
    }
  };
  add(post.topic_name);
  for (const std::string& tag : post.hashtags) {
    add(std::string_view(tag).substr(tag.starts_with('#') ? 1 : 0));
  }
  return out;
}

struct FeedImage {
  std::string url;
  std::string type;
  const SiteImage* image;
};

std::optional<FeedImage> FirstImage(const SiteAddress& address, const SitePost& post) {
  if (post.images.empty()) return std::nullopt;
  const SiteImage& image = post.images.front();
  const std::string path = "/media/" + image.media_id.ToString();
  if (image.raster) return FeedImage{address.Absolute(path + "/web_960.jpg"), "image/jpeg", &image};
  return FeedImage{address.Absolute(path), image.content_type, &image};
}

// What one feed is about: everything, or one topic.
struct FeedHead {
  std::string title;
  std::string home;  // absolute: the site's start page or the topic's page
  std::string self;  // absolute address of this feed
  std::string description;
};

FeedHead Head(const SiteFeedData& data, FeedFormat format, const SiteTopic* topic) {
  const SiteAddress& address = data.address;
  FeedHead head;
  head.title = CleanText(data.authority_name + " – " + (topic ? topic->name : "Beiträge"));
  head.home = address.Absolute(topic ? address.Topic(topic->id) : address.Home());
  head.self = address.Absolute(FeedPath(address, format, topic));
  head.description =
      CleanText(topic && !topic->description.empty() ? topic->description : data.description);
  return head;
}

// xmlTextWriter over a memory buffer. libxml2 reports failures by return
// value; with cleaned UTF-8 the only one left is running out of memory,
// so a failure is remembered and Finish() throws.
class XmlWriter {
 public:
  XmlWriter() : buffer_(xmlBufferCreate(), xmlBufferFree) {
    if (buffer_) writer_ = xmlNewTextWriterMemory(buffer_.get(), 0);
    if (writer_ == nullptr) throw std::bad_alloc();
  }
  ~XmlWriter() {
    if (writer_ != nullptr) xmlFreeTextWriter(writer_);
  }
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  void StartDocument() {
    Check(xmlTextWriterSetIndent(writer_, 1));
    Check(xmlTextWriterSetIndentString(writer_, Xml("  ")));
    Check(xmlTextWriterStartDocument(writer_, nullptr, "UTF-8", nullptr));
  }
  void Start(const char* name) { Check(xmlTextWriterStartElement(writer_, Xml(name))); }
  void Attribute(const char* name, std::string_view value) {
    const std::string text(value);
    Check(xmlTextWriterWriteAttribute(writer_, Xml(name), Xml(text.c_str())));
  }
  void Text(std::string_view value) {
    const std::string text(value);
    Check(xmlTextWriterWriteString(writer_, Xml(text.c_str())));
  }
  void End() { Check(xmlTextWriterEndElement(writer_)); }
  void Element(const char* name, std::string_view value) {
    Start(name);
    Text(value);
    End();
  }
  std::string Finish() {
    Check(xmlTextWriterEndDocument(writer_));
    Check(xmlTextWriterFlush(writer_));
    if (failed_) throw std::runtime_error("libxml2 could not write a feed");
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
                       static_cast<std::size_t>(xmlBufferLength(buffer_.get())));
  }

 private:
  static const xmlChar* Xml(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
  void Check(int rc) { failed_ = failed_ || rc < 0; }

  std::unique_ptr<xmlBuffer, void (*)(xmlBufferPtr)> buffer_;
  xmlTextWriterPtr writer_ = nullptr;
  bool failed_ = false;
};

// RSS readers take <description> as HTML, so plain text with a "<" or a
// line break would be misread: the caption goes in as an HTML fragment,
// escaped by libxml2 (which escapes text only inside an element, hence the
// <div>), lines joined by <br/>.
std::string CaptionHtml(const std::string& caption) {
  XmlWriter html;
  html.Start("div");
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = caption.find('\n', begin);
    html.Text(std::string_view(caption).substr(begin, end - begin));
    if (end == std::string::npos) break;
    html.Start("br");
    html.End();
    begin = end + 1;
  }
  html.End();
  std::string out = html.Finish();
  // EndDocument closes with a newline that is not part of the caption.
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string RenderRss(const SiteFeedData& data, const SiteTopic* topic) {
  const FeedHead head = Head(data, FeedFormat::kRss, topic);
  const std::vector<const SitePost*> posts = SelectPosts(data, topic);
  XmlWriter xml;
  xml.StartDocument();
  xml.Start("rss");
  xml.Attribute("version", "2.0");
  xml.Attribute("xmlns:atom", kAtomNs);
  xml.Attribute("xmlns:media", kMediaRssNs);
  xml.Start("channel");
  xml.Element("title", head.title);
  xml.Element("link", head.home);
  // RSS requires a description.
  xml.Element("description", head.description.empty() ? head.title : head.description);
  xml.Element("language", data.language);
  xml.Element("lastBuildDate", Rfc822(FeedUpdated(posts)));
  xml.Start("atom:link");
  xml.Attribute("href", head.self);
  xml.Attribute("rel", "self");
  xml.Attribute("type", "application/rss+xml");
  xml.End();
  for (const SitePost* post : posts) {
    const std::string link = data.address.Absolute(data.address.Post(post->id));
    xml.Start("item");
    xml.Element("title", CleanText(post->headline));
    xml.Element("link", link);
    xml.Start("guid");
    xml.Attribute("isPermaLink", "true");
    xml.Text(link);
    xml.End();
    xml.Element("pubDate", Rfc822(post->published_at));
    xml.Element("description", CaptionHtml(CleanText(post->caption)));
    for (const std::string& category : Categories(*post)) xml.Element("category", category);
    if (const auto image = FirstImage(data.address, *post)) {
      xml.Start("media:content");
      xml.Attribute("url", image->url);
      xml.Attribute("type", image->type);
      xml.Attribute("medium", "image");
      if (!image->image->credit.empty())
        xml.Element("media:credit", CleanText(image->image->credit));
      xml.End();
    }
    xml.End();  // item
  }
  xml.End();  // channel
  xml.End();  // rss
  return xml.Finish();
}

void AtomLink(XmlWriter& xml, std::string_view rel, std::string_view type, std::string_view href) {
  xml.Start("link");
  xml.Attribute("rel", rel);
  xml.Attribute("type", type);
  xml.Attribute("href", href);
  xml.End();
}

std::string RenderAtom(const SiteFeedData& data, const SiteTopic* topic) {
  const FeedHead head = Head(data, FeedFormat::kAtom, topic);
  const std::vector<const SitePost*> posts = SelectPosts(data, topic);
  XmlWriter xml;
  xml.StartDocument();
  xml.Start("feed");
  xml.Attribute("xmlns", kAtomNs);
  xml.Attribute("xml:lang", data.language);
  xml.Element("id", head.self);
  xml.Start("title");
  xml.Attribute("type", "text");
  xml.Text(head.title);
  xml.End();
  if (!head.description.empty()) {
    xml.Start("subtitle");
    xml.Attribute("type", "text");
    xml.Text(head.description);
    xml.End();
  }
  xml.Element("updated", FormatIsoUtc(FeedUpdated(posts)));
  AtomLink(xml, "alternate", "text/html", head.home);
  AtomLink(xml, "self", "application/atom+xml", head.self);
  // Atom wants an author on the feed or on every entry; it is always the
  // authority.
  xml.Start("author");
  xml.Element("name", CleanText(data.authority_name));
  xml.Element("uri", data.address.Absolute(data.address.Home()));
  if (!data.contact_email.empty()) xml.Element("email", CleanText(data.contact_email));
  xml.End();
  for (const SitePost* post : posts) {
    const std::string link = data.address.Absolute(data.address.Post(post->id));
    xml.Start("entry");
    xml.Element("id", link);
    xml.Start("title");
    xml.Attribute("type", "text");
    xml.Text(CleanText(post->headline));
    xml.End();
    AtomLink(xml, "alternate", "text/html", link);
    xml.Element("published", FormatIsoUtc(post->published_at));
    xml.Element("updated", FormatIsoUtc(post->updated_at));
    for (const std::string& category : Categories(*post)) {
      xml.Start("category");
      xml.Attribute("term", category);
      xml.End();
    }
    if (const auto image = FirstImage(data.address, *post)) {
      AtomLink(xml, "enclosure", image->type, image->url);
    }
    xml.Start("content");
    xml.Attribute("type", "text");
    xml.Text(CleanText(post->caption));
    xml.End();
    xml.End();  // entry
  }
  xml.End();  // feed
  return xml.Finish();
}

std::string RenderJson(const SiteFeedData& data, const SiteTopic* topic) {
  using Json = nlohmann::ordered_json;  // keeps "version" first for people reading it
  const FeedHead head = Head(data, FeedFormat::kJson, topic);
  Json feed;
  feed["version"] = "https://jsonfeed.org/version/1.1";
  feed["title"] = head.title;
  feed["home_page_url"] = head.home;
  feed["feed_url"] = head.self;
  if (!head.description.empty()) feed["description"] = head.description;
  feed["language"] = data.language;
  Json author = {{"name", CleanText(data.authority_name)},
                 {"url", data.address.Absolute(data.address.Home())}};
  feed["authors"] = Json::array({author});
  Json items = Json::array();
  for (const SitePost* post : SelectPosts(data, topic)) {
    const std::string link = data.address.Absolute(data.address.Post(post->id));
    Json item;
    item["id"] = link;
    item["url"] = link;
    item["title"] = CleanText(post->headline);
    item["content_text"] = CleanText(post->caption);
    if (const auto image = FirstImage(data.address, *post)) item["image"] = image->url;
    item["date_published"] = FormatIsoUtc(post->published_at);
    item["date_modified"] = FormatIsoUtc(post->updated_at);
    const std::vector<std::string> tags = Categories(*post);
    if (!tags.empty()) item["tags"] = tags;
    items.push_back(std::move(item));
  }
  feed["items"] = std::move(items);
  return feed.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// --- iCalendar -------------------------------------------------------------

// libical fills its zone cache (the UTC zone included) lazily, without
// locks in every version; calendars are rare enough to render one at a time.
std::mutex& LibicalMutex() {
  static std::mutex mutex;
  return mutex;
}

struct IcalDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using IcalComponent = std::unique_ptr<icalcomponent, IcalDeleter>;

std::string HostOf(const std::string& url) {
  std::size_t begin = url.find("://");
  begin = begin == std::string::npos ? 0 : begin + 3;
  const std::size_t at = url.find('@', begin);
  const std::size_t end = url.find_first_of("/?#", begin);
  if (at != std::string::npos && at < end) begin = at + 1;
  std::string host = url.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  // A port is not part of the host; an IPv6 literal keeps its colons.
  if (host.starts_with('[')) {
    const std::size_t close = host.find(']');
    if (close != std::string::npos) host.resize(close + 1);
    return host;
  }
  const std::size_t colon = host.find(':');
  if (colon != std::string::npos) host.resize(colon);
  return host;
}

icaltimetype UtcTime(Timestamp t) {
  return icaltime_from_timet_with_zone(static_cast<std::time_t>(t.time_since_epoch().count()), 0,
                                       icaltimezone_get_utc_timezone());
}

// libical builds a VTIMEZONE for any zone from the system's tz database, the
// same one TimeZone uses, so local times and their rules agree. It goes back
// to 1893; cut to the years the events need (whole years keep the bytes
// stable as events come and go within one) and named plainly, without
// libical's "/freeassociation.sourceforge.net/" prefix, so that clients
// that know the Olson name match it.
// REQUIRES: LibicalMutex() held.
IcalComponent VTimeZone(const std::string& zone_name, int from_year) {
  icaltimezone* zone = icaltimezone_get_builtin_timezone(zone_name.c_str());
  if (zone == nullptr) return nullptr;
  icalcomponent* component = icaltimezone_get_component(zone);
  if (component == nullptr) return nullptr;
  // A copy: the cached zone is shared by every calendar.
  IcalComponent vtimezone(icalcomponent_new_clone(component));
  icaltimetype start = icaltime_null_time();
  start.year = from_year;
  start.month = 1;
  start.day = 1;
  start.zone = icaltimezone_get_utc_timezone();
  icaltimezone_truncate_vtimezone(vtimezone.get(), start, icaltime_null_time(), 0);
  icalproperty* tzid = icalcomponent_get_first_property(vtimezone.get(), ICAL_TZID_PROPERTY);
  if (tzid == nullptr) return nullptr;
  icalproperty_set_tzid(tzid, zone_name.c_str());
  return vtimezone;
}

bool SameLocal(const LocalTime& a, const LocalTime& b) {
  return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour &&
         a.minute == b.minute;
}

// RFC 5545 reads a local time that the end of summer time repeats as the
// first of the two, but clients differ (python's icalendar takes the second),
// so such a time, either of the two, is written in UTC, which no client
// misreads. Zone changes are whole hours or half hours, up to two.
bool Ambiguous(const TimeZone& zone, Timestamp t, const LocalTime& local) {
  using std::chrono::minutes;
  for (const minutes shift : {minutes(30), minutes(60), minutes(120)}) {
    if (SameLocal(zone.ToLocal(t - shift), local) || SameLocal(zone.ToLocal(t + shift), local)) {
      return true;
    }
  }
  return false;
}

// A start or end: wall-clock time with TZID when the zone is known and the
// local time is unambiguous, UTC otherwise.
icalproperty* EventTime(icalproperty* (*make)(icaltimetype), Timestamp t, const TimeZone* zone) {
  if (zone != nullptr) {
    const LocalTime local = zone->ToLocal(t);
    if (!Ambiguous(*zone, t, local)) {
      // Zones have kept whole-minute offsets since the 1890s.
      const int64_t seconds = ((t.time_since_epoch().count() % 60) + 60) % 60;
      icaltimetype time = icaltime_null_time();
      time.year = local.year;
      time.month = static_cast<int>(local.month);
      time.day = static_cast<int>(local.day);
      time.hour = local.hour;
      time.minute = local.minute;
      time.second = static_cast<int>(seconds);
      icalproperty* property = make(time);
      icalproperty_add_parameter(property, icalparameter_new_tzid(zone->name().c_str()));
      return property;
    }
  }
  return make(UtcTime(t));
}

void AddText(icalcomponent* component, icalproperty* (*make)(const char*), std::string_view text) {
  icalcomponent_add_property(component, make(CleanText(text).c_str()));
}

void AddX(icalcomponent* component, const char* name, std::string_view value) {
  icalproperty* property = icalproperty_new_x(CleanText(value).c_str());
  icalproperty_set_x_name(property, name);
  icalcomponent_add_property(component, property);
}

}  // namespace

std::string FeedPath(const SiteAddress& address, FeedFormat format, const SiteTopic* topic) {
  const std::string dir = topic ? address.Topic(topic->id) : address.Home();
  switch (format) {
    case FeedFormat::kRss:
      return dir + "feed.xml";
    case FeedFormat::kAtom:
      return dir + "atom.xml";
    case FeedFormat::kJson:
      return dir + "feed.json";
  }
  return dir + "feed.xml";
}

std::string_view FeedContentType(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss:
      return "application/rss+xml; charset=utf-8";
    case FeedFormat::kAtom:
      return "application/atom+xml; charset=utf-8";
    case FeedFormat::kJson:
      return "application/feed+json; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string RenderFeed(const SiteFeedData& data, FeedFormat format, const SiteTopic* topic) {
  switch (format) {
    case FeedFormat::kRss:
      return RenderRss(data, topic);
    case FeedFormat::kAtom:
      return RenderAtom(data, topic);
    case FeedFormat::kJson:
      return RenderJson(data, topic);
  }
  return {};
}

std::string CalendarPath(const SiteAddress& address) { return address.Home() + "termine.ics"; }

std::string RenderCalendar(const SiteFeedData& data) {
  std::vector<const SitePost*> posts;
  for (const SitePost& post : data.posts) {
    if (post.event) posts.push_back(&post);
  }
  std::stable_sort(posts.begin(), posts.end(), [](const SitePost* a, const SitePost* b) {
    if (a->event->starts_at != b->event->starts_at) {
      return a->event->starts_at < b->event->starts_at;
    }
    return a->id < b->id;
  });

  int from_year = 1970;
  if (!posts.empty()) {
    const auto day = std::chrono::floor<std::chrono::days>(posts.front()->event->starts_at);
    // A day early: the first event's local date may be the UTC date before.
    from_year = static_cast<int>(std::chrono::year_month_day(day - std::chrono::days(1)).year());
  }
  const std::lock_guard lock(LibicalMutex());
  Result<TimeZone> found = TimeZone::Find(data.time_zone);
  IcalComponent vtimezone = found ? VTimeZone(data.time_zone, from_year) : nullptr;
  const TimeZone* zone = vtimezone ? &*found : nullptr;

  IcalComponent calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  icalcomponent* cal = calendar.get();
  icalcomponent_add_property(cal, icalproperty_new_prodid(std::string(kProdId).c_str()));
  icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
  AddX(cal, "X-WR-CALNAME", data.authority_name + " – Termine");
  AddX(cal, "X-WR-TIMEZONE", data.time_zone);
  if (!data.description.empty()) AddX(cal, "X-WR-CALDESC", data.description);
  if (vtimezone) icalcomponent_add_component(cal, vtimezone.release());

  const std::string host = HostOf(data.address.base_url);
  for (const SitePost* post : posts) {
    const SiteEvent& event = *post->event;
    icalcomponent* vevent = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    const std::string uid = "post-" + post->id.ToString() + "@" + host;
    icalcomponent_add_property(vevent, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(vevent, icalproperty_new_dtstamp(UtcTime(post->updated_at)));
    icalcomponent_add_property(vevent, EventTime(icalproperty_new_dtstart, event.starts_at, zone));
    if (event.ends_at) {
      icalcomponent_add_property(vevent, EventTime(icalproperty_new_dtend, *event.ends_at, zone));
    }
    AddText(vevent, icalproperty_new_summary, event.title);
    if (!event.place.empty()) AddText(vevent, icalproperty_new_location, event.place);
    AddText(vevent, icalproperty_new_description, post->caption);
    const std::string url = data.address.Absolute(data.address.Post(post->id));
    icalcomponent_add_property(vevent, icalproperty_new_url(url.c_str()));
    icalcomponent_add_component(cal, vevent);
  }

  char* text = icalcomponent_as_ical_string_r(cal);
  std::string out = text ? text : "";
  icalmemory_free_buffer(text);
  return out;
}

}  // namespace civicpost::site

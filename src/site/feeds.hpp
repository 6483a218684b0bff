#pragma once
// The public mirror's feeds: RSS 2.0, Atom and JSON Feed 1.1 of an
// authority's posts (all of them or one topic's), and an iCalendar file of
// the posts that announce an event. Pure functions of SiteFeedData: the same
// data gives the same bytes (the web layer hashes them for ETags), so no
// function here reads the clock; a feed's "updated" is its newest post's
// updated_at, 1970-01-01T00:00:00Z when it has none. Links are absolute.
// Thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

#include "site/site_model.hpp"

namespace civicpost::site {

enum class FeedFormat { kRss, kAtom, kJson };

// The most posts one feed lists, newest first.
inline constexpr std::size_t kFeedItems = 50;

// "/{slug}/feed.xml" (RSS), "/{slug}/atom.xml", "/{slug}/feed.json"; for a
// topic the same names under "/{slug}/themen/{topic}/".
std::string FeedPath(const SiteAddress& address, FeedFormat format, const SiteTopic* topic);

// "application/rss+xml; charset=utf-8", "application/atom+xml; charset=utf-8",
// "application/feed+json; charset=utf-8".
std::string_view FeedContentType(FeedFormat format);

// All posts (topic == nullptr) or those of `topic`, newest first (by
// published_at, then id), at most kFeedItems. Categories are the topic's
// name and the hashtags without their "#". The first image is the item's
// image: Media RSS media:content in RSS (an RSS enclosure needs a length we
// do not know), link rel="enclosure" in Atom, "image" in JSON Feed.
std::string RenderFeed(const SiteFeedData& data, FeedFormat format, const SiteTopic* topic);

// "/{slug}/termine.ics"
std::string CalendarPath(const SiteAddress& address);
inline constexpr std::string_view kCalendarContentType = "text/calendar; charset=utf-8";

// Every post with an event as a VEVENT (UID "post-{id}@{host}"), ordered by
// start, with DTSTART/DTEND as wall-clock times in data.time_zone and one
// VTIMEZONE for it. A time that the zone repeats at the end of summer time
// is written in UTC instead, since clients disagree on which of the two a
// local time there means. An unknown zone gives UTC times and no VTIMEZONE.
std::string RenderCalendar(const SiteFeedData& data);

}  // namespace civicpost::site

#pragma once
// What the public mirror of one authority shows, as plain values: read from
// the store and the concept once per change, then rendered into pages and
// feeds (site/feeds, web/site_pages) and written out by the static export.
// Nothing here touches the database or the clock.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace civicpost::site {

struct SiteImage {
  MediaId media_id;
  bool raster = true;        // photos: web renditions (web_480/960/1600.jpg); else the file itself
  std::string content_type;  // of what /media/{id} serves: "image/jpeg" for photos
  std::string alt;
  int width = 0;
  int height = 0;
  std::string credit;  // "Foto: Anna Beispiel, CC BY 4.0"; may be empty
};

struct SiteEvent {
  std::string title;
  Timestamp starts_at;
  std::optional<Timestamp> ends_at;
  std::string place;  // may be empty
};

struct SitePost {
  PostId id;
  std::string headline;               // the caption's first line, shortened at a word if long
  std::string caption;                // the whole caption, as published
  std::vector<std::string> hashtags;  // "#Sassenberg", in order, without duplicates
  std::string topic_id;
  std::string topic_name;
  Timestamp published_at;  // when the website delivery went out
  Timestamp updated_at;
  std::vector<SiteImage> images;
  std::optional<SiteEvent> event;
  std::string platform_url;   // the Instagram copy's permalink; may be empty
  std::string platform_name;  // "Instagram"
};

struct SiteTopic {
  std::string id;  // URL segment: /{slug}/themen/{id}/
  std::string name;
  std::string description;  // may be empty
};

// Absolute and relative addresses of one authority's mirror. `base_url` is
// the public address without a trailing slash ("https://civicpost.sassenberg.de");
// every path starts with "/{slug}/". Feeds need absolute links, pages use
// paths (and the static export makes them relative).
struct SiteAddress {
  std::string base_url;
  std::string slug;

  std::string Home() const { return "/" + slug + "/"; }
  std::string Post(PostId id) const { return Home() + "beitraege/" + id.ToString() + "/"; }
  std::string Topic(const std::string& topic_id) const {
    return Home() + "themen/" + topic_id + "/";
  }
  std::string Absolute(const std::string& path) const { return base_url + path; }
};

// Everything the feeds need about the authority and its posts. Posts are
// newest first.
struct SiteFeedData {
  SiteAddress address;
  std::string authority_name;  // "Stadt Sassenberg"
  std::string description;     // one sentence for the feed's description
  std::string language = "de";
  std::string time_zone = "Europe/Berlin";
  std::string contact_email;  // may be empty
  std::vector<SitePost> posts;
  std::vector<SiteTopic> topics;
};

}  // namespace civicpost::site

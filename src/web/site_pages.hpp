#pragma once
// The public mirror of one authority as files: every page (latest posts with
// pages, a page per post, topics, hashtags, events, contact, Impressum,
// accessibility statement, the concept's documents) and every feed. The
// server keeps them in memory (web/site_cache); the static export writes
// them to disk with relative links (web/site_export).
//
// Pure: the same content, day and options give the same bytes.

#include <chrono>
#include <string>
#include <vector>

#include "web/site_content.hpp"
#include "web/templates.hpp"

namespace civicpost::web {

struct SiteFile {
  std::string path;  // as requested: "/sassenberg/beitraege/3/", "/sassenberg/feed.xml"
  std::string content_type;
  std::string body;
};

enum class SiteLinks {
  kRooted,    // "/sassenberg/kontakt/": served by civicpost
  kRelative,  // "../kontakt/": the static export, wherever it is put
};

struct SiteRenderOptions {
  SiteLinks links = SiteLinks::kRooted;
  // The authority's local date: what counts as an upcoming event, and the
  // documents' date line.
  std::chrono::year_month_day today;
  // The accessibility feedback form. It needs civicpost to answer, so the
  // static export links to the server's absolute address.
  std::string feedback_url;
};

inline constexpr int kPostsPerPage = 12;

std::vector<SiteFile> RenderSite(const SiteContent& content, const Templates& templates,
                                 const SiteRenderOptions& options);

// The file name of a non-photo image under /media/{id}/: "bild.svg".
std::string MediaFileName(const site::SiteImage& image);

// "/sassenberg/beitraege/3/" -> "sassenberg/beitraege/3/index.html": where
// the export writes a page, and which file a web server finds for it.
std::string ExportFileFor(const std::string& path);

}  // namespace civicpost::web

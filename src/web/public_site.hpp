#pragma once
// The authority's public pages: every post on the website channel, readable
// without an Instagram account, without cookies and without third-party
// requests. The pages and feeds come from memory (web/site_cache); this
// class routes to them and serves the images.
//
//   /                   the one authority's home page, or a list when several
//   /{slug}/...         an authority's pages and feeds (web/site_pages.hpp)
//   /media/{id}         an image of a published post (nothing else is public);
//                       photos only as renditions, never the original
//   /media/{id}/{recipe}.jpg   web renditions for srcset (web_480, web_960, web_1600)
//   /media/{id}/bild.svg       other images (SVG, PNG) under a name with their type
//   /r/{id}/{recipe}.jpg?expires=&sig=   any rendition, for the platform to
//                       fetch before publishing, with a signed, expiring link
//   /static/{path...}   the stylesheet
//
// Thread-safe.

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "media/rendition.hpp"
#include "media/signed_url.hpp"
#include "store/database.hpp"
#include "store/repositories.hpp"
#include "web/concept_cache.hpp"
#include "web/http_types.hpp"
#include "web/router.hpp"
#include "web/site_cache.hpp"
#include "web/templates.hpp"

namespace civicpost::web {

struct PublicSiteSettings {
  std::string base_url;  // the public address, no trailing slash: feeds need absolute links
  std::chrono::milliseconds recheck{100};  // how often the store is asked for changes
};

class PublicSite {
 public:
  PublicSite(store::Database& db, store::Repositories& repos, const Templates& templates,
             std::filesystem::path data_dir, const Clock& clock,
             std::optional<media::UrlSigner> signer, PublicSiteSettings settings = {});

  void Register(Router& router);

  // Writes the public site of every authority into `dir` as plain files with
  // relative links (pages as .../index.html, feeds, the stylesheet and the
  // images' renditions), for a web server or CMS of the authority's own.
  // `dir` must not exist yet; the caller moves it into place. Returns the
  // number of files written.
  Result<int> ExportTo(const std::filesystem::path& dir);

 private:
  Response Home(const Request& request);
  Response SitePage(const Request& request);
  Response MediaFile(const Request& request);
  Response WebRendition(const Request& request);
  Response SignedRendition(const Request& request);
  // The rendition's file, with the rights record's credits and crop rule.
  Result<std::filesystem::path> Rendition(const Media& media, media::Recipe recipe);
  Response RenditionResponseFor(const Media& media, media::Recipe recipe);
  Response StaticFile(const Request& request);

  Response FromCache(const Organization& org, const std::string& path, const Request& request);
  Response ErrorPage(int status, const std::string& heading, const std::string& message) const;

  store::Database& db_;
  store::Repositories& repos_;
  const Templates& templates_;
  const std::filesystem::path data_dir_;
  const Clock& clock_;
  media::RenditionCache renditions_;
  std::optional<media::UrlSigner> signer_;  // empty: signed links are off
  ConceptCache concepts_;
  const std::string base_url_;
  SiteCache site_;
};

}  // namespace civicpost::web

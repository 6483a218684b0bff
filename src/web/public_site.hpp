#pragma once
// The authority's public pages: every published post, readable without an
// Instagram account, without cookies and without third-party requests.
//
//   /                   the one authority's page, or a list when several
//   /{slug}/            an authority's page
//   /media/{id}         an image of a published post (nothing else is public);
//                       photos only as renditions, never the original
//   /media/{id}/{recipe}.jpg   web renditions for srcset (web_480, web_960, web_1600)
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
#include "web/http_types.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace civicpost::web {

struct ContactLink {
  std::string label;
  std::string text;
  std::string url;  // may be empty
};

struct PersonContact {
  std::string name;
  std::string email;
  std::string phone;
};

// What the public page shows about an authority, taken from its concept.
struct AuthorityProfile {
  std::string name;
  std::string time_zone = "Europe/Berlin";
  std::optional<ContactLink> instagram;
  std::vector<std::string> alternatives_text;
  std::vector<ContactLink> contacts;
  std::vector<std::string> responsible_lines;  // department and address
  std::vector<PersonContact> staff;
  std::string dpo_title;
  std::optional<PersonContact> dpo;
  std::map<std::string, std::string> topic_names;  // id -> name
};

class PublicSite {
 public:
  PublicSite(store::Database& db, store::Repositories& repos, const Templates& templates,
             std::filesystem::path data_dir, const Clock& clock,
             std::optional<media::UrlSigner> signer);

  void Register(Router& router);

 private:
  Response Home(const Request& request);
  Response AuthorityPage(const Request& request);
  Response MediaFile(const Request& request);
  Response WebRendition(const Request& request);
  Response SignedRendition(const Request& request);
  // The rendition's file, with the rights record's credits and crop rule.
  Result<std::filesystem::path> Rendition(const Media& media, media::Recipe recipe);
  Response RenditionResponseFor(const Media& media, media::Recipe recipe);
  Response StaticFile(const Request& request);

  Response RenderAuthority(const Organization& org);
  Response ErrorPage(int status, const std::string& heading, const std::string& message) const;
  // The profile from the authority's current concept, parsed once per version.
  Result<AuthorityProfile> Profile(const Organization& org);

  store::Database& db_;
  store::Repositories& repos_;
  const Templates& templates_;
  const std::filesystem::path data_dir_;
  const Clock& clock_;
  media::RenditionCache renditions_;
  std::optional<media::UrlSigner> signer_;  // empty: signed links are off

  std::mutex mu_;
  // Guarded by mu_: concept sha256 -> profile.
  std::map<std::string, AuthorityProfile> profiles_;
};

}  // namespace civicpost::web

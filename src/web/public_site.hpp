#pragma once
// The authority's public pages: every published post, readable without an
// Instagram account, without cookies and without third-party requests.
//
//   /                   the one authority's page, or a list when several
//   /{slug}/            an authority's page
//   /media/{id}         an image of a published post (nothing else is public)
//   /static/{path...}   the stylesheet
//
// Thread-safe.

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

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
             std::filesystem::path data_dir);

  void Register(Router& router);

 private:
  Response Home(const Request& request);
  Response AuthorityPage(const Request& request);
  Response MediaFile(const Request& request);
  Response StaticFile(const Request& request);

  Response RenderAuthority(const Organization& org);
  Response ErrorPage(int status, const std::string& heading, const std::string& message) const;
  // The profile from the authority's current concept, parsed once per version.
  Result<AuthorityProfile> Profile(const Organization& org);

  store::Database& db_;
  store::Repositories& repos_;
  const Templates& templates_;
  const std::filesystem::path data_dir_;

  std::mutex mu_;
  // Guarded by mu_: concept sha256 -> profile.
  std::map<std::string, AuthorityProfile> profiles_;
};

}  // namespace civicpost::web

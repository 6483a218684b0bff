#pragma once
// Everything one authority's public mirror shows, read in one go from the
// store and the concept: the posts on the website (site::SiteFeedData) and
// what the pages around them say (profile, documents, Impressum,
// accessibility statement). Read once per change, then rendered.

#include <memory>
#include <string>

#include "concept/concept.hpp"
#include "core/organization.hpp"
#include "core/result.hpp"
#include "site/site_model.hpp"
#include "store/database.hpp"
#include "store/repositories.hpp"
#include "web/authority_profile.hpp"
#include "web/concept_cache.hpp"

namespace civicpost::web {

struct SiteContent {
  Organization organization;
  site::SiteFeedData feed;
  AuthorityProfile profile;
  std::shared_ptr<const usage::Concept> concept_value;  // null: no concept loaded yet
  int concept_version = 0;
};

// `text` cut to at most `length` bytes at the last space before it (never
// inside a UTF-8 sequence), with " …"; short texts as they are.
std::string ShortenAtWord(const std::string& text, size_t length);

// `base_url`: the public address without trailing slash, for feeds and the
// Impressum's links.
Result<SiteContent> ReadSiteContent(store::SqlSession& db, store::Repositories& repos,
                                    ConceptCache& concepts, const Organization& org,
                                    const std::string& base_url);

}  // namespace civicpost::web

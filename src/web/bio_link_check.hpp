#pragma once
// The daily check of the Impressum link in the platform bio (§ 5 DDG): the
// concept's `impressum.bio_link` must still answer. The link is fetched
// with GET through the HttpClient, which follows no redirects; the check
// follows up to five itself (relative Location headers included) and
// fails on a loop. 2xx at the end is ok; any other status, a redirect
// without Location, too many redirects or no connection fails.
//
// Each authority's result goes to the store (store/bio_link_store), which
// audits a change of state only. `serve` runs it daily, `civicpost
// impressum check` on demand. One caller at a time per object.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/http_client.hpp"
#include "store/repositories.hpp"
#include "web/concept_cache.hpp"

namespace civicpost::web {

inline constexpr int kBioLinkMaxRedirects = 5;

// What one link did.
struct LinkProbe {
  bool ok = false;
  std::optional<int> http_status{};  // of the last answer
  // Why it failed when no status says it: "too_many_redirects",
  // "redirect_loop", "no_location", "bad_url", "unreachable" (the bio_link
  // section of the catalogue says each); empty when ok or a status failed.
  std::string error{};
  std::string detail{};     // the transport's message, for the log and the CLI
  std::string final_url{};  // the address that answered last
  int redirects = 0;
};

// Fetches `url`, following up to `max_redirects` redirects.
LinkProbe ProbeLink(HttpClient& http, const std::string& url,
                    int max_redirects = kBioLinkMaxRedirects);

// "https://a.de/x/y?q" + "z" -> "https://a.de/x/z"; absolute and
// scheme-relative locations as they are.
std::string ResolveLocation(const std::string& base, std::string_view location);

struct BioLinkOutcome {
  OrganizationId organization;
  std::string authority;
  std::string url;
  LinkProbe probe;
  bool changed = false;  // the state differs from the last check
  Timestamp since{};     // when the current state began
};

struct BioLinkReport {
  Timestamp at{};
  std::vector<BioLinkOutcome> links;  // authorities with a bio link only

  bool all_ok() const {
    for (const BioLinkOutcome& link : links) {
      if (!link.probe.ok) return false;
    }
    return true;
  }
};

class BioLinkCheck {
 public:
  BioLinkCheck(store::Database& db, store::Repositories& repos, const Clock& clock,
               HttpClient& http)
      : db_(db), repos_(repos), clock_(clock), http_(http), concepts_(db, repos) {}

  // Checks every authority whose concept names a bio link and records the
  // results; `actor` is who the audit entries name. Errors are the store's.
  Result<BioLinkReport> Run(const Actor& actor);

 private:
  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  HttpClient& http_;
  ConceptCache concepts_;
};

// The report as plain text, German first: one line per authority.
std::string FormatBioLinkReport(const BioLinkReport& report);

}  // namespace civicpost::web

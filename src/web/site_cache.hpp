#pragma once
// The public mirror served from memory. Each authority's site is rendered
// once per change (web/site_pages) with every text file compressed ahead
// (gzip and brotli), and answered with ETag and Last-Modified so a browser or
// feed reader that has the page gets a 304.
//
// A change is noticed through the audit log's head: every write to the store
// moves it. It is asked at most once per `recheck` (0: every request), and a
// moved head re-reads the content; only content that differs is rendered
// again, so a comment storm (decisions are audited) costs a read, not a
// render. The authority's date is part of the key: "upcoming events" move
// at midnight.
//
// Thread-safe. Requests share the current snapshot; one rebuild at a time.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "store/database.hpp"
#include "store/repositories.hpp"
#include "web/concept_cache.hpp"
#include "web/http_types.hpp"
#include "web/site_pages.hpp"
#include "web/templates.hpp"

namespace civicpost::web {

struct CachedFile {
  std::string content_type;
  std::string body;
  std::string gzip;           // empty: not worth compressing
  std::string brotli;         // empty: not worth compressing
  std::string etag;           // quoted, from the body's SHA-256
  std::string last_modified;  // IMF-fixdate: when these bytes first appeared
};

class SiteCache {
 public:
  struct Options {
    std::string base_url;  // the public address, no trailing slash
    std::chrono::milliseconds recheck{100};
  };

  SiteCache(store::Database& db, store::Repositories& repos, const Templates& templates,
            ConceptCache& concepts, const Clock& clock, Options options);

  // The authorities with a site, asked from the store at most once per
  // `recheck` (a request should not wait on the database for a page in memory).
  Result<std::vector<Organization>> Authorities();
  // The authority of this slug, or nullopt.
  Result<std::optional<Organization>> FindAuthority(const std::string& slug);

  // The answer for `path` of `org`'s site: the file, a 304, or nullopt when
  // the site has no such file. kUnavailable when the store cannot be read.
  Result<std::optional<Response>> Serve(const Organization& org, const std::string& path,
                                        const Request& request);

  // What the site shows now, read afresh (the static export renders it its own way).
  Result<SiteContent> Read(const Organization& org);
  // The authority's local date now.
  std::chrono::year_month_day Today(const Organization& org);

 private:
  struct Snapshot {
    int64_t audit_head = 0;
    std::chrono::year_month_day day;
    std::string content_digest;
    std::map<std::string, std::shared_ptr<const CachedFile>> files;
  };

  Status RefreshAuthorities();
  Result<std::shared_ptr<const Snapshot>> Current(const Organization& org);
  Result<std::shared_ptr<const Snapshot>> Rebuild(const Organization& org, int64_t head,
                                                  std::chrono::year_month_day day,
                                                  const std::shared_ptr<const Snapshot>& before);

  store::Database& db_;
  store::Repositories& repos_;
  const Templates& templates_;
  ConceptCache& concepts_;
  const Clock& clock_;
  const Options options_;

  std::mutex rebuild_mu_;  // one rebuild at a time
  std::mutex mu_;
  // Guarded by mu_.
  std::map<int64_t, std::shared_ptr<const Snapshot>> sites_;  // by organization id
  std::map<int64_t, std::chrono::steady_clock::time_point> checked_at_;
  std::vector<Organization> authorities_;
  std::optional<std::chrono::steady_clock::time_point> authorities_at_;
};

// Picks the response for a request: 304 when its validators match, else the
// body in the best encoding the client accepts. Public for tests.
Response CachedResponse(const CachedFile& file, const Request& request,
                        const std::string& cache_control);

// "Thu, 26 Nov 2026 05:10:00 GMT".
std::string HttpDate(Timestamp t);

}  // namespace civicpost::web

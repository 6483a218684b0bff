#include "web/site_cache.hpp"

#include <brotli/encode.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <array>
#include <ctime>
#include <vector>

#include "concept/authority_zone.hpp"
#include "core/sha256.hpp"
#include "core/time_zone.hpp"

namespace civicpost::web {
namespace {

constexpr size_t kCompressFrom = 256;  // smaller bodies gain nothing
constexpr int kBrotliQuality = 9;      // 11 is 20x slower for 2-3% less on these pages

bool IsText(const std::string& content_type) {
  return content_type.starts_with("text/") || content_type.find("xml") != std::string::npos ||
         content_type.find("json") != std::string::npos;
}

std::string Gzip(const std::string& body) {
  z_stream stream{};
  // 15 window bits + 16: a gzip header, as Content-Encoding: gzip means.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return "";
  }
  std::string out(deflateBound(&stream, body.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return result == Z_STREAM_END ? out : "";
}

std::string Brotli(const std::string& body) {
  size_t size = BrotliEncoderMaxCompressedSize(body.size());
  if (size == 0) return "";
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                             reinterpret_cast<const uint8_t*>(body.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return "";
  }
  out.resize(size);
  return out;
}

// The comma-separated items of a header value, trimmed.
std::vector<std::string_view> ListItems(std::string_view header) {
  std::vector<std::string_view> items;
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(start, end - start);
    start = end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

// Whether `accept` (an Accept-Encoding value) takes `coding` with q > 0.
bool Accepts(std::string_view accept, std::string_view coding) {
  for (std::string_view item : ListItems(accept)) {
    const size_t semicolon = item.find(';');
    std::string_view name = item.substr(0, semicolon);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!EqualsIgnoreCase(name, coding)) continue;
    if (semicolon == std::string_view::npos) return true;
    const std::string_view params = item.substr(semicolon + 1);
    const size_t q = params.find("q=");
    if (q == std::string_view::npos) return true;
    // q=0, q=0.0, q=0.000: refused; anything else accepted.
    return params.substr(q + 2).find_first_not_of("0. ") != std::string_view::npos;
  }
  return false;
}

// Whether If-None-Match lists this ETag (weakly compared, as RFC 9110 asks
// for GET).
bool MatchesEtag(std::string_view header, std::string_view etag) {
  for (std::string_view tag : ListItems(header)) {
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

// Length-prefixed fields, so that no two contents digest alike by accident.
class Digest {
 public:
  Digest& Add(std::string_view field) {
    text_ += std::to_string(field.size());
    text_ += ':';
    text_ += field;
    return *this;
  }
  Digest& Add(Timestamp t) { return Add(std::to_string(t.time_since_epoch().count())); }
  std::string Hex() const { return Sha256Hex(text_); }

 private:
  std::string text_;
};

std::string ContentDigest(const SiteContent& content) {
  Digest digest;
  digest.Add(std::to_string(content.concept_version)).Add(content.organization.name);
  for (const site::SitePost& post : content.feed.posts) {
    digest.Add(post.id.ToString()).Add(post.updated_at).Add(post.published_at);
    digest.Add(post.caption).Add(post.platform_url).Add(post.topic_name);
    if (post.event) {
      digest.Add(post.event->title).Add(post.event->place).Add(post.event->starts_at);
      digest.Add(post.event->ends_at.value_or(Timestamp{}));
    }
    for (const site::SiteImage& image : post.images) {
      digest.Add(image.media_id.ToString()).Add(image.credit).Add(image.alt);
      digest.Add(std::to_string(image.width) + "x" + std::to_string(image.height));
    }
  }
  return digest.Hex();
}

// Pages and feeds are asked again every time (a 304 costs little), so a
// withdrawn post is gone for everyone at once.
constexpr std::string_view kCacheControl = "public, no-cache";

}  // namespace

std::string HttpDate(Timestamp t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = t.time_since_epoch().count();
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return out;
}

Response CachedResponse(const CachedFile& file, const Request& request,
                        const std::string& cache_control) {
  Response response;
  response.content_type = file.content_type;
  response.headers = {
      {"ETag", file.etag}, {"Last-Modified", file.last_modified}, {"Cache-Control", cache_control}};
  if (!file.gzip.empty() || !file.brotli.empty()) {
    response.headers.emplace_back("Vary", "Accept-Encoding");
  }
  const auto if_none_match = request.Header("If-None-Match");
  const auto if_modified_since = request.Header("If-Modified-Since");
  const bool fresh = if_none_match ? MatchesEtag(*if_none_match, file.etag)
                                   : if_modified_since && *if_modified_since == file.last_modified;
  if (fresh) {
    response.status = 304;
    return response;
  }
  const std::string_view accept = request.Header("Accept-Encoding").value_or("");
  if (!file.brotli.empty() && Accepts(accept, "br")) {
    response.body = file.brotli;
    response.headers.emplace_back("Content-Encoding", "br");
  } else if (!file.gzip.empty() && Accepts(accept, "gzip")) {
    response.body = file.gzip;
    response.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    response.body = file.body;
  }
  return response;
}

SiteCache::SiteCache(store::Database& db, store::Repositories& repos, const Templates& templates,
                     ConceptCache& concepts, const Clock& clock, Options options)
    : db_(db),
      repos_(repos),
      templates_(templates),
      concepts_(concepts),
      clock_(clock),
      options_(std::move(options)) {}

Status SiteCache::RefreshAuthorities() {
  const auto now = clock_.SteadyNow();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (authorities_at_ && options_.recheck.count() > 0 &&
        now - *authorities_at_ < options_.recheck) {
      return Status::Ok();
    }
  }
  auto listed = repos_.organizations.List(db_);
  if (!listed) return listed.error();
  std::lock_guard<std::mutex> lock(mu_);
  authorities_ = std::move(*listed);
  authorities_at_ = now;
  return Status::Ok();
}

Result<std::vector<Organization>> SiteCache::Authorities() {
  if (Status s = RefreshAuthorities(); !s.ok()) return s.error();
  std::lock_guard<std::mutex> lock(mu_);
  return authorities_;
}

Result<std::optional<Organization>> SiteCache::FindAuthority(const std::string& slug) {
  if (Status s = RefreshAuthorities(); !s.ok()) return s.error();
  std::lock_guard<std::mutex> lock(mu_);
  for (const Organization& org : authorities_) {
    if (org.slug == slug) return std::optional<Organization>(org);
  }
  return std::optional<Organization>();
}

std::chrono::year_month_day SiteCache::Today(const Organization& org) {
  std::string zone_name = "Europe/Berlin";
  if (auto c = concepts_.For(org.id)) zone_name = usage::AuthorityZoneName((*c)->office_hours);
  auto zone = TimeZone::Find(zone_name);
  if (!zone) zone = TimeZone::Find("Europe/Berlin");
  return zone->ToLocal(clock_.Now()).date();
}

Result<SiteContent> SiteCache::Read(const Organization& org) {
  return ReadSiteContent(db_, repos_, concepts_, org, options_.base_url);
}

Result<std::shared_ptr<const SiteCache::Snapshot>> SiteCache::Current(const Organization& org) {
  const auto now = clock_.SteadyNow();
  std::shared_ptr<const Snapshot> snapshot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto found = sites_.find(org.id.value());
    if (found != sites_.end()) snapshot = found->second;
    const bool checked_lately =
        options_.recheck.count() > 0 && now - checked_at_[org.id.value()] < options_.recheck;
    if (snapshot && checked_lately) return snapshot;
  }
  auto head = repos_.audit.HeadId(db_);
  if (!head) return head.error();
  const auto day = Today(org);
  std::lock_guard<std::mutex> rebuilding(rebuild_mu_);
  {
    // Another request may have rebuilt it while this one waited.
    std::lock_guard<std::mutex> lock(mu_);
    if (auto found = sites_.find(org.id.value()); found != sites_.end()) snapshot = found->second;
  }
  if (!snapshot || snapshot->audit_head != *head || snapshot->day != day) {
    auto rebuilt = Rebuild(org, *head, day, snapshot);
    if (!rebuilt) return rebuilt.error();
    snapshot = *rebuilt;
  }
  std::lock_guard<std::mutex> lock(mu_);
  sites_[org.id.value()] = snapshot;
  checked_at_[org.id.value()] = now;
  return snapshot;
}

Result<std::shared_ptr<const SiteCache::Snapshot>> SiteCache::Rebuild(
    const Organization& org, int64_t head, std::chrono::year_month_day day,
    const std::shared_ptr<const Snapshot>& before) {
  auto content = Read(org);
  if (!content) return content.error();
  auto next = std::make_shared<Snapshot>();
  next->audit_head = head;
  next->day = day;
  next->content_digest = ContentDigest(*content);
  if (before && before->day == day && before->content_digest == next->content_digest) {
    next->files = before->files;  // nothing the site shows has changed
    return std::shared_ptr<const Snapshot>(next);
  }
  const std::string now = HttpDate(clock_.Now());
  for (SiteFile& file : RenderSite(*content, templates_, {SiteLinks::kRooted, day, ""})) {
    auto cached = std::make_shared<CachedFile>();
    cached->content_type = std::move(file.content_type);
    cached->etag = "\"" + Sha256Hex(file.body).substr(0, 32) + "\"";
    cached->last_modified = now;
    if (before) {
      auto old = before->files.find(file.path);
      if (old != before->files.end() && old->second->etag == cached->etag) {
        next->files.emplace(file.path, old->second);  // same bytes, same validators
        continue;
      }
    }
    if (IsText(cached->content_type) && file.body.size() >= kCompressFrom) {
      cached->gzip = Gzip(file.body);
      cached->brotli = Brotli(file.body);
      if (cached->gzip.size() >= file.body.size()) cached->gzip.clear();
      if (cached->brotli.size() >= file.body.size()) cached->brotli.clear();
    }
    cached->body = std::move(file.body);
    next->files.emplace(std::move(file.path), std::move(cached));
  }
  spdlog::info("public site of {}: {} files rendered", org.slug, next->files.size());
  return std::shared_ptr<const Snapshot>(next);
}

Result<std::optional<Response>> SiteCache::Serve(const Organization& org, const std::string& path,
                                                 const Request& request) {
  auto snapshot = Current(org);
  if (!snapshot) return snapshot.error();
  auto found = (*snapshot)->files.find(path);
  if (found == (*snapshot)->files.end()) return std::optional<Response>();
  return std::optional<Response>(
      CachedResponse(*found->second, request, std::string(kCacheControl)));
}

}  // namespace civicpost::web

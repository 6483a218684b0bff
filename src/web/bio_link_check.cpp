#include "web/bio_link_check.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "core/time_format.hpp"

namespace civicpost::web {
namespace {

constexpr std::chrono::milliseconds kTimeout{15'000};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsHttpUrl(std::string_view url) {
  const std::string lower = Lower(url.substr(0, 8));
  const size_t rest = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  return rest > 0 && url.size() > rest && url[rest] != '/';
}

bool IsFollowed(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

std::string ResolveLocation(const std::string& base, std::string_view location) {
  if (IsHttpUrl(location)) return std::string(location);
  const size_t scheme_end = base.find("://");
  if (scheme_end == std::string::npos) return std::string(location);
  if (location.starts_with("//")) return base.substr(0, scheme_end + 1) + std::string(location);
  const size_t path_start = base.find('/', scheme_end + 3);
  std::string origin = base.substr(0, path_start);
  // A query or fragment right after the host belongs to no path.
  if (const size_t cut = origin.find_first_of("?#"); cut != std::string::npos) {
    origin.resize(cut);
  }
  if (location.starts_with("/")) return origin + std::string(location);
  std::string path = path_start == std::string::npos ? "/" : base.substr(path_start);
  if (const size_t cut = path.find_first_of("?#"); cut != std::string::npos) path.resize(cut);
  if (location.starts_with("?")) return origin + path + std::string(location);
  return origin + path.substr(0, path.rfind('/') + 1) + std::string(location);
}

LinkProbe ProbeLink(HttpClient& http, const std::string& url, int max_redirects) {
  LinkProbe probe;
  probe.final_url = url;
  if (!IsHttpUrl(url)) {
    probe.error = "bad_url";
    return probe;
  }
  std::set<std::string> seen{url};
  std::string current = url;
  for (;;) {
    HttpRequest request;
    request.url = current;
    request.timeout = kTimeout;
    request.headers.emplace_back("Accept", "text/html,*/*;q=0.8");
    auto reply = http.Send(request);
    probe.final_url = current;
    if (!reply) {
      probe.http_status.reset();
      probe.error = "unreachable";
      probe.detail = reply.error().message;
      return probe;
    }
    probe.http_status = reply->status;
    if (reply->status >= 200 && reply->status < 300) {
      probe.ok = true;
      return probe;
    }
    if (!IsFollowed(reply->status)) return probe;
    auto location = reply->Header("location");
    if (!location || location->empty()) {
      probe.error = "no_location";
      return probe;
    }
    if (probe.redirects == max_redirects) {
      probe.error = "too_many_redirects";
      return probe;
    }
    const std::string next = ResolveLocation(current, *location);
    if (!IsHttpUrl(next)) {
      probe.error = "bad_url";
      probe.detail = next;
      return probe;
    }
    if (!seen.insert(next).second) {
      probe.error = "redirect_loop";
      probe.detail = next;
      return probe;
    }
    ++probe.redirects;
    current = next;
  }
}

Result<BioLinkReport> BioLinkCheck::Run(const Actor& actor) {
  BioLinkReport report;
  report.at = clock_.Now();
  auto organizations = repos_.organizations.List(db_);
  if (!organizations) return organizations.error();
  for (const Organization& org : *organizations) {
    std::string url;
    if (auto concept_ptr = concepts_.For(org.id); concept_ptr && (*concept_ptr)->impressum) {
      url = (*concept_ptr)->impressum->bio_link;
    }
    if (url.empty()) {
      Status forgotten = store::InTransaction(
          db_, [&](store::Transaction& tx) { return repos_.bio_links.Forget(tx, actor, org.id); });
      if (!forgotten.ok()) return forgotten.error();
      continue;
    }
    BioLinkOutcome outcome;
    outcome.organization = org.id;
    outcome.authority = org.name;
    outcome.url = url;
    outcome.probe = ProbeLink(http_, url);
    store::BioLinkResult result;
    result.organization = org.id;
    result.url = url;
    result.ok = outcome.probe.ok;
    result.http_status = outcome.probe.http_status;
    result.error = outcome.probe.error;
    result.checked_at = clock_.Now();
    auto changed = store::InTransaction(
        db_, [&](store::Transaction& tx) { return repos_.bio_links.Record(tx, actor, result); });
    if (!changed) return Error{changed.error().code, org.slug + ": " + changed.error().message};
    outcome.changed = *changed;
    auto stored = repos_.bio_links.Find(db_, org.id);
    outcome.since = stored && *stored ? (*stored)->since : result.checked_at;
    if (!outcome.probe.ok) {
      std::string reason = !outcome.probe.error.empty() || !outcome.probe.http_status
                               ? outcome.probe.error
                               : "HTTP " + std::to_string(*outcome.probe.http_status);
      if (!outcome.probe.detail.empty()) reason += " (" + outcome.probe.detail + ")";
      spdlog::warn("the Impressum link in the bio of {} ({}) fails: {}", org.slug, url, reason);
    }
    report.links.push_back(std::move(outcome));
  }
  return report;
}

std::string FormatBioLinkReport(const BioLinkReport& report) {
  std::string out = "Impressum-Link in der Bio, geprüft am " + FormatIsoUtc(report.at) +
                    " / Impressum link in the bio\n";
  if (report.links.empty()) {
    out += "Kein Konzept nennt impressum.bio_link / no concept names impressum.bio_link\n";
  }
  for (const BioLinkOutcome& link : report.links) {
    out += link.authority + ": " + link.url + " ";
    if (link.probe.ok) {
      out += "ok (HTTP " + std::to_string(*link.probe.http_status) + ")";
      if (link.probe.redirects > 0) out += " via " + link.probe.final_url;
    } else {
      out += "ANTWORTET NICHT / FAILS (";
      if (link.probe.http_status) out += "HTTP " + std::to_string(*link.probe.http_status);
      if (link.probe.http_status && !link.probe.error.empty()) out += ", ";
      out += link.probe.error;
      if (!link.probe.detail.empty()) out += ": " + link.probe.detail;
      out += ") seit / since " + FormatIsoUtc(link.since);
    }
    out += "\n";
  }
  return out;
}

}  // namespace civicpost::web

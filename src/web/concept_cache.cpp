#include "web/concept_cache.hpp"

#include "concept/concept_loader.hpp"

namespace civicpost::web {

Result<std::shared_ptr<const usage::Concept>> ConceptCache::For(OrganizationId org) {
  auto digest = repos_.organizations.LatestConceptSha256(db_, org);
  if (!digest) return digest.error();
  if (!*digest) return NotFound("no concept is loaded for authority " + org.ToString());
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto found = by_sha256_.find(**digest); found != by_sha256_.end()) return found->second;
  }
  auto version = repos_.organizations.FindConcept(db_, org, **digest);
  if (!version) return version.error();
  if (!*version) return NotFound("the concept of authority " + org.ToString() + " disappeared");
  usage::ConceptLoad load = usage::ParseConcept((*version)->toml_text, (*version)->source_name);
  if (!load.ok()) return InvalidArgument(usage::FormatDiagnostics(load.diagnostics));
  auto parsed = std::make_shared<const usage::Concept>(std::move(*load.concept_value));
  std::lock_guard<std::mutex> lock(mu_);
  by_sha256_.emplace(**digest, parsed);
  return parsed;
}

}  // namespace civicpost::web

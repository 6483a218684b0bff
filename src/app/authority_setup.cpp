#include "app/authority_setup.hpp"

namespace civicpost::app {

Result<NewAuthority> CreateAuthority(store::Transaction& tx, store::Repositories& repos,
                                     const Actor& actor, const usage::Concept& c,
                                     const std::string& source_name, const std::string& toml_text) {
  Organization org;
  org.slug = c.authority.slug;
  org.name = c.authority.name;
  org.website = c.authority.website;
  auto id = repos.organizations.Create(tx, actor, org);
  if (!id) return id.error();
  for (const usage::Channel& channel : c.channels) {
    Channel row;
    row.organization_id = *id;
    row.key = channel.id;
    row.platform = channel.platform;
    row.name = channel.name;
    row.handle = channel.handle.value_or("");
    row.url = channel.url;
    auto created = repos.channels.Create(tx, actor, row);
    if (!created) return created.error();
  }
  auto version = repos.organizations.RecordConcept(tx, actor, *id, source_name, toml_text);
  if (!version) return version.error();
  return NewAuthority{*id, *version};
}

Result<Organization> ChooseAuthority(store::SqlSession& db, store::Repositories& repos,
                                     const std::optional<std::string>& slug) {
  auto orgs = repos.organizations.List(db);
  if (!orgs) return orgs.error();
  std::string known;
  for (const Organization& org : *orgs) {
    if (slug && org.slug == *slug) return org;
    known += (known.empty() ? "" : ", ") + org.slug;
  }
  if (orgs->empty()) {
    return NotFound("no authority is set up yet (run 'civicpost init --concept FILE')");
  }
  if (slug) return NotFound("no authority '" + *slug + "'; there is: " + known);
  if (orgs->size() > 1) {
    return InvalidArgument("several authorities are hosted (" + known +
                           "); say which with --organization");
  }
  return orgs->front();
}

}  // namespace civicpost::app

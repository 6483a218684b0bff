#include "store/organization_store.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/sha256.hpp"
#include "store/record_json.hpp"
#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

constexpr std::string_view kOrgColumns = "id, slug, name, website, created_at";
constexpr std::string_view kUserColumns =
    "id, organization_id, email, display_name, password_hash, roles, disabled, created_at, "
    "language";

Organization OrgFromRow(const Row& row) {
  return {OrganizationId(row.Int(0)), row.Text(1), row.Text(2), row.Text(3), TimeAt(row, 4)};
}

std::string JoinRoles(const std::set<Role>& roles) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += ",";
    out += kRoleNames.Name(r);
  }
  return out;
}

std::set<Role> SplitRoles(const std::string& text) {
  std::set<Role> roles;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (auto r = kRoleNames.Parse(std::string_view(text).substr(start, end - start))) {
      roles.insert(*r);
    }
    start = end + 1;
  }
  return roles;
}

User UserFromRow(const Row& row) {
  User u;
  u.id = UserId(row.Int(0));
  u.organization_id = OrganizationId(row.Int(1));
  u.email = row.Text(2);
  u.display_name = row.Text(3);
  u.password_hash = row.Text(4);
  u.roles = SplitRoles(row.Text(5));
  u.disabled = row.Int(6) != 0;
  u.created_at = TimeAt(row, 7);
  u.language = row.Text(8);
  return u;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Result<std::optional<ConceptVersion>> OneConcept(Result<Rows> rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<ConceptVersion>();
  const Row& row = (*rows)[0];
  return std::optional<ConceptVersion>(ConceptVersion{static_cast<int>(row.Int(0)), row.Text(1),
                                                      row.Text(2), row.Text(3), TimeAt(row, 4)});
}

}  // namespace

Result<OrganizationId> OrganizationStore::Create(Transaction& tx, const Actor& actor,
                                                 Organization org) {
  auto taken = FindBySlug(tx, org.slug);
  if (!taken) return taken.error();
  if (*taken) return Conflict("an authority with the slug '" + org.slug + "' exists already");
  org.created_at = clock_.Now();
  auto id = ReturnedId(tx.Query(
      "INSERT INTO organizations (slug, name, website, created_at) VALUES ($1, $2, $3, $4) "
      "RETURNING id",
      {org.slug, org.name, org.website, TimeValue(org.created_at)}));
  if (!id) return id.error();
  org.id = OrganizationId(*id);
  Status s = audit_.Append(
      tx, actor, {"organization.create", "organization", org.id.ToString(), "", ToJson(org)});
  if (!s.ok()) return s.error();
  return org.id;
}

Result<std::optional<Organization>> OrganizationStore::FindBySlug(SqlSession& db,
                                                                  std::string_view slug) {
  auto rows = db.Query("SELECT " + std::string(kOrgColumns) + " FROM organizations WHERE slug = $1",
                       {std::string(slug)});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Organization>();
  return std::optional<Organization>(OrgFromRow((*rows)[0]));
}

Result<Organization> OrganizationStore::Get(SqlSession& db, OrganizationId id) {
  auto rows = db.Query("SELECT " + std::string(kOrgColumns) + " FROM organizations WHERE id = $1",
                       {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no authority with id " + id.ToString());
  return OrgFromRow((*rows)[0]);
}

Result<std::vector<Organization>> OrganizationStore::List(SqlSession& db) {
  auto rows = db.Query("SELECT " + std::string(kOrgColumns) + " FROM organizations ORDER BY name");
  if (!rows) return rows.error();
  std::vector<Organization> out;
  for (const Row& row : *rows) out.push_back(OrgFromRow(row));
  return out;
}

Result<int> OrganizationStore::RecordConcept(Transaction& tx, const Actor& actor,
                                             OrganizationId org, const std::string& source_name,
                                             const std::string& toml_text,
                                             const std::vector<std::string>& changes) {
  auto latest = LatestConcept(tx, org);
  if (!latest) return latest.error();
  const std::string digest = Sha256Hex(toml_text);
  if (*latest && (*latest)->sha256 == digest) return (*latest)->version;
  const int version = *latest ? (*latest)->version + 1 : 1;
  auto inserted = tx.Execute(
      "INSERT INTO concept_versions (organization_id, version, source_name, toml_text, sha256, "
      "loaded_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {org.value(), int64_t{version}, source_name, toml_text, digest, TimeValue(clock_.Now())});
  if (!inserted) return inserted.error();
  const nlohmann::json after = {
      {"version", version}, {"sha256", digest}, {"source", source_name}, {"changes", changes}};
  Status s =
      audit_.Append(tx, actor, {"concept.load", "organization", org.ToString(), "", after.dump()});
  if (!s.ok()) return s.error();
  return version;
}

Result<std::optional<ConceptVersion>> OrganizationStore::LatestConcept(SqlSession& db,
                                                                       OrganizationId org) {
  return OneConcept(
      db.Query("SELECT version, source_name, toml_text, sha256, loaded_at FROM concept_versions "
               "WHERE organization_id = $1 ORDER BY version DESC LIMIT 1",
               {org.value()}));
}

Result<std::optional<std::string>> OrganizationStore::LatestConceptSha256(SqlSession& db,
                                                                          OrganizationId org) {
  auto rows = db.Query(
      "SELECT sha256 FROM concept_versions WHERE organization_id = $1 "
      "ORDER BY version DESC LIMIT 1",
      {org.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>((*rows)[0].Text(0));
}

Result<std::optional<ConceptVersion>> OrganizationStore::FindConcept(SqlSession& db,
                                                                     OrganizationId org,
                                                                     const std::string& sha256) {
  return OneConcept(
      db.Query("SELECT version, source_name, toml_text, sha256, loaded_at FROM concept_versions "
               "WHERE organization_id = $1 AND sha256 = $2 ORDER BY version DESC LIMIT 1",
               {org.value(), sha256}));
}

Result<UserId> UserStore::Create(Transaction& tx, const Actor& actor, User user) {
  user.email = Lower(user.email);
  auto taken = FindByEmail(tx, user.email);
  if (!taken) return taken.error();
  if (*taken) return Conflict("a user with the e-mail address " + user.email + " exists already");
  user.created_at = clock_.Now();
  auto id = ReturnedId(tx.Query(
      "INSERT INTO users (organization_id, email, display_name, password_hash, roles, disabled, "
      "created_at, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {user.organization_id.value(), user.email, user.display_name, user.password_hash,
       JoinRoles(user.roles), int64_t{user.disabled ? 1 : 0}, TimeValue(user.created_at),
       user.language}));
  if (!id) return id.error();
  user.id = UserId(*id);
  Status s =
      audit_.Append(tx, actor, {"user.create", "user", user.id.ToString(), "", ToJson(user)});
  if (!s.ok()) return s.error();
  return user.id;
}

Result<std::optional<User>> UserStore::FindByEmail(SqlSession& db, std::string_view email) {
  auto rows = db.Query("SELECT " + std::string(kUserColumns) + " FROM users WHERE email = $1",
                       {Lower(email)});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<User>();
  return std::optional<User>(UserFromRow((*rows)[0]));
}

Result<User> UserStore::Get(SqlSession& db, UserId id) {
  auto rows =
      db.Query("SELECT " + std::string(kUserColumns) + " FROM users WHERE id = $1", {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no user with id " + id.ToString());
  return UserFromRow((*rows)[0]);
}

Status UserStore::Update(Transaction& tx, const Actor& actor, const User& user) {
  auto before = Get(tx, user.id);
  if (!before) return before.error();
  auto changed = tx.Execute(
      "UPDATE users SET display_name = $1, roles = $2, disabled = $3, language = $4 "
      "WHERE id = $5",
      {user.display_name, JoinRoles(user.roles), int64_t{user.disabled ? 1 : 0}, user.language,
       user.id.value()});
  if (!changed) return changed.error();
  User after = *before;
  after.display_name = user.display_name;
  after.roles = user.roles;
  after.disabled = user.disabled;
  after.language = user.language;
  return audit_.Append(tx, actor,
                       {"user.update", "user", user.id.ToString(), ToJson(*before), ToJson(after)});
}

Status UserStore::SetPasswordHash(Transaction& tx, const Actor& actor, UserId id,
                                  const std::string& password_hash) {
  auto changed =
      tx.Execute("UPDATE users SET password_hash = $1 WHERE id = $2", {password_hash, id.value()});
  if (!changed) return changed.error();
  if (*changed == 0) return NotFound("no user with id " + id.ToString());
  // The hash itself never goes into the log; that it changed, and by whom, does.
  return audit_.Append(tx, actor, {"user.password", "user", id.ToString(), "", ""});
}

Result<std::vector<User>> UserStore::ListByOrganization(SqlSession& db, OrganizationId org) {
  auto rows = db.Query("SELECT " + std::string(kUserColumns) +
                           " FROM users WHERE organization_id = $1 ORDER BY email",
                       {org.value()});
  if (!rows) return rows.error();
  std::vector<User> out;
  for (const Row& row : *rows) out.push_back(UserFromRow(row));
  return out;
}

}  // namespace civicpost::store

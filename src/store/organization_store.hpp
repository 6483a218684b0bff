#pragma once
// Authorities, the concept versions loaded for them, and their staff accounts.

#include <optional>
#include <string>
#include <vector>

#include "core/organization.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

struct ConceptVersion {
  int version = 0;
  std::string source_name;
  std::string toml_text;
  std::string sha256;
  Timestamp loaded_at;
};

class OrganizationStore {
 public:
  OrganizationStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // Fails with kConflict when the slug is taken.
  Result<OrganizationId> Create(Transaction& tx, const Actor& actor, Organization org);
  Result<std::optional<Organization>> FindBySlug(SqlSession& db, std::string_view slug);
  Result<Organization> Get(SqlSession& db, OrganizationId id);
  Result<std::vector<Organization>> List(SqlSession& db);

  // Stores `toml_text` as the next version unless it equals the latest one;
  // returns the version now current. `changes` (key paths, see
  // usage::ChangedKeys) is the diff summary the audit entry records.
  Result<int> RecordConcept(Transaction& tx, const Actor& actor, OrganizationId org,
                            const std::string& source_name, const std::string& toml_text,
                            const std::vector<std::string>& changes = {});
  Result<std::optional<ConceptVersion>> LatestConcept(SqlSession& db, OrganizationId org);
  // Only the SHA-256 of the latest version: cheap enough to ask per request.
  Result<std::optional<std::string>> LatestConceptSha256(SqlSession& db, OrganizationId org);
  // The stored version whose text has this SHA-256, if any.
  Result<std::optional<ConceptVersion>> FindConcept(SqlSession& db, OrganizationId org,
                                                    const std::string& sha256);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

class UserStore {
 public:
  UserStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // The e-mail is stored lower-case; kConflict if it is taken.
  Result<UserId> Create(Transaction& tx, const Actor& actor, User user);
  Result<std::optional<User>> FindByEmail(SqlSession& db, std::string_view email);
  Result<User> Get(SqlSession& db, UserId id);
  // Stores display name, roles, disabled and language; e-mail and password stay.
  Status Update(Transaction& tx, const Actor& actor, const User& user);
  Status SetPasswordHash(Transaction& tx, const Actor& actor, UserId id,
                         const std::string& password_hash);
  Result<std::vector<User>> ListByOrganization(SqlSession& db, OrganizationId org);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store

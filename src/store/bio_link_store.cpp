#include "store/bio_link_store.hpp"

#include <nlohmann/json.hpp>

#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

using nlohmann::json;

json StateJson(const BioLinkResult& r) {
  json out{{"url", r.url}, {"ok", r.ok}, {"since", FormatIsoUtc(r.since)}};
  if (r.http_status) out["http_status"] = *r.http_status;
  if (!r.error.empty()) out["error"] = r.error;
  return out;
}

}  // namespace

Result<std::optional<BioLinkResult>> BioLinkStore::Find(SqlSession& db, OrganizationId org) {
  auto rows = db.Query(
      "SELECT organization_id, url, ok, http_status, error, checked_at, since"
      " FROM bio_link_checks WHERE organization_id = $1",
      {org.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<BioLinkResult>();
  const Row& row = (*rows)[0];
  BioLinkResult r;
  r.organization = OrganizationId(row.Int(0));
  r.url = row.Text(1);
  r.ok = row.Int(2) != 0;
  if (auto status = row.OptionalInt(3)) r.http_status = static_cast<int>(*status);
  r.error = row.Text(4);
  r.checked_at = TimeAt(row, 5);
  r.since = TimeAt(row, 6);
  return std::optional<BioLinkResult>(r);
}

Result<bool> BioLinkStore::Record(Transaction& tx, const Actor& actor,
                                  const BioLinkResult& result) {
  auto before = Find(tx, result.organization);
  if (!before) return before.error();
  const bool changed = !*before || (*before)->ok != result.ok || (*before)->url != result.url;
  BioLinkResult stored = result;
  stored.since = changed ? result.checked_at : (*before)->since;
  const SqlValue status =
      result.http_status ? SqlValue(int64_t{*result.http_status}) : SqlValue(std::monostate{});
  auto written = tx.Execute(
      "INSERT INTO bio_link_checks (organization_id, url, ok, http_status, error, checked_at, "
      "since)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7)"
      " ON CONFLICT (organization_id) DO UPDATE SET url = excluded.url, ok = excluded.ok,"
      " http_status = excluded.http_status, error = excluded.error,"
      " checked_at = excluded.checked_at, since = excluded.since",
      {result.organization.value(), result.url, int64_t{result.ok ? 1 : 0}, status, result.error,
       TimeValue(result.checked_at), TimeValue(stored.since)});
  if (!written) return written.error();
  if (!changed) return false;
  const std::string before_json = *before ? StateJson(**before).dump() : "";
  if (Status s =
          audit_.Append(tx, actor,
                        {"impressum.bio_link", "organization", result.organization.ToString(),
                         before_json, StateJson(stored).dump()});
      !s.ok()) {
    return s.error();
  }
  return true;
}

Status BioLinkStore::Forget(Transaction& tx, const Actor& actor, OrganizationId org) {
  auto before = Find(tx, org);
  if (!before) return before.error();
  if (!*before) return Status::Ok();
  auto deleted =
      tx.Execute("DELETE FROM bio_link_checks WHERE organization_id = $1", {org.value()});
  if (!deleted) return deleted.error();
  return audit_.Append(
      tx, actor,
      {"impressum.bio_link", "organization", org.ToString(), StateJson(**before).dump(), ""});
}

}  // namespace civicpost::store

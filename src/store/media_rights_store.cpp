#include "store/media_rights_store.hpp"

#include <string>

#include "store/record_json.hpp"
#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

constexpr std::string_view kRightsColumns =
    "media_id, source, author, copyright_notice, licence, licence_url, source_url, title, "
    "attribution_required, attribution, licensed_until, people_recognisable, "
    "sensitive_setting, legal_review, updated_by, updated_at";
constexpr std::string_view kPersonColumns =
    "id, media_id, name, basis, channels, purpose, given_on, expires_on, minor, age, "
    "guardians_custodial, guardians_consented, own_consent, form_location, note, withdrawn_at";
constexpr std::string_view kTakedownColumns =
    "t.id, t.post_id, t.media_id, t.person_id, t.reason, t.requested_at, t.done_at";

SqlValue DateValue(const std::optional<Date>& d) {
  if (!d) return std::monostate{};
  return FormatIsoDate(*d);
}

std::optional<Date> DateAt(const Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return ParseIsoDate(row.Text(i));
}

int64_t Flag(bool b) { return b ? 1 : 0; }

// Channel keys are plain identifiers ([a-z0-9_-]), so a comma joins them safely.
std::string JoinKeys(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : ",") + k;
  return out;
}

std::vector<std::string> SplitKeys(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

MediaRights RightsFromRow(const Row& row) {
  MediaRights r;
  r.media_id = MediaId(row.Int(0));
  r.source = EnumAt(kMediaSourceNames, row, 1, MediaSource::kOwn);
  r.author = row.Text(2);
  r.copyright_notice = row.Text(3);
  r.licence = row.Text(4);
  r.licence_url = row.Text(5);
  r.source_url = row.Text(6);
  r.title = row.Text(7);
  r.attribution_required = row.Int(8) != 0;
  r.attribution = row.Text(9);
  r.licensed_until = DateAt(row, 10);
  r.people_recognisable = row.Int(11) != 0;
  r.sensitive_setting = EnumAt(kSensitiveSettingNames, row, 12, SensitiveSetting::kNone);
  r.legal_review = row.Text(13);
  if (!row.IsNull(14)) r.updated_by = UserId(row.Int(14));
  r.updated_at = TimeAt(row, 15);
  return r;
}

MediaPerson PersonFromRow(const Row& row) {
  MediaPerson p;
  p.id = row.Int(0);
  p.media_id = MediaId(row.Int(1));
  p.name = row.Text(2);
  p.basis = EnumAt(kPersonBasisNames, row, 3, PersonBasis::kConsent);
  p.channels = SplitKeys(row.Text(4));
  p.purpose = row.Text(5);
  p.given_on = DateAt(row, 6);
  p.expires_on = DateAt(row, 7);
  p.minor = row.Int(8) != 0;
  p.age = static_cast<int>(row.Int(9));
  p.guardians_custodial = static_cast<int>(row.Int(10));
  p.guardians_consented = static_cast<int>(row.Int(11));
  p.own_consent = row.Int(12) != 0;
  p.form_location = row.Text(13);
  p.note = row.Text(14);
  p.withdrawn_at = OptionalTimeAt(row, 15);
  return p;
}

Takedown TakedownFromRow(const Row& row) {
  Takedown t;
  t.id = row.Int(0);
  t.post_id = PostId(row.Int(1));
  t.media_id = MediaId(row.Int(2));
  t.person_id = row.Int(3);
  t.reason = EnumAt(kTakedownReasonNames, row, 4, TakedownReason::kConsentWithdrawn);
  t.requested_at = TimeAt(row, 5);
  t.done_at = OptionalTimeAt(row, 6);
  return t;
}

}  // namespace

Result<std::optional<MediaRights>> MediaRightsStore::GetRights(SqlSession& db, MediaId media) {
  auto rows = db.Query(
      "SELECT " + std::string(kRightsColumns) + " FROM media_rights WHERE media_id = $1",
      {media.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<MediaRights>();
  return std::optional<MediaRights>(RightsFromRow((*rows)[0]));
}

Status MediaRightsStore::PutRights(Transaction& tx, const Actor& actor, MediaRights rights) {
  auto before = GetRights(tx, rights.media_id);
  if (!before) return before.error();
  rights.updated_at = clock_.Now();
  auto changed = tx.Execute(
      "INSERT INTO media_rights (" + std::string(kRightsColumns) +
          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
          "ON CONFLICT (media_id) DO UPDATE SET source = excluded.source, "
          "author = excluded.author, copyright_notice = excluded.copyright_notice, "
          "licence = excluded.licence, licence_url = excluded.licence_url, "
          "source_url = excluded.source_url, title = excluded.title, "
          "attribution_required = excluded.attribution_required, "
          "attribution = excluded.attribution, licensed_until = excluded.licensed_until, "
          "people_recognisable = excluded.people_recognisable, "
          "sensitive_setting = excluded.sensitive_setting, legal_review = excluded.legal_review, "
          "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      {rights.media_id.value(), EnumValue(kMediaSourceNames, rights.source), rights.author,
       rights.copyright_notice, rights.licence, rights.licence_url, rights.source_url,
       rights.title, Flag(rights.attribution_required), rights.attribution,
       DateValue(rights.licensed_until), Flag(rights.people_recognisable),
       EnumValue(kSensitiveSettingNames, rights.sensitive_setting), rights.legal_review,
       OptionalUser(rights.updated_by), TimeValue(rights.updated_at)});
  if (!changed) return changed.error();
  return audit_.Append(tx, actor,
                       {"media.rights", "media", rights.media_id.ToString(),
                        *before ? ToJson(**before) : "", ToJson(rights)});
}

Result<std::vector<MediaPerson>> MediaRightsStore::ListPeople(SqlSession& db, MediaId media) {
  auto rows = db.Query("SELECT " + std::string(kPersonColumns) +
                           " FROM media_people WHERE media_id = $1 ORDER BY id",
                       {media.value()});
  if (!rows) return rows.error();
  std::vector<MediaPerson> out;
  for (const Row& row : *rows) out.push_back(PersonFromRow(row));
  return out;
}

Result<MediaPerson> MediaRightsStore::GetPerson(SqlSession& db, int64_t id) {
  auto rows = db.Query(
      "SELECT " + std::string(kPersonColumns) + " FROM media_people WHERE id = $1", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no person with id " + std::to_string(id));
  return PersonFromRow((*rows)[0]);
}

Result<int64_t> MediaRightsStore::AddPerson(Transaction& tx, const Actor& actor,
                                            MediaPerson person) {
  auto id = ReturnedId(tx.Query(
      "INSERT INTO media_people (media_id, name, basis, channels, purpose, given_on, expires_on, "
      "minor, age, guardians_custodial, guardians_consented, own_consent, form_location, note) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
      {person.media_id.value(), person.name, EnumValue(kPersonBasisNames, person.basis),
       JoinKeys(person.channels), person.purpose, DateValue(person.given_on),
       DateValue(person.expires_on), Flag(person.minor), int64_t{person.age},
       int64_t{person.guardians_custodial}, int64_t{person.guardians_consented},
       Flag(person.own_consent), person.form_location, person.note}));
  if (!id) return id.error();
  person.id = *id;
  Status s = audit_.Append(tx, actor,
                           {"media.person.add", "media", person.media_id.ToString(), "",
                            ToJson(person)});
  if (!s.ok()) return s.error();
  return *id;
}

Status MediaRightsStore::MarkWithdrawn(Transaction& tx, const Actor& actor, int64_t person_id) {
  auto before = GetPerson(tx, person_id);
  if (!before) return before.error();
  if (before->withdrawn_at) return Conflict("the consent was withdrawn before");
  MediaPerson after = *before;
  after.withdrawn_at = clock_.Now();
  auto changed = tx.Execute("UPDATE media_people SET withdrawn_at = $1 WHERE id = $2",
                            {TimeValue(after.withdrawn_at), person_id});
  if (!changed) return changed.error();
  return audit_.Append(tx, actor,
                       {"media.consent.withdraw", "media", before->media_id.ToString(),
                        ToJson(*before), ToJson(after)});
}

Result<std::vector<MediaPerson>> MediaRightsStore::ListExpiredConsents(SqlSession& db,
                                                                      Date today) {
  // ISO dates sort as text.
  auto rows = db.Query("SELECT " + std::string(kPersonColumns) +
                           " FROM media_people WHERE basis = 'consent' AND withdrawn_at IS NULL "
                           "AND expires_on IS NOT NULL AND expires_on < $1 ORDER BY id",
                       {FormatIsoDate(today)});
  if (!rows) return rows.error();
  std::vector<MediaPerson> out;
  for (const Row& row : *rows) out.push_back(PersonFromRow(row));
  return out;
}

Result<std::vector<std::pair<PostId, PostState>>> MediaRightsStore::ListPostsUsing(
    SqlSession& db, MediaId media) {
  auto rows = db.Query(
      "SELECT DISTINCT p.id, p.state FROM posts p JOIN post_media pm ON pm.post_id = p.id "
      "WHERE pm.media_id = $1 ORDER BY p.id",
      {media.value()});
  if (!rows) return rows.error();
  std::vector<std::pair<PostId, PostState>> out;
  for (const Row& row : *rows) {
    out.emplace_back(PostId(row.Int(0)), EnumAt(kPostStateNames, row, 1, PostState::kDraft));
  }
  return out;
}

Result<bool> MediaRightsStore::RequestTakedown(Transaction& tx, const Actor& actor,
                                               Takedown takedown) {
  takedown.requested_at = clock_.Now();
  auto rows = tx.Query(
      "INSERT INTO takedowns (post_id, media_id, person_id, reason, requested_at) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (post_id, person_id) DO NOTHING RETURNING id",
      {takedown.post_id.value(), takedown.media_id.value(), takedown.person_id,
       EnumValue(kTakedownReasonNames, takedown.reason), TimeValue(takedown.requested_at)});
  if (!rows) return rows.error();
  if (rows->empty()) return false;
  takedown.id = (*rows)[0].Int(0);
  Status s = audit_.Append(tx, actor,
                           {"post.takedown.request", "post", takedown.post_id.ToString(), "",
                            ToJson(takedown)});
  if (!s.ok()) return s.error();
  return true;
}

Result<std::vector<Takedown>> MediaRightsStore::ListOpenTakedowns(SqlSession& db,
                                                                  OrganizationId org) {
  auto rows = db.Query("SELECT " + std::string(kTakedownColumns) +
                           " FROM takedowns t JOIN posts p ON p.id = t.post_id "
                           "WHERE t.done_at IS NULL AND p.organization_id = $1 ORDER BY t.id",
                       {org.value()});
  if (!rows) return rows.error();
  std::vector<Takedown> out;
  for (const Row& row : *rows) out.push_back(TakedownFromRow(row));
  return out;
}

Status MediaRightsStore::MarkTakedownDone(Transaction& tx, const Actor& actor, int64_t id) {
  auto rows = tx.Query("SELECT " + std::string(kTakedownColumns) +
                           " FROM takedowns t WHERE t.id = $1",
                       {id});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no takedown with id " + std::to_string(id));
  Takedown before = TakedownFromRow((*rows)[0]);
  if (before.done_at) return Status::Ok();
  Takedown after = before;
  after.done_at = clock_.Now();
  auto changed = tx.Execute("UPDATE takedowns SET done_at = $1 WHERE id = $2",
                            {TimeValue(after.done_at), id});
  if (!changed) return changed.error();
  return audit_.Append(tx, actor,
                       {"post.takedown.done", "post", before.post_id.ToString(), ToJson(before),
                        ToJson(after)});
}

}  // namespace civicpost::store

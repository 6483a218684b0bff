#include "moderation/evidence_export.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/german_format.hpp"
#include "core/sha256.hpp"
#include "core/time_format.hpp"
#include "documents/render.hpp"
#include "store/audit_log.hpp"

namespace civicpost::moderation {
namespace {

using nlohmann::json;

std::string Text(const json& object, std::initializer_list<const char*> path) {
  const json* at = &object;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return "";
    at = &(*at)[key];
  }
  if (at->is_string()) return at->get<std::string>();
  if (at->is_null()) return "";
  return at->dump();
}

std::string When(const json& snapshot, const char* which) {
  const std::string local = Text(snapshot, {"comment", which, "local"});
  const std::string utc = Text(snapshot, {"comment", which, "utc"});
  if (utc.empty()) return "unbekannt";
  return local.empty() ? utc + " (UTC)" : local + " · " + utc + " (UTC)";
}

Status WriteFile(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) return Unavailable(file.string() + ": cannot be written");
  return Status::Ok();
}

}  // namespace

EvidenceCheck CheckEvidence(const Evidence& evidence, const std::string& previous_hash) {
  EvidenceCheck check;
  check.content_intact = Sha256Hex(evidence.snapshot_json) == evidence.sha256;
  check.chain_intact = evidence.prev_hash == previous_hash &&
                       Sha256Hex(evidence.prev_hash + evidence.sha256) == evidence.hash;
  return check;
}

documents::Document EvidenceSummary(const Evidence& evidence, const EvidenceCheck& check,
                                    const std::string& authority) {
  const json snapshot = json::parse(evidence.snapshot_json, nullptr, false);
  documents::Document doc;
  doc.id = "beweissicherung";
  doc.title = "Beweissicherung Nr. " + evidence.id.ToString();
  doc.authority = authority;
  doc.date = Text(snapshot, {"captured", "local"});
  doc.Paragraph(fmt::format(
      "{} hat diesen Kommentar gesichert, bevor er ausgeblendet oder gelöscht wurde. Die Datei "
      "evidence-{}.json ist der unveränderte Datensatz; sein SHA-256-Wert steht unten und im "
      "Prüfprotokoll von civicpost.",
      authority.empty() ? "Die Behörde" : authority, evidence.id.ToString()));
  doc.Heading(1, "Der Kommentar");
  doc.Paragraph("„" + Text(snapshot, {"comment", "text"}) + "“");
  doc.Table({"Angabe", "Wert"},
            {
                {"Verfasst von", "@" + Text(snapshot, {"author", "handle"})},
                {"Profil", Text(snapshot, {"author", "profile_url"})},
                {"Konto-ID bei der Plattform", Text(snapshot, {"author", "id"})},
                {"Kommentar-ID bei der Plattform", Text(snapshot, {"comment", "remote_id"})},
                {"Geschrieben", When(snapshot, "written")},
                {"Bei der Behörde eingegangen", When(snapshot, "received")},
                {"Antwort auf", Text(snapshot, {"comment", "parent_text"})},
            });
  doc.Heading(1, "Der Beitrag");
  doc.Table({"Angabe", "Wert"}, {
                                    {"Text des Beitrags", Text(snapshot, {"post", "caption"})},
                                    {"Link", Text(snapshot, {"post", "permalink"})},
                                    {"Medien-ID", Text(snapshot, {"post", "media_remote_id"})},
                                });
  doc.Heading(1, "Einschätzung");
  doc.Table({"Angabe", "Wert"}, {
                                    {"Kategorie", Text(snapshot, {"engine", "category"})},
                                    {"Netiquette-Regel", Text(snapshot, {"engine", "clause"})},
                                    {"Maßnahme", Text(snapshot, {"engine", "action"})},
                                    {"Begründung", Text(snapshot, {"engine", "reason"})},
                                });
  doc.Paragraph(
      "Die Einschätzung stammt von civicposts Moderationsmodell und ist keine rechtliche "
      "Bewertung. Ob eine Straftat vorliegt, beurteilen Polizei und Staatsanwaltschaft.");
  doc.Heading(1, "Unversehrtheit");
  doc.Table({"Prüfung", "Ergebnis"},
            {
                {"SHA-256 des Datensatzes", evidence.sha256},
                {"Kette: Wert des vorigen Datensatzes", evidence.prev_hash},
                {"Kette: Wert dieses Datensatzes", evidence.hash},
                {"Datensatz unverändert", check.content_intact ? "bestätigt" : "NICHT bestätigt"},
                {"Kette unverändert", check.chain_intact ? "bestätigt" : "NICHT bestätigt"},
            });
  return doc;
}

std::string DeletedEvidenceMessage(const store::EvidenceTombstone& tombstone) {
  const auto day =
      std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(tombstone.deleted_at));
  return fmt::format(
      "Beweissicherung Nr. {0} wurde am {1} nach Ablauf der Aufbewahrungsfrist gelöscht ({2}); "
      "erhalten sind nur ihre Prüfwerte / evidence {0} was deleted under retention on {3} ({2})",
      tombstone.evidence_id.ToString(), GermanDate(day), tombstone.rule, FormatIsoDate(day));
}

Result<ExportedEvidence> ExportEvidence(store::SqlSession& db, store::Repositories& repos,
                                        EvidenceId id, const std::filesystem::path& out_dir) {
  auto evidence = repos.comments.GetEvidence(db, id);
  if (!evidence && evidence.error().code == ErrorCode::kNotFound) {
    auto tombstone = repos.retention.FindTombstone(db, id);
    if (!tombstone) return tombstone.error();
    if (*tombstone) return NotFound(DeletedEvidenceMessage(**tombstone));
  }
  if (!evidence) return evidence.error();
  // The record before may have been deleted under retention: its tombstone
  // keeps the hash this one chains to.
  auto previous_hash = repos.retention.PreviousEvidenceHash(db, id);
  if (!previous_hash) return previous_hash.error();
  auto comment = repos.comments.Get(db, evidence->comment_id);
  if (!comment) return comment.error();
  auto channel = repos.channels.Get(db, comment->channel_id);
  if (!channel) return channel.error();
  auto organization = repos.organizations.Get(db, channel->organization_id);
  if (!organization) return organization.error();

  ExportedEvidence exported;
  exported.check = CheckEvidence(*evidence, *previous_hash);
  const documents::Document summary =
      EvidenceSummary(*evidence, exported.check, organization->name);
  auto pdf = documents::RenderPdf(summary);
  if (!pdf) return pdf.error();
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Unavailable(out_dir.string() + ": " + ec.message());
  const std::string stem = "evidence-" + id.ToString();
  for (const auto& [extension, bytes] :
       std::vector<std::pair<std::string, std::string>>{{".json", evidence->snapshot_json},
                                                        {".html", documents::RenderHtml(summary)},
                                                        {".pdf", *pdf}}) {
    const std::filesystem::path file = out_dir / (stem + extension);
    if (Status written = WriteFile(file, bytes); !written.ok()) return written.error();
    exported.files.push_back(file);
  }
  return exported;
}

}  // namespace civicpost::moderation

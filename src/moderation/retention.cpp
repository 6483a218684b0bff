#include "moderation/retention.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "concept/concept_loader.hpp"
#include "core/time_format.hpp"

namespace civicpost::moderation {
namespace {

// Deletions are committed in batches, so the webhook's writer is never kept
// waiting long behind a large backlog.
constexpr int kBatch = 200;
// A dry run lists everything at once.
constexpr int kAll = 1'000'000;

template <typename IdT>
std::vector<int64_t> Values(const std::vector<IdT>& ids) {
  std::vector<int64_t> out;
  out.reserve(ids.size());
  for (const IdT& id : ids) out.push_back(id.value());
  return out;
}

template <typename IdT>
std::string Numbers(const std::vector<IdT>& ids) {
  return fmt::format("{}", fmt::join(Values(ids), ", "));
}

// Runs `batch(tx)` in transactions until it finds fewer than kBatch
// records or removes none of those it found (so a record that something
// still keeps cannot make it loop). `batch` returns {found, removed ids}.
template <typename IdT, typename Fn>
Status InBatches(store::Database& db, std::vector<IdT>& removed, Fn&& batch) {
  while (true) {
    size_t found = 0;
    std::vector<IdT> done;
    Status s = store::InTransaction(db, [&](store::Transaction& tx) -> Status {
      done.clear();
      return batch(tx, found, done);
    });
    if (!s.ok()) return s;
    removed.insert(removed.end(), done.begin(), done.end());
    if (found < static_cast<size_t>(kBatch) || done.empty()) return Status::Ok();
  }
}

}  // namespace

std::string AuthorityRetention::evidence_rule() const {
  return "evidence_retention_days=" + std::to_string(evidence_retention_days);
}

std::string AuthorityRetention::decision_rule() const {
  return "decision_retention_days=" + std::to_string(decision_retention_days);
}

std::string AuthorityRetention::feedback_rule() const {
  return "feedback_retention_days=" + std::to_string(feedback_retention_days);
}

Result<RetentionReport> Retention::Run(const Actor& actor, bool dry_run) {
  RetentionReport report;
  report.at = clock_.Now();
  report.dry_run = dry_run;
  auto organizations = repos_.organizations.List(db_);
  if (!organizations) return organizations.error();
  for (const Organization& org : *organizations) {
    auto stored = repos_.organizations.LatestConcept(db_, org.id);
    if (!stored) return stored.error();
    if (!*stored) {
      report.skipped.push_back(org.name + ": kein Nutzungskonzept geladen / no concept loaded");
      continue;
    }
    usage::ConceptLoad load = usage::ParseConcept((*stored)->toml_text, (*stored)->source_name);
    if (!load.ok()) {
      // Checked when it was loaded; a newer civicpost may read it more
      // strictly. Nothing is deleted by periods nobody can read.
      spdlog::error("retention: the concept of {} does not load:\n{}", org.slug,
                    usage::FormatDiagnostics(load.diagnostics));
      report.skipped.push_back(org.name +
                               ": Nutzungskonzept lädt nicht / the concept does not load");
      continue;
    }
    AuthorityRetention authority;
    authority.organization = org.id;
    authority.name = org.name;
    authority.concept_version = (*stored)->version;
    authority.decision_retention_days = load.concept_value->moderation.decision_retention_days;
    authority.evidence_retention_days = load.concept_value->moderation.evidence_retention_days;
    authority.feedback_retention_days =
        load.concept_value->accessibility
            ? load.concept_value->accessibility->feedback_retention_days
            : usage::kDefaultFeedbackRetentionDays;
    if (Status s = RunFor(actor, dry_run, authority); !s.ok()) {
      return Error{s.error().code, org.slug + ": " + s.message()};
    }
    report.authorities.push_back(std::move(authority));
  }
  return report;
}

Status Retention::RunFor(const Actor& actor, bool dry_run, AuthorityRetention& a) {
  store::RetentionStore& store = repos_.retention;
  const Timestamp now = clock_.Now();
  const Timestamp evidence_cutoff = now - std::chrono::days(a.evidence_retention_days);
  const Timestamp decision_cutoff = now - std::chrono::days(a.decision_retention_days);
  const Timestamp feedback_cutoff = now - std::chrono::days(a.feedback_retention_days);
  const OrganizationId org = a.organization;

  auto held = store.HeldComments(db_, org, decision_cutoff, evidence_cutoff);
  if (!held) return held.error();
  a.held = *std::move(held);

  if (dry_run) {
    auto evidence = store.ExpiredEvidence(db_, org, evidence_cutoff, kAll);
    if (!evidence) return evidence.error();
    auto decisions = store.ExpiredDecisions(db_, org, decision_cutoff, kAll);
    if (!decisions) return decisions.error();
    auto comments = store.RedactableComments(db_, org, decision_cutoff, evidence_cutoff, kAll);
    if (!comments) return comments.error();
    a.evidence_deleted = *std::move(evidence);
    a.decisions_deleted = *std::move(decisions);
    a.comments_redacted = *std::move(comments);
    auto feedback = repos_.site_feedback.Expired(db_, org, feedback_cutoff, kAll);
    if (!feedback) return feedback.error();
    a.feedback_redacted = *std::move(feedback);
    return Status::Ok();
  }

  const store::RetentionRule evidence_rule{a.evidence_rule(), a.concept_version};
  const store::RetentionRule decision_rule{a.decision_rule(), a.concept_version};
  Status s = InBatches(db_, a.evidence_deleted,
                       [&](store::Transaction& tx, size_t& found, std::vector<EvidenceId>& done) {
                         auto ids = store.ExpiredEvidence(tx, org, evidence_cutoff, kBatch);
                         if (!ids) return Status(ids.error());
                         found = ids->size();
                         for (EvidenceId id : *ids) {
                           Status deleted = store.DeleteEvidence(tx, actor, id, evidence_rule);
                           if (!deleted.ok()) return deleted;
                           done.push_back(id);
                         }
                         return Status::Ok();
                       });
  if (!s.ok()) return s;
  s = InBatches(db_, a.decisions_deleted,
                [&](store::Transaction& tx, size_t& found, std::vector<DecisionId>& done) {
                  auto ids = store.ExpiredDecisions(tx, org, decision_cutoff, kBatch);
                  if (!ids) return Status(ids.error());
                  found = ids->size();
                  for (DecisionId id : *ids) {
                    Status deleted = store.DeleteDecision(tx, actor, id, decision_rule);
                    if (!deleted.ok()) return deleted;
                    done.push_back(id);
                  }
                  return Status::Ok();
                });
  if (!s.ok()) return s;
  s = InBatches(db_, a.comments_redacted,
                [&](store::Transaction& tx, size_t& found, std::vector<CommentId>& done) {
                  auto ids =
                      store.RedactableComments(tx, org, decision_cutoff, evidence_cutoff, kBatch);
                  if (!ids) return Status(ids.error());
                  found = ids->size();
                  for (CommentId id : *ids) {
                    auto redacted = store.RedactComment(tx, actor, id, decision_rule);
                    if (!redacted) return Status(redacted.error());
                    if (*redacted) done.push_back(id);
                  }
                  return Status::Ok();
                });
  if (!s.ok()) return s;
  s = InBatches(db_, a.feedback_redacted,
                [&](store::Transaction& tx, size_t& found, std::vector<SiteFeedbackId>& done) {
                  auto ids = repos_.site_feedback.Expired(tx, org, feedback_cutoff, kBatch);
                  if (!ids) return Status(ids.error());
                  found = ids->size();
                  for (SiteFeedbackId id : *ids) {
                    Status redacted = repos_.site_feedback.Redact(tx, actor, id, a.feedback_rule(),
                                                                  a.concept_version);
                    if (!redacted.ok()) return redacted;
                    done.push_back(id);
                  }
                  return Status::Ok();
                });
  if (!s.ok()) return s;

  // The run's report, kept with the deletions it lists (R55).
  const nlohmann::json summary{{"organization_id", org.value()},
                               {"concept_version", a.concept_version},
                               {"at", FormatIsoUtc(now)},
                               {"evidence_rule", a.evidence_rule()},
                               {"decision_rule", a.decision_rule()},
                               {"evidence_deleted", Values(a.evidence_deleted)},
                               {"decisions_deleted", Values(a.decisions_deleted)},
                               {"comments_redacted", Values(a.comments_redacted)},
                               {"feedback_rule", a.feedback_rule()},
                               {"feedback_redacted", Values(a.feedback_redacted)},
                               {"held_comments", Values(a.held)}};
  return store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.audit.Append(
        tx, actor, {"retention.run", "organization", org.ToString(), "", summary.dump()});
  });
}

std::string FormatRetentionReport(const RetentionReport& report) {
  std::string out =
      report.dry_run ? fmt::format(
                           "Aufbewahrung, Probelauf am {}: nichts wurde gelöscht / retention dry "
                           "run: nothing was deleted\n",
                           FormatIsoUtc(report.at))
                     : fmt::format("Aufbewahrung am {} / retention run\n", FormatIsoUtc(report.at));
  const bool dry = report.dry_run;
  const auto line = [](const char* what, const std::string& rule, const auto& ids) {
    std::string text = fmt::format("  {} ({}): {}", what, rule, ids.size());
    if (!ids.empty()) text += " – Nr. " + Numbers(ids);
    return text + "\n";
  };
  for (const AuthorityRetention& a : report.authorities) {
    out += fmt::format("{} (Nutzungskonzept Version {}):\n", a.name, a.concept_version);
    out += line(
        dry ? "Beweise zu löschen / evidence to delete" : "Beweise gelöscht / evidence deleted",
        a.evidence_rule(), a.evidence_deleted);
    out += line(dry ? "Entscheidungen zu löschen / decisions to delete"
                    : "Entscheidungen gelöscht / decisions deleted",
                a.decision_rule(), a.decisions_deleted);
    out += line(dry ? "Kommentare zu anonymisieren / comments to redact"
                    : "Kommentare anonymisiert / comments redacted",
                a.decision_rule(), a.comments_redacted);
    out += line(dry ? "Rückmeldungen zur Barrierefreiheit zu anonymisieren / accessibility "
                      "feedback to redact"
                    : "Rückmeldungen zur Barrierefreiheit anonymisiert / accessibility feedback "
                      "redacted",
                a.feedback_rule(), a.feedback_redacted);
    if (!a.held.empty()) {
      out += fmt::format(
          "  Durch Sperrvermerk gehalten / kept by a legal hold: {} – Kommentar Nr. {}\n",
          a.held.size(), Numbers(a.held));
    }
  }
  for (const std::string& skipped : report.skipped) {
    out += fmt::format("{}: nichts gelöscht / nothing deleted\n", skipped);
  }
  if (report.authorities.empty() && report.skipped.empty()) {
    out += "Keine Behörde eingerichtet / no authority set up\n";
  }
  return out;
}

}  // namespace civicpost::moderation

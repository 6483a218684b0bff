#pragma once
// What people decide about comments, and the rules that bind them. The
// staff app's inbox and any other front end go through here; the engine's
// automatic decisions are CommentAssessment's.
//
// - A measure (hide, delete) cites a netiquette clause or a legal ground
//   (legal_grounds.hpp) and gives a reason. There is no ground for
//   criticism.
// - Hiding or deleting a comment that criticises the authority (so the
//   engine or the person says) is only a proposal until a second person
//   approves it; so is every deletion when the concept asks for a second
//   look ([moderation] second_look_for_deletion).
// - Before a comment is hidden or deleted, and whenever a legal ground is
//   cited, the evidence is written in the same transaction as the decision.
//   Suspected child sexual abuse material is the exception: nothing is
//   captured, the comment is hidden, and the person is told to call the
//   police.
// - Deleting needs evidence already stored, or a clause about third
//   parties' personal data, spam, scams or advertising. Nothing is ever
//   deleted without a person.
// - A hide or delete is reviewed (restored or confirmed) by someone other
//   than who decided it.
//
// - Each hide or delete may be explained to the comment's author by one
//   standard notice (R23): the netiquette rule and an off-platform review
//   channel, in the authority's words. On Instagram it goes as a private
//   reply, which the platform allows once per comment and within 7 days,
//   and only while the comment exists: a deletion waits for its notice.
// - A report to the platform (Art. 16 DSA) or a criminal report is recorded
//   with its recipient, date, reference and the evidence it sent, and later
//   with the answer (R21, R22); a criminal report places a legal hold.
// - Comments under a published post are switched off (a storm, nobody on
//   duty) or on again with a reason (R25), through a job.
//
// The platform is reached by a job (comment_jobs.hpp). Refusals are errors
// whose message is a catalogue key ("moderation.reason_missing").
// Thread-safe as the store is.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "concept/concept.hpp"
#include "core/clock.hpp"
#include "core/comment.hpp"
#include "core/organization.hpp"
#include "store/repositories.hpp"

namespace civicpost::moderation {

// A person's measure about one comment.
struct Measure {
  ModerationAction action = ModerationAction::kNone;  // none, hide, delete or reply
  std::string clause_id{};
  std::string legal_ground{};
  std::string reason{};
  std::string reply_text{};  // kReply
  bool critical = false;     // the person sees criticism of the authority in it
  // Send the standard notice (StandardNotice) for a hide or delete: once it
  // is in force, and before the comment is deleted.
  bool notify = false;
};

// A report a person made outside civicpost (the platform's form, the
// police's online station), as it is recorded here.
struct ReportFiling {
  std::string recipient{};  // reports.hpp
  std::chrono::year_month_day filed_on{};
  std::string reference{};  // the recipient's case number or ticket, if given yet
  bool complaint = false;   // criminal: the complaint (Strafantrag) went with it
};

struct DeskOutcome {
  DecisionId decision;
  bool awaits_second_person = false;
  bool capture_stopped = false;  // suspected abuse material: call the police
  std::optional<EvidenceId> evidence{};
};

class Desk {
 public:
  Desk(store::Database& db, store::Repositories& repos, const Clock& clock)
      : db_(db), repos_(repos), clock_(clock) {}

  Result<DeskOutcome> Decide(const User& person, const usage::Concept& authority_concept,
                             CommentId comment, const Measure& measure);
  // A second person's answer to the pending proposal.
  Result<DecisionId> Approve(const User& person, CommentId comment, const std::string& reason);
  Result<DecisionId> Reject(const User& person, CommentId comment, const std::string& reason);
  // The review of a hide or delete: restore (un-hide) or confirm.
  Result<DecisionId> Review(const User& person, CommentId comment, bool restore,
                            const std::string& reason);

  // Stores the standard notice for the hide or delete in force and queues
  // the job that sends it (comment_jobs.hpp), in one transaction. Refused
  // ("moderation.<key>"): notice_missing (blank text), notice_no_measure
  // (no hide or delete in force), notice_sent (the comment has one
  // already), notice_too_late (the comment is older than kNoticeWindow).
  Result<CommentNoticeId> SendNotice(const User& person, CommentId comment,
                                     const std::string& text);
  // How long after a comment the platform takes a private reply (spec 4.7).
  static constexpr std::chrono::hours kNoticeWindow{24 * 7};

  // A legal hold (a complaint filed, proceedings, an FOI request): the
  // comment's evidence, decisions and words outlast retention until a
  // person releases it. `reason` says which, with the file number.
  Result<LegalHoldId> PlaceHold(const User& person, CommentId comment, const std::string& reason);
  Status ReleaseHold(const User& person, CommentId comment, LegalHoldId hold);

  // Records a report about the comment with the evidence it sent: the
  // latest record, or one captured now. Refused: report_recipient_unknown,
  // report_date (before the comment or in the future), report_redacted
  // (retention erased the words). A criminal report places a legal hold.
  Result<CommentReportId> FileReport(const User& person, const usage::Concept& authority_concept,
                                     CommentId comment, const ReportFiling& filing);
  // The recipient's answer. Refused: report_outcome_unknown, report_date
  // (before the report or in the future).
  Status RecordOutcome(const User& person, const usage::Concept& authority_concept,
                       CommentId comment, CommentReportId report,
                       const store::ReportOutcome& outcome);

  // Comments under one published post off or on (a job tells the platform).
  // Refused: switch_reason_missing, switch_not_published (no post on the
  // platform to switch), switch_unchanged (that is the wish already).
  Result<CommentSwitchId> SwitchComments(const User& person, DeliveryId delivery, bool enabled,
                                         const std::string& reason);

  // The proposal that waits for a second person, if any.
  static std::optional<Decision> PendingProposal(const std::vector<Decision>& decisions);
  // Whether `person` decided `measure` or approved it: they do not review it.
  static bool TookPart(const std::vector<Decision>& decisions, const Decision& measure,
                       UserId person);
  // The hide or delete in force (the one a review answers), if any.
  static std::optional<Decision> MeasureInForce(const std::vector<Decision>& decisions);

 private:
  // Runs `act` in one transaction with the comment (if it is the person's
  // authority's) and its decisions; neither pointer is ever null.
  using CommentAct =
      std::function<Status(store::Transaction&, const Comment*, const std::vector<Decision>*)>;
  Status OnComment(const User& person, CommentId id, const CommentAct& act);
  // The comment, if it is on one of the person's authority's channels.
  Result<Comment> CommentOf(store::SqlSession& db, const User& person, CommentId id);
  Result<DecisionId> Answer(const User& person, CommentId comment, bool approve,
                            const std::string& reason);
  // Writes the comment's evidence now, with the engine's view and
  // `person_view` (JSON: what the person did and why).
  Result<EvidenceId> Capture(store::Transaction& tx, const User& person,
                             const usage::Concept& authority_concept, const Comment& comment,
                             const std::vector<Decision>& decisions,
                             const std::string& person_view);
  // Stores the standard notice for `measure` and queues its job.
  Result<CommentNoticeId> QueueNotice(store::Transaction& tx, const User& person,
                                      const Comment& comment, const Decision& measure,
                                      const std::string& text);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
};

}  // namespace civicpost::moderation

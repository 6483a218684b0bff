#pragma once
// All repositories over one audit log, built once by the composition root.
//
// Typical usage:
//   Repositories repos(clock);
//   auto tx = db.Begin();
//   auto id = repos.posts.Create(**tx, actor, post);
//   if (id) (void)(*tx)->Commit();

#include "store/audit_log.hpp"
#include "store/bio_link_store.hpp"
#include "store/channel_store.hpp"
#include "store/comment_notice_store.hpp"
#include "store/comment_report_store.hpp"
#include "store/comment_store.hpp"
#include "store/comment_switch_store.hpp"
#include "store/complaint_reminder_store.hpp"
#include "store/insight_store.hpp"
#include "store/job_store.hpp"
#include "store/media_rights_store.hpp"
#include "store/organization_store.hpp"
#include "store/post_store.hpp"
#include "store/retention_store.hpp"
#include "store/session_store.hpp"
#include "store/site_feedback_store.hpp"

namespace civicpost::store {

struct Repositories {
  explicit Repositories(const Clock& clock)
      : audit(clock),
        organizations(audit, clock),
        users(audit, clock),
        channels(audit, clock),
        media(audit, clock),
        media_rights(audit, clock),
        posts(audit, clock),
        comments(audit, clock),
        notices(audit, clock),
        reports(audit, clock),
        switches(audit, clock),
        complaint_reminders(audit, clock),
        jobs(audit, clock),
        sessions(audit, clock),
        retention(audit, clock),
        site_feedback(audit, clock),
        bio_links(audit, clock) {}

  AuditLog audit;
  OrganizationStore organizations;
  UserStore users;
  ChannelStore channels;
  MediaStore media;
  MediaRightsStore media_rights;
  PostStore posts;
  CommentStore comments;
  CommentNoticeStore notices;
  CommentReportStore reports;
  CommentSwitchStore switches;
  ComplaintReminderStore complaint_reminders;
  JobStore jobs;
  InsightStore insights;
  SessionStore sessions;
  RetentionStore retention;
  SiteFeedbackStore site_feedback;
  BioLinkStore bio_links;
};

// Runs `change(tx)` in a transaction and commits when it returns a value
// or an ok Status; otherwise everything it wrote is rolled back.
template <typename Fn>
auto InTransaction(Database& db, Fn&& change) -> decltype(change(std::declval<Transaction&>())) {
  auto tx = db.Begin();
  if (!tx) return tx.error();
  auto result = change(**tx);
  if (!result) return result;
  if (Status s = (*tx)->Commit(); !s.ok()) return s.error();
  return result;
}

}  // namespace civicpost::store

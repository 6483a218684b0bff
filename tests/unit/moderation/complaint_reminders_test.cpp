// R20: the complaint deadline of an insult is watched, and reminders go out
// by mail at 30, 14 and 7 days before it, to every active moderator and
// admin, once per step, even when a step was missed; not after a complaint
// is filed, not for grounds prosecuted without one. The mails travel through
// the real SMTP mailer to a server on loopback and are read back with GMime.
#include "moderation/complaint_reminders.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "store/store_fixture.hpp"
#include "support/smtp_sink.hpp"
#include "sys/curl_mailer.hpp"
#include "web/i18n.hpp"
#include "web/reminder_mail.hpp"

namespace civicpost::moderation {
namespace {

constexpr const char* kWords = "Der Bürgermeister ist ein elender Lump";
constexpr const char* kStaffUrl = "https://social.sassenberg.de";

class ComplaintRemindersTest : public store::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    org_ = MakeOrganization();
    channel_ = MakeInstagramChannel(org_);
    ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
                  const auto add = [&](const std::string& email, const std::string& name,
                                       std::set<Role> roles, bool disabled,
                                       const std::string& language) -> Result<UserId> {
                    return repos_.users.Create(
                        tx, Actor::Cli(),
                        {{}, org_, email, name, "x", std::move(roles), disabled, {}, language});
                  };
                  auto moderator = add("moderation@sassenberg.de", "Olga Puttins",
                                       {Role::kModerator}, false, "de");
                  if (!moderator) return moderator.error();
                  moderator_ = *moderator;
                  for (auto result :
                       {add("m.weber@sassenberg.de", "Mia Weber", {Role::kModerator}, false, "en"),
                        add("it@sassenberg.de", "Jan Admin", {Role::kAdmin}, false, "de"),
                        add("presse@sassenberg.de", "Eda Editor", {Role::kEditor}, false, "de"),
                        add("alt@sassenberg.de", "Ex Moderator", {Role::kModerator}, true, "de")}) {
                    if (!result) return result.error();
                  }
                  return Status::Ok();
                }).ok());
  }

  // A comment that came in on 25 November 2026 (deadline 25 February 2027),
  // decided about by a person citing `ground`.
  CommentId AComment(const std::string& remote_id, const std::string& ground) {
    clock_.Set(*ParseIsoUtc("2026-11-25T09:00:00Z"));
    auto id = store::InTransaction(*db_, [&](store::Transaction& tx) -> Result<CommentId> {
      Comment c;
      c.channel_id = channel_;
      c.remote_id = remote_id;
      c.author_handle = "wuetender.buerger";
      c.text = kWords;
      c.state = CommentState::kHidden;
      c.received_at = clock_.Now();
      auto comment = repos_.comments.Record(tx, c);
      if (!comment) return comment.error();
      Decision decision;
      decision.comment_id = *comment;
      decision.category = "insult";
      decision.action = ModerationAction::kHide;
      decision.decided_by = moderator_;
      decision.reason = "Beleidigung des Bürgermeisters";
      decision.legal_ground = ground;
      auto decided = repos_.comments.AddDecision(tx, Actor::Cli(), decision);
      if (!decided) return decided.error();
      return *comment;
    });
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : CommentId();
  }

  // Runs the reminders on the morning of `day` (Berlin) against `sink`.
  ReminderReport RunOn(const std::string& day, testing::SmtpSink& sink,
                       ReminderRun mode = ReminderRun::kSend) {
    clock_.Set(*ParseIsoUtc(day + "T06:00:00Z"));
    sys::CurlMailer mailer({.url = sink.Url(), .starttls = sys::StartTls::kOff});
    ComplaintReminders reminders(*db_, repos_, clock_, &mailer, wording_,
                                 {"Stadt Sassenberg <civicpost@sassenberg.de>", kStaffUrl});
    auto report = reminders.Run(Actor::System(), mode);
    EXPECT_TRUE(report) << report.error().message;
    return report ? *report : ReminderReport{};
  }

  // A criminal report to the police, with or without the complaint.
  Result<CommentReportId> Report(CommentId comment, bool complaint) {
    return store::InTransaction(*db_, [&](store::Transaction& tx) {
      store::CommentReport report;
      report.comment_id = comment;
      report.kind = "criminal";
      report.recipient = "police_online";
      report.filed_on = std::chrono::year(2027) / 2 / 1;
      report.complaint = complaint;
      report.filed_by = moderator_;
      return repos_.reports.Add(tx, Actor::Cli(), report);
    });
  }

  // The mails the sink got, by recipient, read back.
  static std::vector<testing::ReceivedMail> Mails(const testing::SmtpSink& sink) {
    std::vector<testing::ReceivedMail> mails;
    for (const testing::SmtpEnvelope& envelope : sink.Messages()) {
      mails.push_back(testing::ReadMail(envelope.data));
    }
    return mails;
  }
  static std::vector<std::string> Recipients(const testing::SmtpSink& sink) {
    std::vector<std::string> to;
    for (const testing::SmtpEnvelope& envelope : sink.Messages()) {
      to.insert(to.end(), envelope.rcpt_to.begin(), envelope.rcpt_to.end());
    }
    std::sort(to.begin(), to.end());
    return to;
  }
  size_t AuditedReminders() {
    store::AuditFilter filter;
    filter.action_prefix = "comment.complaint_reminder";
    return repos_.audit.Find(*db_, filter)->size();
  }

  web::Catalogue catalogue_;
  web::CatalogueReminderWording wording_{catalogue_};
  OrganizationId org_;
  ChannelId channel_;
  UserId moderator_;
  const std::vector<std::string> kStaff = {"it@sassenberg.de", "m.weber@sassenberg.de",
                                           "moderation@sassenberg.de"};
};

TEST_F(ComplaintRemindersTest, ThirtyDaysBeforeEveryModeratorAndAdminGetsOneMail) {
  const CommentId comment = AComment("c1", "stgb_185");
  testing::SmtpSink sink;
  EXPECT_TRUE(RunOn("2027-01-25", sink).reminders.empty());  // 31 days before
  EXPECT_TRUE(sink.Messages().empty());

  const ReminderReport report = RunOn("2027-01-26", sink);  // 30 days before
  ASSERT_EQ(report.reminders.size(), 1u);
  EXPECT_EQ(report.reminders[0].due.step_days, 30);
  EXPECT_EQ(Recipients(sink), kStaff);  // not the editor, not the disabled account
  EXPECT_EQ(AuditedReminders(), 1u);

  for (const testing::ReceivedMail& mail : Mails(sink)) {
    ASSERT_EQ(mail.to.size(), 1u);
    const bool english = mail.to[0] == "m.weber@sassenberg.de";
    const std::string id = comment.ToString();
    EXPECT_EQ(mail.subject,
              english ? "Complaint deadline for comment " + id + " ends on 25 February 2027"
                      : "Strafantragsfrist für Kommentar " + id + " endet am 25. Februar 2027");
    EXPECT_NE(mail.text.find("§ 185 StGB"), std::string::npos) << mail.text;
    EXPECT_NE(mail.text.find(english ? "in 30 days" : "in 30 Tagen"), std::string::npos);
    EXPECT_NE(mail.text.find(english ? "25 November 2026" : "25. November 2026"),
              std::string::npos);
    EXPECT_NE(mail.text.find("§ 194"), std::string::npos);  // who may file
    EXPECT_NE(mail.text.find(std::string(kStaffUrl) + "/app/inbox/" + id), std::string::npos);
    EXPECT_EQ(mail.text.find("Lump"), std::string::npos);  // never the comment's words
  }
  EXPECT_NE(Mails(sink)[0].text.find("Guten Tag"), std::string::npos);

  // Again the same day, and the day after: nothing new.
  EXPECT_TRUE(RunOn("2027-01-26", sink).reminders.empty());
  EXPECT_TRUE(RunOn("2027-01-27", sink).reminders.empty());
  EXPECT_EQ(sink.Messages().size(), 3u);
  EXPECT_EQ(AuditedReminders(), 1u);
}

TEST_F(ComplaintRemindersTest, EachStepGoesOutOnceAndAMissedStepTheNextDay) {
  AComment("c1", "stgb_186");
  testing::SmtpSink sink;
  RunOn("2027-01-26", sink);
  EXPECT_EQ(sink.Messages().size(), 3u);
  // The server was down on 11 February (14 days before): on the 15th the
  // 14-day reminder goes out, once.
  EXPECT_TRUE(RunOn("2027-02-10", sink).reminders.empty());
  const ReminderReport late = RunOn("2027-02-15", sink);
  ASSERT_EQ(late.reminders.size(), 1u);
  EXPECT_EQ(late.reminders[0].due.step_days, 14);
  EXPECT_EQ(late.reminders[0].due.days_left, 10);
  EXPECT_EQ(sink.Messages().size(), 6u);
  EXPECT_TRUE(RunOn("2027-02-16", sink).reminders.empty());
  EXPECT_EQ(sink.Messages().size(), 6u);
  // Seven days before, the last one; nothing after the deadline.
  EXPECT_EQ(RunOn("2027-02-18", sink).reminders.at(0).due.step_days, 7);
  EXPECT_EQ(sink.Messages().size(), 9u);
  EXPECT_TRUE(RunOn("2027-02-25", sink).reminders.empty());
  EXPECT_TRUE(RunOn("2027-02-26", sink).reminders.empty());
  EXPECT_EQ(sink.Messages().size(), 9u);
  EXPECT_EQ(AuditedReminders(), 3u);
}

TEST_F(ComplaintRemindersTest, OnTheFourteenthDayBeforeTheSecondReminder) {
  AComment("c1", "stgb_185");
  testing::SmtpSink sink;
  RunOn("2027-01-26", sink);
  const ReminderReport second = RunOn("2027-02-11", sink);
  ASSERT_EQ(second.reminders.size(), 1u);
  EXPECT_EQ(second.reminders[0].due.step_days, 14);
  EXPECT_EQ(sink.Messages().size(), 6u);
}

TEST_F(ComplaintRemindersTest, NoMoreRemindersOnceAComplaintIsFiled) {
  const CommentId comment = AComment("c1", "stgb_185");
  testing::SmtpSink sink;
  RunOn("2027-01-26", sink);
  ASSERT_EQ(sink.Messages().size(), 3u);
  // A hold and a criminal report without the complaint do not stop them:
  // an insult is prosecuted only on the complaint.
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
    return repos_.retention.PlaceHold(
        tx, Actor::Cli(), comment, "Strafanzeige, Polizei Warendorf, Az. 41 Js 12/27", moderator_);
  }));
  ASSERT_TRUE(Report(comment, false));
  EXPECT_EQ(RunOn("2027-02-11", sink).reminders.size(), 1u);
  EXPECT_EQ(sink.Messages().size(), 6u);
  EXPECT_FALSE(*repos_.complaint_reminders.ComplaintFiled(*db_, comment));
  // With the complaint recorded, nothing more.
  ASSERT_TRUE(Report(comment, true));
  EXPECT_TRUE(*repos_.complaint_reminders.ComplaintFiled(*db_, comment));
  EXPECT_TRUE(RunOn("2027-02-18", sink).reminders.empty());
  EXPECT_EQ(sink.Messages().size(), 6u);
}

TEST_F(ComplaintRemindersTest, GroundsProsecutedWithoutAComplaintNeedNoReminder) {
  AComment("c1", "stgb_130");  // incitement: prosecuted ex officio
  AComment("c2", "");          // a netiquette clause only
  testing::SmtpSink sink;
  for (const char* day : {"2027-01-26", "2027-02-11", "2027-02-18"}) {
    EXPECT_TRUE(RunOn(day, sink).reminders.empty()) << day;
  }
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_F(ComplaintRemindersTest, WhoMayFileFollowsTheGround) {
  AComment("c1", "stgb_189");
  testing::SmtpSink sink;
  RunOn("2027-01-26", sink);
  const auto mails = Mails(sink);
  ASSERT_FALSE(mails.empty());
  const auto german = std::find_if(mails.begin(), mails.end(), [](const auto& m) {
    return m.to.at(0) == "moderation@sassenberg.de";
  });
  ASSERT_NE(german, mails.end());
  EXPECT_NE(german->text.find("Angehörigen"), std::string::npos) << german->text;
}

TEST_F(ComplaintRemindersTest, AFailedMailIsSentAgainToWhoeverMissedIt) {
  AComment("c1", "stgb_185");
  testing::SmtpSink refusing;
  refusing.Refuse("m.weber@sassenberg.de");
  const ReminderReport first = RunOn("2027-01-26", refusing);
  ASSERT_EQ(first.reminders.size(), 1u);
  EXPECT_EQ(first.reminders[0].pending, std::vector<std::string>{"m.weber@sassenberg.de"});
  EXPECT_NE(first.reminders[0].error.find("refused the recipient"), std::string::npos);
  EXPECT_EQ(refusing.Messages().size(), 2u);
  EXPECT_EQ(AuditedReminders(), 0u);  // not sent until everyone has it

  testing::SmtpSink sink;  // the next run reaches the one who missed it, only
  const ReminderReport retry = RunOn("2027-01-26", sink);
  ASSERT_EQ(retry.reminders.size(), 1u);
  EXPECT_EQ(Recipients(sink), std::vector<std::string>{"m.weber@sassenberg.de"});
  EXPECT_EQ(AuditedReminders(), 1u);
  EXPECT_TRUE(RunOn("2027-01-26", sink).reminders.empty());
}

TEST_F(ComplaintRemindersTest, ARunThatHoldsTheClaimKeepsOthersOffUntilItsLeaseEnds) {
  const CommentId comment = AComment("c1", "stgb_185");
  clock_.Set(*ParseIsoUtc("2027-01-26T06:00:00Z"));
  // Another server claimed the 30-day reminder and died while sending.
  auto claimed = store::InTransaction(*db_, [&](store::Transaction& tx) {
    return repos_.complaint_reminders.Claim(tx, comment, 30, std::chrono::year(2027) / 2 / 25,
                                            clock_.Now() - std::chrono::hours(1));
  });
  ASSERT_TRUE(claimed && *claimed);
  testing::SmtpSink sink;
  const ReminderReport held = RunOn("2027-01-26", sink);
  EXPECT_TRUE(sink.Messages().empty());
  ASSERT_EQ(held.reminders.size(), 1u);
  EXPECT_TRUE(held.reminders[0].sent_to.empty());
  // Its lease over, the next run takes the reminder over.
  clock_.Advance(std::chrono::minutes(61));
  sys::CurlMailer mailer({.url = sink.Url(), .starttls = sys::StartTls::kOff});
  ComplaintReminders reminders(*db_, repos_, clock_, &mailer, wording_,
                               {"civicpost@sassenberg.de", kStaffUrl});
  ASSERT_TRUE(reminders.Run(Actor::System()));
  EXPECT_EQ(Recipients(sink), kStaff);
}

TEST_F(ComplaintRemindersTest, ADryRunListsAndSendsNothing) {
  const CommentId comment = AComment("c1", "stgb_185");
  testing::SmtpSink sink;
  const ReminderReport report = RunOn("2027-01-26", sink, ReminderRun::kDryRun);
  ASSERT_EQ(report.reminders.size(), 1u);
  std::vector<std::string> pending = report.reminders[0].pending;
  std::sort(pending.begin(), pending.end());
  EXPECT_EQ(pending, kStaff);
  EXPECT_TRUE(sink.Messages().empty());
  const std::string text = FormatReminderReport(report);
  EXPECT_NE(text.find("Kommentar Nr. " + comment.ToString()), std::string::npos) << text;
  EXPECT_NE(text.find("2027-02-25"), std::string::npos) << text;
  // The real run afterwards still sends.
  RunOn("2027-01-26", sink);
  EXPECT_EQ(sink.Messages().size(), 3u);
}

}  // namespace
}  // namespace civicpost::moderation

#pragma once
// Group commit for the webhook: each request's comments wait in a queue; one
// writer stores everything queued in a single transaction and then wakes
// every request of that batch. A commit (an fsync) is the expensive part of
// storing a comment durably, so concurrent deliveries share one instead of
// queueing for one each. A request still returns only once its comments are
// durable; a failed batch fails each of its requests (Meta delivers again).

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "moderation/comment_intake.hpp"

namespace civicpost::moderation {

class GroupCommit : public CommentSink {
 public:
  explicit GroupCommit(CommentIntake& intake, size_t max_batch = 512);
  ~GroupCommit() override;  // stores what is queued, then stops

  Result<IntakeResult> Store(ChannelPlatform platform, const std::vector<IncomingComment>& comments,
                             CommentSource source) override;
  // `done` runs on the writer thread once the batch is committed: keep it short.
  void StoreThen(ChannelPlatform platform, std::vector<IncomingComment> comments,
                 CommentSource source, Stored done) override;

 private:
  struct Pending {
    ChannelPlatform platform;
    CommentSource source;
    std::vector<IncomingComment> comments;
    Stored done;
  };
  void Write(std::stop_token stop);

  CommentIntake& intake_;
  size_t max_batch_;
  std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<Pending> queue_;  // guarded by mu_
  std::jthread writer_;        // last: stops before the queue goes
};

}  // namespace civicpost::moderation

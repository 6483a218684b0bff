#include "moderation/group_commit.hpp"

#include <spdlog/spdlog.h>

namespace civicpost::moderation {

GroupCommit::GroupCommit(CommentIntake& intake, size_t max_batch)
    : intake_(intake), max_batch_(max_batch) {
  writer_ = std::jthread([this](std::stop_token stop) { Write(stop); });
}

GroupCommit::~GroupCommit() {
  writer_.request_stop();
  cv_.notify_all();
}

Result<IntakeResult> GroupCommit::Store(ChannelPlatform platform,
                                        const std::vector<IncomingComment>& comments,
                                        CommentSource source) {
  std::promise<Result<IntakeResult>> stored;
  std::future<Result<IntakeResult>> done = stored.get_future();
  StoreThen(platform, comments, source,
            [&stored](Result<IntakeResult> result) { stored.set_value(std::move(result)); });
  return done.get();
}

void GroupCommit::StoreThen(ChannelPlatform platform, std::vector<IncomingComment> comments,
                            CommentSource source, Stored done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(Pending{platform, source, std::move(comments), std::move(done)});
  }
  cv_.notify_one();
}

void GroupCommit::Write(std::stop_token stop) {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, stop, [this] { return !queue_.empty(); });
    if (queue_.empty()) return;  // stopped with nothing left
    // One batch: requests of the same platform and source, in order.
    std::vector<Pending> batch;
    const ChannelPlatform platform = queue_.front().platform;
    const CommentSource source = queue_.front().source;
    size_t comments = 0;
    while (!queue_.empty() && comments < max_batch_ && queue_.front().platform == platform &&
           queue_.front().source == source) {
      comments += queue_.front().comments.size();
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    std::vector<IncomingComment> all;
    all.reserve(comments);
    for (const Pending& p : batch) all.insert(all.end(), p.comments.begin(), p.comments.end());
    auto stored = intake_.Store(platform, all, source);
    bool first = true;
    for (Pending& p : batch) {
      // The counts are the batch's: the first request reports them.
      Result<IntakeResult> result = stored ? Result<IntakeResult>(first ? *stored : IntakeResult{})
                                           : Result<IntakeResult>(stored.error());
      first = false;
      try {
        p.done(std::move(result));
      } catch (const std::exception& e) {  // one caller's failure must not stop the writer
        spdlog::error("comment intake: a caller's completion failed: {}", e.what());
      }
    }
    lock.lock();
  }
}

}  // namespace civicpost::moderation

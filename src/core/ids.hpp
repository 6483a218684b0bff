#pragma once
// Strongly typed row ids: a PostId cannot be passed where a MediaId is meant.

#include <compare>
#include <cstdint>
#include <functional>
#include <string>

namespace civicpost {

template <typename Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(int64_t value) : value_(value) {}

  constexpr int64_t value() const { return value_; }
  constexpr bool valid() const { return value_ > 0; }
  std::string ToString() const { return std::to_string(value_); }

  friend constexpr auto operator<=>(Id, Id) = default;

 private:
  int64_t value_ = 0;
};

using OrganizationId = Id<struct OrganizationTag>;
using UserId = Id<struct UserTag>;
using ChannelId = Id<struct ChannelTag>;
using PostId = Id<struct PostTag>;
using DeliveryId = Id<struct DeliveryTag>;
using MediaId = Id<struct MediaTag>;
using CommentId = Id<struct CommentTag>;
using DecisionId = Id<struct DecisionTag>;
using EvidenceId = Id<struct EvidenceTag>;
using AuditEntryId = Id<struct AuditEntryTag>;
using JobId = Id<struct JobTag>;
using LegalHoldId = Id<struct LegalHoldTag>;
using CommentNoticeId = Id<struct CommentNoticeTag>;
using CommentReportId = Id<struct CommentReportTag>;
using CommentSwitchId = Id<struct CommentSwitchTag>;
using SiteFeedbackId = Id<struct SiteFeedbackTag>;

}  // namespace civicpost

template <typename Tag>
struct std::hash<civicpost::Id<Tag>> {
  size_t operator()(civicpost::Id<Tag> id) const noexcept {
    return std::hash<int64_t>()(id.value());
  }
};

#pragma once
// The jobs that act on one delivery, and planning them: publishing it, and
// taking it down as far as the platform lets an API (comments off; the post
// itself must be archived or deleted by a person in the app). Their payload
// names the delivery: {"delivery_id": N}.

#include <string>
#include <string_view>

#include "core/ids.hpp"
#include "store/repositories.hpp"

namespace civicpost::publish {

inline constexpr std::string_view kPublishJobKind = "publish.delivery";
inline constexpr std::string_view kTakedownJobKind = "takedown.delivery";

std::string DeliveryJobPayload(DeliveryId delivery);

// A job of `kind` for the delivery, due at `run_at`, unless one is open
// already (two jobs for one delivery could publish it twice).
Status PlanDeliveryJob(store::Transaction& tx, store::Repositories& repos, const Actor& actor,
                       std::string_view kind, DeliveryId delivery, Timestamp run_at);

// A takedown job, due now, for each of the post's deliveries that reached a
// platform (it has a remote id) and has none open yet.
Status PlanTakedown(store::Transaction& tx, store::Repositories& repos, const Actor& actor,
                    PostId post, Timestamp now);

// False once a channel marked "publishing" in the delivery's progress: the
// irreversible call (media_publish) may have gone out, so the delivery can
// no longer start over with changed content. The Channel contract
// (channels/channel.hpp) asks every channel to mark it that way.
bool MayStartOver(const Delivery& delivery);

// True when a takedown switched the delivery's comments off (the takedown
// job notes "comments_off" in the delivery's progress record).
bool CommentsSwitchedOff(const Delivery& delivery);

}  // namespace civicpost::publish

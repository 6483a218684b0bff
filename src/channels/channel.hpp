#pragma once
// A place posts go: the Instagram account, the authority's own website.
// The publisher (jobs/publish_job) hands a channel one delivery at a time;
// the channel does the remote calls and records how far it got in the
// delivery's progress record through the journal, which writes it durably
// before the channel goes on. A channel must therefore be able to resume
// from any progress record it ever journaled, without publishing twice:
// the process may be killed between any two calls. Before its irreversible
// call it journals "publishing": true; until then an edited post may start
// over with new content (publish::MayStartOver). The journal refuses to
// save once the post left the schedule, and the channel then stops.

#include <chrono>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/post.hpp"
#include "core/result.hpp"

namespace civicpost::channels {

// One image or video as the platform fetches it.
struct OutgoingMedia {
  MediaId media_id;
  std::string url{};  // absolute, signed and expiring (media::UrlSigner)
  bool is_video = false;
  std::string alt_text{};
};

// A post as it goes out.
struct Outgoing {
  PostId post_id;
  PostKind kind = PostKind::kFeedImage;
  std::string caption{};  // with the credits (publish::Workflow::PublishedCaption)
  std::vector<OutgoingMedia> media{};
  std::string public_url{};  // the post's page on the authority's own site
};

// Writes the delivery (its progress, remote id, permalink) durably.
class DeliveryJournal {
 public:
  virtual ~DeliveryJournal() = default;
  virtual Status Save(const Delivery& delivery) = 0;
};

struct PublishOutcome {
  enum class Kind {
    kPublished,       // delivery.remote_id (and permalink, when read) are set
    kWait,            // not done, nothing wrong: come back after `wait` (quota, processing)
    kRetry,           // a transient failure: come back after `wait`, counting an attempt
    kFailed,          // give up; staff must change the post (error_key says why)
    kNeedsReconnect,  // the token is gone: the channel needs a person
  };
  Kind kind = Kind::kFailed;
  std::chrono::seconds wait{0};
  std::string error_key{};  // catalogue key, "graph.image_too_large"
  std::string message{};    // the platform's words, for the log and the details
};

// What a moderation action on the platform came to.
struct ActionOutcome {
  bool done = false;
  bool retry = false;       // a transient failure: trying again later may work
  std::string remote_id{};  // a reply's id
  std::string error_key{};  // catalogue key when not done
  std::string message{};    // the platform's words
};

// Whether a delivery whose publishing may have gone out (the platform's
// answer was lost) did, for a takedown that must not miss it.
struct PublishCheck {
  enum class Kind {
    kWentOut,  // remote_id (and permalink if known) name it
    kNotOut,   // it certainly did not, and will not
    kNotYet,   // the platform may still publish it: ask again later
    kUnknown,  // the platform could not be asked: try again
  };
  Kind kind = Kind::kNotOut;
  std::string remote_id{};
  std::string permalink{};
  // What stands for the post when the media found is not certainly its own
  // (another delivery has it): "container:<id>".
  std::string unidentified_id{};
  std::string error_key{};
  std::string message{};
};

class Channel {
 public:
  virtual ~Channel() = default;
  // Publishes `post` for `delivery`, resuming from delivery.progress_json.
  // Journals before and after every remote call that creates something.
  virtual PublishOutcome Publish(const Outgoing& post, Delivery& delivery,
                                 DeliveryJournal& journal) = 0;

  // Moderation (spec section 4). A channel without comments says so.
  virtual ActionOutcome SetHidden(const std::string& comment_id, bool hidden);
  virtual ActionOutcome Delete(const std::string& comment_id);
  // Replies to a top-level comment; remote_id is the reply's id.
  virtual ActionOutcome Reply(const std::string& comment_id, const std::string& text);
  // Sends `text` privately to the comment's author (Instagram's private
  // reply, spec 4.7): the standard notice after a hide or delete (R23).
  // The platform allows one per comment, within 7 days of it; remote_id is
  // the message's id. A channel without comments says so.
  virtual ActionOutcome SendPrivateReply(const std::string& comment_id, const std::string& text);
  // Comments on a published post off (a takedown, a storm) or on again.
  virtual ActionOutcome SetCommentsEnabled(const std::string& media_id, bool enabled);
  // See PublishCheck; a channel that publishes at once says kNotOut.
  virtual PublishCheck CheckPublished(const Delivery& delivery);
};

}  // namespace civicpost::channels

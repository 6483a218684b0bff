#include "publish/workflow.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/time_format.hpp"
#include "media/video_probe.hpp"

namespace civicpost::publish {
namespace {

using nlohmann::json;

Actor ActorOf(const User& user) { return Actor::ForUser(user.id, user.email); }

Error Refused(ErrorCode code, std::string key) { return Error{code, "workflow." + key}; }

// A reel or a video story: does its video fit the platform's limits?
std::vector<media::RightsFinding> VideoFindings(PostKind kind, const Media& media) {
  if (kind != PostKind::kReel && kind != PostKind::kStory) return {};
  const std::optional<media::VideoInfo> video = media::VideoOf(media);
  if (!video) {
    if (kind == PostKind::kReel) return {{"reel_needs_video", {}}};
    return {};
  }
  return media::CheckVideo(
      *video, kind == PostKind::kReel ? media::VideoUse::kReel : media::VideoUse::kStory);
}

bool CanEdit(PostState state) {
  return state != PostState::kPublished && state != PostState::kWithdrawn;
}

// The composer's fields onto the post; channels are stored beside it.
void ApplyDraft(const PostDraft& draft, Post* post) {
  post->kind = draft.kind;
  post->topic = draft.topic;
  post->caption = draft.caption;
  post->media = draft.media;
  post->event = draft.event;
  post->scheduled_at = draft.scheduled_at;
}

json TimeJson(const std::optional<Timestamp>& t) {
  return t ? json(FormatIsoUtc(*t)) : json(nullptr);
}

std::optional<Timestamp> TimeFrom(const json& j) {
  if (!j.is_string()) return std::nullopt;
  return ParseIsoUtc(j.get<std::string>());
}

}  // namespace

std::string SnapshotJson(const Post& post, const std::vector<std::string>& channel_keys) {
  json media = json::array();
  for (const PostMedia& m : post.media) {
    media.push_back({{"media_id", m.media_id.value()}, {"alt_text", m.alt_text}});
  }
  json event = nullptr;
  if (post.event) {
    event = {{"title", post.event->title},
             {"starts_at", FormatIsoUtc(post.event->starts_at)},
             {"ends_at", TimeJson(post.event->ends_at)},
             {"place", post.event->place}};
  }
  return json{{"kind", kPostKindNames.Name(post.kind)},
              {"topic", post.topic},
              {"caption", post.caption},
              {"media", media},
              {"event", event},
              {"channels", channel_keys},
              {"scheduled_at", TimeJson(post.scheduled_at)}}
      .dump();
}

Result<std::pair<Post, std::vector<std::string>>> ParseSnapshotJson(std::string_view text) {
  try {
    const json j = json::parse(text);
    Post post;
    post.kind =
        kPostKindNames.Parse(j.at("kind").get<std::string>()).value_or(PostKind::kFeedImage);
    post.topic = j.at("topic").get<std::string>();
    post.caption = j.at("caption").get<std::string>();
    for (const json& m : j.at("media")) {
      post.media.push_back(
          {MediaId(m.at("media_id").get<int64_t>()), m.at("alt_text").get<std::string>()});
    }
    if (const json& e = j.at("event"); e.is_object()) {
      post.event = PostEvent{e.at("title").get<std::string>(),
                             TimeFrom(e.at("starts_at")).value_or(Timestamp{}),
                             TimeFrom(e.at("ends_at")), e.at("place").get<std::string>()};
    }
    post.scheduled_at = TimeFrom(j.at("scheduled_at"));
    return std::make_pair(post, j.at("channels").get<std::vector<std::string>>());
  } catch (const json::exception& e) {
    return InvalidArgument(std::string("post version: ") + e.what());
  }
}

bool Workflow::IsAuthor(const PostRecord& record, UserId who) {
  if (record.post.created_by == who) return true;
  return std::any_of(record.versions.begin(), record.versions.end(),
                     [&](const store::PostVersion& v) { return v.author == who; });
}

Result<PostRecord> Workflow::Load(PostId id) { return LoadRecord(db_, id); }

Result<PostRecord> Workflow::LoadRecord(store::SqlSession& db, PostId id) {
  PostRecord record;
  auto post = repos_.posts.Get(db, id);
  if (!post) return post.error();
  record.post = std::move(*post);
  auto channel_ids = repos_.posts.ListChannels(db, id);
  if (!channel_ids) return channel_ids.error();
  auto channels = repos_.channels.ListByOrganization(db, record.post.organization_id);
  if (!channels) return channels.error();
  for (const Channel& channel : *channels) {
    if (std::find(channel_ids->begin(), channel_ids->end(), channel.id) != channel_ids->end()) {
      record.channel_keys.push_back(channel.key);
    }
  }
  auto versions = repos_.posts.ListVersions(db, id);
  if (!versions) return versions.error();
  record.versions = std::move(*versions);
  return record;
}

Result<std::string> Workflow::PublishedCaption(const PostRecord& record) {
  return CaptionWithCredits(db_, record);
}

Result<std::string> Workflow::CaptionWithCredits(store::SqlSession& db, const PostRecord& record) {
  std::vector<std::string> credits;
  for (const PostMedia& used : record.post.media) {
    auto rights = repos_.media_rights.GetRights(db, used.media_id);
    if (!rights) return rights.error();
    if (!*rights) continue;
    const std::string credit = media::Attribution(**rights);
    if (!credit.empty() && std::find(credits.begin(), credits.end(), credit) == credits.end()) {
      credits.push_back(credit);
    }
  }
  std::string caption = record.post.caption;
  if (!credits.empty()) caption += "\n";
  for (const std::string& credit : credits) caption += "\n" + credit;
  return caption;
}

Result<std::vector<Problem>> Workflow::Check(const PostRecord& record,
                                             const usage::Concept& usage_concept) {
  return ChecksIn(db_, record, usage_concept);
}

// The concept's checks, the caption's length as it will be published
// (credits included), then the media's rights and videos.
Result<std::vector<Problem>> Workflow::ChecksIn(store::SqlSession& db, const PostRecord& record,
                                                const usage::Concept& usage_concept) {
  std::vector<Problem> problems = CheckPost(record.post, record.channel_keys, usage_concept);
  auto caption = CaptionWithCredits(db, record);
  if (!caption) return caption.error();
  const auto too_long = [](const Problem& p) { return p.code == "caption_too_long"; };
  if (*caption != record.post.caption && std::none_of(problems.begin(), problems.end(), too_long)) {
    Post published = record.post;
    published.caption = *caption;
    for (const Problem& p : CheckPost(published, record.channel_keys, usage_concept)) {
      if (too_long(p)) problems.push_back(p);
    }
  }
  auto rights = RightsProblems(db, record);
  if (!rights) return rights.error();
  problems.insert(problems.end(), rights->begin(), rights->end());
  return problems;
}

Result<std::vector<Problem>> Workflow::RightsProblems(store::SqlSession& db,
                                                      const PostRecord& record) {
  const Date today = media::Today(clock_);
  std::vector<Problem> out;
  for (const PostMedia& used : record.post.media) {
    auto media = repos_.media.Get(db, used.media_id);
    if (!media) return media.error();
    auto report = media::CheckStoredRights(db, repos_.media_rights, used.media_id,
                                           record.channel_keys, today, rights_policy_);
    if (!report) return report.error();
    for (const media::RightsFinding& finding : report->problems) {
      Problem problem{"rights_" + used.media_id.ToString(), "rights_" + finding.code, finding.args};
      problem.args.insert(problem.args.begin(), {"file", media->original_name});
      out.push_back(std::move(problem));
    }
    for (media::RightsFinding& finding : VideoFindings(record.post.kind, *media)) {
      finding.args.insert(finding.args.begin(), {"file", media->original_name});
      out.push_back({"media_" + used.media_id.ToString(), finding.code, finding.args});
    }
  }
  return out;
}

Result<PostRecord> Workflow::LoadFor(store::Transaction& tx, const User& who, PostId id) {
  auto record = LoadRecord(tx, id);
  if (!record) return record.error();
  // Another authority's post does not exist for this person.
  if (record->post.organization_id != who.organization_id) {
    return NotFound("no post with id " + id.ToString());
  }
  return record;
}

Status Workflow::SetChannels(store::Transaction& tx, const User& who, PostId id,
                             const std::vector<std::string>& keys) {
  auto channels = repos_.channels.ListByOrganization(tx, who.organization_id);
  if (!channels) return channels.error();
  std::vector<ChannelId> ids;
  for (const std::string& key : keys) {
    auto found = std::find_if(channels->begin(), channels->end(),
                              [&](const Channel& c) { return c.key == key; });
    if (found == channels->end()) return Refused(ErrorCode::kInvalidArgument, "unknown_channel");
    ids.push_back(found->id);
  }
  // The concept promises that nothing is only on a platform: every post goes
  // to the authority's own website as well.
  for (const Channel& channel : *channels) {
    const bool listed = std::find(ids.begin(), ids.end(), channel.id) != ids.end();
    if (channel.platform == ChannelPlatform::kWebsite && !listed) ids.push_back(channel.id);
  }
  return repos_.posts.SetChannels(tx, id, ids);
}

Status Workflow::SaveVersion(store::Transaction& tx, const User& author, const PostRecord& record) {
  auto version = repos_.posts.AddVersion(tx, record.post.id, author.id,
                                         SnapshotJson(record.post, record.channel_keys));
  return version ? Status::Ok() : Status(version.error());
}

Status Workflow::Change(const User& who, PostId id,
                        const std::function<Status(store::Transaction&, PostRecord&)>& change) {
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    auto record = LoadFor(tx, who, id);
    if (!record) return record.error();
    if (Status s = change(tx, *record); !s.ok()) return s;
    return repos_.posts.Update(tx, ActorOf(who), record->post);
  });
}

Result<PostId> Workflow::CreateDraft(const User& author, const PostDraft& draft) {
  if (!author.Has(Role::kEditor)) return Refused(ErrorCode::kPermissionDenied, "not_editor");
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Result<PostId> {
    PostRecord record;
    Post& post = record.post;
    post.organization_id = author.organization_id;
    ApplyDraft(draft, &post);
    post.created_by = author.id;
    auto id = repos_.posts.Create(tx, ActorOf(author), post);
    if (!id) return id.error();
    post.id = *id;
    record.channel_keys = draft.channel_keys;
    if (Status s = SetChannels(tx, author, *id, draft.channel_keys); !s.ok()) return s.error();
    if (Status s = SaveVersion(tx, author, record); !s.ok()) return s.error();
    return *id;
  });
}

Status Workflow::Edit(const User& author, PostId id, const PostDraft& draft) {
  if (!author.Has(Role::kEditor)) return Refused(ErrorCode::kPermissionDenied, "not_editor");
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    auto record = LoadFor(tx, author, id);
    if (!record) return record.error();
    Post& post = record->post;
    if (!CanEdit(post.state)) return Refused(ErrorCode::kConflict, "not_editable");
    ApplyDraft(draft, &post);
    // An approval covers the version that was approved, not this one.
    if (post.state == PostState::kApproved || post.state == PostState::kScheduled ||
        post.state == PostState::kFailed) {
      if (Status s = StopDeliveries(tx, author, id); !s.ok()) return s;
      post.state = PostState::kInReview;
      post.approved_by.reset();
    }
    if (Status s = repos_.posts.Update(tx, ActorOf(author), post); !s.ok()) return s;
    record->channel_keys = draft.channel_keys;
    if (Status s = SetChannels(tx, author, id, draft.channel_keys); !s.ok()) return s;
    return SaveVersion(tx, author, *record);
  });
}

Status Workflow::Submit(const User& who, PostId id, const usage::Concept& usage_concept,
                        std::vector<Problem>* problems) {
  if (!who.Has(Role::kEditor)) return Refused(ErrorCode::kPermissionDenied, "not_editor");
  return Change(who, id, [&](store::Transaction&, PostRecord& record) -> Status {
    if (record.post.state != PostState::kDraft) return Refused(ErrorCode::kConflict, "not_draft");
    *problems = CheckPost(record.post, record.channel_keys, usage_concept);
    if (!problems->empty()) return Refused(ErrorCode::kInvalidArgument, "checks_failed");
    record.post.state = PostState::kInReview;
    record.post.review_note.clear();
    return Status::Ok();
  });
}

Status Workflow::Approve(const User& who, PostId id, const usage::Concept& usage_concept,
                         std::vector<Problem>* problems) {
  if (!who.Has(Role::kApprover)) return Refused(ErrorCode::kPermissionDenied, "not_approver");
  return Change(who, id, [&](store::Transaction& tx, PostRecord& record) -> Status {
    if (record.post.state != PostState::kInReview) {
      return Refused(ErrorCode::kConflict, "not_in_review");
    }
    if (IsAuthor(record, who.id)) return Refused(ErrorCode::kConflict, "four_eyes");
    // The concept may have changed since the post was submitted.
    auto checked = ChecksIn(tx, record, usage_concept);
    if (!checked) return checked.error();
    *problems = std::move(*checked);
    if (!problems->empty()) return Refused(ErrorCode::kInvalidArgument, "checks_failed");
    record.post.state = PostState::kApproved;
    record.post.approved_by = who.id;
    return Status::Ok();
  });
}

Status Workflow::Return(const User& who, PostId id, const std::string& note) {
  if (!who.Has(Role::kApprover)) return Refused(ErrorCode::kPermissionDenied, "not_approver");
  return Change(who, id, [&](store::Transaction&, PostRecord& record) -> Status {
    if (record.post.state != PostState::kInReview) {
      return Refused(ErrorCode::kConflict, "not_in_review");
    }
    record.post.state = PostState::kDraft;
    record.post.review_note = note;
    return Status::Ok();
  });
}

Status Workflow::Schedule(const User& who, PostId id, Timestamp at) {
  if (!who.Has(Role::kEditor)) return Refused(ErrorCode::kPermissionDenied, "not_editor");
  if (at <= clock_.Now()) return Refused(ErrorCode::kInvalidArgument, "schedule_in_past");
  return Change(who, id, [&](store::Transaction& tx, PostRecord& record) -> Status {
    const PostState state = record.post.state;
    if (state != PostState::kApproved && state != PostState::kScheduled) {
      return Refused(ErrorCode::kConflict, "not_approved");
    }
    record.post.state = PostState::kScheduled;
    record.post.scheduled_at = at;
    return PlanDeliveries(tx, who, record.post, at);
  });
}

// Deliveries not yet out start over (their containers are abandoned and
// expire on the platform), so changed content is what goes out next time;
// one whose irreversible call may have gone out cannot, and refuses.
Status Workflow::StopDeliveries(store::Transaction& tx, const User& who, PostId id) {
  auto deliveries = repos_.posts.ListDeliveries(tx, id);
  if (!deliveries) return deliveries.error();
  for (Delivery delivery : *deliveries) {
    if (delivery.state == DeliveryState::kPublished ||
        delivery.state == DeliveryState::kWithdrawn) {
      continue;
    }
    if (!MayStartOver(delivery)) return Refused(ErrorCode::kConflict, "publishing_now");
    delivery.state = DeliveryState::kPending;
    delivery.progress_json = "{}";
    delivery.remote_id.clear();
    delivery.error_key.clear();
    delivery.last_error.clear();
    if (Status s = repos_.posts.UpdateDelivery(tx, ActorOf(who), delivery); !s.ok()) return s;
  }
  return Status::Ok();
}

// One delivery per channel and one publishing job for each that has not
// gone out. A job already waiting for the delivery is kept: it reads the
// post's time when it runs, so a new time needs no second job (two jobs for
// one delivery could publish it twice).
Status Workflow::PlanDeliveries(store::Transaction& tx, const User& who, const Post& post,
                                Timestamp at) {
  auto channel_ids = repos_.posts.ListChannels(tx, post.id);
  if (!channel_ids) return channel_ids.error();
  auto deliveries = repos_.posts.ListDeliveries(tx, post.id);
  if (!deliveries) return deliveries.error();
  for (ChannelId channel : *channel_ids) {
    auto existing = std::find_if(deliveries->begin(), deliveries->end(),
                                 [&](const Delivery& d) { return d.channel_id == channel; });
    DeliveryId delivery_id;
    if (existing == deliveries->end()) {
      Delivery delivery;
      delivery.post_id = post.id;
      delivery.channel_id = channel;
      auto created = repos_.posts.CreateDelivery(tx, ActorOf(who), delivery);
      if (!created) return created.error();
      delivery_id = *created;
    } else if (existing->state == DeliveryState::kPublished) {
      continue;
    } else {
      delivery_id = existing->id;
    }
    Status planned = PlanDeliveryJob(tx, repos_, ActorOf(who), kPublishJobKind, delivery_id, at);
    if (!planned.ok()) return planned;
  }
  return Status::Ok();
}

Status Workflow::Unschedule(const User& who, PostId id) {
  if (!who.Has(Role::kEditor)) return Refused(ErrorCode::kPermissionDenied, "not_editor");
  return Change(who, id, [&](store::Transaction& tx, PostRecord& record) -> Status {
    if (record.post.state != PostState::kScheduled) {
      return Refused(ErrorCode::kConflict, "not_scheduled");
    }
    if (Status s = StopDeliveries(tx, who, id); !s.ok()) return s;
    record.post.state = PostState::kApproved;
    return Status::Ok();
  });
}

Status Workflow::Withdraw(const User& who, PostId id) {
  if (!who.Has(Role::kEditor) && !who.Has(Role::kApprover)) {
    return Refused(ErrorCode::kPermissionDenied, "not_editor");
  }
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    auto record = LoadFor(tx, who, id);
    if (!record) return record.error();
    if (record->post.state == PostState::kWithdrawn) {
      return Refused(ErrorCode::kConflict, "already_withdrawn");
    }
    auto deliveries = repos_.posts.ListDeliveries(tx, id);
    if (!deliveries) return deliveries.error();
    for (Delivery delivery : *deliveries) {
      if (delivery.state == DeliveryState::kWithdrawn) continue;
      delivery.state = DeliveryState::kWithdrawn;
      if (Status s = repos_.posts.UpdateDelivery(tx, ActorOf(who), delivery); !s.ok()) return s;
    }
    if (Status s = PlanTakedown(tx, repos_, ActorOf(who), id, clock_.Now()); !s.ok()) return s;
    record->post.state = PostState::kWithdrawn;
    return repos_.posts.Update(tx, ActorOf(who), record->post);
  });
}

}  // namespace civicpost::publish

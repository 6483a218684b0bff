#include "store/repositories.hpp"

#include "core/sha256.hpp"
#include "store_fixture.hpp"

namespace civicpost::store {
namespace {

class RepositoriesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    org_ = MakeOrganization();
  }

  ChannelId MakeChannel(const std::string& key, ChannelPlatform platform) {
    auto id = InTransaction(*db_, [&](Transaction& tx) {
      return repos_.channels.Create(tx, Actor::Cli(),
                                    {{},
                                     org_,
                                     key,
                                     platform,
                                     "Kanal " + key,
                                     "@stadt",
                                     "https://example.org/" + key,
                                     ChannelStatus::kActive,
                                     {}});
    });
    EXPECT_TRUE(id) << id.error().message;
    return *id;
  }

  MediaId MakeMedia(const std::string& sha) {
    auto id = InTransaction(*db_, [&](Transaction& tx) {
      return repos_.media.Create(
          tx, Actor::Cli(),
          {{}, org_, sha, "image/jpeg", 1234, 1080, 1350, "see.jpg", "media/" + sha, {}});
    });
    EXPECT_TRUE(id) << id.error().message;
    return *id;
  }

  OrganizationId org_;
};

TEST_F(RepositoriesTest, OrganizationAndConceptVersions) {
  auto org = repos_.organizations.Get(*db_, org_);
  ASSERT_TRUE(org);
  EXPECT_EQ(org->slug, "sassenberg");
  EXPECT_EQ(org->created_at, clock_.Now());
  auto found = repos_.organizations.FindBySlug(*db_, "sassenberg");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, org_);

  auto record = [&](const std::string& text) {
    return InTransaction(*db_, [&](Transaction& tx) {
      return repos_.organizations.RecordConcept(tx, Actor::Cli(), org_, "concept.toml", text);
    });
  };
  EXPECT_EQ(*record("a = 1"), 1);
  EXPECT_EQ(*record("a = 1"), 1);  // unchanged text is not a new version
  EXPECT_EQ(*record("a = 2"), 2);
  auto latest = repos_.organizations.LatestConcept(*db_, org_);
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->toml_text, "a = 2");
  auto digest = repos_.organizations.LatestConceptSha256(*db_, org_);
  ASSERT_TRUE(digest && *digest);
  EXPECT_EQ(**digest, (*latest)->sha256);
}

TEST_F(RepositoriesTest, UserRoundTripWithRolesAndLowerCaseEmail) {
  auto id = InTransaction(*db_, [&](Transaction& tx) {
    return repos_.users.Create(tx, Actor::Cli(),
                               {{},
                                org_,
                                "Jana.Wiewel@Example.ORG",
                                "Jana Wiewel",
                                "$argon2id$x",
                                {Role::kEditor, Role::kModerator},
                                false,
                                {}});
  });
  ASSERT_TRUE(id) << id.error().message;
  auto user = repos_.users.FindByEmail(*db_, "JANA.wiewel@example.org");
  ASSERT_TRUE(user && *user);
  EXPECT_EQ((*user)->email, "jana.wiewel@example.org");
  EXPECT_EQ((*user)->roles, (std::set<Role>{Role::kEditor, Role::kModerator}));
  EXPECT_EQ((*user)->password_hash, "$argon2id$x");
  auto audit = repos_.audit.Recent(*db_, 1);
  ASSERT_TRUE(audit);
  EXPECT_EQ((*audit)[0].action, "user.create");
  EXPECT_EQ((*audit)[0].after_json.find("argon2id"), std::string::npos);  // no hash in the log

  auto dup = InTransaction(*db_, [&](Transaction& tx) {
    return repos_.users.Create(tx, Actor::Cli(),
                               {{}, org_, "jana.wiewel@example.org", "X", "h", {}, false, {}});
  });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
}

TEST_F(RepositoriesTest, ChannelRoundTripAndStatusChangeIsAudited) {
  const ChannelId id = MakeChannel("instagram", ChannelPlatform::kInstagram);
  ASSERT_TRUE(InTransaction(*db_, [&](Transaction& tx) {
                return repos_.channels.UpdateStatus(tx, Actor::System(), id,
                                                    ChannelStatus::kNeedsReconnect);
              }).ok());
  auto channels = repos_.channels.ListByOrganization(*db_, org_);
  ASSERT_TRUE(channels);
  ASSERT_EQ(channels->size(), 1u);
  EXPECT_EQ((*channels)[0].platform, ChannelPlatform::kInstagram);
  EXPECT_EQ((*channels)[0].status, ChannelStatus::kNeedsReconnect);
  EXPECT_EQ((*channels)[0].handle, "@stadt");
  auto audit = repos_.audit.Recent(*db_, 1);
  ASSERT_TRUE(audit);
  EXPECT_EQ((*audit)[0].action, "channel.status");
  EXPECT_NE((*audit)[0].before_json.find("\"active\""), std::string::npos);
  EXPECT_NE((*audit)[0].after_json.find("needs_reconnect"), std::string::npos);
}

TEST_F(RepositoriesTest, MediaRoundTripAndDuplicateDetection) {
  const MediaId id = MakeMedia("abc123");
  auto media = repos_.media.Get(*db_, id);
  ASSERT_TRUE(media);
  EXPECT_EQ(media->width, 1080);
  EXPECT_EQ(media->content_type, "image/jpeg");
  auto dup = InTransaction(*db_, [&](Transaction& tx) {
    return repos_.media.Create(tx, Actor::Cli(),
                               {{}, org_, "abc123", "image/jpeg", 1, 1, 1, "copy.jpg", "x", {}});
  });
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("see.jpg"), std::string::npos);
}

TEST_F(RepositoriesTest, PostWithMediaEventAndDeliveries) {
  const MediaId m1 = MakeMedia("one");
  const MediaId m2 = MakeMedia("two");
  const ChannelId insta = MakeChannel("instagram", ChannelPlatform::kInstagram);
  const ChannelId website = MakeChannel("website", ChannelPlatform::kWebsite);
  Post post;
  post.organization_id = org_;
  post.kind = PostKind::kCarousel;
  post.state = PostState::kScheduled;
  post.topic = "kultur";
  post.caption = "Weihnachtsmarkt – „Glühwein“ & Musik #Sassenberg";
  post.media = {{m1, "Marktstände im Lichterglanz"}, {m2, "Kinder am Karussell"}};
  post.event = PostEvent{"Weihnachtsmarkt", *ParseIsoUtc("2026-12-05T15:00:00Z"),
                         *ParseIsoUtc("2026-12-05T20:00:00Z"), "Klosterplatz"};
  post.scheduled_at = *ParseIsoUtc("2026-11-28T09:00:00Z");
  auto id = InTransaction(*db_, [&](Transaction& tx) -> Result<PostId> {
    auto created = repos_.posts.Create(tx, Actor::Cli(), post);
    if (!created) return created;
    Delivery pending;
    pending.post_id = *created;
    pending.channel_id = insta;
    auto delivery = repos_.posts.CreateDelivery(tx, Actor::Cli(), pending);
    if (!delivery) return delivery.error();
    pending.channel_id = website;
    delivery = repos_.posts.CreateDelivery(tx, Actor::Cli(), pending);
    if (!delivery) return delivery.error();
    return created;
  });
  ASSERT_TRUE(id) << id.error().message;
  auto deliver = [&](ChannelId channel, std::string permalink) {
    auto all = repos_.posts.ListDeliveries(*db_, *id);
    for (Delivery d : *all) {
      if (d.channel_id != channel) continue;
      d.state = DeliveryState::kPublished;
      d.remote_id = "remote-" + d.id.ToString();
      d.permalink = std::move(permalink);
      ASSERT_TRUE(InTransaction(*db_, [&](Transaction& tx) {
                    return repos_.posts.UpdateDelivery(tx, Actor::System(), d);
                  }).ok());
    }
  };

  auto loaded = repos_.posts.Get(*db_, *id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->caption, post.caption);
  EXPECT_EQ(loaded->kind, PostKind::kCarousel);
  ASSERT_EQ(loaded->media.size(), 2u);
  EXPECT_EQ(loaded->media[1].alt_text, "Kinder am Karussell");
  ASSERT_TRUE(loaded->event);
  EXPECT_EQ(loaded->event->place, "Klosterplatz");
  EXPECT_EQ(loaded->event->ends_at, post.event->ends_at);
  EXPECT_EQ(loaded->scheduled_at, post.scheduled_at);
  EXPECT_FALSE(loaded->published_at);

  // Public only once the website delivery is out, and only until withdrawn.
  EXPECT_FALSE(*repos_.posts.IsMediaPublished(*db_, m1));
  EXPECT_TRUE(repos_.posts.ListOnWebsite(*db_, org_)->empty());
  clock_.Advance(std::chrono::hours(3));
  const Timestamp website_at = clock_.Now();
  deliver(website, "/sassenberg/beitraege/" + id->ToString() + "/");
  auto on_site = repos_.posts.ListOnWebsite(*db_, org_);
  ASSERT_TRUE(on_site);
  ASSERT_EQ(on_site->size(), 1u);
  EXPECT_EQ((*on_site)[0].on_website_at, website_at);
  EXPECT_EQ((*on_site)[0].platform_permalink, "");  // Instagram has not published it yet
  EXPECT_TRUE(*repos_.posts.IsMediaPublished(*db_, m2));

  clock_.Advance(std::chrono::minutes(5));
  deliver(insta, "https://www.instagram.com/p/abc/");
  ASSERT_TRUE(InTransaction(*db_, [&](Transaction& tx) {
                return repos_.posts.UpdateState(tx, Actor::System(), *id, PostState::kPublished);
              }).ok());
  on_site = repos_.posts.ListOnWebsite(*db_, org_);
  ASSERT_EQ(on_site->size(), 1u);
  EXPECT_EQ((*on_site)[0].on_website_at, website_at);  // the website copy's time, not the last
  EXPECT_EQ((*on_site)[0].platform_permalink, "https://www.instagram.com/p/abc/");
  EXPECT_EQ((*on_site)[0].platform, ChannelPlatform::kInstagram);
  EXPECT_EQ((*on_site)[0].post.caption, post.caption);

  ASSERT_TRUE(InTransaction(*db_, [&](Transaction& tx) {
                return repos_.posts.UpdateState(tx, Actor::System(), *id, PostState::kWithdrawn);
              }).ok());
  EXPECT_TRUE(repos_.posts.ListOnWebsite(*db_, org_)->empty());
  EXPECT_FALSE(*repos_.posts.IsMediaPublished(*db_, m2));
  auto after = repos_.posts.ListDeliveries(*db_, *id);
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ((*after)[0].remote_id, "remote-" + (*after)[0].id.ToString());
  EXPECT_EQ((*after)[0].state, DeliveryState::kPublished);
}

TEST_F(RepositoriesTest, CommentsDecisionsAndChainedEvidence) {
  const ChannelId insta = MakeChannel("instagram", ChannelPlatform::kInstagram);
  Comment c;
  c.channel_id = insta;
  c.remote_id = "c-1";
  c.author_handle = "buerger_42";
  c.text = "Wann ist der Markt geöffnet?";
  c.received_at = clock_.Now();
  auto record = [&] {
    return InTransaction(*db_, [&](Transaction& tx) { return repos_.comments.Record(tx, c); });
  };
  auto first = record();
  auto second = record();  // the webhook delivered it twice
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);

  ASSERT_TRUE(InTransaction(*db_, [&](Transaction& tx) -> Result<DecisionId> {
    if (Status s = repos_.comments.UpdateState(tx, Actor::System(), *first, CommentState::kHidden);
        !s.ok()) {
      return s.error();
    }
    return repos_.comments.AddDecision(tx, Actor::System(),
                                       {{},
                                        *first,
                                        "insult",
                                        0.93,
                                        ModerationAction::kHide,
                                        "N2",
                                        std::nullopt,
                                        "Beleidigung",
                                        {}});
  }));
  auto stored = repos_.comments.Get(*db_, *first);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->state, CommentState::kHidden);
  EXPECT_EQ(stored->text, c.text);
  auto decisions = repos_.comments.ListDecisions(*db_, *first);
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ((*decisions)[0].clause_id, "N2");
  EXPECT_DOUBLE_EQ((*decisions)[0].score, 0.93);
  EXPECT_FALSE((*decisions)[0].decided_by);

  for (const char* snapshot : {"{\"text\":\"a\"}", "{\"text\":\"b\"}"}) {
    ASSERT_TRUE(InTransaction(*db_, [&](Transaction& tx) {
      return repos_.comments.AddEvidence(tx, Actor::System(),
                                         {{}, *first, snapshot, "", "", "", std::nullopt, {}});
    }));
  }
  auto evidence = repos_.comments.ListEvidence(*db_, *first);
  ASSERT_EQ(evidence->size(), 2u);
  EXPECT_EQ((*evidence)[0].snapshot_json, "{\"text\":\"a\"}");
  EXPECT_EQ((*evidence)[0].prev_hash, AuditLog::kGenesisHash);
  EXPECT_EQ((*evidence)[1].prev_hash, (*evidence)[0].hash);
  EXPECT_EQ((*evidence)[0].sha256, Sha256Hex("{\"text\":\"a\"}"));
  EXPECT_FALSE(db_->Execute("DELETE FROM evidence"));  // append-only
}

TEST_F(RepositoriesTest, JobsAreLeasedRetriedAndGivenUp) {
  Job job;
  job.kind = "publish.instagram";
  job.payload_json = "{\"post\":1}";
  job.run_at = clock_.Now();
  job.max_attempts = 2;
  auto id = InTransaction(
      *db_, [&](Transaction& tx) { return repos_.jobs.Enqueue(tx, Actor::System(), job); });
  ASSERT_TRUE(id);
  auto claim = [&] {
    return InTransaction(
        *db_, [&](Transaction& tx) { return repos_.jobs.ClaimNext(tx, std::chrono::seconds(60)); });
  };
  auto claimed = claim();
  ASSERT_TRUE(claimed && *claimed);
  EXPECT_EQ((*claimed)->attempts, 1);
  EXPECT_FALSE(claim()->has_value());  // leased

  clock_.Advance(std::chrono::seconds(61));  // the worker died; the lease ran out
  auto reclaimed = claim();
  ASSERT_TRUE(reclaimed && *reclaimed);
  EXPECT_EQ((*reclaimed)->attempts, 2);

  ASSERT_TRUE(InTransaction(*db_, [&](Transaction& tx) {
                return repos_.jobs.MarkFailed(tx, *id, "HTTP 500", clock_.Now());
              }).ok());
  auto dead = repos_.jobs.Get(*db_, *id);
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->state, JobState::kDead);
  EXPECT_EQ(dead->last_error, "HTTP 500");
  EXPECT_FALSE(claim()->has_value());
}

}  // namespace
}  // namespace civicpost::store

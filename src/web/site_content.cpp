#include "web/site_content.hpp"

#include <set>

#include "media/library.hpp"
#include "media/rights.hpp"
#include "publish/post_checks.hpp"
#include "web/authority_profile.hpp"

namespace civicpost::web {
namespace {

constexpr size_t kHeadlineLength = 90;

// A caption's first line is the post's heading, shortened if long.
std::string Headline(const std::string& caption) {
  return ShortenAtWord(caption.substr(0, caption.find('\n')), kHeadlineLength);
}

std::vector<std::string> UniqueHashtags(const std::string& caption) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::string& tag : publish::Hashtags(caption)) {
    if (seen.insert(tag).second) out.push_back(std::move(tag));
  }
  return out;
}

Result<site::SitePost> ToSitePost(store::SqlSession& db, store::Repositories& repos,
                                  const store::WebsitePost& on_site,
                                  const AuthorityProfile& profile) {
  const Post& post = on_site.post;
  site::SitePost out;
  out.id = post.id;
  out.headline = Headline(post.caption);
  out.caption = post.caption;
  out.hashtags = UniqueHashtags(post.caption);
  out.topic_id = post.topic;
  auto topic = profile.topic_names.find(post.topic);
  out.topic_name = topic != profile.topic_names.end() ? topic->second : post.topic;
  out.published_at = on_site.on_website_at;
  out.updated_at = std::max(post.updated_at, on_site.on_website_at);
  for (const PostMedia& used : post.media) {
    auto media = repos.media.Get(db, used.media_id);
    if (!media) return media.error();
    auto rights = repos.media_rights.GetRights(db, media->id);
    if (!rights) return rights.error();
    site::SiteImage image;
    image.media_id = media->id;
    image.raster = media::IsRaster(*media);
    image.content_type = image.raster ? "image/jpeg" : media->content_type;
    image.alt = used.alt_text;
    image.width = media->width;
    image.height = media->height;
    if (*rights) image.credit = media::Attribution(**rights);
    out.images.push_back(std::move(image));
  }
  if (post.event) {
    out.event = site::SiteEvent{post.event->title, post.event->starts_at, post.event->ends_at,
                                post.event->place};
  }
  out.platform_url = on_site.platform_permalink;
  if (!out.platform_url.empty()) out.platform_name = PlatformName(on_site.platform);
  return out;
}

}  // namespace

std::string ShortenAtWord(const std::string& text, size_t length) {
  if (text.size() <= length) return text;
  size_t cut = text.rfind(' ', length);
  if (cut == std::string::npos) cut = length;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + " …";
}

Result<SiteContent> ReadSiteContent(store::SqlSession& db, store::Repositories& repos,
                                    ConceptCache& concepts, const Organization& org,
                                    const std::string& base_url) {
  SiteContent content;
  content.organization = org;
  content.profile.name = org.name;
  auto concept_value = concepts.For(org.id);
  if (concept_value) {
    content.concept_value = *concept_value;
    content.profile = ProfileFromConcept(**concept_value);
    auto version = repos.organizations.LatestConcept(db, org.id);
    if (!version) return version.error();
    if (*version) content.concept_version = (*version)->version;
  } else if (concept_value.error().code != ErrorCode::kNotFound) {
    return concept_value.error();
  }

  site::SiteFeedData& feed = content.feed;
  feed.address = {base_url, org.slug};
  feed.authority_name = content.profile.name.empty() ? org.name : content.profile.name;
  feed.description = "Alle Beiträge von " + feed.authority_name +
                     " aus den sozialen Medien, frei zugänglich ohne Anmeldung.";
  feed.time_zone = content.profile.time_zone;
  for (const ContactLink& contact : content.profile.contacts) {
    if (contact.url.starts_with("mailto:") && feed.contact_email.empty()) {
      feed.contact_email = contact.text;
    }
  }
  if (content.concept_value) {
    for (const usage::Topic& topic : content.concept_value->topics) {
      feed.topics.push_back({topic.id, topic.name, topic.description});
    }
  }
  auto posts = repos.posts.ListOnWebsite(db, org.id);
  if (!posts) return posts.error();
  for (const store::WebsitePost& on_site : *posts) {
    auto post = ToSitePost(db, repos, on_site, content.profile);
    if (!post) return post.error();
    feed.posts.push_back(std::move(*post));
  }
  return content;
}

}  // namespace civicpost::web

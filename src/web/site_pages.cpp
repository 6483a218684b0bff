#include "web/site_pages.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/german_format.hpp"
#include "core/percent_encoding.hpp"
#include "core/time_format.hpp"
#include "core/time_zone.hpp"
#include "documents/builders.hpp"
#include "documents/render.hpp"
#include "publish/post_checks.hpp"
#include "site/feeds.hpp"

namespace civicpost::web {
namespace {

constexpr size_t kTeaserLength = 240;
constexpr size_t kPastEvents = 50;

std::string Escape(const std::string& text) {
  return kainjow::mustache::html_escape<std::string>(text);
}

// Hashtag pages are keyed by the tag folded to ASCII lower case, so
// #Sassenberg and #sassenberg share one.
std::string HashtagKey(const std::string& tag) {
  std::string key = tag.substr(1);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \n\r\t");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \n\r\t") - begin + 1);
}

class SiteRenderer {
 public:
  SiteRenderer(const SiteContent& content, const Templates& templates,
               const SiteRenderOptions& options)
      : content_(content),
        feed_(content.feed),
        address_(content.feed.address),
        templates_(templates),
        options_(options),
        zone_(Zone(content.feed.time_zone)) {}

  std::vector<SiteFile> Render() {
    GroupPosts();
    RenderList(ListKind::kHome, "", address_.Home(), posts_all_);
    for (const site::SiteTopic& topic : Topics()) {
      RenderList(ListKind::kTopic, topic.id, address_.Topic(topic.id), by_topic_[topic.id]);
    }
    for (const auto& [key, posts] : by_hashtag_) {
      RenderList(ListKind::kHashtag, key, HashtagPath(key), posts);
    }
    for (const site::SitePost& post : feed_.posts) RenderPost(post);
    RenderEvents();
    RenderContact();
    RenderImpressum();
    RenderAccessibility();
    RenderDocuments();
    RenderFeeds();
    return std::move(files_);
  }

 private:
  enum class ListKind { kHome, kTopic, kHashtag };

  static TimeZone Zone(const std::string& name) {
    auto zone = TimeZone::Find(name);
    if (zone) return *zone;
    return *TimeZone::Find("Europe/Berlin");
  }

  std::string HashtagPath(const std::string& key) const {
    return address_.Home() + "hashtags/" + key + "/";
  }
  std::string ContactPath() const { return address_.Home() + "kontakt/"; }
  std::string EventsPath() const { return address_.Home() + "termine/"; }
  std::string ImpressumPath() const { return address_.Home() + "impressum/"; }
  std::string AccessibilityPath() const { return address_.Home() + "barrierefreiheit/"; }
  std::string DocumentPath(const std::string& name) const { return address_.Home() + name + "/"; }
  std::string CalendarPath() const { return site::CalendarPath(address_); }
  static std::string PagePath(const std::string& list_path, int page) {
    return page == 1 ? list_path : list_path + "seite/" + std::to_string(page) + "/";
  }

  // A link from the page at `from` to the site path `to` ("/sassenberg/..."),
  // with a path segment percent-encoded where needed.
  std::string Link(const std::string& from, const std::string& to) const {
    std::string encoded;
    size_t start = 0;
    for (size_t slash = to.find('/'); slash != std::string::npos; slash = to.find('/', start)) {
      encoded += PercentEncode(to.substr(start, slash - start)) + "/";
      start = slash + 1;
    }
    encoded += PercentEncode(to.substr(start));
    if (options_.links == SiteLinks::kRooted) return encoded;
    return Root(from) + encoded.substr(1);
  }

  // "/" or as many "../" as `from` has directories.
  std::string Root(const std::string& from) const {
    if (options_.links == SiteLinks::kRooted) return "/";
    const size_t depth = std::count(from.begin(), from.end(), '/') - 1;
    std::string root;
    for (size_t i = 0; i < depth; ++i) root += "../";
    return root.empty() ? "./" : root;
  }

  const std::vector<site::SiteTopic>& Topics() const { return topics_; }

  void GroupPosts() {
    topics_ = feed_.topics;
    for (const site::SitePost& post : feed_.posts) {
      // A topic the concept dropped still has its posts.
      const bool known = std::any_of(topics_.begin(), topics_.end(), [&](const site::SiteTopic& t) {
        return t.id == post.topic_id;
      });
      if (!known) topics_.push_back({post.topic_id, post.topic_name, ""});
      posts_all_.push_back(&post);
      by_topic_[post.topic_id].push_back(&post);
      for (const std::string& tag : post.hashtags) {
        std::vector<const site::SitePost*>& list = by_hashtag_[HashtagKey(tag)];
        if (list.empty() || list.back() != &post) list.push_back(&post);
        hashtag_labels_.emplace(HashtagKey(tag), tag);
      }
    }
  }

  PageFrame Frame(const std::string& path, const std::string& title) const {
    PageFrame frame;
    frame.title = title + " – " + feed_.authority_name;
    frame.site_name = feed_.authority_name;
    frame.home_url = Link(path, address_.Home());
    frame.root = Root(path);
    if (!address_.base_url.empty()) frame.canonical = address_.Absolute(path);
    frame.description =
        "Alle Beiträge von " + feed_.authority_name + " aus den sozialen Medien, frei zugänglich.";
    auto nav = [&](const std::string& label, const std::string& to) {
      return FrameLink{label, Link(path, to),
                       path == to || (to != address_.Home() && path.starts_with(to))};
    };
    frame.nav = {nav("Beiträge", address_.Home()), nav("Termine", EventsPath()),
                 nav("Kontakt", ContactPath())};
    frame.footer_links = {nav("Impressum", ImpressumPath())};
    if (HasPrivacyNotice()) {
      frame.footer_links.push_back(nav("Datenschutz", DocumentPath("datenschutz")));
    }
    frame.footer_links.push_back(nav("Barrierefreiheit", AccessibilityPath()));
    if (content_.concept_value) {
      frame.footer_links.push_back(nav("Netiquette", DocumentPath("netiquette")));
      frame.footer_links.push_back(nav("Nutzungskonzept", DocumentPath("nutzungskonzept")));
    }
    frame.alternates = FeedAlternates(nullptr, "Alle Beiträge");
    if (!content_.profile.responsible_lines.empty()) {
      std::string line = "Verantwortlich: ";
      for (size_t i = 0; i < content_.profile.responsible_lines.size(); ++i) {
        line += (i ? ", " : "") + content_.profile.responsible_lines[i];
      }
      frame.footer_lines.push_back(line);
    }
    return frame;
  }

  // The feeds of the site or of one topic, for <link rel="alternate">.
  std::vector<FrameLink> FeedAlternates(const site::SiteTopic* topic,
                                        const std::string& label) const {
    std::vector<FrameLink> links;
    for (const auto& [format, name] :
         {std::pair{site::FeedFormat::kRss, "RSS"}, std::pair{site::FeedFormat::kAtom, "Atom"},
          std::pair{site::FeedFormat::kJson, "JSON Feed"}}) {
      std::string_view type = site::FeedContentType(format);
      links.push_back({label + " (" + name + ")",
                       address_.Absolute(site::FeedPath(address_, format, topic)), false,
                       std::string(type.substr(0, type.find(';')))});
    }
    return links;
  }

  void AddPage(const std::string& path, const std::string& template_name, const TemplateData& data,
               const PageFrame& frame) {
    files_.push_back(
        {path, "text/html; charset=utf-8", templates_.Page(template_name, data, frame)});
  }

  bool HasPrivacyNotice() const {
    return content_.concept_value && content_.concept_value->privacy.has_value();
  }

  // The image's address and srcset: photos as renditions, other images as
  // their file.
  TemplateData ImageData(const std::string& from, const site::SiteImage& image) const {
    TemplateData data;
    const std::string base = "/media/" + image.media_id.ToString() + "/";
    if (image.raster) {
      data.set("src", Link(from, base + "web_960.jpg"));
      data.set("srcset", Link(from, base + "web_480.jpg") + " 480w, " +
                             Link(from, base + "web_960.jpg") + " 960w, " +
                             Link(from, base + "web_1600.jpg") + " 1600w");
    } else {
      data.set("src", Link(from, base + MediaFileName(image)));
    }
    data.set("alt", image.alt);
    data.set("width", std::to_string(image.width));
    data.set("height", std::to_string(image.height));
    if (!image.credit.empty()) data.set("credit", image.credit);
    return data;
  }

  TemplateData EventData(const std::string& from, const site::SitePost& post) const {
    const site::SiteEvent& event = *post.event;
    TemplateData data;
    data.set("title", event.title);
    data.set("url", Link(from, address_.Post(post.id)));
    data.set("start_iso", FormatIsoUtc(event.starts_at));
    data.set("start_human", GermanDateTime(zone_.ToLocal(event.starts_at)));
    if (event.ends_at) {
      data.set("end_iso", FormatIsoUtc(*event.ends_at));
      data.set("end_human", GermanDateTime(zone_.ToLocal(*event.ends_at)));
    }
    if (!event.place.empty()) data.set("place", event.place);
    data.set("calendar_url", Link(from, CalendarPath()));
    return data;
  }

  void SetPostBasics(TemplateData& data, const std::string& from,
                     const site::SitePost& post) const {
    data.set("id", post.id.ToString());
    data.set("url", Link(from, address_.Post(post.id)));
    data.set("headline", post.headline);
    data.set("published_iso", FormatIsoUtc(post.published_at));
    data.set("published_human", GermanDate(zone_.ToLocal(post.published_at)));
    data.set("topic_id", post.topic_id);
    data.set("topic_name", post.topic_name);
    data.set("topic_url", Link(from, address_.Topic(post.topic_id)));
  }

  std::string Card(const std::string& from, const site::SitePost& post, int level) const {
    TemplateData card;
    SetPostBasics(card, from, post);
    card.set("level", std::to_string(level));
    if (!post.images.empty()) {
      TemplateData image = ImageData(from, post.images.front());
      if (post.images.size() > 1) {
        const size_t more = post.images.size() - 1;
        image.set("more", more == 1 ? "und ein weiteres Bild"
                                    : "und " + std::to_string(more) + " weitere Bilder");
      }
      card.set("image", image);
    }
    if (post.event) card.set("event", EventData(from, post));
    const size_t newline = post.caption.find('\n');
    const std::string rest =
        Trim(newline == std::string::npos ? std::string() : post.caption.substr(newline + 1));
    if (!rest.empty()) card.set("teaser", ShortenAtWord(rest, kTeaserLength));
    return templates_.Render("site_card", card);
  }

  void RenderList(ListKind kind, const std::string& key, const std::string& list_path,
                  const std::vector<const site::SitePost*>& posts) {
    const int pages =
        std::max(1, static_cast<int>((posts.size() + kPostsPerPage - 1) / kPostsPerPage));
    std::string heading;
    std::string list_heading = "Aktuelle Beiträge";
    std::string intro;
    std::optional<site::SiteTopic> topic;
    if (kind == ListKind::kHome) {
      heading = feed_.authority_name;
    } else if (kind == ListKind::kTopic) {
      for (const site::SiteTopic& t : Topics()) {
        if (t.id == key) topic = t;
      }
      heading = "Thema: " + topic->name;
      intro = topic->description;
      list_heading = "Beiträge zum Thema " + topic->name;
    } else {
      heading = "Beiträge mit " + hashtag_labels_.at(key);
      list_heading = "Beiträge";
    }
    for (int page = 1; page <= pages; ++page) {
      const std::string path = PagePath(list_path, page);
      TemplateData data;
      data.set("heading", heading);
      if (!intro.empty()) data.set("intro", intro);
      data.set("list_heading", list_heading);
      if (pages > 1) {
        data.set("page_label", "Seite " + std::to_string(page) + " von " + std::to_string(pages));
      }
      if (kind == ListKind::kHome && page == 1) {
        TemplateData home;
        if (content_.profile.instagram) {
          TemplateData insta;
          insta.set("label", content_.profile.instagram->text);
          insta.set("url", content_.profile.instagram->url);
          home.set("instagram", insta);
        }
        home.set("contact_url", Link(path, ContactPath()));
        data.set("home", home);
      }
      if (kind != ListKind::kHashtag) {
        TemplateList topics;
        for (const site::SiteTopic& each : Topics()) {
          TemplateData item;
          item.set("name", each.name);
          item.set("url", Link(path, address_.Topic(each.id)));
          item.set("current", kind == ListKind::kTopic && each.id == key);
          topics.push_back(item);
        }
        data.set("topics", topics);
        data.set("has_topics", topics.size() > 1);
      }
      TemplateList cards;
      const size_t first = static_cast<size_t>(page - 1) * kPostsPerPage;
      for (size_t i = first; i < posts.size() && i < first + kPostsPerPage; ++i) {
        cards.push_back(Card(path, *posts[i], 3));
      }
      data.set("cards", cards);
      data.set("has_posts", !cards.empty());
      if (pages > 1) data.set("pagination", Pagination(path, list_path, page, pages));
      TemplateList feeds;
      for (const auto& [format, label] : {std::pair{site::FeedFormat::kRss, "RSS-Feed"},
                                          std::pair{site::FeedFormat::kAtom, "Atom-Feed"},
                                          std::pair{site::FeedFormat::kJson, "JSON Feed"}}) {
        const std::string_view type = site::FeedContentType(format);
        TemplateData item;
        item.set("url", Link(path, site::FeedPath(address_, format, topic ? &*topic : nullptr)));
        item.set("label", label);
        item.set("type", std::string(type.substr(0, type.find(';'))));
        feeds.push_back(item);
      }
      data.set("feeds", feeds);
      if (kind == ListKind::kHome) data.set("calendar_url", Link(path, CalendarPath()));
      PageFrame frame = Frame(path, kind == ListKind::kHome ? "Beiträge" : heading);
      if (pages > 1)
        frame.title = heading + " (Seite " + std::to_string(page) + ") – " + feed_.authority_name;
      if (topic) frame.alternates = FeedAlternates(&*topic, list_heading);
      AddPage(path, "site_list", data, frame);
    }
  }

  TemplateData Pagination(const std::string& from, const std::string& list_path, int page,
                          int pages) const {
    TemplateData data;
    auto page_link = [&](int number) {
      TemplateData item;
      item.set("number", std::to_string(number));
      item.set("url", Link(from, PagePath(list_path, number)));
      item.set("current", number == page);
      return item;
    };
    if (page > 1) data.set("previous", page_link(page - 1));
    if (page < pages) data.set("next", page_link(page + 1));
    TemplateList numbers;
    for (int number = 1; number <= pages; ++number) numbers.push_back(page_link(number));
    data.set("pages", numbers);
    return data;
  }

  // The caption as paragraphs, lines kept, hashtags linked to their pages.
  std::string CaptionHtml(const std::string& from, const site::SitePost& post) const {
    std::string html = "<p>";
    size_t at = 0;
    auto text = [&](const std::string& piece) {
      std::string escaped = Escape(piece);
      std::string out;
      for (size_t i = 0; i < escaped.size(); ++i) {
        if (escaped[i] != '\n') {
          out += escaped[i];
        } else if (i + 1 < escaped.size() && escaped[i + 1] == '\n') {
          while (i + 1 < escaped.size() && escaped[i + 1] == '\n') ++i;
          out += "</p>\n<p>";
        } else {
          out += "<br>\n";
        }
      }
      html += out;
    };
    for (const std::string& tag : publish::Hashtags(post.caption)) {
      const size_t found = post.caption.find(tag, at);
      if (found == std::string::npos) continue;
      text(post.caption.substr(at, found - at));
      html += "<a href=\"" + Escape(Link(from, HashtagPath(HashtagKey(tag)))) + "\">" +
              Escape(tag) + "</a>";
      at = found + tag.size();
    }
    text(post.caption.substr(at));
    return html + "</p>";
  }

  void RenderPost(const site::SitePost& post) {
    const std::string path = address_.Post(post.id);
    TemplateData data;
    SetPostBasics(data, path, post);
    if (!post.images.empty()) {
      data.set("has_images", true);
      if (post.images.size() == 1) {
        data.set("single", ImageData(path, post.images.front()));
      } else {
        TemplateList images;
        for (size_t i = 0; i < post.images.size(); ++i) {
          TemplateData image = ImageData(path, post.images[i]);
          image.set("number", std::to_string(i + 1));
          image.set("count", std::to_string(post.images.size()));
          images.push_back(image);
        }
        TemplateData gallery;
        gallery.set("count", std::to_string(post.images.size()));
        gallery.set("images", images);
        data.set("gallery", gallery);
      }
    }
    if (post.event) data.set("event", EventData(path, post));
    data.set("caption_html", CaptionHtml(path, post));
    if (!post.platform_url.empty()) {
      data.set("platform_url", post.platform_url);
      data.set("platform_name", post.platform_name);
    }
    data.set("home_url", Link(path, address_.Home()));
    PageFrame frame = Frame(path, post.headline);
    frame.description = ShortenAtWord(post.caption, 160);
    AddPage(path, "site_post", data, frame);
  }

  void RenderEvents() {
    const std::string path = EventsPath();
    const auto [y, m, d] = std::tuple{static_cast<int>(options_.today.year()),
                                      static_cast<unsigned>(options_.today.month()),
                                      static_cast<unsigned>(options_.today.day())};
    const Timestamp day_start = zone_.FromLocal(y, m, d, 0, 0);
    std::vector<const site::SitePost*> upcoming;
    std::vector<const site::SitePost*> past;
    for (const site::SitePost& post : feed_.posts) {
      if (!post.event) continue;
      const Timestamp last = post.event->ends_at.value_or(post.event->starts_at);
      (last >= day_start ? upcoming : past).push_back(&post);
    }
    auto starts = [](const site::SitePost* a, const site::SitePost* b) {
      return a->event->starts_at < b->event->starts_at;
    };
    std::sort(upcoming.begin(), upcoming.end(), starts);
    std::sort(past.begin(), past.end(), [&](auto* a, auto* b) { return starts(b, a); });
    if (past.size() > kPastEvents) past.resize(kPastEvents);
    TemplateList upcoming_list;
    for (const site::SitePost* post : upcoming) upcoming_list.push_back(EventData(path, *post));
    TemplateList past_list;
    for (const site::SitePost* post : past) past_list.push_back(EventData(path, *post));
    TemplateData data;
    data.set("upcoming", upcoming_list);
    data.set("has_upcoming", !upcoming_list.empty());
    data.set("past", past_list);
    data.set("has_past", !past_list.empty());
    data.set("calendar_url", Link(path, CalendarPath()));
    AddPage(path, "site_events", data, Frame(path, "Termine"));
  }

  static TemplateData Person(const PersonContact& person) {
    TemplateData item;
    item.set("name", person.name);
    if (!person.email.empty()) item.set("email", person.email);
    if (!person.phone.empty()) item.set("phone", person.phone);
    return item;
  }

  TemplateList Contacts() const {
    TemplateList contacts;
    for (const ContactLink& c : content_.profile.contacts) {
      TemplateData item;
      item.set("label", c.label);
      item.set("text", c.text);
      if (!c.url.empty()) item.set("url", c.url);
      contacts.push_back(item);
    }
    return contacts;
  }

  std::optional<TemplateData> Responsible() const {
    const AuthorityProfile& profile = content_.profile;
    if (profile.responsible_lines.empty()) return std::nullopt;
    TemplateData responsible;
    TemplateList lines;
    for (const std::string& l : profile.responsible_lines) lines.push_back(l);
    responsible.set("lines", lines);
    TemplateList staff;
    for (const PersonContact& p : profile.staff) staff.push_back(Person(p));
    responsible.set("staff", staff);
    return responsible;
  }

  void RenderContact() {
    const std::string path = ContactPath();
    const AuthorityProfile& profile = content_.profile;
    TemplateData data;
    TemplateList alternatives;
    for (const std::string& p : profile.alternatives_text) alternatives.push_back(p);
    data.set("alternatives_text", alternatives);
    TemplateList contacts = Contacts();
    data.set("has_contacts", !contacts.empty());
    data.set("contacts", contacts);
    if (auto responsible = Responsible()) data.set("responsible", *responsible);
    if (profile.dpo) {
      TemplateData dpo = Person(*profile.dpo);
      dpo.set("title", profile.dpo_title);
      data.set("dpo", dpo);
    }
    AddPage(path, "site_contact", data, Frame(path, "Kontakt"));
  }

  void RenderImpressum() {
    const std::string path = ImpressumPath();
    TemplateData data;
    data.set("name", feed_.authority_name);
    TemplateList contacts = Contacts();
    data.set("has_contacts", !contacts.empty());
    data.set("contacts", contacts);
    if (auto responsible = Responsible()) data.set("responsible", *responsible);
    data.set("privacy_url",
             Link(path, HasPrivacyNotice() ? DocumentPath("datenschutz") : ContactPath()));
    data.set("accessibility_url", Link(path, AccessibilityPath()));
    if (const auto& c = content_.concept_value) {
      TemplateData address;
      address.set("street", c->authority.address.street);
      address.set("postal_code", c->authority.address.postal_code);
      address.set("city", c->authority.address.city);
      data.set("address", address);
      // The accounts this Impressum covers: their bios link here.
      TemplateList accounts;
      for (const usage::Channel& channel : c->channels) {
        if (channel.platform == ChannelPlatform::kWebsite) continue;
        TemplateData account;
        std::string label = "den " + PlatformName(channel.platform) + "-Account";
        if (channel.handle) label += " @" + *channel.handle;
        account.set("label", label);
        account.set("url", channel.url);
        accounts.push_back(account);
      }
      if (!accounts.empty()) {
        for (size_t i = 0; i < accounts.size(); ++i)
          accounts[i].set("last", i + 1 == accounts.size());
        TemplateData covers;
        covers.set("accounts", accounts);
        data.set("covers", covers);
      }
      if (c->impressum) {
        data.set("represented_by", c->impressum->represented_by);
        if (!c->impressum->supervisory_authority.empty()) {
          data.set("supervisory_authority", c->impressum->supervisory_authority);
        }
        if (!c->impressum->vat_id.empty()) data.set("vat_id", c->impressum->vat_id);
        TemplateList paragraphs;
        for (const std::string& p : c->impressum->paragraphs) paragraphs.push_back(p);
        data.set("paragraphs", paragraphs);
      }
    }
    AddPage(path, "site_impressum", data, Frame(path, "Impressum"));
  }

  void RenderAccessibility() {
    const std::string path = AccessibilityPath();
    TemplateData data;
    data.set("contact_url", Link(path, ContactPath()));
    const auto& c = content_.concept_value;
    if (c && c->accessibility) {
      const usage::Accessibility& a = *c->accessibility;
      TemplateData statement;
      statement.set("name", feed_.authority_name);
      statement.set("home_url", Link(path, address_.Home()));
      statement.set("home_label", address_.base_url.empty() ? address_.Home()
                                                            : address_.Absolute(address_.Home()));
      switch (a.status) {
        case usage::AccessibilityStatus::kFully:
          statement.set("status_text",
                        "Diese Seiten sind mit den Anforderungen der WCAG 2.1 (Stufe AA) und der "
                        "BITV 2.0 vollständig vereinbar.");
          break;
        case usage::AccessibilityStatus::kPartially:
          statement.set("status_text",
                        "Diese Seiten sind mit den Anforderungen der WCAG 2.1 (Stufe AA) und der "
                        "BITV 2.0 teilweise vereinbar. Die Ausnahmen stehen unten.");
          break;
        case usage::AccessibilityStatus::kNot:
          statement.set("status_text",
                        "Diese Seiten sind mit den Anforderungen der WCAG 2.1 (Stufe AA) und der "
                        "BITV 2.0 nicht vereinbar. Die Gründe stehen unten.");
          break;
      }
      TemplateList barriers;
      for (const std::string& b : a.known_barriers) barriers.push_back(b);
      statement.set("barriers", barriers);
      statement.set("has_barriers", !barriers.empty());
      statement.set("prepared_iso", FormatIsoDate(a.prepared_on));
      statement.set("prepared_human", GermanDate(a.prepared_on));
      statement.set("method", a.method);
      statement.set("feedback_url", options_.feedback_url.empty()
                                        ? Link(path, path + "rueckmeldung/")
                                        : options_.feedback_url);
      statement.set("response_days", std::to_string(a.feedback_response_days));
      if (!feed_.contact_email.empty()) statement.set("email", feed_.contact_email);
      for (const ContactLink& contact : content_.profile.contacts) {
        if (contact.url.starts_with("tel:")) {
          statement.set("phone", contact.text);
          break;
        }
      }
      statement.set("enforcement_url", a.enforcement.url);
      statement.set("enforcement_label", a.enforcement.label);
      data.set("statement", statement);
    }
    AddPage(path, "site_accessibility", data, Frame(path, "Erklärung zur Barrierefreiheit"));
  }

  void RenderDocuments() {
    if (!content_.concept_value) return;
    const documents::DocumentContext context{options_.today, content_.concept_version};
    for (const auto& [name, segment] :
         {std::pair{"nutzungskonzept", "nutzungskonzept"}, std::pair{"netiquette", "netiquette"},
          std::pair{"datenschutzhinweise", "datenschutz"}}) {
      if (std::string_view(name) == "datenschutzhinweise" && !HasPrivacyNotice()) continue;
      auto document = documents::BuildDocument(name, *content_.concept_value, context);
      if (!document) continue;
      const std::string path = DocumentPath(segment);
      TemplateData data;
      data.set("title", document->title);
      data.set("html", documents::RenderHtmlBlocks(*document, 1));
      data.set("footer", documents::FooterLine(*document));
      AddPage(path, "site_document", data, Frame(path, document->title));
    }
  }

  // Feeds always carry absolute links: a reader keeps them apart from the site.
  void RenderFeeds() {
    std::vector<const site::SiteTopic*> scopes = {nullptr};
    for (const site::SiteTopic& topic : Topics()) scopes.push_back(&topic);
    for (const site::SiteTopic* topic : scopes) {
      for (site::FeedFormat format :
           {site::FeedFormat::kRss, site::FeedFormat::kAtom, site::FeedFormat::kJson}) {
        files_.push_back({site::FeedPath(address_, format, topic),
                          std::string(site::FeedContentType(format)),
                          site::RenderFeed(feed_, format, topic)});
      }
    }
    files_.push_back({site::CalendarPath(address_), std::string(site::kCalendarContentType),
                      site::RenderCalendar(feed_)});
  }

  const SiteContent& content_;
  const site::SiteFeedData& feed_;
  const site::SiteAddress& address_;
  const Templates& templates_;
  const SiteRenderOptions& options_;
  const TimeZone zone_;
  std::vector<SiteFile> files_;
  std::vector<site::SiteTopic> topics_;
  std::vector<const site::SitePost*> posts_all_;
  std::map<std::string, std::vector<const site::SitePost*>> by_topic_;
  std::map<std::string, std::vector<const site::SitePost*>> by_hashtag_;
  std::map<std::string, std::string> hashtag_labels_;
};

}  // namespace

std::string MediaFileName(const site::SiteImage& image) {
  if (image.content_type == "image/svg+xml") return "bild.svg";
  if (image.content_type == "image/png") return "bild.png";
  if (image.content_type == "image/gif") return "bild.gif";
  if (image.content_type == "image/webp") return "bild.webp";
  return "bild.jpg";
}

std::vector<SiteFile> RenderSite(const SiteContent& content, const Templates& templates,
                                 const SiteRenderOptions& options) {
  return SiteRenderer(content, templates, options).Render();
}

std::string ExportFileFor(const std::string& path) {
  std::string file = path.substr(1);
  if (file.empty() || file.back() == '/') file += "index.html";
  return file;
}

}  // namespace civicpost::web

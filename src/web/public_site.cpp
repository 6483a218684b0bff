#include "web/public_site.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include "core/german_format.hpp"
#include "core/resources.hpp"
#include "core/time_format.hpp"
#include "media/library.hpp"
#include "media/rights.hpp"
#include "web/authority_profile.hpp"
#include "web/media_file.hpp"

namespace civicpost::web {
namespace {

constexpr int kPostsOnPage = 60;
constexpr size_t kHeadlineLength = 90;

// A caption's first line becomes the card's heading; a short one is not
// repeated in the text below, a long one is shortened at a word boundary and
// the text keeps it whole.
struct CaptionParts {
  std::string headline;
  std::string text;
};

CaptionParts SplitCaption(const std::string& caption) {
  const size_t newline = caption.find('\n');
  std::string line = caption.substr(0, newline);
  if (line.size() <= kHeadlineLength) {
    return {line, newline == std::string::npos ? "" : caption.substr(newline + 1)};
  }
  size_t cut = line.rfind(' ', kHeadlineLength);
  if (cut == std::string::npos) cut = kHeadlineLength;
  // Do not cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return {line.substr(0, cut) + " …", caption};
}

std::string ContentTypeForPath(std::string_view path) {
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  if (path.ends_with(".png")) return "image/png";
  if (path.ends_with(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

std::optional<int64_t> ParseId(const std::string& text) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// "web_960.jpg" -> kWeb960; the platform's recipes are not public.
std::optional<media::Recipe> RecipeFromFile(const std::string& file, bool web_only) {
  if (!file.ends_with(".jpg")) return std::nullopt;
  auto recipe = media::ParseRecipe(std::string_view(file).substr(0, file.size() - 4));
  if (!recipe) return std::nullopt;
  const bool web = *recipe == media::Recipe::kWeb480 || *recipe == media::Recipe::kWeb960 ||
                   *recipe == media::Recipe::kWeb1600;
  if (web_only && !web) return std::nullopt;
  return recipe;
}

TemplateData Image(const Media& media, const std::string& alt, const std::string& credit) {
  TemplateData image;
  const std::string base = "/media/" + media.id.ToString();
  if (media::IsRaster(media)) {
    image.set("url", base + "/web_960.jpg");
    image.set("srcset", base + "/web_480.jpg 480w, " + base + "/web_960.jpg 960w, " + base +
                            "/web_1600.jpg 1600w");
  } else {
    image.set("url", base);
  }
  if (!credit.empty()) image.set("credit", credit);
  image.set("alt", alt);
  image.set("width", std::to_string(media.width));
  image.set("height", std::to_string(media.height));
  return image;
}

}  // namespace

PublicSite::PublicSite(store::Database& db, store::Repositories& repos, const Templates& templates,
                       std::filesystem::path data_dir, const Clock& clock,
                       std::optional<media::UrlSigner> signer)
    : db_(db),
      repos_(repos),
      templates_(templates),
      data_dir_(std::move(data_dir)),
      clock_(clock),
      renditions_(data_dir_ / "renditions"),
      signer_(std::move(signer)) {}

void PublicSite::Register(Router& router) {
  router.Get("/", [this](const Request& r) { return Home(r); });
  router.Get("/{slug}/", [this](const Request& r) { return AuthorityPage(r); });
  router.Get("/media/{id}", [this](const Request& r) { return MediaFile(r); });
  router.Get("/media/{id}/{file}", [this](const Request& r) { return WebRendition(r); });
  router.Get("/r/{id}/{file}", [this](const Request& r) { return SignedRendition(r); });
  router.Get("/static/{path...}", [this](const Request& r) { return StaticFile(r); });
  router.SetNotFoundHandler([this](const Request&) {
    return ErrorPage(404, "Seite nicht gefunden",
                     "Unter dieser Adresse gibt es keine Seite. Bitte prüfen Sie die Adresse.");
  });
}

Response PublicSite::ErrorPage(int status, const std::string& heading,
                               const std::string& message) const {
  TemplateData data;
  data.set("heading", heading);
  data.set("message", message);
  Response response =
      Response::Html(templates_.Page("error", data, {heading, "", "civicpost", "/", {}}));
  response.status = status;
  return response;
}

Response PublicSite::Home(const Request&) {
  auto orgs = repos_.organizations.List(db_);
  if (!orgs) {
    spdlog::error("public home: {}", orgs.error().message);
    return ErrorPage(503, "Vorübergehend nicht erreichbar",
                     "Bitte versuchen Sie es in einigen Minuten erneut.");
  }
  if (orgs->size() == 1) return RenderAuthority(orgs->front());
  TemplateList list;
  for (const Organization& org : *orgs) {
    TemplateData item;
    item.set("name", org.name);
    item.set("url", "/" + org.slug + "/");
    list.push_back(item);
  }
  TemplateData data;
  data.set("authorities", list);
  return Response::Html(
      templates_.Page("home", data, {"Öffentliche Seiten", "", "civicpost", "/", {}}));
}

Response PublicSite::AuthorityPage(const Request& request) {
  auto org = repos_.organizations.FindBySlug(db_, request.path_params.at("slug"));
  if (!org) {
    spdlog::error("public page: {}", org.error().message);
    return ErrorPage(503, "Vorübergehend nicht erreichbar",
                     "Bitte versuchen Sie es in einigen Minuten erneut.");
  }
  if (!*org) {
    return ErrorPage(404, "Seite nicht gefunden",
                     "Unter dieser Adresse gibt es keine Behörde. Bitte prüfen Sie die Adresse.");
  }
  return RenderAuthority(**org);
}

Result<AuthorityProfile> PublicSite::Profile(const Organization& org) {
  // Per request only the digest is read; the text is parsed once per version.
  auto digest = repos_.organizations.LatestConceptSha256(db_, org.id);
  if (!digest) return digest.error();
  if (!*digest) {
    AuthorityProfile bare;
    bare.name = org.name;
    return bare;
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto cached = profiles_.find(**digest);
  if (cached != profiles_.end()) return cached->second;
  auto concept_version = repos_.organizations.LatestConcept(db_, org.id);
  if (!concept_version) return concept_version.error();
  if (!*concept_version) return NotFound("the concept of " + org.slug + " disappeared");
  auto profile =
      ProfileFromConceptText((*concept_version)->toml_text, (*concept_version)->source_name);
  if (!profile) return profile.error();
  profiles_.emplace((*concept_version)->sha256, *profile);
  return profile;
}

Response PublicSite::RenderAuthority(const Organization& org) {
  auto profile = Profile(org);
  auto posts = repos_.posts.ListPublished(db_, org.id, kPostsOnPage);
  if (!profile || !posts) {
    spdlog::error("public page of {}: {}", org.slug,
                  !profile ? profile.error().message : posts.error().message);
    return ErrorPage(503, "Vorübergehend nicht erreichbar",
                     "Bitte versuchen Sie es in einigen Minuten erneut.");
  }
  auto zone = TimeZone::Find(profile->time_zone);
  if (!zone) zone = TimeZone::Find("UTC");

  TemplateList post_list;
  for (const Post& post : *posts) {
    TemplateData item;
    item.set("id", post.id.ToString());
    const CaptionParts caption = SplitCaption(post.caption);
    item.set("headline", caption.headline);
    item.set("caption", caption.text);
    const Timestamp when = post.published_at.value_or(post.created_at);
    item.set("published_iso", FormatIsoUtc(when));
    item.set("published_human", GermanDate(zone->ToLocal(when)));
    item.set("topic_id", post.topic);
    auto topic = profile->topic_names.find(post.topic);
    item.set("topic_name", topic != profile->topic_names.end() ? topic->second : post.topic);
    TemplateList images;
    for (const PostMedia& pm : post.media) {
      auto media = repos_.media.Get(db_, pm.media_id);
      if (!media) continue;
      auto rights = repos_.media_rights.GetRights(db_, media->id);
      const std::string credit = rights && *rights ? media::Attribution(**rights) : "";
      images.push_back(Image(*media, pm.alt_text, credit));
    }
    if (images.size() == 1) item.set("single", images.front());
    if (images.size() > 1) {
      TemplateData gallery;
      gallery.set("count", std::to_string(images.size()));
      gallery.set("images", images);
      item.set("gallery", gallery);
    }
    if (post.event) {
      TemplateData event;
      event.set("title", post.event->title);
      event.set("start_iso", FormatIsoUtc(post.event->starts_at));
      event.set("start_human", GermanDateTime(zone->ToLocal(post.event->starts_at)));
      if (!post.event->place.empty()) event.set("place", post.event->place);
      item.set("event", event);
    }
    post_list.push_back(item);
  }

  TemplateData data;
  data.set("name", profile->name.empty() ? org.name : profile->name);
  data.set("posts", post_list);
  data.set("has_posts", !post_list.empty());
  if (profile->instagram) {
    TemplateData insta;
    insta.set("label", profile->instagram->text);
    insta.set("url", profile->instagram->url);
    data.set("instagram", insta);
  }
  TemplateList alternatives;
  for (const std::string& p : profile->alternatives_text) alternatives.push_back(p);
  data.set("alternatives_text", alternatives);
  TemplateList contacts;
  for (const ContactLink& c : profile->contacts) {
    TemplateData item;
    item.set("label", c.label);
    item.set("text", c.text);
    if (!c.url.empty()) item.set("url", c.url);
    contacts.push_back(item);
  }
  data.set("contacts", contacts);
  auto person = [](const PersonContact& p) {
    TemplateData item;
    item.set("name", p.name);
    if (!p.email.empty()) item.set("email", p.email);
    if (!p.phone.empty()) item.set("phone", p.phone);
    return item;
  };
  if (!profile->responsible_lines.empty()) {
    TemplateData responsible;
    TemplateList lines;
    for (const std::string& l : profile->responsible_lines) lines.push_back(l);
    responsible.set("lines", lines);
    TemplateList staff;
    for (const PersonContact& p : profile->staff) staff.push_back(person(p));
    responsible.set("staff", staff);
    data.set("responsible", responsible);
  }
  if (profile->dpo) {
    TemplateData dpo = person(*profile->dpo);
    dpo.set("title", profile->dpo_title);
    data.set("dpo", dpo);
  }

  PageFrame frame;
  frame.title = (profile->name.empty() ? org.name : profile->name) + " – Beiträge";
  frame.description =
      "Alle Beiträge von " + org.name + " aus den sozialen Medien, frei zugänglich.";
  frame.site_name = org.name;
  frame.home_url = "/" + org.slug + "/";
  if (!profile->responsible_lines.empty()) {
    std::string line = "Verantwortlich: ";
    for (size_t i = 0; i < profile->responsible_lines.size(); ++i) {
      line += (i ? ", " : "") + profile->responsible_lines[i];
    }
    frame.footer_lines.push_back(line);
  }
  return Response::Html(templates_.Page("authority", data, frame));
}

Response PublicSite::MediaFile(const Request& request) {
  const auto id = ParseId(request.path_params.at("id"));
  if (!id) return ErrorPage(404, "Bild nicht gefunden", "Diese Adresse führt zu keinem Bild.");
  auto published = repos_.posts.IsMediaPublished(db_, MediaId(*id));
  if (!published) {
    spdlog::error("media {}: {}", *id, published.error().message);
    return ErrorPage(503, "Vorübergehend nicht erreichbar", "Bitte später erneut versuchen.");
  }
  // Media of drafts and scheduled posts stays private until published.
  if (!*published)
    return ErrorPage(404, "Bild nicht gefunden", "Diese Adresse führt zu keinem Bild.");
  auto media = repos_.media.Get(db_, MediaId(*id));
  if (!media) return ErrorPage(404, "Bild nicht gefunden", "Diese Adresse führt zu keinem Bild.");
  // A photo's original may carry a location and camera serials: only its
  // stripped rendition leaves the building.
  if (media::IsRaster(*media)) return RenditionResponseFor(*media, media::Recipe::kWeb1600);
  std::optional<Response> response = MediaFileResponse(*media, data_dir_);
  if (!response) return ErrorPage(404, "Bild nicht gefunden", "Die Bilddatei fehlt.");
  response->headers.emplace_back("Cache-Control", "public, max-age=86400");
  return *response;
}

Result<std::filesystem::path> PublicSite::Rendition(const Media& media, media::Recipe recipe) {
  auto rights = repos_.media_rights.GetRights(db_, media.id);
  if (!rights) return rights.error();
  return renditions_.Get(media.sha256, media::RenditionInputFor(media, *rights, data_dir_), recipe);
}

Response PublicSite::RenditionResponseFor(const Media& media, media::Recipe recipe) {
  auto file = Rendition(media, recipe);
  if (!file) {
    spdlog::error("media {}: {}", media.id.ToString(), file.error().message);
    return ErrorPage(503, "Vorübergehend nicht erreichbar", "Bitte später erneut versuchen.");
  }
  std::optional<Response> response = RenditionResponse(*file);
  if (!response) return ErrorPage(404, "Bild nicht gefunden", "Die Bilddatei fehlt.");
  response->headers.emplace_back("Cache-Control", "public, max-age=86400");
  return *response;
}

Response PublicSite::WebRendition(const Request& request) {
  const auto id = ParseId(request.path_params.at("id"));
  const auto recipe = RecipeFromFile(request.path_params.at("file"), true);
  if (!id || !recipe) {
    return ErrorPage(404, "Bild nicht gefunden", "Diese Adresse führt zu keinem Bild.");
  }
  auto published = repos_.posts.IsMediaPublished(db_, MediaId(*id));
  auto media = repos_.media.Get(db_, MediaId(*id));
  if (!published || !*published || !media || !media::IsRaster(*media)) {
    return ErrorPage(404, "Bild nicht gefunden", "Diese Adresse führt zu keinem Bild.");
  }
  return RenditionResponseFor(*media, *recipe);
}

Response PublicSite::SignedRendition(const Request& request) {
  const auto id = ParseId(request.path_params.at("id"));
  const std::string& file = request.path_params.at("file");
  const bool video = file == std::string(media::UrlSigner::kVideoName) + ".mp4";
  const auto recipe = RecipeFromFile(file, false);
  auto param = [&](const char* name) {
    auto it = request.query_params.find(name);
    return it == request.query_params.end() ? std::string() : it->second;
  };
  const std::string_view name = video    ? media::UrlSigner::kVideoName
                                : recipe ? media::RecipeName(*recipe)
                                         : "";
  if (!id || name.empty() || !signer_ ||
      !signer_->Verify(MediaId(*id), name, param("expires"), param("sig"), clock_.Now())) {
    // Expired, forged and unknown links look alike.
    return ErrorPage(404, "Bild nicht gefunden", "Diese Adresse führt zu keinem Bild.");
  }
  auto media = repos_.media.Get(db_, MediaId(*id));
  const bool fits =
      media && (video ? media->content_type.starts_with("video/") : media::IsRenderable(*media));
  if (!fits) {
    return ErrorPage(404, "Bild nicht gefunden", "Diese Adresse führt zu keinem Bild.");
  }
  std::optional<Response> response =
      video ? MediaFileResponse(*media, data_dir_) : RenditionResponseFor(*media, *recipe);
  if (!response) return ErrorPage(404, "Video nicht gefunden", "Die Videodatei fehlt.");
  // Only the platform should hold on to it, and only until the link expires.
  std::erase_if(response->headers, [](const auto& h) { return h.first == "Cache-Control"; });
  response->headers.emplace_back("Cache-Control", "private, no-store");
  return *response;
}

Response PublicSite::StaticFile(const Request& request) {
  const std::string& path = request.path_params.at("path");
  auto file = resources::Find(resources::WebStatic(), path);
  if (!file) return ErrorPage(404, "Datei nicht gefunden", "Diese Datei gibt es nicht.");
  Response response;
  response.content_type = ContentTypeForPath(path);
  response.body = std::string(*file);
  response.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return response;
}

}  // namespace civicpost::web

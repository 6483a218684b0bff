#include "web/public_site.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <fstream>
#include <set>
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

}  // namespace

PublicSite::PublicSite(store::Database& db, store::Repositories& repos, const Templates& templates,
                       std::filesystem::path data_dir, const Clock& clock,
                       std::optional<media::UrlSigner> signer, PublicSiteSettings settings)
    : db_(db),
      repos_(repos),
      templates_(templates),
      data_dir_(std::move(data_dir)),
      clock_(clock),
      renditions_(data_dir_ / "renditions"),
      signer_(std::move(signer)),
      concepts_(db, repos),
      base_url_(settings.base_url),
      site_(db, repos, templates, concepts_, clock, {settings.base_url, settings.recheck}) {}

void PublicSite::Register(Router& router) {
  router.Get("/", [this](const Request& r) { return Home(r); });
  router.Get("/{slug}/", [this](const Request& r) { return SitePage(r); });
  router.Get("/{slug}/{path...}", [this](const Request& r) { return SitePage(r); });
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
  Response response = Response::Html(templates_.Page("error", data, PageFrame{.title = heading}));
  response.status = status;
  return response;
}

Response PublicSite::Home(const Request& request) {
  auto orgs = site_.Authorities();
  if (!orgs) {
    spdlog::error("public home: {}", orgs.error().message);
    return ErrorPage(503, "Vorübergehend nicht erreichbar",
                     "Bitte versuchen Sie es in einigen Minuten erneut.");
  }
  // One authority: its home page is the host's.
  if (orgs->size() == 1) return FromCache(orgs->front(), "/" + orgs->front().slug + "/", request);
  TemplateList list;
  for (const Organization& org : *orgs) {
    TemplateData item;
    item.set("name", org.name);
    item.set("url", "/" + org.slug + "/");
    list.push_back(item);
  }
  TemplateData data;
  data.set("authorities", list);
  return Response::Html(templates_.Page("home", data, PageFrame{.title = "Öffentliche Seiten"}));
}

Response PublicSite::SitePage(const Request& request) {
  auto org = site_.FindAuthority(request.path_params.at("slug"));
  if (!org) {
    spdlog::error("public page: {}", org.error().message);
    return ErrorPage(503, "Vorübergehend nicht erreichbar",
                     "Bitte versuchen Sie es in einigen Minuten erneut.");
  }
  if (!*org) {
    return ErrorPage(404, "Seite nicht gefunden",
                     "Unter dieser Adresse gibt es keine Behörde. Bitte prüfen Sie die Adresse.");
  }
  return FromCache(**org, request.path, request);
}

Response PublicSite::FromCache(const Organization& org, const std::string& path,
                               const Request& request) {
  auto response = site_.Serve(org, path, request);
  if (!response) {
    spdlog::error("public site of {}: {}", org.slug, response.error().message);
    return ErrorPage(503, "Vorübergehend nicht erreichbar",
                     "Bitte versuchen Sie es in einigen Minuten erneut.");
  }
  if (!*response) {
    // "/sassenberg/kontakt" finds "/sassenberg/kontakt/".
    if (!path.ends_with("/") && path.find('.') == std::string::npos) {
      auto with_slash = site_.Serve(org, path + "/", request);
      if (with_slash && *with_slash) {
        Response redirect;
        redirect.status = 301;
        redirect.headers.emplace_back("Location", path + "/");
        return redirect;
      }
    }
    return ErrorPage(404, "Seite nicht gefunden",
                     "Unter dieser Adresse gibt es keine Seite. Vielleicht wurde der Beitrag "
                     "zurückgezogen. Alle aktuellen Beiträge finden Sie auf der Startseite.");
  }
  return std::move(**response);
}

namespace {

Status WriteExportFile(const std::filesystem::path& file, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) return Unavailable("cannot create " + file.parent_path().string() + ": " + ec.message());
  std::ofstream out(file, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Unavailable("cannot write " + file.string() + " (disk full?)");
  return Status::Ok();
}

Status CopyExportFile(const std::filesystem::path& from, const std::filesystem::path& to) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (!ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  // Originals are kept read-only for civicpost; the copy is a published file
  // a web server running as another user must read.
  if (!ec) {
    fs::permissions(to,
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                        fs::perms::others_read,
                    ec);
  }
  if (ec) {
    return Unavailable("cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace

Result<int> PublicSite::ExportTo(const std::filesystem::path& dir) {
  auto orgs = repos_.organizations.List(db_);
  if (!orgs) return orgs.error();
  int written = 0;
  TemplateList authorities;
  for (const Organization& org : *orgs) {
    TemplateData item;
    item.set("name", org.name);
    item.set("url", org.slug + "/");
    authorities.push_back(item);
    SiteRenderOptions options;
    options.links = SiteLinks::kRelative;
    options.today = site_.Today(org);
    // The feedback form needs the server; the export links to it there.
    options.feedback_url = base_url_ + "/" + org.slug + "/barrierefreiheit/rueckmeldung/";
    // One read serves the pages and the images they show.
    auto content = site_.Read(org);
    if (!content) return content.error();
    for (const SiteFile& file : RenderSite(*content, templates_, options)) {
      if (Status s = WriteExportFile(dir / ExportFileFor(file.path), file.body); !s.ok()) return s;
      ++written;
    }
    std::set<MediaId> copied;
    for (const site::SitePost& post : content->feed.posts) {
      for (const site::SiteImage& image : post.images) {
        if (!copied.insert(image.media_id).second) continue;
        auto media = repos_.media.Get(db_, image.media_id);
        if (!media) return media.error();
        const std::filesystem::path media_dir = dir / "media" / media->id.ToString();
        if (!image.raster) {
          Status s =
              CopyExportFile(data_dir_ / media->storage_path, media_dir / MediaFileName(image));
          if (!s.ok()) return s;
          ++written;
          continue;
        }
        for (media::Recipe recipe :
             {media::Recipe::kWeb480, media::Recipe::kWeb960, media::Recipe::kWeb1600}) {
          auto rendition = Rendition(*media, recipe);
          if (!rendition) return rendition.error();
          Status s = CopyExportFile(*rendition,
                                    media_dir / (std::string(media::RecipeName(recipe)) + ".jpg"));
          if (!s.ok()) return s;
          ++written;
        }
      }
    }
  }
  auto style = resources::Find(resources::WebStatic(), "style.css");
  if (style) {
    if (Status s = WriteExportFile(dir / "static" / "style.css", *style); !s.ok()) return s;
    ++written;
  }
  TemplateData home;
  home.set("authorities", authorities);
  PageFrame frame{.title = "Öffentliche Seiten"};
  frame.root = "./";
  frame.home_url = "./";
  if (Status s = WriteExportFile(dir / "index.html", templates_.Page("home", home, frame));
      !s.ok()) {
    return s;
  }
  return written + 1;
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
  const std::string& file = request.path_params.at("file");
  // Other images carry their type in the name, so a static copy is served right.
  if (file.starts_with("bild.")) return MediaFile(request);
  const auto recipe = RecipeFromFile(file, true);
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

#include "app/demo.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "app/authority_setup.hpp"
#include "app/demo_posts.hpp"
#include "concept/concept_loader.hpp"
#include "core/password.hpp"
#include "core/resources.hpp"
#include "core/sha256.hpp"
#include "publish/workflow.hpp"
#include "site/site_model.hpp"
#include "sys/data_dir.hpp"

namespace civicpost::app {
namespace {

constexpr size_t kDemoPasswordLength = 16;
const Actor kDemoActor{"demo"};

struct DemoAccount {
  std::string email;
  std::string display_name;
  std::set<Role> roles;
};

std::vector<DemoAccount> DemoAccounts(const usage::Concept& c) {
  const auto staff_name = [&](size_t i, const char* fallback) {
    return i < c.responsibility.staff.size() ? c.responsibility.staff[i].name
                                             : std::string(fallback);
  };
  const std::string domain = "@" + c.authority.slug + ".example";
  return {
      // Like the concept's two staff members, the editor may approve too; the
      // four-eyes rule still keeps them from approving their own posts.
      {"redaktion" + domain,
       staff_name(0, "Redaktion"),
       {Role::kEditor, Role::kApprover, Role::kModerator}},
      {"freigabe" + domain, staff_name(1, "Freigabe"), {Role::kApprover, Role::kModerator}},
      {"datenschutz" + domain, c.data_protection_officer.name, {Role::kDpo}},
      {"admin" + domain, "IT-Administration", {Role::kAdmin}},
  };
}

std::string RoleList(const std::set<Role>& roles) {
  std::string out;
  for (Role r : roles) out += (out.empty() ? "" : ",") + std::string(kRoleNames.Name(r));
  return out;
}

// Width and height from the root element of a generated SVG.
std::pair<int, int> SvgSize(std::string_view svg) {
  static const std::regex kWidth(R"re(<svg[^>]*\swidth="(\d+)")re");
  static const std::regex kHeight(R"re(<svg[^>]*\sheight="(\d+)")re");
  const std::string text(svg.substr(0, 2048));
  std::smatch w, h;
  if (!std::regex_search(text, w, kWidth) || !std::regex_search(text, h, kHeight)) return {0, 0};
  return {std::stoi(w[1]), std::stoi(h[1])};
}

Result<MediaId> StoreMedia(store::Transaction& tx, store::Repositories& repos, OrganizationId org,
                           const std::filesystem::path& data_dir, const std::string& file,
                           std::string_view bytes) {
  const std::string sha = Sha256Hex(bytes);
  const std::string relative = "media/" + sha + std::filesystem::path(file).extension().string();
  if (!std::filesystem::exists(data_dir / relative)) {
    Status written = sys::WriteFileAtomically(
        data_dir / relative, bytes,
        std::filesystem::perms::owner_read | std::filesystem::perms::group_read);
    if (!written.ok()) return written.error();
  }
  Media media;
  media.organization_id = org;
  media.sha256 = sha;
  media.content_type = file.ends_with(".svg") ? "image/svg+xml" : "application/octet-stream";
  media.byte_size = static_cast<int64_t>(bytes.size());
  std::tie(media.width, media.height) = SvgSize(bytes);
  media.original_name = std::filesystem::path(file).filename().string();
  media.storage_path = relative;
  auto id = repos.media.Create(tx, kDemoActor, media);
  if (!id) return id;
  // The demo's drawings are the authority's own work and show nobody.
  MediaRights rights;
  rights.media_id = *id;
  rights.source = MediaSource::kOwn;
  if (Status s = repos.media_rights.PutRights(tx, kDemoActor, rights); !s.ok()) return s.error();
  return id;
}

std::string Bundle(std::string_view path) {
  auto file = resources::Find(resources::DemoSassenberg(), path);
  return file ? std::string(*file) : std::string();
}

constexpr std::string_view kDemoConceptName = "examples/sassenberg/concept.toml";

}  // namespace

std::string DemoConceptText() { return Bundle("concept.toml"); }

usage::ConceptLoad LoadDemoConcept() {
  return usage::ParseConcept(DemoConceptText(), std::string(kDemoConceptName));
}

std::filesystem::path DemoLoginsPath(const std::filesystem::path& data_dir) {
  return data_dir / "demo-logins.txt";
}

Result<std::vector<DemoLogin>> LoadDemo(store::Database& db, store::Repositories& repos,
                                        const Clock& clock, const std::filesystem::path& data_dir) {
  const std::string concept_text = DemoConceptText();
  usage::ConceptLoad load = usage::ParseConcept(concept_text, std::string(kDemoConceptName));
  if (!load.ok())
    return Internal("the built-in demo concept is invalid:\n" +
                    usage::FormatDiagnostics(load.diagnostics));
  const usage::Concept& c = *load.concept_value;
  auto zone = TimeZone::Find(c.office_hours.timezone);
  if (!zone) return zone.error();
  auto posts = ParseDemoPosts(Bundle("demo-posts.toml"), clock.Now(), *zone);
  if (!posts) return posts.error();
  std::error_code ec;
  std::filesystem::create_directories(data_dir / "media", ec);
  if (ec)
    return PermissionDenied("cannot create " + (data_dir / "media").string() + ": " + ec.message());

  std::vector<DemoLogin> logins;
  auto loaded = store::InTransaction(db, [&](store::Transaction& tx) -> Status {
    auto authority =
        CreateAuthority(tx, repos, kDemoActor, c, std::string(kDemoConceptName), concept_text);
    if (!authority) return authority.error();
    const OrganizationId org = authority->id;
    std::optional<UserId> editor;
    for (const DemoAccount& account : DemoAccounts(c)) {
      const std::string password = GeneratePassword(kDemoPasswordLength);
      auto hash = HashPassword(password);
      if (!hash) return hash.error();
      User user{{},    org, account.email, account.display_name, *hash, account.roles,
                false, {},  "de"};
      auto created = repos.users.Create(tx, kDemoActor, user);
      if (!created) return created.error();
      if (!editor) editor = *created;
      logins.push_back({account.email, password, RoleList(account.roles)});
    }
    auto channels = repos.channels.ListByOrganization(tx, org);
    if (!channels) return channels.error();
    std::map<std::string, MediaId> media_by_file;
    for (DemoPost& demo : *posts) {
      Post post = demo.post;
      post.organization_id = org;
      for (const DemoMedia& m : demo.media) {
        if (!media_by_file.count(m.file)) {
          const std::string bytes = Bundle(m.file);
          if (bytes.empty()) return Internal("the demo bundle has no " + m.file);
          auto id = StoreMedia(tx, repos, org, data_dir, m.file, bytes);
          if (!id) return id.error();
          media_by_file[m.file] = *id;
        }
        post.media.push_back({media_by_file[m.file], m.alt});
      }
      post.created_by = editor;
      auto post_id = repos.posts.Create(tx, kDemoActor, post);
      if (!post_id) return post_id.error();
      // Targets and a first version, as if the editor had written it in the app.
      std::vector<ChannelId> targets;
      for (const Channel& channel : *channels) {
        if (std::find(demo.channels.begin(), demo.channels.end(), channel.key) !=
            demo.channels.end()) {
          targets.push_back(channel.id);
        }
      }
      if (Status s = repos.posts.SetChannels(tx, *post_id, targets); !s.ok()) return s;
      auto version =
          repos.posts.AddVersion(tx, *post_id, editor, publish::SnapshotJson(post, demo.channels));
      if (!version) return version.error();
      // The website mirror shows published posts; Instagram deliveries are
      // made by the publisher, so only scheduled posts wait for one.
      for (const Channel& channel : *channels) {
        const bool listed = std::find(demo.channels.begin(), demo.channels.end(), channel.key) !=
                            demo.channels.end();
        if (!listed) continue;
        Delivery delivery;
        delivery.post_id = *post_id;
        delivery.channel_id = channel.id;
        if (channel.platform == ChannelPlatform::kWebsite && post.state == PostState::kPublished) {
          delivery.state = DeliveryState::kPublished;
          delivery.permalink = site::SiteAddress{"", c.authority.slug}.Post(*post_id);
        } else if (post.state != PostState::kScheduled) {
          continue;
        }
        auto d = repos.posts.CreateDelivery(tx, kDemoActor, delivery);
        if (!d) return d.error();
        if (post.state != PostState::kScheduled || !post.scheduled_at) continue;
        // The publishing job, as scheduling in the app plans it.
        if (Status s = publish::PlanDeliveryJob(tx, repos, kDemoActor, publish::kPublishJobKind, *d,
                                                *post.scheduled_at);
            !s.ok()) {
          return s;
        }
      }
    }
    return Status::Ok();
  });
  if (!loaded.ok()) return loaded.error();

  std::string text = "# Demo logins for " + c.authority.name + " (created by civicpost)\n";
  for (const DemoLogin& login : logins) {
    text += login.email + " " + login.password + " " + login.roles + "\n";
  }
  Status saved = sys::WriteFileAtomically(
      DemoLoginsPath(data_dir), text,
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  if (!saved.ok()) return saved.error();
  return logins;
}

std::vector<DemoLogin> ReadDemoLogins(const std::filesystem::path& data_dir) {
  std::ifstream in(DemoLoginsPath(data_dir));
  std::vector<DemoLogin> logins;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    DemoLogin login;
    if (fields >> login.email >> login.password >> login.roles) logins.push_back(login);
  }
  return logins;
}

void PrintDemoLogins(std::ostream& out, const std::vector<DemoLogin>& logins) {
  if (logins.empty()) return;
  out << "Demo-Anmeldungen / demo logins:\n";
  for (const DemoLogin& login : logins) {
    out << "  " << login.email << "  " << login.password << "  (" << login.roles << ")\n";
  }
}

}  // namespace civicpost::app

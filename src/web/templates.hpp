#pragma once
// Server-rendered pages from mustache templates compiled into the binary
// (web/templates/*.mustache). {{x}} is HTML-escaped; {{{x}}} is used only for
// the body of the layout, which is itself a rendered template.
//
// Thread-safe: each render parses its template afresh (kainjow's render is
// not const); templates are small and the public pages are cached anyway.

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace civicpost::web {

using TemplateData = kainjow::mustache::data;
using TemplateList = kainjow::mustache::list;

struct FrameLink {
  std::string label;
  std::string url;
  bool current = false;   // aria-current="page"
  std::string type = "";  // alternates: the feed's media type
};

// What surrounds every page.
struct PageFrame {
  std::string title{};
  std::string description{};
  std::string site_name = "civicpost";
  std::string home_url = "/";
  std::string root = "/";   // prefix of site-wide links: "/" or "../../" in the static export
  std::string canonical{};  // absolute address of this page; may be empty
  std::vector<FrameLink> nav{};
  std::vector<FrameLink> footer_links{};
  std::vector<FrameLink> alternates{};  // feeds, as <link rel="alternate">
  std::vector<std::string> footer_lines{};
};

class Templates {
 public:
  // Checks that every embedded template parses; a broken template is a bug
  // and stops start-up with its name and the parser's message.
  Templates();

  std::string Render(std::string_view name, const TemplateData& data) const;
  // Renders `name` and places it in the layout.
  std::string Page(std::string_view name, const TemplateData& data, const PageFrame& frame) const;

 private:
  std::string_view Source(std::string_view name) const;
};

}  // namespace civicpost::web

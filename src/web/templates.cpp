#include "web/templates.hpp"

#include <stdexcept>

#include "core/resources.hpp"

namespace civicpost::web {

Templates::Templates() {
  for (const auto& r : resources::WebTemplates()) {
    kainjow::mustache::mustache tmpl{std::string(r.bytes)};
    if (!tmpl.is_valid()) {
      throw std::logic_error("template " + std::string(r.path) + ": " + tmpl.error_message());
    }
  }
}

std::string_view Templates::Source(std::string_view name) const {
  const std::string file = std::string(name) + ".mustache";
  auto source = resources::Find(resources::WebTemplates(), file);
  if (!source) throw std::logic_error("no template named " + file);
  return *source;
}

std::string Templates::Render(std::string_view name, const TemplateData& data) const {
  kainjow::mustache::mustache tmpl{std::string(Source(name))};
  return tmpl.render(data);
}

std::string Templates::Page(std::string_view name, const TemplateData& data,
                            const PageFrame& frame) const {
  TemplateData layout;
  layout.set("title", frame.title);
  if (!frame.description.empty()) layout.set("description", frame.description);
  layout.set("site_name", frame.site_name);
  layout.set("home_url", frame.home_url);
  layout.set("root", frame.root);
  if (!frame.canonical.empty()) layout.set("canonical", frame.canonical);
  auto links = [](const std::vector<FrameLink>& from) {
    TemplateList list;
    for (const FrameLink& link : from) {
      TemplateData item;
      item.set("label", link.label);
      item.set("url", link.url);
      item.set("current", link.current);
      item.set("type", link.type);
      list.push_back(item);
    }
    return list;
  };
  layout.set("nav", links(frame.nav));
  layout.set("has_nav", !frame.nav.empty());
  layout.set("footer_links", links(frame.footer_links));
  layout.set("has_footer_links", !frame.footer_links.empty());
  layout.set("alternates", links(frame.alternates));
  TemplateList footer;
  for (const std::string& line : frame.footer_lines) footer.push_back(line);
  layout.set("footer_lines", footer);
  layout.set("body", Render(name, data));
  return Render("layout", layout);
}

}  // namespace civicpost::web

#include "documents/render.hpp"

#include <kainjow/mustache.hpp>

namespace civicpost::documents {
namespace {

std::string Html(const std::string& text) {
  return kainjow::mustache::html_escape<std::string>(text);
}

// Backslash-escapes what CommonMark would read as markup ("Bürger*innen").
std::string Markdown(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' ||
        c == '>' || c == '|' || c == '#') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// Cells of a pipe table cannot hold line breaks.
std::string MarkdownCell(const std::string& text) {
  std::string out = Markdown(text);
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

}  // namespace

std::string FooterLine(const Document& document) {
  std::string line = "Stand: " + document.date;
  if (document.concept_version > 0) {
    line += " · Konzeptversion " + std::to_string(document.concept_version);
  }
  return line;
}

std::string RenderMarkdown(const Document& document) {
  std::string out = "# " + Markdown(document.title) + "\n\n";
  out += "*" + Markdown(document.authority) + "*\n\n";
  for (const Block& block : document.blocks) {
    switch (block.kind) {
      case BlockKind::kHeading:
        out += std::string(static_cast<size_t>(block.level + 1), '#') + " " + Markdown(block.text) +
               "\n\n";
        break;
      case BlockKind::kParagraph:
        out += Markdown(block.text) + "\n\n";
        break;
      case BlockKind::kList:
        for (const std::string& item : block.items) out += "- " + Markdown(item) + "\n";
        out += "\n";
        break;
      case BlockKind::kTable: {
        out += "|";
        for (const std::string& h : block.headers) out += " " + MarkdownCell(h) + " |";
        out += "\n|";
        for (size_t i = 0; i < block.headers.size(); ++i) out += " --- |";
        out += "\n";
        for (const auto& row : block.rows) {
          out += "|";
          for (const std::string& cell : row) out += " " + MarkdownCell(cell) + " |";
          out += "\n";
        }
        out += "\n";
        break;
      }
    }
  }
  out += "---\n\n" + Markdown(FooterLine(document)) + "\n";
  return out;
}

std::string RenderHtmlBlocks(const Document& document, int top_level) {
  std::string out;
  for (const Block& block : document.blocks) {
    switch (block.kind) {
      case BlockKind::kHeading: {
        const std::string tag = "h" + std::to_string(std::min(block.level + top_level, 6));
        out += "<" + tag + ">" + Html(block.text) + "</" + tag + ">\n";
        break;
      }
      case BlockKind::kParagraph:
        out += "<p>" + Html(block.text) + "</p>\n";
        break;
      case BlockKind::kList:
        out += "<ul>\n";
        for (const std::string& item : block.items) out += "<li>" + Html(item) + "</li>\n";
        out += "</ul>\n";
        break;
      case BlockKind::kTable:
        out += "<table>\n<thead><tr>";
        for (const std::string& h : block.headers) out += "<th scope=\"col\">" + Html(h) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& row : block.rows) {
          out += "<tr>";
          for (const std::string& cell : row) out += "<td>" + Html(cell) + "</td>";
          out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
        break;
    }
  }
  return out;
}

std::string RenderHtml(const Document& document) {
  return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"de\" "
         "xml:lang=\"de\">\n<head>\n<meta charset=\"utf-8\" />\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>" +
         Html(document.title + " – " + document.authority) +
         "</title>\n<style>body{font-family:system-ui,sans-serif;line-height:1.6;max-width:48rem;"
         "margin:0 auto;padding:1rem;color:#1b1f24}table{border-collapse:collapse}th,td{border:1px "
         "solid #8a939c;padding:.3rem .5rem;text-align:left;vertical-align:top}</style>\n"
         "</head>\n<body>\n<main>\n<h1>" +
         Html(document.title) + "</h1>\n<p>" + Html(document.authority) + "</p>\n" +
         RenderHtmlBlocks(document, 1) + "</main>\n<footer><p>" + Html(FooterLine(document)) +
         "</p></footer>\n</body>\n</html>\n";
}

}  // namespace civicpost::documents

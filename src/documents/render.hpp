#pragma once
// Turning a Document into files a person reads. Both formats escape every
// text from the concept, so a concept cannot inject markup.
//
//   Markdown: CommonMark, tables as GFM pipe tables.
//   HTML: one complete, accessible page (lang="de", headings in order,
//         tables with <th scope="col">), no scripts, no external resources;
//         also well-formed XML (polyglot), so archives can validate it.
//   PDF: A4 for filing (render_pdf.cpp).

#include <string>

#include "core/result.hpp"
#include "documents/document.hpp"

namespace civicpost::documents {

std::string RenderMarkdown(const Document& document);
std::string RenderHtml(const Document& document);
// The blocks alone, for a page that has its own frame and title: a heading of
// level 1 becomes <h{top_level + 1}>.
std::string RenderHtmlBlocks(const Document& document, int top_level);
// A4 PDF with selectable text (cairo + Pango, DejaVu Sans), page numbers and
// the footer line on every page. kInternal if cairo fails.
Result<std::string> RenderPdf(const Document& document);

// "Stand: 25. November 2026 · Konzeptversion 3": the footer line.
std::string FooterLine(const Document& document);

}  // namespace civicpost::documents

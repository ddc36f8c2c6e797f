// qmark/report.hpp — decisions for people: a self-contained HTML page (no network, no
// external assets, printable) and the same content as Markdown.
#pragma once

#include "qmark/audit.hpp"
#include "qmark/decision.hpp"
#include "qmark/framework.hpp"

#include <string>

namespace qmark {

/// One HTML document: outcome banner, level profile (inline SVG), limiting failures,
/// the table of judged nodes, findings, next level, action plan, evidence index, dates.
[[nodiscard]] std::string to_html(const Framework &framework, const Audit &audit, const Decision &decision);
/// The same content as Markdown.
[[nodiscard]] std::string to_markdown(const Framework &framework, const Audit &audit, const Decision &decision);

}  // namespace qmark

// qmark/summary.hpp — the published summary of a school development plan: for parents,
// carers, learners and the community, in plain language, from a self-evaluation audit
// (assessed) and the plan (`plan/1`).
#pragma once

#include "qmark/audit.hpp"
#include "qmark/decision.hpp"
#include "qmark/framework.hpp"
#include "qmark/plan.hpp"

#include <string>

namespace qmark {

/// The summary's four parts, in order:
///  1. what the self-evaluation found — the plan's own overview, then for each top-level
///     node with judgeable leaves the leaves effectively at the top of their scale
///     (strengths) and at the lowest level (areas for development), statements quoted;
///  2. the priorities, by plan year, with their targets, actions and milestones;
///  3. the support the school will get from outside (the plan's summary, and every
///     action's support provider and when);
///  4. progress against last year's priorities (the plan's progress report and what it
///     says about previous targets).
/// One self-contained HTML document (no network, no scripts, a print stylesheet with the
/// self-evaluation overview on a page of its own) or the same content as Markdown.
/// Generic over frameworks: every label comes from the framework data or the plan.
[[nodiscard]] std::string to_summary_html(const Framework &framework, const Audit &audit, const Decision &decision,
                                          const Plan &plan);
[[nodiscard]] std::string to_summary_markdown(const Framework &framework, const Audit &audit,
                                              const Decision &decision, const Plan &plan);

}  // namespace qmark

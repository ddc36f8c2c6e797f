// qmark summary: the published summary of a school development plan, from a
// self-evaluation audit and the plan.
#include "common.hpp"
#include "qmark/summary.hpp"

#include <iostream>
#include <memory>

namespace qmark_cli {

namespace {

struct SummaryOptions {
  std::string audit, plan, html, md, overlay;
};

int run_summary(const SummaryOptions &o) {
  const json audit_doc = parse_doc(o.audit);
  auto fw = framework_for_audit(o.audit, audit_doc, "", o.overlay);
  const auto audit = check(o.audit, qmark::Audit::from_json(*fw, audit_doc));
  const auto plan = check(o.plan, qmark::Plan::from_json(parse_doc(o.plan)));
  if (!plan.school_id.empty() && plan.school_id != audit.school_id) {
    std::cerr << "qmark: " << o.plan << ": invalid input [invalid_argument]: the plan is for school \""
              << plan.school_id << "\" but the self-evaluation (" << o.audit << ") is for \"" << audit.school_id
              << "\" (at /school/id)\n";
    return exit_invalid;
  }
  qmark::AssessOptions opts;
  opts.trace = false;
  const auto decision = qmark::assess(*fw, audit, opts);
  if (!o.html.empty()) write_output(o.html, qmark::to_summary_html(*fw, audit, decision, plan));
  if (!o.md.empty()) write_output(o.md, qmark::to_summary_markdown(*fw, audit, decision, plan));
  if (o.html.empty() && o.md.empty()) write_output("", qmark::to_summary_markdown(*fw, audit, decision, plan));
  return 0;
}

}  // namespace

Command add_summary(CLI::App &app) {
  auto o = std::make_shared<SummaryOptions>();
  auto *sub = app.add_subcommand(
      "summary",
      "Write the published summary of a school development plan for parents, carers and learners: what the "
      "self-evaluation found (strengths and areas for development in each area), the priorities with actions and "
      "milestones, support from outside the school, and progress against last year's priorities. HTML "
      "(self-contained, printable) and/or Markdown; Markdown on standard output when neither file is named.");
  sub->add_option("AUDIT", o->audit, "the self-evaluation (audit/1 file), e.g. examples/audits/wsi-self-evaluation.json")
      ->required();
  sub->add_option("PLAN", o->plan, "the school development plan (plan/1 file), e.g. examples/plans/plan-compliant.json")
      ->required();
  sub->add_option("--html", o->html, "HTML file to write (atomically), e.g. --html summary.html");
  sub->add_option("--md", o->md, "Markdown file to write (atomically), e.g. --md summary.md");
  sub->add_option("--overlay", o->overlay,
                  "overlay/1 file to apply to the audit's framework, e.g. --overlay my-la-overlay.json");
  example(sub, "  qmark summary examples/audits/wsi-self-evaluation.json examples/plans/plan-compliant.json "
               "--html summary.html --md summary.md");
  return Command{sub, [o] { return run_summary(*o); }};
}

}  // namespace qmark_cli

// The published summary of a school development plan: the four parts, from the
// decision and the plan, as HTML and Markdown; generic over frameworks.
#include "helpers.hpp"

#include "qmark/summary.hpp"

using qmark::json;

namespace {

struct Inputs {
  qmark::FrameworkPtr fw;
  qmark::Audit audit;
  qmark::Decision decision;
  qmark::Plan plan;
};

Inputs load(const std::string &audit_path, const json &plan_doc) {
  const json audit_doc = qtest::read_json(audit_path);
  auto fw = qtest::builtin(audit_doc["framework"].get<std::string>());
  auto audit = qmark::Audit::from_json(*fw, audit_doc);
  REQUIRE(audit.has_value());
  auto plan = qmark::Plan::from_json(plan_doc);
  REQUIRE_MESSAGE(plan.has_value(), (plan ? std::string() : plan.error().describe()));
  auto decision = qmark::assess(*fw, audit.value());
  return Inputs{fw, std::move(audit).value(), std::move(decision), std::move(plan).value()};
}

std::size_t at(const std::string &text, const std::string &what) {
  const auto pos = text.find(what);
  CHECK_MESSAGE(pos != std::string::npos, "missing: " << what);
  return pos;
}

}  // namespace

TEST_CASE("summary: the four parts, in order, with their content") {
  const json plan = qtest::read_json("examples/plans/plan-compliant.json");
  const Inputs in = load("examples/audits/wsi-self-evaluation.json", plan);
  const std::string md = qmark::to_summary_markdown(*in.fw, in.audit, in.decision, in.plan);
  const std::string html = qmark::to_summary_html(*in.fw, in.audit, in.decision, in.plan);

  const auto overview = at(md, "## What our self-evaluation found");
  const auto priorities = at(md, "## Our priorities for improvement");
  const auto support = at(md, "## Support from outside the school");
  const auto progress = at(md, "## Progress against last year’s priorities");
  CHECK(overview < priorities);
  CHECK(priorities < support);
  CHECK(support < progress);

  // 1: a section per top-level node; strengths and areas for development quoted
  for (const auto &n : in.fw->nodes())
    if (n.parent < 0) CHECK(at(md, "### " + n.title) < priorities);
  for (int leaf : in.fw->leaves()) {
    const auto &r = in.decision.levels[static_cast<std::size_t>(leaf)];
    const auto *scale = in.fw->scale_of(leaf);
    const auto &n = in.fw->nodes()[static_cast<std::size_t>(leaf)];
    if (r.effective == scale->top() || r.effective == 0) {
      const std::string esc_statement = n.statement;  // statements here need no Markdown escaping
      if (esc_statement.find_first_of("*_[]<>|`#\\") == std::string::npos) CHECK(at(md, "- " + esc_statement) < priorities);
    } else if (n.statement.size() > 12) {
      CHECK(md.find("- " + n.statement + "\n") == std::string::npos);  // secure: neither list
    }
  }
  // 2: every priority, action and milestone
  for (const auto &p : plan["priorities"]) {
    CHECK(at(html, p["title"].get<std::string>()) > html.find("id=\"priorities\""));
    for (const auto &a : p["actions"]) {
      at(md, a["title"].get<std::string>());
      at(md, a["milestone"].get<std::string>());
    }
  }
  CHECK(at(md, "### This school year (2026/27)") < at(md, "### Next school year (2027/28)"));
  // 3: the summary's words and each action's support, who and when
  CHECK(at(md, "Regional consortium: literacy improvement adviser") > support);
  CHECK(at(md, "Autumn term 2026 (two twilight sessions and one planning day)") > support);
  // 4: progress report and previous targets
  CHECK(at(md, plan["summary"]["progress_report"].get<std::string>()) > progress);
  CHECK(at(html, "Last year’s targets in more detail") > html.find("id=\"progress\""));

  // HTML: self-contained, printable, accessible
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("summary: text from the plan is escaped; missing parts say so") {
  json plan = qtest::read_json("examples/plans/plan-compliant.json");
  plan["summary"] = {{"self_evaluation_overview", "<b>bold</b> & more"}};
  plan["previous_targets"] = "";
  for (auto &p : plan["priorities"])
    for (auto &a : p["actions"]) a.erase("support");
  const Inputs in = load("examples/audits/wsi-self-evaluation.json", plan);
  const std::string html = qmark::to_summary_html(*in.fw, in.audit, in.decision, in.plan);
  CHECK(html.find("&lt;b&gt;bold&lt;/b&gt; &amp; more") != std::string::npos);
  CHECK(html.find("<b>bold</b>") == std::string::npos);
  CHECK(html.find("The plan names no support from outside the school.") != std::string::npos);
  CHECK(html.find("The plan does not report on last year yet.") != std::string::npos);
  const std::string md = qmark::to_summary_markdown(*in.fw, in.audit, in.decision, in.plan);
  CHECK(md.find("\\<b\\>bold\\</b\\> & more") != std::string::npos);
}

TEST_CASE("summary: any framework — a Bury audit's unmet standards are areas for development") {
  json plan = qtest::read_json("examples/plans/plan-compliant.json");
  plan["school"] = {{"id", "URN:100002"}};
  const Inputs in = load("examples/audits/bury-not-yet-accredited.json", plan);
  const std::string md = qmark::to_summary_markdown(*in.fw, in.audit, in.decision, in.plan);
  for (const auto &n : in.fw->nodes())
    if (n.parent < 0) CHECK(md.find("### " + n.title) != std::string::npos);
  const int fact_decided = in.decision.limiting_failures.front();
  const auto &node = in.fw->nodes()[static_cast<std::size_t>(fact_decided)];
  REQUIRE(in.decision.levels[static_cast<std::size_t>(fact_decided)].effective == 0);
  const auto dev = md.find("- " + node.statement);
  REQUIRE(dev != std::string::npos);
  CHECK(md.rfind("**Areas for development**", dev) > md.rfind("**Strengths**", dev));
}

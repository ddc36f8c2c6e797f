// Reports for people: HTML and Markdown renderings of a decision. Generic over
// frameworks: every label comes from the framework data.
#include "qmark/report.hpp"

#include "markup.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace qmark {
namespace {

std::string esc(const std::string &s) { return detail::html_escape(s); }

std::string md(const std::string &s) { return detail::md_escape(s); }

// What a report needs, worked out once from the decision and the framework.
struct View {
  const Framework &fw;
  const Audit &audit;
  const Decision &d;

  const Node &node(int i) const { return fw.nodes()[static_cast<std::size_t>(i)]; }
  std::string text(int i) const { return node(i).statement.empty() ? node(i).title : node(i).statement; }
  std::string level_label(int i, int level) const {
    if (level < 0) return "—";
    return fw.scale_of(i)->levels[static_cast<std::size_t>(level)].label;
  }
  std::string outcome_title() const {
    return d.outcome >= 0 ? fw.outcomes()[static_cast<std::size_t>(d.outcome)].title : "No outcome";
  }
  bool judgeable(int i) const { return fw.kinds()[static_cast<std::size_t>(node(i).kind)].judgeable; }
  std::string basis_text(Basis b) const {
    switch (b) {
      case Basis::judgement: return "judgement";
      case Basis::fact: return "decided by facts";
      case Basis::aggregate: return "from its parts";
      case Basis::capped: return "lowered by evidence rules";
      case Basis::missing: return "no judgement";
    }
    return "";
  }
  std::string evidence_ids(int i) const {
    std::string out;
    for (int e : d.evidence_of(static_cast<std::size_t>(i)))
      out += (out.empty() ? "" : ", ") + audit.evidence[static_cast<std::size_t>(e)].id;
    return out;
  }
  // The profile: top-level nodes and a value in [0, 1] with a label.
  struct Bar {
    std::string id, title, value_text;
    double value;
  };
  std::vector<Bar> profile() const {
    std::vector<Bar> bars;
    for (std::size_t i = 0; i < fw.nodes().size(); ++i) {
      const Node &n = fw.nodes()[i];
      if (n.parent >= 0) continue;
      const NodeResult &r = d.levels[i];
      Bar bar{n.id, n.title, "", 0};
      if (r.effective >= 0) {
        const Scale *sc = fw.scale_of(static_cast<int>(i));
        bar.value = sc->top() > 0 ? static_cast<double>(r.effective) / sc->top() : 1.0;
        bar.value_text = sc->levels[static_cast<std::size_t>(r.effective)].label;
      } else if (const IndexRange counts = d.counts_of(i); !counts.empty()) {
        int total = 0;
        for (int c : counts) total += c;
        const int top = counts.back();
        bar.value = total ? static_cast<double>(top) / total : 0.0;
        int leaf = static_cast<int>(i);
        while (!fw.nodes()[static_cast<std::size_t>(leaf)].leaf())
          leaf = fw.nodes()[static_cast<std::size_t>(leaf)].children.front();
        bar.value_text = std::to_string(top) + " of " + std::to_string(total) + " " +
                         fw.scale_of(leaf)->levels.back().label;
      } else {
        continue;
      }
      bars.push_back(std::move(bar));
    }
    return bars;
  }
};

std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string svg_profile(const View &v) {
  const auto bars = v.profile();
  if (bars.empty()) return "";
  const int row = 34, label_w = 330, bar_w = 300, h = static_cast<int>(bars.size()) * row + 10;
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"profile-title\" width=\""
    << label_w + bar_w + 170 << "\" height=\"" << h << "\" viewBox=\"0 0 " << label_w + bar_w + 170 << " " << h << "\">"
    << "<title id=\"profile-title\">Profile of levels by " << esc(v.fw.kinds()[static_cast<std::size_t>(v.node(0).kind)].title)
    << "</title>";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto &b = bars[i];
    const int y = static_cast<int>(i) * row + 5;
    const double w = std::round(b.value * bar_w * 10) / 10;
    o << "<g><text x=\"0\" y=\"" << y + 20 << "\" font-size=\"13\">" << esc(b.id + " " + b.title) << "</text>"
      << "<rect x=\"" << label_w << "\" y=\"" << y + 6 << "\" width=\"" << bar_w
      << "\" height=\"18\" fill=\"#eeeeee\" stroke=\"#777777\"/>"
      << "<rect x=\"" << label_w << "\" y=\"" << y + 6 << "\" width=\"" << fixed(w)
      << "\" height=\"18\" fill=\"#2b6cb0\"/>"
      << "<text x=\"" << label_w + bar_w + 8 << "\" y=\"" << y + 20 << "\" font-size=\"13\">" << esc(b.value_text)
      << "</text></g>";
  }
  o << "</svg>";
  return o.str();
}

const char *css = R"(body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
.banner{border:3px solid #2b6cb0;padding:1rem;border-radius:6px;margin:1rem 0}
.banner.no-award{border-color:#9c4221}.banner p{margin:.3rem 0}.outcome{font-size:1.4rem;font-weight:bold}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border:1px solid #bbb;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}.fail{font-weight:bold}.must::before{content:"Must: "}.should::before{content:"Should: "}
ul.findings li{margin:.25rem 0}footer{margin-top:2rem;font-size:.85rem;color:#555}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,li{break-inside:avoid}.banner{border-width:2px}}
)";

}  // namespace

std::string to_html(const Framework &fw, const Audit &audit, const Decision &d) {
  const View v{fw, audit, d};
  std::ostringstream o;
  const std::string school = audit.school.is_object() && audit.school.contains("name") && audit.school["name"].is_string()
                                 ? audit.school["name"].get<std::string>()
                                 : d.school_id;
  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>" << esc(school + " — " + fw.title()) << "</title>\n<style>" << css << "</style>\n</head>\n<body>\n";
  o << "<header>\n<h1>" << esc(school) << "</h1>\n<p>" << esc(d.school_id) << " · assessed " << d.assessed_on.to_string()
    << " · judged by " << esc(d.judged_by) << "</p>\n</header>\n<main>\n";
  o << "<section class=\"banner" << (d.award ? "" : " no-award") << "\" aria-labelledby=\"outcome-heading\">\n"
    << "<h2 id=\"outcome-heading\">Outcome</h2>\n<p class=\"outcome\">" << esc(v.outcome_title())
    << (d.award ? " — award: " + esc(*d.award) : std::string(" — no award")) << "</p>\n<p>" << esc(fw.title()) << " ("
    << esc(d.framework_id) << " " << esc(d.framework_version) << ")"
    << (d.overlay_id.empty() ? "" : " with overlay " + esc(d.overlay_id) + " " + esc(d.overlay_version)) << "</p>\n"
    << "<p>Decided by rule <code>" << esc(d.decided_by) << "</code>" << (d.final ? " (final)" : "") << ".</p>\n</section>\n";

  o << "<section aria-labelledby=\"limiting-heading\">\n<h2 id=\"limiting-heading\">Limiting failures</h2>\n";
  if (d.limiting_failures.empty()) {
    o << "<p>None: every limiting standard is met.</p>\n";
  } else {
    o << "<ul>\n";
    for (int n : d.limiting_failures)
      o << "<li class=\"fail\"><strong>" << esc(v.node(n).id) << "</strong> " << esc(v.text(n)) << " — "
        << esc(v.level_label(n, d.levels[static_cast<std::size_t>(n)].effective)) << "</li>\n";
    o << "</ul>\n";
  }
  o << "</section>\n";

  o << "<section aria-labelledby=\"profile-heading\">\n<h2 id=\"profile-heading\">Profile</h2>\n" << svg_profile(v)
    << "\n</section>\n";

  o << "<section aria-labelledby=\"levels-heading\">\n<h2 id=\"levels-heading\">Levels</h2>\n<table>\n<thead><tr>"
    << "<th scope=\"col\">Id</th><th scope=\"col\">Statement</th><th scope=\"col\">Claimed</th>"
    << "<th scope=\"col\">Effective</th><th scope=\"col\">Basis</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < fw.nodes().size(); ++i) {
    const int n = static_cast<int>(i);
    const NodeResult &r = d.levels[i];
    if (!v.node(n).leaf()) {
      o << "<tr><th scope=\"rowgroup\" colspan=\"6\">" << esc(v.node(n).id + " " + v.node(n).title);
      if (r.effective >= 0) o << " — " << esc(v.level_label(n, r.effective));
      o << "</th></tr>\n";
      continue;
    }
    if (!v.judgeable(n)) continue;
    o << "<tr><th scope=\"row\">" << esc(v.node(n).id) << (v.node(n).limiting ? " (limiting)" : "") << "</th><td>"
      << esc(v.text(n)) << "</td><td>" << esc(v.level_label(n, r.claimed)) << "</td><td>"
      << esc(v.level_label(n, r.effective)) << "</td><td>" << esc(v.basis_text(r.basis)) << "</td><td>"
      << esc(v.evidence_ids(n)) << "</td></tr>\n";
  }
  o << "</tbody>\n</table>\n</section>\n";

  o << "<section aria-labelledby=\"findings-heading\">\n<h2 id=\"findings-heading\">Findings</h2>\n";
  if (d.findings.empty()) o << "<p>No findings.</p>\n";
  else {
    o << "<ul class=\"findings\">\n";
    for (const Finding &f : d.findings)
      o << "<li class=\"" << (f.severity == Severity::must ? "must" : "should") << "\">" << esc(finding_message(fw, d, f)) << "</li>\n";
    o << "</ul>\n";
  }
  o << "</section>\n";

  o << "<section aria-labelledby=\"next-heading\">\n<h2 id=\"next-heading\">What is needed next</h2>\n";
  if (d.next_target < 0) o << "<p>This is the highest outcome.</p>\n";
  else {
    o << "<p>To reach <strong>" << esc(fw.outcomes()[static_cast<std::size_t>(d.next_target)].title) << "</strong>";
    if (d.next_needs.empty()) o << ": not reachable by raising judgements alone.</p>\n";
    else {
      o << ", raise:</p>\n<ul>\n";
      for (int n : d.next_needs) o << "<li><strong>" << esc(v.node(n).id) << "</strong> " << esc(v.text(n)) << "</li>\n";
      o << "</ul>\n";
    }
  }
  o << "</section>\n";

  o << "<section aria-labelledby=\"actions-heading\">\n<h2 id=\"actions-heading\">Draft action plan</h2>\n";
  if (d.actions.empty()) o << "<p>No actions.</p>\n";
  else {
    o << "<table>\n<thead><tr><th scope=\"col\">Node</th><th scope=\"col\">Aim</th><th scope=\"col\">Level to reach</th>"
      << "<th scope=\"col\">Success criteria</th></tr></thead>\n<tbody>\n";
    for (const Action &a : d.actions)
      o << "<tr><th scope=\"row\">" << esc(v.node(a.node).id) << "</th><td>" << esc(v.text(a.node)) << "</td><td>"
        << esc(v.level_label(a.node, a.level)) << "</td><td>" << esc(action_success_criteria(fw, a)) << "</td></tr>\n";
    o << "</tbody>\n</table>\n";
  }
  o << "</section>\n";

  o << "<section aria-labelledby=\"evidence-heading\">\n<h2 id=\"evidence-heading\">Evidence index</h2>\n";
  if (audit.evidence.empty()) o << "<p>No evidence listed.</p>\n";
  else {
    o << "<table>\n<thead><tr><th scope=\"col\">Id</th><th scope=\"col\">Title</th><th scope=\"col\">Kind</th>"
      << "<th scope=\"col\">Date</th><th scope=\"col\">Stakeholder groups</th></tr></thead>\n<tbody>\n";
    for (const EvidenceItem &e : audit.evidence) {
      std::string groups;
      for (int g = 0; g < group_count; ++g)
        if (e.groups & (1u << g)) groups += (groups.empty() ? "" : ", ") + std::string(group_name(static_cast<Group>(g)));
      o << "<tr><th scope=\"row\">" << esc(e.id) << "</th><td>" << esc(e.title) << "</td><td>"
        << evidence_kind_name(e.kind) << "</td><td>" << e.date.to_string() << "</td><td>" << esc(groups) << "</td></tr>\n";
    }
    o << "</tbody>\n</table>\n";
  }
  o << "</section>\n";

  o << "<section aria-labelledby=\"dates-heading\">\n<h2 id=\"dates-heading\">Dates</h2>\n<dl>\n<dt>Decided on</dt><dd>"
    << d.decided_on.to_string() << "</dd>\n";
  if (d.valid_until) o << "<dt>Valid until</dt><dd>" << d.valid_until->to_string() << "</dd>\n";
  if (d.reapply_from) o << "<dt>May re-apply from</dt><dd>" << d.reapply_from->to_string() << "</dd>\n";
  o << "</dl>\n</section>\n</main>\n<footer><p>Produced by qmark from the framework data; every statement is quoted "
       "from its source document.</p></footer>\n</body>\n</html>\n";
  return o.str();
}

std::string to_markdown(const Framework &fw, const Audit &audit, const Decision &d) {
  const View v{fw, audit, d};
  std::ostringstream o;
  o << "# " << md(d.school_id) << " — " << md(fw.title()) << "\n\n";
  o << "**Outcome: " << md(v.outcome_title()) << "**" << (d.award ? " — award: " + md(*d.award) : std::string(" — no award"))
    << "\n\n";
  o << "Framework " << md(d.framework_id) << " " << md(d.framework_version)
    << (d.overlay_id.empty() ? "" : " with overlay " + md(d.overlay_id) + " " + md(d.overlay_version))
    << "; assessed " << d.assessed_on.to_string() << "; decided by rule `" << d.decided_by << "`"
    << (d.final ? " (final)" : "") << ".\n\n";
  o << "## Limiting failures\n\n";
  if (d.limiting_failures.empty()) o << "None: every limiting standard is met.\n\n";
  for (int n : d.limiting_failures) o << "- **" << md(v.node(n).id) << "** " << md(v.text(n)) << "\n";
  if (!d.limiting_failures.empty()) o << "\n";
  o << "## Profile\n\n| | Level |\n|---|---|\n";
  for (const auto &b : v.profile()) o << "| " << md(b.id + " " + b.title) << " | " << md(b.value_text) << " |\n";
  o << "\n## Levels\n\n| Id | Statement | Claimed | Effective | Basis | Evidence |\n|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < fw.nodes().size(); ++i) {
    const int n = static_cast<int>(i);
    if (!v.node(n).leaf() || !v.judgeable(n)) continue;
    const NodeResult &r = d.levels[i];
    o << "| " << md(v.node(n).id) << (v.node(n).limiting ? " (limiting)" : "") << " | " << md(v.text(n)) << " | "
      << md(v.level_label(n, r.claimed)) << " | " << md(v.level_label(n, r.effective)) << " | " << v.basis_text(r.basis)
      << " | " << md(v.evidence_ids(n)) << " |\n";
  }
  o << "\n## Findings\n\n";
  if (d.findings.empty()) o << "No findings.\n";
  for (const Finding &f : d.findings) o << "- " << (f.severity == Severity::must ? "Must: " : "Should: ") << md(finding_message(fw, d, f)) << "\n";
  o << "\n## What is needed next\n\n";
  if (d.next_target < 0) o << "This is the highest outcome.\n";
  else {
    o << "To reach **" << md(fw.outcomes()[static_cast<std::size_t>(d.next_target)].title) << "**:";
    if (d.next_needs.empty()) o << " not reachable by raising judgements alone.";
    o << "\n\n";
    for (int n : d.next_needs) o << "- **" << md(v.node(n).id) << "** " << md(v.text(n)) << "\n";
  }
  o << "\n## Draft action plan\n\n";
  if (d.actions.empty()) o << "No actions.\n";
  for (const Action &a : d.actions)
    o << "- **" << md(v.node(a.node).id) << "**: reach " << md(v.level_label(a.node, a.level)) << " — "
      << md(action_success_criteria(fw, a)) << "\n";
  o << "\n## Evidence index\n\n";
  if (audit.evidence.empty()) o << "No evidence listed.\n";
  else {
    o << "| Id | Title | Kind | Date |\n|---|---|---|---|\n";
    for (const EvidenceItem &e : audit.evidence)
      o << "| " << md(e.id) << " | " << md(e.title) << " | " << evidence_kind_name(e.kind) << " | " << e.date.to_string()
        << " |\n";
  }
  o << "\n## Dates\n\n- Decided on: " << d.decided_on.to_string() << "\n";
  if (d.valid_until) o << "- Valid until: " << d.valid_until->to_string() << "\n";
  if (d.reapply_from) o << "- May re-apply from: " << d.reapply_from->to_string() << "\n";
  return o.str();
}

}  // namespace qmark

// The published summary of a school development plan (HTML and Markdown), from a
// self-evaluation decision and the plan. Generic over frameworks: areas, statements and
// level labels come from the framework data; priorities, actions and support from the
// plan document.
#include "qmark/summary.hpp"

#include "markup.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace qmark {
namespace {

std::string esc(const std::string &s) { return detail::html_escape(s); }

// Paragraphs of plain text as HTML: blank lines separate paragraphs, line breaks kept.
std::string paragraphs(const std::string &text) {
  std::string out, para;
  auto flush = [&] {
    while (!para.empty() && para.back() == '\n') para.pop_back();
    if (para.empty()) return;
    std::string html;
    for (char c : para) html += c == '\n' ? std::string("<br>") : esc(std::string(1, c));
    out += "<p>" + html + "</p>\n";
    para.clear();
  };
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) flush();
    else para += line + "\n";
  }
  flush();
  return out;
}

std::string md(const std::string &s) { return detail::md_escape(s); }

// Markdown paragraphs: blank lines kept, each line escaped.
std::string md_paragraphs(const std::string &text) {
  std::string out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out += md(line) + "\n";
  }
  return out + "\n";
}

const char *const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

std::string long_date(const Date &d) {
  return std::to_string(d.day()) + " " + month_names[d.month() - 1] + " " + std::to_string(d.year());
}

std::string text_member(const json &obj, const char *key) {
  if (!obj.is_object()) return "";
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return "";
  const std::string &s = it->get_ref<const std::string &>();
  return s.find_first_not_of(" \t\r\n") == std::string::npos ? "" : s;
}

std::optional<Date> date_member(const json &obj, const char *key) {
  const std::string s = text_member(obj, key);
  return s.empty() ? std::nullopt : Date::parse(s);
}

std::vector<std::string> texts(const json &v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    if (v.get_ref<const std::string &>().find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto &x : v)
      if (x.is_string() && x.get_ref<const std::string &>().find_first_not_of(" \t\r\n") != std::string::npos)
        out.push_back(x.get<std::string>());
  }
  return out;
}

std::string school_year(int start) {
  const int next = (start + 1) % 100;
  return std::to_string(start) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
}

struct Area {
  std::string title;
  std::vector<std::string> strengths, development, not_evaluated;
  std::vector<std::pair<std::string, int>> counts;  // level label → leaves judged at it
  int evaluated = 0;
};

struct ActionRow {
  std::string title, milestone, success, provider, when;
};

struct Priority {
  int year = 0;
  std::string title;
  std::vector<std::string> national, targets;
  std::vector<ActionRow> actions;
};

struct SupportRow {
  std::string provider, when, action, priority;
};

struct Model {
  std::string school, framework_title, period, as_of, assessed_on;
  std::string top_label, lowest_label;  // when every leaf shares one scale
  std::string overview_text, priorities_text, support_text, progress_text, previous_targets;
  std::vector<Area> areas;
  std::vector<Priority> priorities;
  std::vector<SupportRow> support;
  std::optional<int> first_year;  // calendar year in which the plan's year 1 starts

  std::string year_heading(int year) const {
    static const char *const names[] = {"This school year", "Next school year", "The year after"};
    if (year < 1 || year > 3) return "Other priorities";
    std::string h = names[year - 1];
    if (first_year) h += " (" + school_year(*first_year + year - 1) + ")";
    return h;
  }
};

Model build(const Framework &fw, const Audit &audit, const Decision &d, const Plan &plan) {
  Model m;
  const json &doc = plan.document;
  const json plan_school = doc.contains("school") ? doc["school"] : json();
  m.school = text_member(plan_school, "name");
  if (m.school.empty()) m.school = text_member(audit.school, "name");
  if (m.school.empty()) m.school = plan.school_id.empty() ? d.school_id : plan.school_id;
  m.framework_title = fw.title();
  m.as_of = long_date(plan.as_of);
  m.assessed_on = long_date(d.assessed_on);
  const json covers = doc.contains("covers") ? doc["covers"] : json();
  const auto from = date_member(covers, "from"), to = date_member(covers, "to");
  if (from) {
    // A school year starts in the autumn: a plan from September 2026 starts in 2026/27,
    // one from April 2027 too.
    m.first_year = from->month() >= 8 ? from->year() : from->year() - 1;
    if (to) {
      const int last = to->month() >= 9 ? to->year() : to->year() - 1;
      m.period = last > *m.first_year ? school_year(*m.first_year) + " to " + school_year(last) : school_year(last);
    }
  }

  // 1. Self-evaluation: leaves grouped under their top-level node.
  std::map<int, std::size_t> area_of_root;
  const Scale *shared_scale = nullptr;
  bool one_scale = true;
  for (int leaf : fw.leaves()) {
    int root = leaf;
    while (fw.nodes()[static_cast<std::size_t>(root)].parent >= 0) root = fw.nodes()[static_cast<std::size_t>(root)].parent;
    const bool loose = root == leaf;  // a judgeable top-level node: grouped with the other loose ones
    const int key = loose ? -1 : root;
    auto it = area_of_root.find(key);
    if (it == area_of_root.end()) {
      Area a;
      a.title = loose ? fw.title() : fw.nodes()[static_cast<std::size_t>(root)].title;
      it = area_of_root.emplace(key, m.areas.size()).first;
      m.areas.push_back(std::move(a));
    }
    Area &area = m.areas[it->second];
    const Node &n = fw.nodes()[static_cast<std::size_t>(leaf)];
    const NodeResult &r = d.levels[static_cast<std::size_t>(leaf)];
    const Scale *scale = fw.scale_of(leaf);
    if (!scale || scale->levels.empty()) continue;
    if (shared_scale && shared_scale != scale) one_scale = false;
    shared_scale = scale;
    const std::string statement = n.statement.empty() ? n.title : n.statement;
    if (r.basis == Basis::missing || r.effective < 0) {
      area.not_evaluated.push_back(statement);
      continue;
    }
    ++area.evaluated;
    const std::string &label = scale->levels[static_cast<std::size_t>(r.effective)].label;
    auto c = std::find_if(area.counts.begin(), area.counts.end(), [&](const auto &p) { return p.first == label; });
    if (c == area.counts.end()) area.counts.emplace_back(label, 1);
    else ++c->second;
    if (scale->top() > 0 && r.effective == scale->top()) area.strengths.push_back(statement);
    else if (scale->top() > 0 && r.effective == 0) area.development.push_back(statement);
  }
  // counts in scale order, highest first
  for (Area &a : m.areas)
    if (shared_scale && one_scale) {
      std::vector<std::pair<std::string, int>> ordered;
      for (auto l = shared_scale->levels.rbegin(); l != shared_scale->levels.rend(); ++l)
        for (const auto &c : a.counts)
          if (c.first == l->label) ordered.push_back(c);
      a.counts = std::move(ordered);
    }
  if (shared_scale && one_scale && shared_scale->top() > 0) {
    m.top_label = shared_scale->levels.back().label;
    m.lowest_label = shared_scale->levels.front().label;
  }

  const json summary = doc.contains("summary") ? doc["summary"] : json();
  m.overview_text = text_member(summary, "self_evaluation_overview");
  m.priorities_text = text_member(summary, "priorities");
  m.support_text = text_member(summary, "external_support");
  m.progress_text = text_member(summary, "progress_report");
  m.previous_targets = text_member(doc, "previous_targets");

  // 2. Priorities, by plan year (1, 2, 3, then any without a year), in plan order.
  if (doc.contains("priorities") && doc["priorities"].is_array()) {
    for (const json &p : doc["priorities"]) {
      if (!p.is_object()) continue;
      Priority pr;
      if (p.contains("year") && p["year"].is_number_integer()) pr.year = p["year"].get<int>();
      pr.title = text_member(p, "title");
      if (p.contains("national_priorities") && p["national_priorities"].is_array())
        for (const json &np : p["national_priorities"]) {
          if (!np.is_string()) continue;
          const int node = fw.find_node(np.get_ref<const std::string &>());
          pr.national.push_back(node >= 0 ? fw.nodes()[static_cast<std::size_t>(node)].title : np.get<std::string>());
        }
      if (p.contains("targets")) pr.targets = texts(p["targets"]);
      if (p.contains("actions") && p["actions"].is_array())
        for (const json &a : p["actions"]) {
          if (!a.is_object()) continue;
          ActionRow row{text_member(a, "title"), text_member(a, "milestone"), text_member(a, "success_criteria"), "", ""};
          if (a.contains("support") && a["support"].is_object()) {
            row.provider = text_member(a["support"], "provider");
            row.when = text_member(a["support"], "when");
            if (!row.provider.empty() || !row.when.empty())
              m.support.push_back(SupportRow{row.provider, row.when, row.title, pr.title});
          }
          pr.actions.push_back(std::move(row));
        }
      m.priorities.push_back(std::move(pr));
    }
    std::stable_sort(m.priorities.begin(), m.priorities.end(), [](const Priority &a, const Priority &b) {
      auto rank = [](int y) { return y >= 1 && y <= 3 ? y : 4; };
      return rank(a.year) < rank(b.year);
    });
  }
  return m;
}

const char *const css = R"(body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5;font-size:1.05rem}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.35rem;margin-top:2.2rem;border-bottom:2px solid #2b6cb0;padding-bottom:.2rem}
h3{font-size:1.12rem;margin:1.4rem 0 .4rem}h4{font-size:1rem;margin:.8rem 0 .3rem}
.lead{font-size:1.1rem}.muted{color:#4a4a4a}
nav ul{padding-left:1.2rem}a{color:#1d4f91}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:0 1.5rem}
.area{border-top:1px solid #ccc;margin-top:.6rem}.area ul{margin:.2rem 0;padding-left:1.2rem}
.priority{border-left:4px solid #2b6cb0;padding:.1rem 0 .4rem .9rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;font-size:.95rem;margin:.5rem 0}caption{text-align:left;font-weight:bold;padding:.2rem 0}
th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#eef2f7}
footer{margin-top:2.5rem;font-size:.88rem;color:#4a4a4a;border-top:1px solid #ccc}
@media (max-width:40rem){.cols{grid-template-columns:1fr}}
@page{size:A4;margin:12mm 14mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:9pt;line-height:1.28}nav{display:none}
a{color:inherit;text-decoration:none}#overview{break-after:page}h2,h3,h4{break-after:avoid}
h1{font-size:15pt;margin:0}h2{font-size:12.5pt;margin:.7rem 0 .3rem}h3{font-size:10.5pt;margin:.45rem 0 .15rem}
h4{font-size:9pt;margin:.2rem 0 .1rem}p{margin:.25rem 0}.lead{font-size:10.5pt}.area{margin-top:.3rem}
.area ul{margin:0}.area p{margin:.1rem 0}.area,tr,li,.priority{break-inside:avoid}}
)";

// "Of the 6 aspects we evaluated, we judged 2 “Strength” and 4 “Secure”."
std::string counts_text(const Area &a) {
  std::string out = "Of the " + std::to_string(a.evaluated) + (a.evaluated == 1 ? " aspect" : " aspects") +
                    " we evaluated, we judged ";
  for (std::size_t i = 0; i < a.counts.size(); ++i) {
    if (i) out += i + 1 == a.counts.size() ? " and " : ", ";
    out += std::to_string(a.counts[i].second) + " “" + a.counts[i].first + "”";
  }
  return out + ".";
}

}  // namespace

std::string to_summary_html(const Framework &fw, const Audit &audit, const Decision &d, const Plan &plan) {
  const Model m = build(fw, audit, d, plan);
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>" << esc(m.school) << " — summary of our school development plan</title>\n<style>" << css
    << "</style>\n</head>\n<body>\n";
  o << "<header>\n<h1>" << esc(m.school) << "</h1>\n<p class=\"lead\">Summary of our school development plan"
    << (m.period.empty() ? "" : ", " + esc(m.period)) << "</p>\n"
    << "<p>This summary tells parents, carers, learners and our community what our self-evaluation found, what we "
       "will improve and how, the support we will have from outside the school, and how we did against last "
       "year’s priorities.</p>\n"
    << "<p class=\"muted\">Plan as it stood on " << m.as_of << "; self-evaluation of " << m.assessed_on << ".</p>\n"
    << "<nav aria-label=\"Contents\">\n<ul>\n<li><a href=\"#overview\">What our self-evaluation found</a></li>\n"
    << "<li><a href=\"#priorities\">Our priorities for improvement</a></li>\n"
    << "<li><a href=\"#support\">Support from outside the school</a></li>\n"
    << "<li><a href=\"#progress\">Progress against last year’s priorities</a></li>\n</ul>\n</nav>\n</header>\n<main>\n";

  // 1. Overview
  o << "<section id=\"overview\" aria-labelledby=\"overview-heading\">\n"
    << "<h2 id=\"overview-heading\">What our self-evaluation found</h2>\n";
  if (!m.overview_text.empty()) o << paragraphs(m.overview_text);
  o << "<p>We looked at our work using the " << esc(m.framework_title)
    << ". For each area below are our main strengths";
  if (!m.top_label.empty()) o << " (what we judged “" << esc(m.top_label) << "”)";
  o << " and the areas we most need to develop";
  if (!m.lowest_label.empty()) o << " (what we judged “" << esc(m.lowest_label) << "”)";
  o << ".</p>\n";
  for (std::size_t i = 0; i < m.areas.size(); ++i) {
    const Area &a = m.areas[i];
    const std::string id = "area-" + std::to_string(i + 1);
    o << "<section class=\"area\" aria-labelledby=\"" << id << "\">\n<h3 id=\"" << id << "\">" << esc(a.title)
      << "</h3>\n";
    if (a.evaluated > 0) o << "<p class=\"muted\">" << esc(counts_text(a)) << "</p>\n";
    o << "<div class=\"cols\">\n<div>\n<h4>Strengths</h4>\n";
    if (a.strengths.empty()) o << "<p>None singled out in this area.</p>\n";
    else {
      o << "<ul>\n";
      for (const auto &s : a.strengths) o << "<li>" << esc(s) << "</li>\n";
      o << "</ul>\n";
    }
    o << "</div>\n<div>\n<h4>Areas for development</h4>\n";
    if (a.development.empty()) o << "<p>None singled out in this area.</p>\n";
    else {
      o << "<ul>\n";
      for (const auto &s : a.development) o << "<li>" << esc(s) << "</li>\n";
      o << "</ul>\n";
    }
    o << "</div>\n</div>\n";
    if (!a.not_evaluated.empty()) {
      o << "<p>Not yet evaluated: ";
      for (std::size_t k = 0; k < a.not_evaluated.size(); ++k) o << (k ? "; " : "") << esc(a.not_evaluated[k]);
      o << ".</p>\n";
    }
    o << "</section>\n";
  }
  o << "</section>\n";

  // 2. Priorities
  o << "<section id=\"priorities\" aria-labelledby=\"priorities-heading\">\n"
    << "<h2 id=\"priorities-heading\">Our priorities for improvement</h2>\n";
  if (!m.priorities_text.empty()) o << paragraphs(m.priorities_text);
  if (m.priorities.empty()) o << "<p>The plan lists no priorities yet.</p>\n";
  int year = -1;
  for (std::size_t i = 0; i < m.priorities.size(); ++i) {
    const Priority &p = m.priorities[i];
    const int y = p.year >= 1 && p.year <= 3 ? p.year : 0;
    if (y != year) {
      o << "<h3>" << esc(m.year_heading(y)) << "</h3>\n";
      year = y;
    }
    const std::string id = "priority-" + std::to_string(i + 1);
    o << "<article class=\"priority\" aria-labelledby=\"" << id << "\">\n<h4 id=\"" << id << "\">"
      << esc(p.title.empty() ? std::string("(untitled priority)") : p.title) << "</h4>\n";
    if (!p.national.empty()) {
      o << "<p>This priority takes account of the national priorities: ";
      for (std::size_t k = 0; k < p.national.size(); ++k) o << (k ? "; " : "") << esc(p.national[k]);
      o << ".</p>\n";
    }
    if (!p.targets.empty()) {
      o << "<p>What we aim for:</p>\n<ul>\n";
      for (const auto &t : p.targets) o << "<li>" << esc(t) << "</li>\n";
      o << "</ul>\n";
    }
    if (p.actions.empty()) o << "<p>No actions are planned for this priority yet.</p>\n";
    else {
      o << "<table>\n<caption>What we will do</caption>\n<thead><tr><th scope=\"col\">Action</th>"
        << "<th scope=\"col\">Milestone</th><th scope=\"col\">How we will know it has worked</th></tr></thead>\n<tbody>\n";
      for (const ActionRow &a : p.actions)
        o << "<tr><th scope=\"row\">" << esc(a.title) << "</th><td>" << esc(a.milestone) << "</td><td>"
          << esc(a.success) << "</td></tr>\n";
      o << "</tbody>\n</table>\n";
    }
    o << "</article>\n";
  }
  o << "</section>\n";

  // 3. External support
  o << "<section id=\"support\" aria-labelledby=\"support-heading\">\n"
    << "<h2 id=\"support-heading\">Support from outside the school</h2>\n";
  if (!m.support_text.empty()) o << paragraphs(m.support_text);
  if (!m.support.empty()) {
    o << "<table>\n<caption>Support named in the plan’s actions</caption>\n<thead><tr>"
      << "<th scope=\"col\">Who</th><th scope=\"col\">When</th><th scope=\"col\">For</th></tr></thead>\n<tbody>\n";
    for (const SupportRow &s : m.support)
      o << "<tr><th scope=\"row\">" << esc(s.provider) << "</th><td>" << esc(s.when) << "</td><td>" << esc(s.action)
        << (s.priority.empty() ? "" : " (" + esc(s.priority) + ")") << "</td></tr>\n";
    o << "</tbody>\n</table>\n";
  } else if (m.support_text.empty()) {
    o << "<p>The plan names no support from outside the school.</p>\n";
  }
  o << "</section>\n";

  // 4. Progress
  o << "<section id=\"progress\" aria-labelledby=\"progress-heading\">\n"
    << "<h2 id=\"progress-heading\">Progress against last year’s priorities</h2>\n";
  if (!m.progress_text.empty()) o << paragraphs(m.progress_text);
  if (!m.previous_targets.empty()) o << "<h3>Last year’s targets in more detail</h3>\n" << paragraphs(m.previous_targets);
  if (m.progress_text.empty() && m.previous_targets.empty()) o << "<p>The plan does not report on last year yet.</p>\n";
  o << "</section>\n</main>\n<footer>\n<p>The governing body publishes this summary with its annual report to "
       "parents. Statements about our work are quoted from "
    << esc(m.framework_title) << ". Produced by qmark.</p>\n</footer>\n</body>\n</html>\n";
  return o.str();
}

std::string to_summary_markdown(const Framework &fw, const Audit &audit, const Decision &d, const Plan &plan) {
  const Model m = build(fw, audit, d, plan);
  std::ostringstream o;
  o << "# " << md(m.school) << "\n\n"
    << "Summary of our school development plan" << (m.period.empty() ? "" : ", " + md(m.period)) << ".\n\n"
    << "This summary tells parents, carers, learners and our community what our self-evaluation found, what we "
       "will improve and how, the support we will have from outside the school, and how we did against last "
       "year’s priorities.\n\n"
    << "Plan as it stood on " << m.as_of << "; self-evaluation of " << m.assessed_on << ".\n\n";

  o << "## What our self-evaluation found\n\n";
  if (!m.overview_text.empty()) o << md_paragraphs(m.overview_text);
  o << "We looked at our work using the " << md(m.framework_title) << ". For each area below are our main strengths";
  if (!m.top_label.empty()) o << " (what we judged “" << md(m.top_label) << "”)";
  o << " and the areas we most need to develop";
  if (!m.lowest_label.empty()) o << " (what we judged “" << md(m.lowest_label) << "”)";
  o << ".\n\n";
  for (const Area &a : m.areas) {
    o << "### " << md(a.title) << "\n\n";
    if (a.evaluated > 0) o << md(counts_text(a)) << "\n\n";
    o << "**Strengths**\n\n";
    if (a.strengths.empty()) o << "None singled out in this area.\n";
    for (const auto &s : a.strengths) o << "- " << md(s) << "\n";
    o << "\n**Areas for development**\n\n";
    if (a.development.empty()) o << "None singled out in this area.\n";
    for (const auto &s : a.development) o << "- " << md(s) << "\n";
    o << "\n";
    if (!a.not_evaluated.empty()) {
      o << "Not yet evaluated: ";
      for (std::size_t k = 0; k < a.not_evaluated.size(); ++k) o << (k ? "; " : "") << md(a.not_evaluated[k]);
      o << ".\n\n";
    }
  }

  o << "## Our priorities for improvement\n\n";
  if (!m.priorities_text.empty()) o << md_paragraphs(m.priorities_text);
  if (m.priorities.empty()) o << "The plan lists no priorities yet.\n\n";
  int year = -1;
  for (const Priority &p : m.priorities) {
    const int y = p.year >= 1 && p.year <= 3 ? p.year : 0;
    if (y != year) {
      o << "### " << md(m.year_heading(y)) << "\n\n";
      year = y;
    }
    o << "#### " << md(p.title.empty() ? std::string("(untitled priority)") : p.title) << "\n\n";
    if (!p.national.empty()) {
      o << "This priority takes account of the national priorities: ";
      for (std::size_t k = 0; k < p.national.size(); ++k) o << (k ? "; " : "") << md(p.national[k]);
      o << ".\n\n";
    }
    if (!p.targets.empty()) {
      o << "What we aim for:\n\n";
      for (const auto &t : p.targets) o << "- " << md(t) << "\n";
      o << "\n";
    }
    if (p.actions.empty()) o << "No actions are planned for this priority yet.\n\n";
    else {
      o << "| Action | Milestone | How we will know it has worked |\n|---|---|---|\n";
      for (const ActionRow &a : p.actions) o << "| " << md(a.title) << " | " << md(a.milestone) << " | " << md(a.success) << " |\n";
      o << "\n";
    }
  }

  o << "## Support from outside the school\n\n";
  if (!m.support_text.empty()) o << md_paragraphs(m.support_text);
  if (!m.support.empty()) {
    o << "| Who | When | For |\n|---|---|---|\n";
    for (const SupportRow &s : m.support)
      o << "| " << md(s.provider) << " | " << md(s.when) << " | " << md(s.action)
        << (s.priority.empty() ? "" : " (" + md(s.priority) + ")") << " |\n";
    o << "\n";
  } else if (m.support_text.empty()) {
    o << "The plan names no support from outside the school.\n\n";
  }

  o << "## Progress against last year’s priorities\n\n";
  if (!m.progress_text.empty()) o << md_paragraphs(m.progress_text);
  if (!m.previous_targets.empty()) o << "### Last year’s targets in more detail\n\n" << md_paragraphs(m.previous_targets);
  if (m.progress_text.empty() && m.previous_targets.empty()) o << "The plan does not report on last year yet.\n\n";
  o << "---\n\nThe governing body publishes this summary with its annual report to parents. Statements about our "
       "work are quoted from "
    << md(m.framework_title) << ". Produced by qmark.\n";
  return o.str();
}

}  // namespace qmark

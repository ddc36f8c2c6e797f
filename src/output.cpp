// Writing decisions: the decision/1 document and a readable text summary.
#include "qmark/decision.hpp"

#include <sstream>

namespace qmark {

namespace {

using ojson = nlohmann::ordered_json;

const char *severity_name(Severity s) { return s == Severity::must ? "must" : "should"; }

ojson level_or_null(const Framework &fw, int node, int level) {
  if (level < 0) return nullptr;
  return fw.scale_of(node)->levels[static_cast<std::size_t>(level)].id;
}

// The first evidence guidance found on the node or its nearest ancestor.
ojson guidance_for(const Framework &fw, int node) {
  for (int n = node; n >= 0; n = fw.nodes()[static_cast<std::size_t>(n)].parent) {
    const json &g = fw.nodes()[static_cast<std::size_t>(n)].evidence_guidance;
    if (g.is_object() && !g.empty()) {
      ojson out = ojson::object();
      for (const auto &stage : fw.evidence_stages())
        if (g.contains(stage)) out[stage] = g[stage];
      for (auto it = g.begin(); it != g.end(); ++it)
        if (!out.contains(it.key())) out[it.key()] = it.value();
      return out;
    }
  }
  return ojson::object();
}

ojson to_ordered(const json &j) { return ojson::parse(j.dump()); }

const std::string &statement_of(const Node &n) { return n.statement.empty() ? n.title : n.statement; }

}  // namespace

std::string action_title(const Framework &fw, const Action &a) {
  const Node &n = fw.nodes()[static_cast<std::size_t>(a.node)];
  const Level &lvl = fw.scale_of(a.node)->levels[static_cast<std::size_t>(a.level)];
  return "Raise " + n.id + " to \"" + lvl.label + "\": " + statement_of(n);
}

std::string action_success_criteria(const Framework &fw, const Action &a) {
  const Node &n = fw.nodes()[static_cast<std::size_t>(a.node)];
  const Level &lvl = fw.scale_of(a.node)->levels[static_cast<std::size_t>(a.level)];
  std::string criteria = "Judged \"" + lvl.label + "\" on valid, dated evidence: " + statement_of(n);
  for (const Derivation &der : fw.derivations())
    if (der.node == a.node && (der.test != Derivation::Test::rate_above || fw.parameter_value(der.max)))
      criteria += " The facts decide this standard: " + der.title + ".";
  return criteria;
}

nlohmann::ordered_json to_json(const Framework &fw, const Decision &d) {
  const auto &nodes = fw.nodes();
  ojson out = ojson::object();
  out["qmark"] = "decision/1";
  ojson framework = {{"id", d.framework_id}, {"version", d.framework_version}};
  framework["overlay"] = d.overlay_id.empty() ? ojson(nullptr)
                                              : ojson({{"id", d.overlay_id}, {"version", d.overlay_version}});
  out["framework"] = std::move(framework);
  out["school"] = {{"id", d.school_id}};
  out["assessed_on"] = d.assessed_on.to_string();
  out["judged_by"] = d.judged_by;
  out["outcome"] = d.outcome >= 0 ? ojson(fw.outcomes()[static_cast<std::size_t>(d.outcome)].id) : ojson(nullptr);
  out["award"] = d.award ? ojson(*d.award) : ojson(nullptr);
  out["decided_by"] = d.decided_by;
  out["final"] = d.final;
  ojson levels = ojson::object();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeResult &r = d.levels[i];
    ojson e = ojson::object();
    const bool judgeable = fw.kinds()[static_cast<std::size_t>(nodes[i].kind)].judgeable;
    if (judgeable) e["claimed"] = level_or_null(fw, static_cast<int>(i), r.claimed);
    if (r.effective >= 0 || judgeable) e["effective"] = level_or_null(fw, static_cast<int>(i), r.effective);
    else e["effective"] = nullptr;
    e["basis"] = basis_name(r.basis);
    if (!r.counts.empty()) {
      // counts are keyed by the level ids of the first leaf below
      int leaf = static_cast<int>(i);
      while (!nodes[static_cast<std::size_t>(leaf)].leaf()) leaf = nodes[static_cast<std::size_t>(leaf)].children.front();
      ojson counts = ojson::object();
      const Scale *sc = fw.scale_of(leaf);
      for (std::size_t l = 0; l < r.counts.size() && sc && l < sc->levels.size(); ++l) counts[sc->levels[l].id] = r.counts[l];
      e["counts"] = std::move(counts);
    }
    if (!r.evidence.empty()) {
      ojson ev = ojson::array();
      for (int k : r.evidence) ev.push_back(d.evidence_ids[static_cast<std::size_t>(k)]);
      e["evidence"] = std::move(ev);
    }
    levels[nodes[i].id] = std::move(e);
  }
  out["levels"] = std::move(levels);
  ojson lf = ojson::array();
  for (int n : d.limiting_failures) lf.push_back(nodes[static_cast<std::size_t>(n)].id);
  out["limiting_failures"] = std::move(lf);
  ojson findings = ojson::array();
  for (const Finding &f : d.findings) {
    ojson e = {{"code", f.code}};
    e["node"] = f.node >= 0 ? ojson(nodes[static_cast<std::size_t>(f.node)].id) : ojson(nullptr);
    e["severity"] = severity_name(f.severity);
    e["message"] = f.message;
    if (!f.evidence.empty()) e["evidence"] = f.evidence;
    findings.push_back(std::move(e));
  }
  out["findings"] = std::move(findings);
  ojson next = ojson::array();
  if (d.next_target >= 0) {
    ojson needs = ojson::array();
    for (int n : d.next_needs) needs.push_back(nodes[static_cast<std::size_t>(n)].id);
    ojson e = {{"target", fw.outcomes()[static_cast<std::size_t>(d.next_target)].id}, {"needs", std::move(needs)}};
    e["reachable"] = !d.next_needs.empty();
    next.push_back(std::move(e));
  }
  out["next_level"] = std::move(next);
  ojson actions = ojson::array();
  for (const Action &a : d.actions) {
    ojson e = {{"node", nodes[static_cast<std::size_t>(a.node)].id},
               {"title", action_title(fw, a)},
               {"level", fw.scale_of(a.node)->levels[static_cast<std::size_t>(a.level)].id}};
    e["evidence_suggestions"] = guidance_for(fw, a.node);
    e["success_criteria"] = action_success_criteria(fw, a);
    actions.push_back(std::move(e));
  }
  out["actions"] = std::move(actions);
  out["dates"] = {{"decided_on", d.decided_on.to_string()},
                  {"valid_until", d.valid_until ? ojson(d.valid_until->to_string()) : ojson(nullptr)},
                  {"reapply_from", d.reapply_from ? ojson(d.reapply_from->to_string()) : ojson(nullptr)}};
  ojson trace = ojson::array();
  for (const TraceEntry &t : d.trace)
    trace.push_back({{"rule", t.rule}, {"result", to_ordered(t.result)}, {"inputs", to_ordered(t.inputs)}});
  out["trace"] = std::move(trace);
  return out;
}

std::string to_json_text(const Framework &fw, const Decision &d) { return to_json(fw, d).dump(2) + "\n"; }

std::string to_text(const Framework &fw, const Decision &d, bool with_trace) {
  std::ostringstream o;
  const auto &nodes = fw.nodes();
  o << fw.title() << " (" << d.framework_id << " " << d.framework_version;
  if (!d.overlay_id.empty()) o << ", overlay " << d.overlay_id << " " << d.overlay_version;
  o << ")\n";
  o << "School:   " << d.school_id << "\n";
  o << "Assessed: " << d.assessed_on.to_string() << " (judged by " << d.judged_by << ")\n";
  const std::string outcome = d.outcome >= 0 ? fw.outcomes()[static_cast<std::size_t>(d.outcome)].title : "(none)";
  o << "Outcome:  " << outcome << (d.award ? " — award: " + *d.award : std::string(" — no award")) << "\n";
  o << "Decided by rule " << d.decided_by << (d.final ? " (final)" : "") << "\n";
  if (d.valid_until) o << "Valid until: " << d.valid_until->to_string() << "\n";
  if (d.reapply_from) o << "May re-apply from: " << d.reapply_from->to_string() << "\n";
  if (!d.limiting_failures.empty()) {
    o << "\nLimiting failures:\n";
    for (int n : d.limiting_failures) {
      const Node &node = nodes[static_cast<std::size_t>(n)];
      o << "  " << node.id << "  " << node.title << "\n";
    }
  }
  o << "\nLevels:\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeResult &r = d.levels[i];
    o << std::string(2 + 2 * static_cast<std::size_t>(nodes[i].depth), ' ') << nodes[i].id;
    if (r.effective >= 0) {
      o << ": " << fw.scale_of(static_cast<int>(i))->levels[static_cast<std::size_t>(r.effective)].id << " ("
        << basis_name(r.basis);
      if (r.claimed >= 0 && r.claimed != r.effective)
        o << ", claimed " << fw.scale_of(static_cast<int>(i))->levels[static_cast<std::size_t>(r.claimed)].id;
      o << ")";
    } else if (!r.counts.empty()) {
      int leaf = static_cast<int>(i);
      while (!nodes[static_cast<std::size_t>(leaf)].leaf()) leaf = nodes[static_cast<std::size_t>(leaf)].children.front();
      const Scale *sc = fw.scale_of(leaf);
      o << ":";
      for (std::size_t l = 0; l < r.counts.size(); ++l) o << " " << sc->levels[l].id << "=" << r.counts[l];
    }
    o << "\n";
  }
  if (!d.findings.empty()) {
    o << "\nFindings:\n";
    for (const Finding &f : d.findings) o << "  [" << severity_name(f.severity) << "] " << f.code << ": " << f.message << "\n";
  }
  if (d.next_target >= 0) {
    o << "\nTo reach " << fw.outcomes()[static_cast<std::size_t>(d.next_target)].title << ":";
    if (d.next_needs.empty()) o << " not reachable by raising judgements alone";
    for (int n : d.next_needs) o << " " << nodes[static_cast<std::size_t>(n)].id;
    o << "\n";
  }
  if (with_trace && !d.trace.empty()) {
    o << "\nTrace:\n";
    for (const TraceEntry &t : d.trace) o << "  " << t.rule << " -> " << t.result.dump() << "  " << t.inputs.dump() << "\n";
  }
  return o.str();
}

}  // namespace qmark

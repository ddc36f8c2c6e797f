// Crosswalks between frameworks and the candidate evidence they offer.
#include "qmark/crosswalk.hpp"

#include "builtin_data.hpp"
#include "json_util.hpp"

#include <algorithm>
#include <set>

namespace qmark {

using detail::Problems;
using detail::ptr;

result<Crosswalk> Crosswalk::from_json(const json &doc) {
  if (auto e = detail::check_format(doc, "crosswalk", 1)) return std::move(*e);
  Problems p;
  Crosswalk c;
  c.id_ = p.string(doc, "id", "", true).value_or("");
  c.version_ = p.string(doc, "version", "", true).value_or("");
  c.from_ = p.string(doc, "from", "", true).value_or("");
  c.to_ = p.string(doc, "to", "", true).value_or("");
  std::set<std::pair<std::string, std::string>> seen;
  if (const json *arr = p.array(doc, "mappings", "", true)) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string at = ptr("/mappings", i);
      const json &m = (*arr)[i];
      if (!m.is_object()) {
        p.add(errc::invalid_document, "a mapping must be an object", at);
        continue;
      }
      Mapping mapping;
      mapping.from = p.string(m, "from", at, true).value_or("");
      mapping.to = p.string(m, "to", at, true).value_or("");
      const std::string relation = p.string(m, "relation", at, true).value_or("related");
      if (relation != "exact" && relation != "related")
        p.add(errc::unknown_kind, "\"relation\" must be exact or related", ptr(at, "relation"));
      mapping.exact = relation == "exact";
      mapping.justification = p.string(m, "justification", at, true).value_or("");
      if (!seen.emplace(mapping.from, mapping.to).second)
        p.add(errc::duplicate_id, "mapping " + mapping.from + " → " + mapping.to + " appears twice", at);
      c.mappings_.push_back(std::move(mapping));
    }
  }
  if (!p.empty()) return p.take();
  c.doc_ = doc;
  return c;
}

result<Crosswalk> Crosswalk::parse(std::string_view text) {
  auto doc = detail::parse_json(text);
  if (!doc) return std::move(doc).error();
  return from_json(doc.value());
}

result<Crosswalk> Crosswalk::builtin(std::string_view id) {
  for (const auto &entry : detail::builtin_crosswalks())
    if (entry.id == id) return parse(entry.json);
  return error(errc::unknown_framework, "unknown crosswalk \"" + std::string(id) + "\"");
}

std::vector<std::string> Crosswalk::builtin_ids() {
  std::vector<std::string> ids;
  for (const auto &entry : detail::builtin_crosswalks()) ids.emplace_back(entry.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

result<Crosswalk> Crosswalk::between(std::string_view a, std::string_view b) {
  for (const auto &id : builtin_ids()) {
    auto c = builtin(id);
    if (!c) return c;
    const auto &cw = c.value();
    if ((cw.from() == a && cw.to() == b) || (cw.from() == b && cw.to() == a)) return c;
  }
  return error(errc::unknown_framework,
               "no built-in crosswalk joins \"" + std::string(a) + "\" and \"" + std::string(b) + "\"");
}

result<bool> Crosswalk::check(const Framework &from, const Framework &to) const {
  Problems p;
  if (from.id() != from_) p.add(errc::overlay_mismatch, "crosswalk starts from \"" + from_ + "\", not \"" + from.id() + "\"", "/from");
  if (to.id() != to_) p.add(errc::overlay_mismatch, "crosswalk leads to \"" + to_ + "\", not \"" + to.id() + "\"", "/to");
  for (std::size_t i = 0; i < mappings_.size(); ++i) {
    if (from.find_node(mappings_[i].from) < 0)
      p.add(errc::unknown_node, from_ + " has no node \"" + mappings_[i].from + "\"", ptr(ptr("/mappings", i), "from"));
    if (to.find_node(mappings_[i].to) < 0)
      p.add(errc::unknown_node, to_ + " has no node \"" + mappings_[i].to + "\"", ptr(ptr("/mappings", i), "to"));
  }
  if (!p.empty()) return p.take();
  return true;
}

result<json> candidate_evidence(const Crosswalk &cw, const Framework &source, const Audit &audit,
                                const Framework &target) {
  const bool forward = cw.from() == source.id() && cw.to() == target.id();
  const bool backward = cw.to() == source.id() && cw.from() == target.id();
  if (!forward && !backward)
    return error(errc::overlay_mismatch, "crosswalk \"" + cw.id() + "\" does not join \"" + source.id() + "\" and \"" +
                                             target.id() + "\"");
  auto checked = forward ? cw.check(source, target) : cw.check(target, source);
  if (!checked) return std::move(checked).error();

  // source node index → (target node index, mapping index)
  std::vector<std::vector<std::pair<int, std::size_t>>> to_targets(source.nodes().size());
  for (std::size_t m = 0; m < cw.mappings().size(); ++m) {
    const Mapping &map = cw.mappings()[m];
    const int s = source.find_node(forward ? map.from : map.to);
    const int t = target.find_node(forward ? map.to : map.from);
    // a dropped node (by an overlay) simply maps to nothing
    if (s >= 0 && t >= 0) to_targets[static_cast<std::size_t>(s)].emplace_back(t, m);
  }
  // the source nodes each item speaks for: what it supports, and judgements citing it
  std::vector<std::set<int>> nodes_of(audit.evidence.size());
  for (std::size_t e = 0; e < audit.evidence.size(); ++e)
    nodes_of[e].insert(audit.evidence[e].supports.begin(), audit.evidence[e].supports.end());
  for (const Judgement &j : audit.judgements)
    for (const JudgeEntry &entry : j.by)
      if (entry.present)
        for (int e : entry.evidence) nodes_of[static_cast<std::size_t>(e)].insert(j.node);

  json out = json::array();
  for (std::size_t e = 0; e < audit.evidence.size(); ++e) {
    const EvidenceItem &item = audit.evidence[e];
    std::set<int> targets;
    json via = json::array();
    for (int s : nodes_of[e])
      for (const auto &[t, m] : to_targets[static_cast<std::size_t>(s)]) {
        targets.insert(t);
        via.push_back({{"from", source.nodes()[static_cast<std::size_t>(s)].id},
                       {"to", target.nodes()[static_cast<std::size_t>(t)].id},
                       {"relation", cw.mappings()[m].exact ? "exact" : "related"}});
      }
    if (targets.empty()) continue;
    json supports = json::array();
    for (int t : targets) supports.push_back(target.nodes()[static_cast<std::size_t>(t)].id);
    json groups = json::array();
    for (int g = 0; g < group_count; ++g)
      if (item.groups & (1u << g)) groups.push_back(group_name(static_cast<Group>(g)));
    json candidate = {{"id", item.id},
                      {"kind", evidence_kind_name(item.kind)},
                      {"title", item.title},
                      {"groups", std::move(groups)},
                      {"date", item.date.to_string()}};
    if (!item.stage.empty()) candidate["stage"] = item.stage;
    candidate["supports"] = std::move(supports);
    candidate["crosswalk"] = {{"id", cw.id()}, {"version", cw.version()}, {"from_framework", source.id()}, {"via", std::move(via)}};
    out.push_back(std::move(candidate));
  }
  return out;
}

}  // namespace qmark

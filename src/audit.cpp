// Reading audit/1 documents against a framework.
#include "qmark/audit.hpp"

#include "audit_read.hpp"
#include "json_util.hpp"
#include "text_scan.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>
#include <utility>

namespace qmark {

using detail::Problems;
using detail::ptr;

namespace {

constexpr const char *judge_names[] = {"self", "moderator", "assessor"};
constexpr const char *kind_names[] = {"document", "policy", "data", "questionnaire", "interview",
                                      "observation", "case_study", "minutes", "other"};
constexpr const char *group_names[] = {"learners", "parents_carers", "staff", "support_staff",
                                       "leadership", "governors", "community", "partner_agencies"};

// The same names with their lengths, for reading them (audits name kinds and groups in
// every evidence item).
template <std::size_t N, std::size_t... I>
constexpr std::array<std::string_view, N> views_of(const char *const (&names)[N], std::index_sequence<I...>) {
  return {std::string_view(names[I])...};
}
constexpr auto kind_views = views_of(kind_names, std::make_index_sequence<std::size(kind_names)>());
constexpr auto group_views = views_of(group_names, std::make_index_sequence<std::size(group_names)>());

template <std::size_t N>
int index_of(const char *const (&names)[N], const std::string &s) {
  for (std::size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<int>(i);
  return -1;
}

template <std::size_t N>
std::string list_of(const char *const (&names)[N]) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) out += (i ? ", " : "") + std::string(names[i]);
  return out;
}

}  // namespace

const char *judge_name(Judge j) noexcept { return judge_names[static_cast<int>(j)]; }
const char *evidence_kind_name(EvidenceKind k) noexcept { return kind_names[static_cast<int>(k)]; }
const char *group_name(Group g) noexcept { return group_names[static_cast<int>(g)]; }

std::optional<EvidenceKind> evidence_kind_from(std::string_view name) noexcept {
  for (std::size_t i = 0; i < std::size(kind_views); ++i)
    if (detail::same_text(name, kind_views[i])) return static_cast<EvidenceKind>(i);
  return std::nullopt;
}

std::optional<Group> group_from(std::string_view name) noexcept {
  for (std::size_t i = 0; i < std::size(group_views); ++i)
    if (detail::same_text(name, group_views[i])) return static_cast<Group>(i);
  return std::nullopt;
}

result<std::string> Audit::framework_of(const json &doc) {
  if (auto e = detail::check_format(doc, "audit", 1)) return std::move(*e);
  const auto it = doc.find("framework");
  if (it == doc.end() || !it->is_string())
    return error(errc::invalid_document, "missing required member \"framework\" (a framework id)", "/framework");
  return it->get<std::string>();
}

namespace detail {

// Ids in "natural" order: runs of digits compare by their value (E2 before E10), the rest
// character by character; ids that compare equal so (E01, E1) fall back to plain order.
bool natural_less(std::string_view x, std::string_view y) {
  // Start at the first difference, or at the start of the run of digits it falls in:
  // before that, both ids are the same characters.
  std::size_t i = 0;
  const std::size_t common = std::min(x.size(), y.size());
  while (i < common && x[i] == y[i]) ++i;
  while (i > 0 && x[i - 1] >= '0' && x[i - 1] <= '9') --i;
  std::size_t j = i;
  while (i < x.size() && j < y.size()) {
    const bool dx = x[i] >= '0' && x[i] <= '9', dy = y[j] >= '0' && y[j] <= '9';
    if (dx && dy) {
      std::size_t ie = i, je = j;
      while (ie < x.size() && x[ie] >= '0' && x[ie] <= '9') ++ie;
      while (je < y.size() && y[je] >= '0' && y[je] <= '9') ++je;
      std::size_t is = i, js = j;  // without leading zeros
      while (is + 1 < ie && x[is] == '0') ++is;
      while (js + 1 < je && y[js] == '0') ++js;
      if (ie - is != je - js) return ie - is < je - js;
      if (const int c = x.compare(is, ie - is, y, js, je - js); c != 0) return c < 0;
      i = ie;
      j = je;
    } else {
      if (x[i] != y[j]) return static_cast<unsigned char>(x[i]) < static_cast<unsigned char>(y[j]);
      ++i;
      ++j;
    }
  }
  if ((i < x.size()) != (j < y.size())) return j < y.size();
  return x < y;
}

}  // namespace detail

namespace {

using detail::natural_less;

struct Reader {
  const Framework &fw;
  Problems &p;
  Audit &a;
  std::unordered_map<std::string, int> evidence_ids;

  void judge_entry(const json &v, const std::string &at, int node, JudgeEntry &out) {
    const Scale *scale = fw.scale_of(node);
    const json *level = nullptr;
    if (v.is_string()) {
      level = &v;
    } else if (v.is_object()) {
      level = p.member(v, "level", at, true);
      if (const json *ev = p.array(v, "evidence", at, false)) {
        for (std::size_t i = 0; i < ev->size(); ++i) {
          const json &id = (*ev)[i];
          if (!id.is_string()) {
            p.add(errc::invalid_document, "an evidence reference must be an id string", ptr(ptr(at, "evidence"), i));
            continue;
          }
          auto it = evidence_ids.find(id.get<std::string>());
          if (it == evidence_ids.end()) out.unknown.push_back(id.get<std::string>());
          else out.evidence.push_back(it->second);
        }
      }
      out.comment = p.string(v, "comment", at, false).value_or("");
    } else {
      p.add(errc::invalid_document, "a judgement is a level string or an object with \"level\"", at);
      return;
    }
    if (!level) return;
    const std::string lat = v.is_string() ? at : ptr(at, "level");
    if (!level->is_string()) {
      p.add(errc::invalid_document, "a level must be a string", lat);
      return;
    }
    out.level = scale ? scale->find(level->get_ref<const std::string &>()) : -1;
    if (out.level < 0) {
      std::string allowed;
      if (scale)
        for (const Level &l : scale->levels) allowed += (allowed.empty() ? "" : ", ") + l.id;
      p.add(errc::unknown_level,
            "level \"" + level->get<std::string>() + "\" is not on the scale of \"" +
                fw.nodes()[static_cast<std::size_t>(node)].id + "\" (" + allowed + ")",
            lat);
      return;
    }
    out.present = true;
  }

  void evidence(const json &doc) {
    const json *arr = p.array(doc, "evidence", "", true);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const json &e = (*arr)[i];
      const std::string at = ptr("/evidence", i);
      if (!e.is_object()) {
        p.add(errc::invalid_document, "an evidence item must be an object", at);
        continue;
      }
      EvidenceItem item;
      item.id = p.string(e, "id", at, true).value_or("");
      item.title = p.string(e, "title", at, false).value_or("");
      if (auto k = p.string(e, "kind", at, true)) {
        const int kind = index_of(kind_names, *k);
        if (kind < 0) p.add(errc::unknown_kind, "unknown evidence kind \"" + *k + "\" (" + list_of(kind_names) + ")", ptr(at, "kind"));
        else item.kind = static_cast<EvidenceKind>(kind);
      }
      if (const json *g = p.array(e, "groups", at, true)) {
        for (std::size_t j = 0; j < g->size(); ++j) {
          // (pointers are made only for problems: reading a valid audit builds none)
          if (!(*g)[j].is_string()) {
            p.add(errc::invalid_document, "a stakeholder group must be a string", ptr(ptr(at, "groups"), j));
            continue;
          }
          const std::string &name = (*g)[j].get_ref<const std::string &>();
          const int group = index_of(group_names, name);
          if (group < 0)
            p.add(errc::unknown_group, "unknown stakeholder group \"" + name + "\" (" + list_of(group_names) + ")",
                  ptr(ptr(at, "groups"), j));
          else item.groups = static_cast<std::uint8_t>(item.groups | (1u << group));
        }
      }
      if (auto d = p.date(e, "date", at, true)) item.date = *d;
      if (auto s = p.string(e, "stage", at, false)) {
        const auto &stages = fw.evidence_stages();
        if (!stages.empty() && std::find(stages.begin(), stages.end(), *s) == stages.end()) {
          std::string allowed;
          for (const auto &st : stages) allowed += (allowed.empty() ? "" : ", ") + st;
          p.add(errc::unknown_kind, "unknown evidence stage \"" + *s + "\" (" + allowed + ")", ptr(at, "stage"));
        }
        item.stage = *s;
      }
      if (const json *sup = p.array(e, "supports", at, false)) {
        for (std::size_t j = 0; j < sup->size(); ++j) {
          if (!(*sup)[j].is_string()) {
            p.add(errc::invalid_document, "a supported node must be a node id", ptr(ptr(at, "supports"), j));
            continue;
          }
          const int node = fw.find_node((*sup)[j].get_ref<const std::string &>());
          if (node < 0)
            p.add(errc::unknown_node, "evidence supports unknown node \"" + (*sup)[j].get<std::string>() + "\"",
                  ptr(ptr(at, "supports"), j));
          else if (std::find(item.supports.begin(), item.supports.end(), node) == item.supports.end())
            item.supports.push_back(node);
        }
      }
      if (!item.id.empty() && !evidence_ids.emplace(item.id, static_cast<int>(a.evidence.size())).second)
        p.add(errc::duplicate_id, "duplicate evidence id \"" + item.id + "\"", ptr(at, "id"));
      a.evidence.push_back(std::move(item));
    }
  }

  void judgements(const json &doc) {
    const json *obj = p.object(doc, "judgements", "", true);
    if (!obj) {
      detail::index_judgements(fw, a);
      return;
    }
    for (auto it = obj->begin(); it != obj->end(); ++it) {
      const std::string at = ptr("/judgements", it.key());
      const int node = fw.find_node(it.key());
      if (node < 0) {
        p.add(errc::unknown_node, "judgement on unknown node \"" + it.key() + "\" (not in " + fw.id() +
                                      (fw.overlay_id().empty() ? "" : " with overlay " + fw.overlay_id()) + ")",
              at);
        continue;
      }
      const Node &n = fw.nodes()[static_cast<std::size_t>(node)];
      if (!fw.kinds()[static_cast<std::size_t>(n.kind)].judgeable) {
        p.add(errc::not_judgeable, "\"" + n.id + "\" is a " + fw.kinds()[static_cast<std::size_t>(n.kind)].id +
                                       ", which takes no judgement of its own",
              at);
        continue;
      }
      Judgement j;
      j.node = node;
      const json &v = it.value();
      const bool per_judge = v.is_object() && !v.contains("level") && !v.empty() &&
                             std::all_of(v.begin(), v.end(), [](const json &) { return true; }) &&
                             (v.contains("self") || v.contains("moderator") || v.contains("assessor"));
      if (per_judge) {
        for (auto jt = v.begin(); jt != v.end(); ++jt) {
          const int who = index_of(judge_names, jt.key());
          if (who < 0) {
            p.add(errc::invalid_document, "unknown judge \"" + jt.key() + "\" (self, moderator, assessor)", ptr(at, jt.key()));
            continue;
          }
          judge_entry(jt.value(), ptr(at, jt.key()), node, j.by[static_cast<std::size_t>(who)]);
        }
      } else {
        judge_entry(v, at, node, j.by[static_cast<std::size_t>(a.judged_by)]);
      }
      a.judgements.push_back(std::move(j));
    }
    std::sort(a.judgements.begin(), a.judgements.end(), [](const Judgement &x, const Judgement &y) { return x.node < y.node; });
    detail::index_judgements(fw, a);
  }

  bool nonneg_int(const json &v, const std::string &at, std::int64_t &out) {
    if (!v.is_number_integer()) {
      if (v.is_number_float() && v.get<double>() < 0) {
        p.add(errc::negative_count, "a count must be a non-negative whole number", at);
        return false;
      }
      p.add(errc::invalid_document, "a count must be a whole number", at);
      return false;
    }
    if (v.is_number_unsigned()) {
      // 10^12: far above any real count, and low enough that a rule multiplying it (by
      // at most 10^6, see framework.cpp) cannot overflow
      if (v.get<std::uint64_t>() > 1000000000000u) {
        p.add(errc::invalid_document, "count out of range (at most 10^12)", at);
        return false;
      }
      out = static_cast<std::int64_t>(v.get<std::uint64_t>());
      return true;
    }
    out = v.get<std::int64_t>();
    if (out < 0) {
      p.add(errc::negative_count, "a count must not be negative", at);
      return false;
    }
    return true;
  }

  void facts(const json &doc) {
    a.facts.assign(fw.derivations().size(), FactValue{});
    const json *obj = p.object(doc, "facts", "", false);
    if (!obj) return;
    // (a.facts_doc is set once the whole document has been read)
    for (std::size_t d = 0; d < fw.derivations().size(); ++d) {
      const Derivation &der = fw.derivations()[d];
      const auto it = obj->find(der.fact);
      if (it == obj->end()) continue;
      const std::string at = ptr("/facts", der.fact);
      FactValue &fv = a.facts[d];
      switch (der.test) {
        case Derivation::Test::incidents_in_window:
          if (!it->is_array()) {
            p.add(errc::invalid_document, "fact \"" + der.fact + "\" must be a list of dated incidents", at);
            continue;
          }
          for (std::size_t i = 0; i < it->size(); ++i) {
            const std::string iat = ptr(at, i);
            if (!(*it)[i].is_object()) {
              p.add(errc::invalid_document, "an incident must be an object with a \"date\"", iat);
              continue;
            }
            if (auto dt = p.date((*it)[i], "date", iat, true)) fv.dates.push_back(*dt);
          }
          std::sort(fv.dates.begin(), fv.dates.end());  // the decision does not depend on their order
          break;
        case Derivation::Test::rate_above: {
          if (!it->is_object()) {
            p.add(errc::invalid_document, "fact \"" + der.fact + "\" must be an object", at);
            continue;
          }
          const json *c = p.member(*it, der.count_field.c_str(), at, true);
          if (!c || !nonneg_int(*c, ptr(at, der.count_field), fv.count)) continue;
          break;
        }
        case Derivation::Test::checks: {
          if (!it->is_object()) {
            p.add(errc::invalid_document, "fact \"" + der.fact + "\" must be an object", at);
            continue;
          }
          bool ok = true;
          for (const std::string &f : der.fields) {
            std::int64_t v = 0;
            const json *m = p.member(*it, f.c_str(), at, true);
            if (!m || !nonneg_int(*m, ptr(at, f), v)) ok = false;
            fv.fields.push_back(v);
          }
          if (!ok) continue;
          break;
        }
      }
      fv.present = true;
    }
  }
};

}  // namespace

result<std::string> Audit::framework_of_text(std::string_view text) {
  if (auto id = detail::audit_framework_checked(text)) return std::move(*id);
  auto doc = detail::parse_json(text);
  if (!doc) return std::move(doc).error();
  return framework_of(doc.value());
}

namespace detail {

std::optional<error> read_audit_head(const Framework &fw, const json &doc, Problems &p, Audit &a) {
  if (auto e = detail::check_format(doc, "audit", 1)) return e;
  if (auto f = p.string(doc, "framework", "", true)) {
    a.framework_id = *f;
    if (*f != fw.id())
      return error(errc::overlay_mismatch, "audit is for framework \"" + *f + "\", not \"" + fw.id() + "\"", "/framework");
  }
  if (const json *o = p.member(doc, "overlay", "", false); o && !o->is_null()) {
    if (!o->is_string()) {
      p.add(errc::invalid_document, "\"overlay\" must be an overlay id or null", "/overlay");
    } else {
      a.overlay_id = o->get<std::string>();
      if (a.overlay_id != fw.overlay_id())
        return error(errc::overlay_mismatch,
                     "audit names overlay \"" + a.overlay_id + "\" but the framework has " +
                         (fw.overlay_id().empty() ? std::string("none") : "\"" + fw.overlay_id() + "\""),
                     "/overlay");
    }
  }
  if (const json *s = p.object(doc, "school", "", true)) {
    a.school = *s;
    a.school_id = p.string(*s, "id", "/school", true).value_or("");
    if (const json *pupils = p.member(*s, "pupils", "/school", false); pupils && !pupils->is_null()) {
      if (!pupils->is_number() || pupils->get<double>() < 0 || !std::isfinite(pupils->get<double>()))
        p.add(pupils->is_number() ? errc::negative_count : errc::invalid_document,
              "\"pupils\" must be a non-negative number", "/school/pupils");
      else a.pupils = pupils->get<double>();
    }
  }
  if (auto d = p.date(doc, "assessed_on", "", true)) a.assessed_on = *d;
  if (auto d = p.date(doc, "decided_on", "", false)) {
    a.decided_on = *d;
    a.has_decided_on = true;
  } else {
    a.decided_on = a.assessed_on;
  }
  if (auto j = p.string(doc, "judged_by", "", false)) {
    const int who = index_of(judge_names, *j);
    if (who < 0) p.add(errc::invalid_document, "\"judged_by\" must be self, moderator or assessor", "/judged_by");
    else a.judged_by = static_cast<Judge>(who);
  }
  return std::nullopt;
}

void read_audit_tail(const Framework &fw, const json &doc, Problems &p, Audit &a) {
  Reader{fw, p, a, {}}.facts(doc);
  if (!a.has_decided_on) a.decided_on = a.assessed_on;
  a.extensions = detail::unknown_members(doc, {"qmark", "framework", "overlay", "school", "assessed_on",
                                               "decided_on", "judged_by", "judgements", "evidence", "facts",
                                               "extensions"});
  if (const json *ext = p.object(doc, "extensions", "", false))
    for (auto it = ext->begin(); it != ext->end(); ++it) a.extensions[it.key()] = it.value();
}

IdKey id_key(std::string_view id) noexcept {
  IdKey k;
  std::size_t i = 0;
  while (i < id.size() && !(id[i] >= '0' && id[i] <= '9')) ++i;
  const std::size_t digits = id.size() - i;
  if (digits == 0 || digits > 18) return k;  // (18 digits: the number fits)
  for (std::size_t j = i; j < id.size(); ++j) {
    if (!(id[j] >= '0' && id[j] <= '9')) return k;
    k.number = k.number * 10 + static_cast<std::uint64_t>(id[j] - '0');
  }
  k.prefix = id.substr(0, i);
  k.plain = true;
  return k;
}

void index_judgements(const Framework &fw, Audit &a) {
  a.judgement_of.assign(fw.nodes().size(), -1);
  for (std::size_t i = 0; i < a.judgements.size(); ++i)
    a.judgement_of[static_cast<std::size_t>(a.judgements[i].node)] = static_cast<int>(i);
}

EvidenceOrder index_audit(const Framework &fw, Audit &a, const SupportLists *supports) {
  // Decisions list evidence in the natural order of its ids, not the audit's order, so
  // that the order of the evidence list never changes a decision's bytes.
  EvidenceOrder out;
  std::vector<int> &order = out.order;
  std::vector<IdKey> &keys = out.keys;
  const std::size_t n = a.evidence.size();
  order.resize(n);
  keys.resize(n);
  for (std::size_t e = 0; e < n; ++e) {
    order[e] = static_cast<int>(e);
    keys[e] = id_key(a.evidence[e].id);
  }
  const auto less = [&](int x, int y) {
    const auto ux = static_cast<std::size_t>(x), uy = static_cast<std::size_t>(y);
    return natural_less(keys[ux], a.evidence[ux].id, keys[uy], a.evidence[uy].id);
  };
  // Usually listed in that order already: then (every id less than the next, so no two
  // equivalent) the order sorting would give is the list's own.
  bool ascending = true;
  for (std::size_t k = 1; k < n && ascending; ++k) ascending = less(order[k - 1], order[k]);
  if (!ascending) std::sort(order.begin(), order.end(), less);
  a.evidence_rank.assign(n, 0);
  for (std::size_t k = 0; k < n; ++k) a.evidence_rank[static_cast<std::size_t>(order[k])] = static_cast<int>(k);
  if (supports) {  // node → supporting items as one list (counted, then placed)
    const std::size_t nodes = fw.nodes().size();
    std::vector<std::uint32_t> &begin = out.supported_begin;
    begin.assign(nodes + 1, 0);
    for (int node : supports->nodes) ++begin[static_cast<std::size_t>(node) + 1];
    for (std::size_t node = 0; node < nodes; ++node) begin[node + 1] += begin[node];
    out.supported.resize(supports->nodes.size());
    std::vector<std::uint32_t> at(begin.begin(), begin.end() - 1);
    for (int e : order) {
      const auto ue = static_cast<std::size_t>(e);
      for (std::uint32_t k = ue ? supports->ends[ue - 1] : 0; k < supports->ends[ue]; ++k)
        out.supported[at[static_cast<std::size_t>(supports->nodes[k])]++] = e;
    }
    a.supported_by.clear();
    return out;
  }
  // node → supporting items, each list allocated once at its size
  std::vector<int> count(fw.nodes().size(), 0);
  for (const EvidenceItem &item : a.evidence)
    for (int node : item.supports) ++count[static_cast<std::size_t>(node)];
  a.supported_by.assign(fw.nodes().size(), {});
  for (std::size_t node = 0; node < count.size(); ++node)
    if (count[node]) a.supported_by[node].reserve(static_cast<std::size_t>(count[node]));
  for (int e : order)
    for (int node : a.evidence[static_cast<std::size_t>(e)].supports) a.supported_by[static_cast<std::size_t>(node)].push_back(e);
  return out;
}

bool AuditIndex::fits(const Audit &audit, std::size_t framework_nodes) const noexcept {
  return nodes == framework_nodes && node_items.size() == framework_nodes + 1 &&
         dates.size() == audit.evidence.size() && judged.size() == audit.judgements.size();
}

void build_index(const Framework &fw, const Audit &a, AuditIndex &x, const EvidenceOrder *order) {
  const std::size_t n = a.evidence.size(), nodes = fw.nodes().size();
  x.nodes = nodes;
  x.dates.resize(n);
  x.groups.resize(n);
  x.kinds.resize(n);
  // the ids: in place, unless a decision shares them (then they stay as they are for it)
  if (!x.ids || x.ids.use_count() != 1) x.ids = std::make_shared<EvidenceIds>();
  EvidenceIds &ids = *x.ids;
  ids.clear();
  for (std::size_t e = 0; e < n; ++e) {
    const EvidenceItem &it = a.evidence[e];
    x.dates[e] = it.date.days();
    x.groups[e] = it.groups;
    x.kinds[e] = static_cast<std::uint8_t>(it.kind);
    ids.push_back(it.id);
  }
  x.judged.resize(a.judgements.size());
  for (std::size_t ji = 0; ji < a.judgements.size(); ++ji) {
    const Judgement &j = a.judgements[ji];
    AuditIndex::Judged &s = x.judged[ji];
    s = AuditIndex::Judged{};
    s.effective = static_cast<std::uint8_t>(j.effective());
    for (int w = 0; w < judge_count; ++w) {
      const JudgeEntry &e = j.by[static_cast<std::size_t>(w)];
      s.level[static_cast<std::size_t>(w)] = static_cast<std::int8_t>(e.level);  // scales have at most 32 levels
      if (!e.present) continue;
      s.present = static_cast<std::uint8_t>(s.present | (1u << w));
      if (!e.unknown.empty()) s.unknown = static_cast<std::uint8_t>(s.unknown | (1u << w));
    }
    for (int w = 0; w < judge_count; ++w)
      if ((s.present >> w & 1u) && s.level[static_cast<std::size_t>(w)] != s.level[s.effective]) s.disagree = true;
  }
  // Per node: the effective judge's citations merged into the supporting items (which
  // come in the natural order of their ids already), each item once.
  x.node_items.resize(nodes + 1);
  x.items.clear();
  const int *rank = a.evidence_rank.data();
  for (std::size_t node = 0; node < nodes; ++node) {
    x.node_items[node] = static_cast<std::uint32_t>(x.items.size());
    const std::vector<int> *listed = order ? nullptr : &a.supported_by[node];
    const int *const sup = listed ? listed->data() : order->supported.data() + order->supported_begin[node];
    const std::size_t sups = listed ? listed->size() : order->supported_begin[node + 1] - order->supported_begin[node];
    const int ji = a.judgement_of[node];
    const std::vector<int> *cited =
        ji >= 0 ? &a.judgements[static_cast<std::size_t>(ji)].by[x.judged[static_cast<std::size_t>(ji)].effective].evidence
                : nullptr;
    if (!cited || cited->empty()) {
      x.items.insert(x.items.end(), sup, sup + sups);
      continue;
    }
    // the citations sorted at the end of items (a few: insertion sort), the merge after
    // them, then moved down over them
    const std::size_t base = x.items.size();
    x.items.insert(x.items.end(), cited->begin(), cited->end());
    const std::size_t k = cited->size();
    for (std::size_t i = base + 1; i < base + k; ++i) {
      const int v = x.items[i];
      std::size_t at = i;
      for (; at > base && rank[x.items[at - 1]] > rank[v]; --at) x.items[at] = x.items[at - 1];
      x.items[at] = v;
    }
    std::size_t c = base, s = 0;
    int last = -1;
    while (c < base + k || s < sups) {
      const int e = s == sups || (c < base + k && rank[x.items[c]] <= rank[sup[s]]) ? x.items[c++] : sup[s++];
      if (e == last) continue;  // ranks are distinct: equal ranks are the same item
      last = e;
      x.items.push_back(e);
    }
    x.items.erase(x.items.begin() + static_cast<long>(base), x.items.begin() + static_cast<long>(base + k));
  }
  x.node_items[nodes] = static_cast<std::uint32_t>(x.items.size());
}

const AuditIndex &audit_index(const Audit &audit) noexcept { return audit.index_; }

}  // namespace detail

void Audit::reindex(const Framework &fw) {
  detail::index_judgements(fw, *this);
  (void)detail::index_audit(fw, *this);
  detail::build_index(fw, *this, index_);
}

result<Audit> Audit::from_json(const Framework &fw, const json &doc) { return read(fw, doc, nullptr); }

result<Audit> Audit::from_json(const Framework &fw, json &&doc) { return read(fw, doc, &doc); }

// Reads `doc`; when `owned` is `doc` itself (an rvalue), the parts kept for writing back
// are moved out of it at the end, once nothing else reads it.
result<Audit> Audit::read(const Framework &fw, const json &doc, json *owned) {
  Audit a;
  Problems p;
  if (auto e = detail::read_audit_head(fw, doc, p, a)) return std::move(*e);
  Reader r{fw, p, a, {}};
  r.evidence(doc);
  r.judgements(doc);
  detail::read_audit_tail(fw, doc, p, a);
  (void)detail::index_audit(fw, a);
  // Unknown members of evidence items survive too (kept per item by index).
  if (!p.empty()) return p.take();
  auto keep = [&](const char *member, json &into) {
    const auto it = doc.find(member);
    if (it == doc.end()) return false;
    into = owned ? std::move((*owned)[member]) : *it;
    return true;
  };
  keep("facts", a.facts_doc);  // an object, or the document was refused above
  if (!keep("evidence", a.source_evidence_)) a.source_evidence_ = json::array();
  keep("judgements", a.source_judgements_);
  detail::build_index(fw, a, a.index_);
  return a;
}

result<Audit> Audit::parse(const Framework &fw, std::string_view text) {
  // The common case, read straight from the text; anything out of the ordinary (every
  // invalid audit among it) is read again through the document, which says what is wrong.
  if (auto a = detail::read_audit_text(fw, text)) return std::move(*a);
  auto doc = detail::parse_json(text);
  if (!doc) return std::move(doc).error();
  return from_json(fw, std::move(doc).value());
}

json Audit::to_json(const Framework &) const {
  json out = json::object();
  out["qmark"] = "audit/1";
  out["framework"] = framework_id;
  out["overlay"] = overlay_id.empty() ? json(nullptr) : json(overlay_id);
  out["school"] = school;
  out["assessed_on"] = assessed_on.to_string();
  if (has_decided_on) out["decided_on"] = decided_on.to_string();
  out["judged_by"] = judge_name(judged_by);
  // (text kept by read_text was checked to be valid JSON when it was read)
  out["judgements"] = source_judgements_text_.empty() ? source_judgements_ : json::parse(source_judgements_text_);
  out["evidence"] = source_evidence_text_.empty() ? source_evidence_ : json::parse(source_evidence_text_);
  if (!facts_doc.is_null()) out["facts"] = facts_doc;
  if (!extensions.empty()) out["extensions"] = extensions;
  return out;
}

}  // namespace qmark

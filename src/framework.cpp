// Loading and compiling framework/1 documents, and applying overlay/1 documents.
#include "qmark/framework.hpp"

#include "qmark/audit.hpp"

#include "builtin_data.hpp"
#include "eval_plan.hpp"
#include "guidance_text.hpp"
#include "json_util.hpp"
#include "text_scan.hpp"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <mutex>
#include <unordered_map>

namespace qmark {

using detail::Problems;
using detail::ptr;

int Scale::find(std::string_view level_id) const noexcept {
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (detail::same_text(levels[i].id, level_id)) return static_cast<int>(i);
  return -1;
}

namespace {
std::size_t id_hash(std::string_view id) noexcept {  // FNV-1a
  std::uint64_t h = 1469598103934665603u;
  for (char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211u;
  }
  return static_cast<std::size_t>(h);
}
}  // namespace

int Framework::find_node(std::string_view id) const noexcept {
  // (audits name nodes by id thousands of times: a hash table, probed linearly)
  if (node_index_.empty()) return -1;
  const std::size_t mask = node_index_.size() - 1;
  for (std::size_t i = id_hash(id) & mask;; i = (i + 1) & mask) {
    const auto &slot = node_index_[i];
    if (slot.second < 0) return -1;
    if (detail::same_text(slot.first, id)) return slot.second;
  }
}

int Framework::find_parameter(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < params_.size(); ++i)
    if (params_[i].name == name) return static_cast<int>(i);
  return -1;
}

std::optional<double> Framework::parameter_value(int index) const noexcept {
  if (index < 0 || static_cast<std::size_t>(index) >= params_.size()) return std::nullopt;
  return params_[static_cast<std::size_t>(index)].value;
}


result<json> parse_json(std::string_view text) { return detail::parse_json(text); }

// ---------------------------------------------------------------------------------------

struct Framework::Compiler {
  Framework &fw;
  Problems &p;
  std::unordered_map<std::string, int> scale_ids, kind_ids, node_ids, param_ids, outcome_ids;
  std::vector<std::string> node_ptrs;  // JSON Pointer of each node, by index

  static Aggregate aggregate_of(const std::string &s, bool &ok) {
    ok = true;
    if (s == "counts") return Aggregate::counts;
    if (s == "min") return Aggregate::min;
    if (s == "upper_median") return Aggregate::upper_median;
    ok = false;
    return Aggregate::none;
  }

  void scales(const json &doc) {
    const json *arr = p.array(doc, "scales", "", true);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const json &s = (*arr)[i];
      const std::string at = ptr("/scales", i);
      if (!s.is_object()) {
        p.add(errc::invalid_document, "a scale must be an object", at);
        continue;
      }
      Scale scale;
      scale.id = p.string(s, "id", at, true).value_or("");
      scale.title = p.string(s, "title", at, false).value_or(scale.id);
      if (!scale.id.empty() && !scale_ids.emplace(scale.id, static_cast<int>(fw.scales_.size())).second)
        p.add(errc::duplicate_id, "duplicate scale id \"" + scale.id + "\"", ptr(at, "id"));
      if (const json *levels = p.array(s, "levels", at, true)) {
        if (levels->empty()) p.add(errc::invalid_document, "a scale needs at least one level", ptr(at, "levels"));
        if (levels->size() > max_scale_levels) p.add(errc::limit_exceeded, "a scale has at most 32 levels", ptr(at, "levels"));
        for (std::size_t j = 0; j < levels->size(); ++j) {
          const json &l = (*levels)[j];
          const std::string lat = ptr(ptr(at, "levels"), j);
          if (!l.is_object()) {
            p.add(errc::invalid_document, "a level must be an object", lat);
            continue;
          }
          Level level;
          level.id = p.string(l, "id", lat, true).value_or("");
          level.label = p.string(l, "label", lat, false).value_or(level.id);
          level.descriptor = p.string(l, "descriptor", lat, false).value_or("");
          if (const json *a = p.member(l, "award", lat, false); a && !a->is_null()) {
            if (a->is_string()) level.award = a->get<std::string>();
            else p.add(errc::invalid_document, "\"award\" must be a string or null", ptr(lat, "award"));
          }
          if (scale.find(level.id) >= 0)
            p.add(errc::duplicate_id, "duplicate level id \"" + level.id + "\" in scale \"" + scale.id + "\"",
                  ptr(lat, "id"));
          scale.levels.push_back(std::move(level));
        }
      }
      fw.scales_.push_back(std::move(scale));
    }
  }

  void kinds(const json &doc) {
    const json *arr = p.array(doc, "node_kinds", "", true);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const json &k = (*arr)[i];
      const std::string at = ptr("/node_kinds", i);
      if (!k.is_object()) {
        p.add(errc::invalid_document, "a node kind must be an object", at);
        continue;
      }
      NodeKind kind;
      kind.id = p.string(k, "id", at, true).value_or("");
      kind.title = p.string(k, "title", at, false).value_or(kind.id);
      if (const json *j = p.member(k, "judgeable", at, false)) {
        if (j->is_boolean()) kind.judgeable = j->get<bool>();
        else p.add(errc::invalid_document, "\"judgeable\" must be true or false", ptr(at, "judgeable"));
      }
      if (auto s = p.string(k, "scale", at, false)) {
        auto it = scale_ids.find(*s);
        if (it == scale_ids.end())
          p.add(errc::unknown_level, "node kind \"" + kind.id + "\" names unknown scale \"" + *s + "\"",
                ptr(at, "scale"));
        else kind.scale = it->second;
      }
      if (auto a = p.string(k, "aggregate", at, false)) {
        bool ok = false;
        kind.aggregate = aggregate_of(*a, ok);
        if (!ok)
          p.add(errc::unknown_kind, "unknown aggregate \"" + *a + "\" (counts, min, upper_median)",
                ptr(at, "aggregate"));
      }
      if (kind.judgeable && kind.scale < 0)
        p.add(errc::invalid_document, "a judgeable node kind needs a \"scale\"", ptr(at, "scale"));
      if ((kind.aggregate == Aggregate::min || kind.aggregate == Aggregate::upper_median) && kind.scale < 0)
        p.add(errc::invalid_document, "an aggregate of levels needs a \"scale\"", ptr(at, "scale"));
      if (!kind.id.empty() && !kind_ids.emplace(kind.id, static_cast<int>(fw.kinds_.size())).second)
        p.add(errc::duplicate_id, "duplicate node kind \"" + kind.id + "\"", ptr(at, "id"));
      fw.kinds_.push_back(std::move(kind));
    }
  }

  void node(const json &n, const std::string &at, int parent, int depth) {
    if (!n.is_object()) {
      p.add(errc::invalid_document, "a node must be an object", at);
      return;
    }
    if (depth > 16) {
      p.add(errc::limit_exceeded, "framework tree deeper than 16 levels", at);
      return;
    }
    Node node;
    node.id = p.string(n, "id", at, true).value_or("");
    node.title = p.string(n, "title", at, false).value_or("");
    node.statement = p.string(n, "statement", at, false).value_or("");
    if (node.title.empty()) node.title = node.statement;
    node.source = p.string(n, "source", at, false).value_or("");
    node.parent = parent;
    node.depth = depth;
    if (auto k = p.string(n, "kind", at, true)) {
      auto it = kind_ids.find(*k);
      if (it == kind_ids.end()) p.add(errc::unknown_kind, "unknown node kind \"" + *k + "\"", ptr(at, "kind"));
      else node.kind = it->second;
    }
    if (const json *l = p.member(n, "limiting", at, false)) {
      if (l->is_boolean()) node.limiting = l->get<bool>();
      else p.add(errc::invalid_document, "\"limiting\" must be true or false", ptr(at, "limiting"));
    }
    node.limiting_basis = p.string(n, "limiting_basis", at, false).value_or("");
    if (const json *g = p.object(n, "evidence_guidance", at, false)) {
      for (auto it = g->begin(); it != g->end(); ++it) {
        const std::string gat = ptr(ptr(at, "evidence_guidance"), it.key());
        if (!fw.stages_.empty() &&
            std::find(fw.stages_.begin(), fw.stages_.end(), it.key()) == fw.stages_.end())
          p.add(errc::unknown_kind, "evidence guidance for unknown stage \"" + it.key() + "\"", gat);
        bool strings = it->is_array() &&
                       std::all_of(it->begin(), it->end(), [](const json &x) { return x.is_string(); });
        if (!strings) p.add(errc::invalid_document, "evidence guidance must be a list of strings", gat);
      }
      node.evidence_guidance = *g;
    }
    if (!node.id.empty() && !node_ids.emplace(node.id, static_cast<int>(fw.nodes_.size())).second)
      p.add(errc::duplicate_id, "duplicate node id \"" + node.id + "\"", ptr(at, "id"));
    const int index = static_cast<int>(fw.nodes_.size());
    fw.nodes_.push_back(std::move(node));
    node_ptrs.push_back(at);
    if (parent >= 0) fw.nodes_[static_cast<std::size_t>(parent)].children.push_back(index);
    if (const json *kids = p.array(n, "children", at, false)) {
      for (std::size_t i = 0; i < kids->size(); ++i)
        this->node((*kids)[i], ptr(ptr(at, "children"), i), index, depth + 1);
    }
  }

  void nodes(const json &doc) {
    if (const json *st = p.array(doc, "evidence_stages", "", false)) {
      for (std::size_t i = 0; i < st->size(); ++i) {
        if ((*st)[i].is_string()) fw.stages_.push_back((*st)[i].get<std::string>());
        else p.add(errc::invalid_document, "an evidence stage must be a string", ptr("/evidence_stages", i));
      }
    }
    const json *arr = p.array(doc, "nodes", "", true);
    if (!arr) return;
    if (arr->empty()) p.add(errc::invalid_document, "a framework needs at least one node", "/nodes");
    for (std::size_t i = 0; i < arr->size(); ++i) node((*arr)[i], ptr("/nodes", i), -1, 0);
    for (std::size_t i = 0; i < fw.nodes_.size(); ++i) {
      const Node &n = fw.nodes_[i];
      if (n.kind < 0) continue;
      const NodeKind &k = fw.kinds_[static_cast<std::size_t>(n.kind)];
      if (n.leaf() && k.judgeable) fw.leaves_.push_back(static_cast<int>(i));
      if (!n.leaf() && k.aggregate == Aggregate::none && !k.judgeable)
        p.add(errc::invalid_document,
              "node \"" + n.id + "\" has children but its kind \"" + k.id + "\" has no aggregate", node_ptrs[i]);
      if (n.limiting && !k.judgeable)
        p.add(errc::not_judgeable, "limiting node \"" + n.id + "\" is not judgeable", ptr(node_ptrs[i], "limiting"));
    }
    if (fw.leaves_.empty()) p.add(errc::invalid_document, "a framework needs at least one judgeable leaf", "/nodes");
    std::size_t slots = 2;
    while (slots < 2 * node_ids.size()) slots *= 2;  // at most half full
    fw.node_index_.assign(slots, {std::string(), -1});
    for (const auto &[id, index] : node_ids) {
      std::size_t i = id_hash(id) & (slots - 1);
      while (fw.node_index_[i].second >= 0) i = (i + 1) & (slots - 1);
      fw.node_index_[i] = {id, index};
    }
  }

  void parameters(const json &doc) {
    const json *obj = p.object(doc, "parameters", "", false);
    if (!obj) return;
    for (auto it = obj->begin(); it != obj->end(); ++it) {
      const std::string at = ptr("/parameters", it.key());
      Parameter param;
      param.name = it.key();
      if (!it->is_object()) {
        p.add(errc::invalid_document, "a parameter must be an object with \"value\"", at);
        continue;
      }
      const json *v = p.member(*it, "value", at, true);
      if (v && v->is_number()) {
        param.value = v->get<double>();
        if (!std::isfinite(*param.value)) p.add(errc::invalid_document, "parameter value must be finite", ptr(at, "value"));
      } else if (v && !v->is_null()) {
        p.add(errc::invalid_document, "parameter value must be a number or null", ptr(at, "value"));
      }
      param.title = p.string(*it, "title", at, false).value_or("");
      param.source = p.string(*it, "source", at, false).value_or("");
      param_ids.emplace(param.name, static_cast<int>(fw.params_.size()));
      fw.params_.push_back(std::move(param));
    }
  }

  int parameter(const json &holder, const char *key, const std::string &at, bool required) {
    auto name = p.string(holder, key, at, required);
    if (!name) return -1;
    auto it = param_ids.find(*name);
    if (it == param_ids.end()) {
      p.add(errc::unknown_parameter, "unknown parameter \"" + *name + "\"", ptr(at, key));
      return -1;
    }
    return it->second;
  }

  int find_node_id(const std::string &id) const {
    auto it = node_ids.find(id);
    return it == node_ids.end() ? -1 : it->second;
  }

  int node_ref(const json &holder, const char *key, const std::string &at) {
    auto id = p.string(holder, key, at, true);
    if (!id) return -1;
    auto it = node_ids.find(*id);
    if (it == node_ids.end()) {
      p.add(errc::unknown_node, "unknown node \"" + *id + "\"", ptr(at, key));
      return -1;
    }
    return it->second;
  }

  int level_on(int scale, const json &value, const std::string &at) {
    if (!value.is_string()) {
      p.add(errc::invalid_document, "a level must be a string", at);
      return -1;
    }
    if (scale < 0) {
      p.add(errc::unknown_level, "no scale to find level \"" + value.get<std::string>() + "\" on", at);
      return -1;
    }
    const int l = fw.scales_[static_cast<std::size_t>(scale)].find(value.get_ref<const std::string &>());
    if (l < 0)
      p.add(errc::unknown_level,
            "level \"" + value.get<std::string>() + "\" is not on scale \"" +
                fw.scales_[static_cast<std::size_t>(scale)].id + "\"",
            at);
    return l;
  }

  int node_scale(int node) const {
    if (node < 0) return -1;
    const int k = fw.nodes_[static_cast<std::size_t>(node)].kind;
    return k < 0 ? -1 : fw.kinds_[static_cast<std::size_t>(k)].scale;
  }

  // The scale leaves are judged on (the first judgeable leaf's); rules that count
  // leaves at a level need one scale.
  int leaf_scale(int of_kind) const {
    for (int l : fw.leaves_) {
      const Node &n = fw.nodes_[static_cast<std::size_t>(l)];
      if (of_kind < 0 || n.kind == of_kind) return node_scale(l);
    }
    return -1;
  }

  void evidence_rules(const json &doc) {
    const json *er = p.object(doc, "evidence_rules", "", false);
    if (!er) return;
    const std::string at = "/evidence_rules";
    if (p.member(*er, "window_months", at, false)) fw.evidence_rules_.window = parameter(*er, "window_months", at, false);
    if (const json *t = p.object(*er, "top_claim_needs_evidence", at, false)) {
      fw.evidence_rules_.top_claim_needs_evidence = true;
      fw.evidence_rules_.top_claim_source = p.string(*t, "source", ptr(at, "top_claim_needs_evidence"), false).value_or("");
    }
    if (const json *t = p.object(*er, "triangulation", at, false)) {
      const std::string tat = ptr(at, "triangulation");
      auto &r = fw.evidence_rules_;
      r.triangulation = true;
      if (const json *m = p.member(*t, "min_groups", tat, true)) r.tri_min_groups = amount(*m, ptr(tat, "min_groups"));
      r.tri_source = p.string(*t, "source", tat, false).value_or("");
      auto scale_name = p.string(*t, "scale", tat, false);
      if (!scale_name) r.tri_scale = leaf_scale(-1);
      if (scale_name) {
        auto it = scale_ids.find(*scale_name);
        if (it == scale_ids.end()) p.add(errc::unknown_level, "unknown scale \"" + *scale_name + "\"", ptr(tat, "scale"));
        else r.tri_scale = it->second;
      }
      if (r.tri_scale >= 0) {
        if (const json *a = p.member(*t, "above", tat, true)) r.tri_above = level_on(r.tri_scale, *a, ptr(tat, "above"));
        if (const json *c = p.member(*t, "cap", tat, true)) r.tri_cap = level_on(r.tri_scale, *c, ptr(tat, "cap"));
      }
    }
  }

  static constexpr std::int64_t max_times = 1000000;

  Derivation::Operand operand(const json &o, const std::string &at, const std::vector<std::string> &fields) {
    Derivation::Operand op;
    if (!o.is_object()) {
      p.add(errc::invalid_document, "an operand must be {\"field\": …} or {\"value\": …}", at);
      return op;
    }
    if (auto f = p.string(o, "field", at, false)) {
      auto it = std::find(fields.begin(), fields.end(), *f);
      if (it == fields.end()) p.add(errc::invalid_document, "field \"" + *f + "\" is not in \"fields\"", ptr(at, "field"));
      else op.field = static_cast<int>(it - fields.begin());
      if (const json *t = p.member(o, "times", at, false)) {
        // bounded so that times × a fact's count (at most 10^12) cannot overflow
        const bool ok = t->is_number_unsigned() ? t->get<std::uint64_t>() <= static_cast<std::uint64_t>(max_times)
                        : t->is_number_integer() && t->get<std::int64_t>() >= -max_times &&
                              t->get<std::int64_t>() <= max_times;
        if (ok) op.times = t->get<std::int64_t>();
        else p.add(errc::invalid_document, "\"times\" must be a whole number from -1000000 to 1000000", ptr(at, "times"));
      }
    } else if (const json *v = p.member(o, "value", at, false); v && v->is_number_integer()) {
      op.value = v->get<std::int64_t>();
    } else {
      p.add(errc::invalid_document, "an operand needs an integer \"value\" or a \"field\"", at);
    }
    return op;
  }

  void effect(const json &d, const char *key, const std::string &at, int scale, Derivation::Effect &eff, int &level) {
    const json *e = p.object(d, key, at, false);
    if (!e) return;
    const std::string eat = ptr(at, key);
    if (const json *s = p.member(*e, "set", eat, false)) {
      eff = Derivation::Effect::set;
      level = level_on(scale, *s, ptr(eat, "set"));
    } else if (const json *c = p.member(*e, "cap", eat, false)) {
      eff = Derivation::Effect::cap;
      level = level_on(scale, *c, ptr(eat, "cap"));
    } else if (!e->empty()) {
      p.add(errc::invalid_document, "an effect is {\"set\": level} or {\"cap\": level}", eat);
    }
  }

  void derivations(const json &doc) {
    const json *arr = p.array(doc, "derivations", "", false);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const json &d = (*arr)[i];
      const std::string at = ptr("/derivations", i);
      if (!d.is_object()) {
        p.add(errc::invalid_document, "a derivation must be an object", at);
        continue;
      }
      Derivation der;
      der.id = p.string(d, "id", at, true).value_or("");
      der.title = p.string(d, "title", at, false).value_or(der.id);
      der.source = p.string(d, "source", at, false).value_or("");
      der.fact = p.string(d, "fact", at, true).value_or("");
      der.node = node_ref(d, "node", at);
      if (der.node >= 0 && fw.nodes_[static_cast<std::size_t>(der.node)].kind >= 0 &&
          !fw.kinds_[static_cast<std::size_t>(fw.nodes_[static_cast<std::size_t>(der.node)].kind)].judgeable)
        p.add(errc::not_judgeable, "derivation target \"" + fw.nodes_[static_cast<std::size_t>(der.node)].id + "\" is not judgeable", ptr(at, "node"));
      const int scale = node_scale(der.node);
      if (const json *t = p.object(d, "test", at, true)) {
        const std::string tat = ptr(at, "test");
        const std::string type = p.string(*t, "type", tat, true).value_or("");
        if (type == "incidents_in_window") {
          der.test = Derivation::Test::incidents_in_window;
          der.window = parameter(*t, "window_months", tat, true);
        } else if (type == "rate_above") {
          der.test = Derivation::Test::rate_above;
          der.count_field = p.string(*t, "count", tat, true).value_or("");
          der.max = parameter(*t, "max", tat, true);
        } else if (type == "checks") {
          der.test = Derivation::Test::checks;
          if (const json *f = p.array(*t, "fields", tat, true))
            for (std::size_t j = 0; j < f->size(); ++j) {
              if ((*f)[j].is_string()) der.fields.push_back((*f)[j].get<std::string>());
              else p.add(errc::invalid_document, "a field must be a string", ptr(ptr(tat, "fields"), j));
            }
          if (const json *c = p.array(*t, "checks", tat, true))
            for (std::size_t j = 0; j < c->size(); ++j) {
              const std::string cat = ptr(ptr(tat, "checks"), j);
              Derivation::Check check;
              if (const json *l = p.member((*c)[j], "lhs", cat, true)) check.lhs = operand(*l, ptr(cat, "lhs"), der.fields);
              if (const json *r = p.member((*c)[j], "rhs", cat, true)) check.rhs = operand(*r, ptr(cat, "rhs"), der.fields);
              check.op = p.string((*c)[j], "op", cat, true).value_or(">=");
              static const char *ops[] = {">=", ">", "<=", "<", "=="};
              if (std::none_of(std::begin(ops), std::end(ops), [&](const char *o) { return check.op == o; }))
                p.add(errc::invalid_document, "unknown comparison \"" + check.op + "\"", ptr(cat, "op"));
              der.checks.push_back(std::move(check));
            }
        } else if (!type.empty()) {
          p.add(errc::unknown_kind, "unknown test type \"" + type + "\" (incidents_in_window, rate_above, checks)",
                ptr(tat, "type"));
        }
      }
      effect(d, "if_true", at, scale, der.if_true, der.true_level);
      effect(d, "if_false", at, scale, der.if_false, der.false_level);
      fw.derivations_.push_back(std::move(der));
    }
  }

  Amount amount(const json &v, const std::string &at) {
    Amount a;
    if (v.is_number()) {
      a.literal = v.get<double>();
    } else if (v.is_string()) {
      auto it = param_ids.find(v.get<std::string>());
      if (it == param_ids.end()) p.add(errc::unknown_parameter, "unknown parameter \"" + v.get<std::string>() + "\"", at);
      else a.parameter = it->second;
    } else {
      p.add(errc::invalid_document, "expected a number or a parameter name", at);
    }
    return a;
  }

  int kind_ref(const json &holder, const char *key, const std::string &at) {
    auto k = p.string(holder, key, at, false);
    if (!k) return -1;
    auto it = kind_ids.find(*k);
    if (it == kind_ids.end()) {
      p.add(errc::unknown_kind, "unknown node kind \"" + *k + "\"", ptr(at, key));
      return -1;
    }
    return it->second;
  }

  int condition(const json &c, const std::string &at, int depth) {
    Condition cond;
    if (depth > 32) {
      p.add(errc::limit_exceeded, "condition nested deeper than 32 levels", at);
      return -1;
    }
    if (!c.is_object() || c.size() != 1) {
      p.add(errc::invalid_document, "a condition is an object with exactly one operator", at);
      return -1;
    }
    const std::string op = c.begin().key();
    const json &arg = c.begin().value();
    const std::string aat = ptr(at, op);
    if (op == "always") {
      cond.op = Condition::Op::always;
    } else if (op == "all" || op == "any") {
      cond.op = op == "all" ? Condition::Op::all : Condition::Op::any;
      if (!arg.is_array()) p.add(errc::invalid_document, "\"" + op + "\" takes an array of conditions", aat);
      else
        for (std::size_t i = 0; i < arg.size(); ++i) cond.children.push_back(condition(arg[i], ptr(aat, i), depth + 1));
    } else if (op == "not") {
      cond.op = Condition::Op::negate;
      cond.children.push_back(condition(arg, aat, depth + 1));
    } else if (op == "limiting_at_least") {
      cond.op = Condition::Op::limiting_at_least;
      cond.level = level_on(leaf_scale(-1), arg, aat);
      if (fw.limiting_level_ < 0) fw.limiting_level_ = cond.level;
    } else if (op == "node_at_least") {
      cond.op = Condition::Op::node_at_least;
      cond.node = node_ref(arg, "node", aat);
      if (const json *l = p.member(arg, "level", aat, true)) cond.level = level_on(node_scale(cond.node), *l, ptr(aat, "level"));
    } else if (op == "share_at_least" || op == "count_at_least") {
      const bool share = op == "share_at_least";
      cond.op = share ? Condition::Op::share_at_least : Condition::Op::count_at_least;
      if (!arg.is_object()) {
        p.add(errc::invalid_document, "\"" + op + "\" takes an object", aat);
      } else {
        cond.of_kind = kind_ref(arg, "of_kind", aat);
        if (const json *l = p.member(arg, "level", aat, true)) cond.level = level_on(leaf_scale(cond.of_kind), *l, ptr(aat, "level"));
        const char *key = share ? "ratio" : "count";
        if (const json *v = p.member(arg, key, aat, true)) cond.amount = amount(*v, ptr(aat, key));
      }
    } else {
      p.add(errc::unknown_kind, "unknown condition \"" + op + "\"", aat);
      return -1;
    }
    fw.conditions_.push_back(std::move(cond));
    return static_cast<int>(fw.conditions_.size()) - 1;
  }

  void outcome(const json &doc) {
    const json *o = p.object(doc, "outcome", "", true);
    if (!o) return;
    const std::string at = "/outcome";
    if (const json *outs = p.array(*o, "outcomes", at, true)) {
      for (std::size_t i = 0; i < outs->size(); ++i) {
        const std::string oat = ptr(ptr(at, "outcomes"), i);
        const json &e = (*outs)[i];
        OutcomeDef def;
        def.id = p.string(e, "id", oat, true).value_or("");
        def.title = p.string(e, "title", oat, false).value_or(def.id);
        if (const json *a = p.member(e, "award", oat, false); a && !a->is_null()) {
          if (a->is_string()) def.award = a->get<std::string>();
          else p.add(errc::invalid_document, "\"award\" must be a string or null", ptr(oat, "award"));
        }
        if (!outcome_ids.emplace(def.id, static_cast<int>(fw.outcomes_.size())).second)
          p.add(errc::duplicate_id, "duplicate outcome \"" + def.id + "\"", ptr(oat, "id"));
        fw.outcomes_.push_back(std::move(def));
      }
      if (outs->empty()) p.add(errc::invalid_document, "at least one outcome is needed", ptr(at, "outcomes"));
    }
    if (auto hp = p.string(*o, "hit_policy", at, false); hp && *hp != "first")
      p.add(errc::invalid_document, "only hit policy \"first\" is supported", ptr(at, "hit_policy"));
    const json *rules = p.array(*o, "rules", at, true);
    if (!rules) return;
    if (rules->empty()) p.add(errc::invalid_document, "at least one outcome rule is needed", ptr(at, "rules"));
    for (std::size_t i = 0; i < rules->size(); ++i) {
      const json &r = (*rules)[i];
      const std::string rat = ptr(ptr(at, "rules"), i);
      if (!r.is_object()) {
        p.add(errc::invalid_document, "an outcome rule must be an object", rat);
        continue;
      }
      OutcomeRule rule;
      rule.id = p.string(r, "id", rat, true).value_or("");
      rule.title = p.string(r, "title", rat, false).value_or(rule.id);
      rule.source = p.string(r, "source", rat, false).value_or("");
      if (const json *fl = p.object(r, "from_levels", rat, false)) {
        const std::string fat = ptr(rat, "from_levels");
        bool ok = false;
        rule.method = aggregate_of(p.string(*fl, "method", fat, true).value_or(""), ok);
        if (!ok || rule.method == Aggregate::counts)
          p.add(errc::unknown_kind, "\"method\" must be \"min\" or \"upper_median\"", ptr(fat, "method"));
        rule.of_kind = kind_ref(*fl, "of_kind", fat);
        if (rule.of_kind < 0) p.add(errc::invalid_document, "\"of_kind\" is required", ptr(fat, "of_kind"));
        if (p.member(*fl, "cap_by", fat, false)) rule.cap_by = node_ref(*fl, "cap_by", fat);
        // every level of the kind's scale must be an outcome
        if (rule.of_kind >= 0) {
          const int s = fw.kinds_[static_cast<std::size_t>(rule.of_kind)].scale;
          if (s >= 0)
            for (const Level &l : fw.scales_[static_cast<std::size_t>(s)].levels)
              if (!outcome_ids.count(l.id))
                p.add(errc::unknown_level, "level \"" + l.id + "\" has no matching outcome", fat);
        }
      } else {
        if (auto out = p.string(r, "outcome", rat, true)) {
          auto it = outcome_ids.find(*out);
          if (it == outcome_ids.end()) p.add(errc::invalid_document, "unknown outcome \"" + *out + "\"", ptr(rat, "outcome"));
          else rule.outcome = it->second;
        }
        if (const json *w = p.member(r, "when", rat, true)) rule.when = condition(*w, ptr(rat, "when"), 0);
      }
      fw.rules_.push_back(std::move(rule));
    }
  }

  void lifecycle(const json &doc) {
    const json *l = p.object(doc, "lifecycle", "", false);
    if (!l) return;
    const std::string at = "/lifecycle";
    if (const json *ph = p.array(*l, "phases", at, false)) fw.lifecycle_.phases = *ph;
    fw.lifecycle_.final_judge = p.string(*l, "final_judge", at, false).value_or("");
    if (!fw.lifecycle_.final_judge.empty() && fw.lifecycle_.final_judge != "self" &&
        fw.lifecycle_.final_judge != "moderator" && fw.lifecycle_.final_judge != "assessor")
      p.add(errc::invalid_document, "\"final_judge\" must be self, moderator or assessor", ptr(at, "final_judge"));
    if (const json *a = p.member(*l, "appeal", at, false)) fw.lifecycle_.appeal = a->is_boolean() && a->get<bool>();
    auto months = [&](const char *holder, const char *key, std::optional<int> &out) {
      if (const json *h = p.object(*l, holder, at, false)) {
        const json *m = p.member(*h, key, ptr(at, holder), true);
        if (m && m->is_number_integer() && m->get<long long>() >= 0 && m->get<long long>() <= 1200)
          out = m->get<int>();
        else if (m)
          p.add(errc::invalid_document, std::string("\"") + key + "\" must be a whole number of months",
                ptr(ptr(at, holder), key));
      }
    };
    months("on_award", "valid_for_months", fw.lifecycle_.valid_for_months);
    months("on_no_award", "reapply_after_months", fw.lifecycle_.reapply_after_months);
  }

  void actions(const json &doc) {
    if (const json *a = p.object(doc, "actions", "", false)) {
      if (const json *b = p.member(*a, "for_all_below_top", "/actions", false))
        fw.actions_all_below_top_ = b->is_boolean() && b->get<bool>();
    }
  }

  void audit_checks(const json &doc) {
    const json *arr = p.array(doc, "audit_checks", "", false);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const json &c = (*arr)[i];
      const std::string at = ptr("/audit_checks", i);
      if (!c.is_object()) {
        p.add(errc::invalid_document, "an audit check must be an object", at);
        continue;
      }
      AuditCheck check;
      check.id = p.string(c, "id", at, true).value_or("");
      check.title = p.string(c, "title", at, false).value_or(check.id);
      check.source = p.string(c, "source", at, false).value_or("");
      check.code = p.string(c, "code", at, true).value_or("");
      const std::string severity = p.string(c, "severity", at, false).value_or("should");
      if (severity != "must" && severity != "should")
        p.add(errc::invalid_document, "\"severity\" must be must or should", ptr(at, "severity"));
      check.must = severity == "must";
      const std::string type = p.string(c, "type", at, true).value_or("");
      auto names = [&](const char *key, auto convert, auto &mask) {
        if (const json *a = p.array(c, key, at, true))
          for (std::size_t j = 0; j < a->size(); ++j) {
            const auto v = (*a)[j].is_string() ? convert((*a)[j].template get<std::string>()) : std::nullopt;
            if (!v) p.add(errc::unknown_kind, std::string("unknown value in \"") + key + "\"", ptr(ptr(at, key), j));
            else mask = static_cast<std::remove_reference_t<decltype(mask)>>(mask | (1u << static_cast<int>(*v)));
          }
      };
      if (type == "judged_within") {
        check.type = AuditCheck::Type::judged_within;
        check.of_kind = kind_ref(c, "of_kind", at);
        check.window = parameter(c, "window_months", at, true);
      } else if (type == "evidence_not_only") {
        check.type = AuditCheck::Type::evidence_not_only;
        check.of_kind = kind_ref(c, "of_kind", at);
        names("kinds", [](const std::string &s) { return evidence_kind_from(s); }, check.kinds);
      } else if (type == "groups_heard") {
        check.type = AuditCheck::Type::groups_heard;
        names("groups", [](const std::string &s) { return group_from(s); }, check.groups);
      } else if (type == "nodes_judged") {
        check.type = AuditCheck::Type::nodes_judged;
        if (const json *a = p.array(c, "nodes", at, true))
          for (std::size_t j = 0; j < a->size(); ++j) {
            const std::string nat = ptr(ptr(at, "nodes"), j);
            const int n = (*a)[j].is_string() ? find_node_id((*a)[j].get<std::string>()) : -1;
            if (n < 0) p.add(errc::unknown_node, "unknown node in \"nodes\"", nat);
            else check.nodes.push_back(n);
          }
      } else {
        p.add(errc::unknown_kind, "unknown audit check type \"" + type + "\"", ptr(at, "type"));
      }
      if ((check.type == AuditCheck::Type::judged_within || check.type == AuditCheck::Type::evidence_not_only) &&
          check.of_kind < 0 && !type.empty())
        p.add(errc::invalid_document, "\"of_kind\" is required", ptr(at, "of_kind"));
      fw.audit_checks_.push_back(std::move(check));
    }
  }

  static bool valid_pointer(const std::string &s) {
    if (s.empty() || s[0] != '/') return false;
    try {
      (void)json::json_pointer(s);
    } catch (const std::exception &) {
      return false;
    }
    return true;
  }

  std::string pointer_member(const json &c, const char *key, const std::string &at, bool required = true) {
    auto v = p.string(c, key, at, required);
    if (!v) return {};
    if (!valid_pointer(*v)) p.add(errc::invalid_document, "\"" + *v + "\" is not a JSON Pointer", ptr(at, key));
    return *v;
  }

  std::vector<std::string> pointer_list(const json &c, const char *key, const std::string &at, bool absolute) {
    std::vector<std::string> out;
    const json *a = p.array(c, key, at, true);
    if (!a) return out;
    for (std::size_t j = 0; j < a->size(); ++j) {
      const json &v = (*a)[j];
      if (!v.is_string() || (absolute && !valid_pointer(v.get<std::string>())) || (!absolute && v.get<std::string>().empty()))
        p.add(errc::invalid_document, absolute ? "expected a JSON Pointer" : "expected a member path", ptr(ptr(at, key), j));
      else out.push_back(v.get<std::string>());
    }
    return out;
  }

  int whole_number(const json &c, const char *key, const std::string &at) {
    const json *m = p.member(c, key, at, true);
    if (!m) return 0;
    if (!m->is_number_integer() || m->get<long long>() < 0 || m->get<long long>() > 10000) {
      p.add(errc::invalid_document, std::string("\"") + key + "\" must be a whole number", ptr(at, key));
      return 0;
    }
    return m->get<int>();
  }

  PlanCheck plan_check(const json &c, const std::string &at, int depth) {
    PlanCheck check;
    if (!c.is_object()) {
      p.add(errc::invalid_document, "a check must be an object", at);
      return check;
    }
    if (depth > 8) {
      p.add(errc::limit_exceeded, "checks nested too deep", at);
      return check;
    }
    const std::string type = p.string(c, "type", at, true).value_or("");
    using T = PlanCheck::Type;
    auto values = [&]() {
      if (const json *v = p.array(c, "values", at, true)) check.values = *v;
    };
    if (type == "text_present" || type == "any_text_present") {
      check.type = type == "text_present" ? T::text_present : T::any_text_present;
      check.members = pointer_list(c, "members", at, true);
    } else if (type == "is_true") {
      check.type = T::is_true;
      check.member = pointer_member(c, "member", at);
    } else if (type == "period_at_least") {
      check.type = T::period_at_least;
      check.from = pointer_member(c, "from", at);
      check.to = pointer_member(c, "to", at);
      check.amount = whole_number(c, "years", at);
    } else if (type == "each_value_has_item" || type == "each_value_referenced") {
      check.type = type == "each_value_has_item" ? T::each_value_has_item : T::each_value_referenced;
      check.items = pointer_member(c, "items", at);
      check.field = p.string(c, "field", at, true).value_or("");
      values();
      if (check.type == T::each_value_has_item) check.text = pointer_list(c, "text", at, false);
    } else if (type == "includes_all") {
      check.type = T::includes_all;
      check.member = pointer_member(c, "member", at);
      values();
    } else if (type == "latest_date_within") {
      check.type = T::latest_date_within;
      check.members = pointer_list(c, "dates", at, true);
      check.amount = whole_number(c, "months", at);
    } else if (type == "working_days_deadline") {
      check.type = T::working_days_deadline;
      check.event = pointer_member(c, "event", at);
      check.done = pointer_member(c, "done", at);
      check.holidays = pointer_member(c, "holidays", at, false);
      check.amount = whole_number(c, "working_days", at);
    } else if (type == "each_item") {
      check.type = T::each_item;
      check.items = pointer_member(c, "items", at);
      if (const json *w = p.object(c, "where", at, false)) check.where_has = p.string(*w, "has", ptr(at, "where"), true).value_or("");
      if (c.contains("text")) check.text = pointer_list(c, "text", at, false);
      if (c.contains("nonempty")) check.nonempty = pointer_list(c, "nonempty", at, false);
      const std::string none = p.string(c, "if_none", at, false).value_or("pass");
      check.if_none = none == "pass" ? 0 : none == "fail" ? 1 : none == "not_applicable" ? 2 : -1;
      if (check.if_none < 0) p.add(errc::invalid_document, "\"if_none\" must be pass, fail or not_applicable", ptr(at, "if_none"));
    } else if (type == "all_of") {
      check.type = T::all_of;
      if (const json *a = p.array(c, "checks", at, true))
        for (std::size_t j = 0; j < a->size(); ++j) check.checks.push_back(plan_check((*a)[j], ptr(ptr(at, "checks"), j), depth + 1));
    } else if (!type.empty()) {
      p.add(errc::unknown_kind, "unknown plan check type \"" + type + "\"", ptr(at, "type"));
    }
    return check;
  }

  void plan_rules(const json &doc) {
    const json *arr = p.array(doc, "plan_rules", "", false);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const json &r = (*arr)[i];
      const std::string at = ptr("/plan_rules", i);
      if (!r.is_object()) {
        p.add(errc::invalid_document, "a plan rule must be an object", at);
        continue;
      }
      PlanRule rule;
      rule.id = p.string(r, "id", at, true).value_or("");
      rule.title = p.string(r, "title", at, false).value_or(rule.id);
      rule.source = p.string(r, "source", at, false).value_or("");
      const std::string severity = p.string(r, "severity", at, true).value_or("must");
      if (severity != "must" && severity != "should")
        p.add(errc::invalid_document, "\"severity\" must be must or should", ptr(at, "severity"));
      rule.must = severity == "must";
      for (const PlanRule &other : fw.plan_rules_)
        if (other.id == rule.id) p.add(errc::duplicate_id, "duplicate plan rule \"" + rule.id + "\"", ptr(at, "id"));
      if (const json *c = p.member(r, "check", at, true)) rule.check = plan_check(*c, ptr(at, "check"), 0);
      fw.plan_rules_.push_back(std::move(rule));
    }
  }

  void glossary(const json &doc) {
    if (const json *g = p.array(doc, "glossary", "", false)) {
      for (std::size_t i = 0; i < g->size(); ++i) {
        const std::string at = ptr("/glossary", i);
        p.string((*g)[i], "term", at, true);
        p.string((*g)[i], "definition", at, true);
      }
    }
  }

  void run(const json &doc) {
    if (auto id = p.string(doc, "id", "", true)) {
      fw.id_ = *id;
      const bool ok = !id->empty() && std::all_of(id->begin(), id->end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      });
      if (!ok) p.add(errc::invalid_document, "framework id must be lower-case letters, digits and '-'", "/id");
    }
    fw.version_ = p.string(doc, "version", "", true).value_or("");
    fw.title_ = p.string(doc, "title", "", true).value_or("");
    scales(doc);
    kinds(doc);
    parameters(doc);
    nodes(doc);
    evidence_rules(doc);
    derivations(doc);
    outcome(doc);
    lifecycle(doc);
    actions(doc);
    audit_checks(doc);
    plan_rules(doc);
    glossary(doc);
    fw.derivations_of_.assign(fw.nodes_.size(), {});
    for (std::size_t i = 0; i < fw.nodes_.size(); ++i) {
      const Node &n = fw.nodes_[i];
      const int sc = n.kind < 0 ? -1 : fw.kinds_[static_cast<std::size_t>(n.kind)].scale;
      fw.node_scale_.push_back(sc < 0 ? nullptr : &fw.scales_[static_cast<std::size_t>(sc)]);
      if (n.limiting) fw.limiting_nodes_.push_back(static_cast<int>(i));
    }
    for (std::size_t d = 0; d < fw.derivations_.size(); ++d)
      if (fw.derivations_[d].node >= 0)
        fw.derivations_of_[static_cast<std::size_t>(fw.derivations_[d].node)].push_back(static_cast<int>(d));
    for (const NodeKind &k : fw.kinds_)
      if (k.aggregate == Aggregate::min || k.aggregate == Aggregate::upper_median) fw.has_level_aggregates_ = true;
    fw.shapes_.resize(fw.nodes_.size());
    fw.child_begin_.resize(fw.nodes_.size() + 1);
    for (std::size_t i = 0; i < fw.nodes_.size(); ++i) {
      const Node &n = fw.nodes_[i];
      NodeShape &sh = fw.shapes_[i];
      sh.parent = n.parent;
      sh.kind = static_cast<std::int16_t>(n.kind);
      sh.top = static_cast<std::int8_t>(fw.node_scale_[i] ? fw.node_scale_[i]->top() : -1);  // at most 32 levels
      sh.leaf = n.leaf();
      if (n.kind >= 0) {
        sh.aggregate = fw.kinds_[static_cast<std::size_t>(n.kind)].aggregate;
        sh.judgeable = fw.kinds_[static_cast<std::size_t>(n.kind)].judgeable;
      }
      fw.child_begin_[i] = static_cast<std::uint32_t>(fw.child_list_.size());
      fw.child_list_.insert(fw.child_list_.end(), n.children.begin(), n.children.end());
    }
    fw.child_begin_[fw.nodes_.size()] = static_cast<std::uint32_t>(fw.child_list_.size());
    fw.guidance_text_.resize(fw.nodes_.size());
    if (p.empty()) {  // (rendering and planning read what the checks have checked)
      fw.eval_plan_ = detail::make_eval_plan(fw);
      for (std::size_t i = 0; i < fw.nodes_.size(); ++i) {
        try {
          fw.guidance_text_[i] = detail::guidance_json_text(fw, static_cast<int>(i));
        } catch (const json::exception &) {
          // text that is not UTF-8 (a document made in code): written, and refused, as ever
        }
      }
      fw.decision_texts_ = detail::make_decision_texts(fw);
    }
    if (fw.limiting_level_ < 0) {
      const int s = leaf_scale(-1);
      if (s >= 0) fw.limiting_level_ = fw.scales_[static_cast<std::size_t>(s)].top();
    }
  }
};

const detail::EvalPlan &Framework::eval_plan() const noexcept {
  static const detail::EvalPlan none;  // a framework not compiled (default-constructed)
  return eval_plan_ ? *eval_plan_ : none;
}

result<FrameworkPtr> Framework::from_json(const json &doc) {
  if (auto e = detail::check_format(doc, "framework", 1)) return std::move(*e);
  auto fw = std::make_shared<Framework>();
  Problems problems;
  Compiler{*fw, problems, {}, {}, {}, {}, {}, {}}.run(doc);
  // Written by with_overlay (so a document() saved and loaded again keeps saying so).
  if (const json *o = problems.object(doc, "overlay_applied", "", false)) {
    fw->overlay_id_ = problems.string(*o, "id", "/overlay_applied", true).value_or("");
    fw->overlay_version_ = problems.string(*o, "version", "/overlay_applied", false).value_or("");
  }
  if (!problems.empty()) return problems.take();
  fw->doc_ = doc;
  return FrameworkPtr(std::move(fw));
}

result<FrameworkPtr> Framework::load(std::string_view text) {
  auto doc = detail::parse_json(text);
  if (!doc) return std::move(doc).error();
  return from_json(doc.value());
}

result<FrameworkPtr> Framework::builtin(std::string_view id) {
  for (const auto &entry : detail::builtin_frameworks()) {
    if (entry.id == id) {
      static std::mutex mutex;
      static std::vector<std::pair<std::string, FrameworkPtr>> cache;
      std::lock_guard<std::mutex> lock(mutex);
      for (const auto &[cid, fw] : cache)
        if (cid == id) return fw;
      auto loaded = load(entry.json);
      if (!loaded) return std::move(loaded).error();
      cache.emplace_back(std::string(id), loaded.value());
      return loaded;
    }
  }
  std::string known;
  for (const auto &e : builtin_ids()) known += (known.empty() ? "" : ", ") + e;
  return error(errc::unknown_framework, "unknown framework \"" + std::string(id) + "\" (built in: " + known + ")");
}

std::vector<std::string> Framework::builtin_ids() {
  std::vector<std::string> ids;
  for (const auto &entry : detail::builtin_frameworks()) ids.emplace_back(entry.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// ---------------------------------------------------------------------------------------
// Overlays

result<Overlay> Overlay::from_json(const json &doc) {
  if (auto e = detail::check_format(doc, "overlay", 1)) return std::move(*e);
  Problems p;
  Overlay o;
  o.id_ = p.string(doc, "id", "", true).value_or("");
  o.version_ = p.string(doc, "version", "", true).value_or("");
  o.base_ = p.string(doc, "base", "", true).value_or("");
  if (const json *l = p.array(doc, "limiting", "", false))
    for (std::size_t i = 0; i < l->size(); ++i)
      if (!(*l)[i].is_string()) p.add(errc::invalid_document, "a limiting entry must be a node id", ptr("/limiting", i));
  if (const json *d = p.array(doc, "drop", "", false))
    for (std::size_t i = 0; i < d->size(); ++i)
      if (!(*d)[i].is_string()) p.add(errc::invalid_document, "a drop entry must be a node id", ptr("/drop", i));
  if (const json *a = p.array(doc, "add", "", false))
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (!(*a)[i].is_object()) {
        p.add(errc::invalid_document, "an add entry is an object {\"parent\": id, \"node\": {…}}", ptr("/add", i));
        continue;
      }
      p.string((*a)[i], "parent", ptr("/add", i), true);
      p.object((*a)[i], "node", ptr("/add", i), true);
    }
  if (const json *params = p.object(doc, "parameters", "", false)) (void)params;
  if (!p.empty()) return p.take();
  o.doc_ = doc;
  return o;
}

result<Overlay> Overlay::parse(std::string_view text) {
  auto doc = detail::parse_json(text);
  if (!doc) return std::move(doc).error();
  return from_json(doc.value());
}

namespace {

// Finds the node object with `id` in a nodes array (recursively); returns its holder
// array and index so it can be removed, or the node itself.
json *find_node_json(json &nodes, const std::string &id, json **holder, std::size_t *index) {
  if (!nodes.is_array()) return nullptr;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    json &n = nodes[i];
    // (nodes an overlay adds are not checked yet: their "id" may be anything)
    const auto nid = n.is_object() ? n.find("id") : n.end();
    if (nid != n.end() && nid->is_string() && nid->get_ref<const std::string &>() == id) {
      if (holder) *holder = &nodes;
      if (index) *index = i;
      return &n;
    }
    if (n.is_object() && n.contains("children"))
      if (json *found = find_node_json(n["children"], id, holder, index)) return found;
  }
  return nullptr;
}

void clear_limiting(json &nodes) {
  if (!nodes.is_array()) return;
  for (json &n : nodes) {
    if (!n.is_object()) continue;
    n.erase("limiting");
    n.erase("limiting_basis");
    if (n.contains("children")) clear_limiting(n["children"]);
  }
}

}  // namespace

result<FrameworkPtr> Framework::with_overlay(const Overlay &overlay) const {
  if (!overlay_id_.empty())
    return error(errc::overlay_mismatch, "framework already has overlay \"" + overlay_id_ + "\"");
  if (overlay.base() != id_)
    return error(errc::overlay_mismatch,
                 "overlay \"" + overlay.id() + "\" is for \"" + overlay.base() + "\", not \"" + id_ + "\"", "/base");
  const json &od = overlay.document();
  json doc = doc_;
  Problems p;
  if (const json *params = od.contains("parameters") ? &od["parameters"] : nullptr) {
    for (auto it = params->begin(); it != params->end(); ++it) {
      const std::string at = ptr("/parameters", it.key());
      if (!doc.contains("parameters") || !doc["parameters"].contains(it.key())) {
        p.add(errc::unknown_parameter, "the base has no parameter \"" + it.key() + "\"", at);
        continue;
      }
      const json &value = it->is_object() && it->contains("value") ? (*it)["value"] : *it;
      if (!value.is_number() && !value.is_null()) {
        p.add(errc::invalid_document, "a parameter value must be a number or null", at);
        continue;
      }
      doc["parameters"][it.key()]["value"] = value;
      doc["parameters"][it.key()]["source"] = "overlay " + overlay.id() + " " + overlay.version();
    }
  }
  if (od.contains("drop")) {
    const json &drop = od["drop"];
    for (std::size_t i = 0; i < drop.size(); ++i) {
      json *holder = nullptr;
      std::size_t index = 0;
      if (!find_node_json(doc["nodes"], drop[i].get<std::string>(), &holder, &index)) {
        p.add(errc::unknown_node, "cannot drop unknown node \"" + drop[i].get<std::string>() + "\"", ptr("/drop", i));
        continue;
      }
      holder->erase(index);
    }
  }
  if (od.contains("add")) {
    const json &add = od["add"];
    std::vector<std::string> added;
    for (std::size_t i = 0; i < add.size(); ++i) {
      const std::string parent = add[i]["parent"].get<std::string>();
      const json &node_doc = add[i]["node"];
      const std::string new_id = node_doc.contains("id") && node_doc["id"].is_string() ? node_doc["id"].get<std::string>() : "";
      if (!new_id.empty() && (find_node(new_id) >= 0 || std::find(added.begin(), added.end(), new_id) != added.end())) {
        p.add(errc::duplicate_id, "the framework already has a node \"" + new_id + "\"", ptr(ptr(ptr("/add", i), "node"), "id"));
        continue;
      }
      added.push_back(new_id);
      json *node = find_node_json(doc["nodes"], parent, nullptr, nullptr);
      if (!node) {
        p.add(errc::unknown_node, "cannot add under unknown node \"" + parent + "\"", ptr(ptr("/add", i), "parent"));
        continue;
      }
      json &children = (*node)["children"];
      if (!children.is_null() && !children.is_array()) {
        p.add(errc::invalid_document, "cannot add under \"" + parent + "\": its \"children\" is not an array",
              ptr(ptr("/add", i), "parent"));
        continue;
      }
      children.push_back(add[i]["node"]);
    }
  }
  if (od.contains("limiting")) {
    clear_limiting(doc["nodes"]);
    const json &lim = od["limiting"];
    for (std::size_t i = 0; i < lim.size(); ++i) {
      json *node = find_node_json(doc["nodes"], lim[i].get<std::string>(), nullptr, nullptr);
      if (!node) {
        p.add(errc::unknown_node, "unknown limiting node \"" + lim[i].get<std::string>() + "\"", ptr("/limiting", i));
        continue;
      }
      const int base_index = find_node(lim[i].get<std::string>());
      if (base_index >= 0 && !kinds_[static_cast<std::size_t>(nodes_[static_cast<std::size_t>(base_index)].kind)].judgeable) {
        p.add(errc::not_judgeable, "\"" + lim[i].get<std::string>() + "\" takes no judgement, so it cannot be limiting",
              ptr("/limiting", i));
        continue;
      }
      (*node)["limiting"] = true;
      (*node)["limiting_basis"] = "overlay " + overlay.id();
    }
  }
  if (!p.empty()) return p.take();
  doc["overlay_applied"] = {{"id", overlay.id()}, {"version", overlay.version()}};
  auto fw = from_json(doc);
  if (!fw) {
    error e = std::move(fw).error();
    e.message = "framework with overlay \"" + overlay.id() + "\" does not compile: " + e.message;
    return e;
  }
  return fw;
}

}  // namespace qmark

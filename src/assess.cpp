// The rule engine: from an audit read against a framework to an explained decision.
// Nothing here knows a framework: every node, level, threshold and rule comes from the
// compiled framework data.
#include "qmark/decision.hpp"

#include "eval_plan.hpp"
#include "json_util.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <mutex>
#include <set>

namespace qmark {

const char *basis_name(Basis b) noexcept {
  switch (b) {
    case Basis::judgement: return "judgement";
    case Basis::fact: return "fact";
    case Basis::aggregate: return "aggregate";
    case Basis::capped: return "capped";
    case Basis::missing: return "missing";
  }
  return "missing";
}

namespace {

// For the functions called once per node in a loop (QMARK_INLINE) and the rarely taken
// paths moved out of them (QMARK_COLD), so that the loops carry no call they can avoid.
#if defined(__GNUC__)
#define QMARK_INLINE __attribute__((always_inline)) inline
#define QMARK_COLD __attribute__((noinline))
#else
#define QMARK_INLINE inline
#define QMARK_COLD
#endif

int popcount8(std::uint8_t v) {
  int n = 0;
  for (; v; v = static_cast<std::uint8_t>(v & (v - 1))) ++n;
  return n;
}

// Appending the parts of a finding's message into its (reused) string: no temporaries.
void put(std::string &s, const std::string &v) { s.append(v); }
void put(std::string &s, const char *v) { s.append(v); }
void put(std::string &s, std::string_view v) { s.append(v); }
void put(std::string &s, int v) {
  char buf[16];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, r.ptr);
}
void put(std::string &s, Date d) {
  char buf[16];
  const int y = d.year();
  const unsigned m = d.month(), day = d.day();
  const auto r = std::to_chars(buf, buf + 8, y);
  char *p = r.ptr;
  *p++ = '-';
  *p++ = static_cast<char>('0' + m / 10);
  *p++ = static_cast<char>('0' + m % 10);
  *p++ = '-';
  *p++ = static_cast<char>('0' + day / 10);
  *p++ = static_cast<char>('0' + day % 10);
  s.append(buf, p);
}

// Which message a finding has (Finding::Detail::form), and what its detail holds.
enum class Form : std::uint8_t {
  none,
  unknown_evidence,        // a: judge; evidence: the id cited
  judgement_disagreement,  // mask: judges present; a, b, c: their levels; d: the effective judge
  future_evidence,         // evidence; date1: its date; date2: the assessment date
  stale_evidence,          // evidence; date1: its date; date2: the window's start
  fact_decides,            // a: claimed; b: the facts' level; c: derivation
  top_claim_no_evidence,   // a: claimed; b: the level it counts as
  no_evidence,
  narrow_evidence,         // a: claimed; b: groups needed; c: groups found; d: the cap
  missing_judgement,
  fact_caps,               // a: level; b: the cap; c: derivation
  judged_within,           // c: audit check; date1: from
  evidence_not_only,       // c: audit check
  groups_heard,            // c: audit check; mask: the groups missing
  nodes_judged,            // c: audit check
};

void put_all(std::string &) {}
template <class Part, class... Parts>
void put_all(std::string &s, const Part &part, const Parts &...parts) {
  put(s, part);
  put_all(s, parts...);
}

constexpr int max_levels = static_cast<int>(max_scale_levels);  // scales are checked against this when a framework loads

// What share_at_least or count_at_least requires of `total` nodes, for an amount `amt`
// (rounded so the trace prints the same number on every platform: 42.4, not
// 42.400000000000006); a count `at` is enough when at + 1e-9 reaches it.
double required_of(const Condition &c, double amt, int total) {
  return std::round((c.op == Condition::Op::share_at_least ? amt * total : amt) * 1e9) / 1e9;
}
bool is_enough(int at, double required) { return static_cast<double>(at) + 1e-9 >= required; }

// Whether a condition that reads only counters holds when the counter conditions in
// `holding` do (bit k: counter k's).
bool holds_when(const std::vector<Condition> &conditions, const std::vector<int> &counter_of, int ci,
                std::uint32_t holding) {
  const Condition &c = conditions[static_cast<std::size_t>(ci)];
  switch (c.op) {
    case Condition::Op::always: return true;
    case Condition::Op::all:
      for (int k : c.children)
        if (!holds_when(conditions, counter_of, k, holding)) return false;
      return true;
    case Condition::Op::any:
      for (int k : c.children)
        if (holds_when(conditions, counter_of, k, holding)) return true;
      return false;
    case Condition::Op::negate: return !holds_when(conditions, counter_of, c.children[0], holding);
    default: return (holding >> counter_of[static_cast<std::size_t>(ci)]) & 1u;
  }
}

// The outcome (-1: none) of a framework whose outcome rules read only counters
// (EvalPlan::outcome_by_counters), when the counter conditions in `holding` hold. (Out of
// the next-level search's way: it reads the table made from this, where there is one.)
QMARK_COLD int outcome_when(const Framework &fw, const detail::EvalPlan &plan, std::uint32_t holding) {
  for (const OutcomeRule &r : fw.outcome_rules())
    if (holds_when(fw.conditions(), plan.counter_of, r.when, holding)) return r.outcome;
  return -1;
}

// Level of a parent from the levels of its children, counted per level index.
int combine(Aggregate agg, const int *counts, int nlevels, int total) {
  if (total == 0) return -1;
  if (agg == Aggregate::min) {
    for (int l = 0; l < nlevels; ++l)
      if (counts[l]) return l;
    return -1;
  }
  // upper median: the highest level that at least half of the values reach or exceed
  const int need = (total + 1) / 2;
  int reached = 0;
  for (int l = nlevels - 1; l >= 0; --l) {
    reached += counts[l];
    if (reached >= need) return l;
  }
  return -1;
}

class Evaluator {
 public:
  Evaluator(const Framework &fw, const Audit &a, const detail::AuditIndex &ix, const AssessOptions &opt, Decision &d)
      : fw_(fw), a_(a), ix_(ix), opt_(opt), d_(d), lv_(d.work.levels), own_(d.work.own_level) {}

  void run() {
    const auto &nodes = fw_.nodes();
    lv_.assign(nodes.size(), -1);
    if (fw_.evidence_rules().window >= 0) {
      if (auto months = fw_.parameter_value(fw_.evidence_rules().window))
        window_start_ = a_.assessed_on.add_months(-static_cast<int>(std::lround(*months)));
    }
    on_ = a_.assessed_on.days();
    counting_ = Counting(window_start_ ? window_start_->days() : std::numeric_limits<std::int32_t>::min(), on_);
    valid_evidence();
    // Nodes that decide their own level: judgeable leaves, and judged judgeable parents.
    own_.assign(nodes.size(), 0);
    std::vector<int> &own_nodes = d_.work.candidates;
    own_nodes.resize(plan_.judgeable.size());
    std::size_t owns = 0;
    {
      int *const own_node = own_nodes.data();
      char *const own = own_.data();
      int *const lv = lv_.data();
      // In two passes, so that which nodes have findings (it varies from audit to audit)
      // is not a branch. First every node as if plain and judged as most are: judges
      // agreeing, citing known ids, on valid evidence only and some; it then has the
      // level claimed. Those that are not are listed, and judged in full after.
      std::vector<int> &in_full = d_.work.in_full;
      in_full.resize(plan_.judgeable.size());
      int *const full = in_full.data();
      std::size_t fulls = 0;
      static constexpr detail::AuditIndex::Judged unjudged{{-1, -1, -1}};  // (claims nothing)
      for (const detail::EvalPlan::Judgeable &s : plan_.judgeable) {
        const int n = s.node;
        const int ji = judgement_of_[n];
        if (!s.leaf && ji < 0) continue;
        own[n] = 1;
        own_node[owns++] = n;
        if (!s.plain) {  // (the same nodes in every audit: a branch soon predicted)
          full[fulls++] = n;
          continue;
        }
        const detail::AuditIndex::Judged &j = ji >= 0 ? judged_[ji] : unjudged;
        const std::uint32_t pb = node_items_[n], pe = node_items_[n + 1];
        const std::uint32_t eb = valid_before_[pb], ee = valid_before_[pe];
        const int claimed = j.level[j.effective];
        const bool plain = ((j.unknown | static_cast<std::uint8_t>(j.disagree)) == 0) &
                           (ee - eb == pe - pb) & (ee != eb) & (claimed >= 0);
        NodeResult &r = levels_[n];
        r.claimed = claimed;
        r.effective = claimed;
        r.basis = Basis::judgement;
        r.evidence_begin = eb;
        r.evidence_end = ee;
        lv[n] = claimed;
        full[fulls] = n;
        fulls += !plain;
      }
      for (std::size_t k = 0; k < fulls; ++k) judge_node(full[k]);
    }
    own_nodes.resize(owns);
    // The others take theirs from their children (basis aggregate, from the reset).
    aggregate(lv_);
    for (int p : plan_.level_parents)
      if (!own_[static_cast<std::size_t>(p)]) d_.levels[static_cast<std::size_t>(p)].effective = lv_[static_cast<std::size_t>(p)];
    count_leaves();
    audit_checks();
    int fired = -1;
    d_.outcome = outcome_of(lv_, &fired);
    if (fired >= 0) d_.decided_by.assign(fw_.outcome_rules()[static_cast<std::size_t>(fired)].id);
    if (d_.outcome >= 0) d_.award = fw_.outcomes()[static_cast<std::size_t>(d_.outcome)].award;
    {  // (without a branch on each)
      const std::vector<int> &limiting = fw_.limiting_nodes();
      std::vector<int> &failures = d_.limiting_failures;
      failures.resize(limiting.size());
      std::size_t failing = 0;
      const int at_least = fw_.limiting_level();
      for (int n : limiting) {
        failures[failing] = n;
        failing += lv_[static_cast<std::size_t>(n)] < at_least;
      }
      failures.resize(failing);
    }
    next_level();
    actions();
    dates();
  }

 private:
  const Framework &fw_;
  const Audit &a_;
  const detail::AuditIndex &ix_;  // what is read of a_'s evidence and judgements
  const NodeShape *sh_ = fw_.shapes().data();  // what is read of the framework's nodes
  const detail::EvalPlan &plan_ = fw_.eval_plan();
  const AssessOptions &opt_;
  Decision &d_;
  std::vector<int> &lv_;  // effective level per node (-1: none)
  std::vector<char> &own_;  // per node: whether its level is its own (own_level())
  std::optional<Date> window_start_;
  // The assessment's date, and which items count: those dated from the window's start to
  // it, in days (tested with one unsigned comparison, without a branch).
  std::int32_t on_ = 0;
  struct Counting {
    std::int64_t from = 0;
    std::uint64_t width = 0;  // days from `from` that count (0: none)
    Counting() = default;
    Counting(std::int32_t first, std::int32_t last)
        : from(first), width(last >= first ? static_cast<std::uint64_t>(std::int64_t{last} - first + 1) : 0) {}
    [[nodiscard]] bool counts(std::int32_t date) const noexcept { return static_cast<std::uint64_t>(date - from) < width; }
  } counting_;
  int next_level_step_ = -1;
  bool counted_ = false;  // d_.work.counters count the levels the next-level search is trying
  const std::uint32_t *const counted_by_ = plan_.counted_by.data();
  const detail::EvalPlan::Counter *const counter_ = plan_.counters.data();
  const bool level_aggregates_ = fw_.has_level_aggregates();
  // read by judge_node for each node (the vectors are sized before it runs)
  NodeResult *const levels_ = d_.levels.data();
  const int *const judgement_of_ = a_.judgement_of.data();
  const detail::AuditIndex::Judged *const judged_ = ix_.judged.data();
  const std::uint32_t *const node_items_ = ix_.node_items.data();
  const std::uint32_t *valid_before_ = nullptr;  // (valid_evidence)

  const Scale &scale(int node) const { return *fw_.scale_of(node); }
  int top(int node) const { return sh_[static_cast<std::size_t>(node)].top; }
  const std::string &node_id(int node) const { return fw_.nodes()[static_cast<std::size_t>(node)].id; }
  const std::string &level_id(int node, int level) const {
    return scale(node).levels[static_cast<std::size_t>(level)].id;
  }

  // Records a finding (`code` lives as long as the process: a literal, or interned). Its
  // message is written later, from the detail, by whoever reads it.
  Finding::Detail &finding(std::string_view code, int node, Severity sev, Form form, int evidence = -1) {
    Finding &f = d_.findings.emplace_back();
    f.code = code;
    f.node = node;
    f.severity = sev;
    f.evidence = evidence;
    f.detail.form = static_cast<std::uint8_t>(form);
    return f.detail;
  }

  // An id a judgement cites that the audit's evidence list lacks, kept after the audit's
  // own ids: its index there.
  int cited_unknown(const std::string &id) {
    d_.cited_ids.push_back(id);
    return static_cast<int>(d_.evidence_id_count()) - 1;
  }

  void trace(std::string rule, json result, json inputs) {
    d_.trace.push_back(TraceEntry{std::move(rule), std::move(result), std::move(inputs)});
  }

  static Date date_of(std::int32_t days) { return Date().add_days(days); }

  // Whether the node's level is its own (judged, decided by facts) rather than taken from
  // its children.
  bool own_level(int node) const { return own_[static_cast<std::size_t>(node)]; }

  // Framework-level evidence rules: findings only, never a level change.
  void audit_checks() {
    const auto &nodes = fw_.nodes();
    for (std::size_t ci = 0; ci < fw_.audit_checks().size(); ++ci) {
      const AuditCheck &c = fw_.audit_checks()[ci];
      const std::string_view code = plan_.check_code[ci];
      const int check = static_cast<int>(ci);
      const Severity sev = c.must ? Severity::must : Severity::should;
      json failing = opt_.trace ? json::array() : json();  // an empty array allocates
      switch (c.type) {
        case AuditCheck::Type::judged_within: {
          const auto months = fw_.parameter_value(c.window);
          if (!months) continue;
          const Date from = a_.assessed_on.add_months(-static_cast<int>(std::lround(*months)));
          for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (nodes[i].kind != c.of_kind || a_.judgement_of[i] < 0) continue;
            const IndexRange ev = d_.evidence_of(i);
            const bool recent = std::any_of(ev.begin(), ev.end(), [&](int e) {
              return ix_.dates[static_cast<std::size_t>(e)] >= from.days();
            });
            if (recent) continue;
            if (opt_.trace) failing.push_back(nodes[i].id);
            Finding::Detail &x = finding(code, static_cast<int>(i), sev, Form::judged_within);
            x.date1 = from;
            x.c = check;
          }
          break;
        }
        case AuditCheck::Type::evidence_not_only: {
          for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (nodes[i].kind != c.of_kind) continue;
            std::uint16_t kinds = 0;
            for (std::size_t k = i; k < nodes.size() && (k == i || nodes[k].depth > nodes[i].depth); ++k)
              for (int e : d_.evidence_of(k))
                kinds = static_cast<std::uint16_t>(kinds | (1u << ix_.kinds[static_cast<std::size_t>(e)]));
            if (kinds == 0 || (kinds & ~c.kinds) != 0) continue;
            if (opt_.trace) failing.push_back(nodes[i].id);
            finding(code, static_cast<int>(i), sev, Form::evidence_not_only).c = check;
          }
          break;
        }
        case AuditCheck::Type::groups_heard: {
          std::uint8_t heard = 0;
          for (std::size_t e = 0; e < ix_.dates.size(); ++e)
            if (counting_.counts(ix_.dates[e])) heard = static_cast<std::uint8_t>(heard | ix_.groups[e]);
          const std::uint8_t missing = static_cast<std::uint8_t>(c.groups & ~heard);
          if (!missing) break;
          if (opt_.trace)
            for (int g = 0; g < group_count; ++g)
              if (missing & (1u << g)) failing.push_back(group_name(static_cast<Group>(g)));
          Finding::Detail &x = finding(code, -1, sev, Form::groups_heard);
          x.mask = missing;
          x.c = check;
          break;
        }
        case AuditCheck::Type::nodes_judged:
          for (int n : c.nodes) {
            if (a_.judgement_of[static_cast<std::size_t>(n)] >= 0) continue;
            if (opt_.trace) failing.push_back(node_id(n));
            finding(code, n, sev, Form::nodes_judged).c = check;
          }
          break;
      }
      if (opt_.trace) trace(c.id, failing.empty(), {{"failing", std::move(failing)}});
    }
  }

  bool derivation_test(const Derivation &der, const FactValue &fv, json *inputs) const {
    switch (der.test) {
      case Derivation::Test::incidents_in_window: {
        std::optional<Date> from;
        if (auto months = fw_.parameter_value(der.window))
          from = a_.assessed_on.add_months(-static_cast<int>(std::lround(*months)));
        bool any = false;
        for (Date dt : fv.dates) any = any || (dt <= a_.assessed_on && (!from || *from <= dt));
        if (inputs) {
          json in_window = json::array();
          for (Date dt : fv.dates)
            if (dt <= a_.assessed_on && (!from || *from <= dt)) in_window.push_back(dt.to_string());
          (*inputs)["incidents"] = fv.dates.size();
          (*inputs)["window_from"] = from ? json(from->to_string()) : json(nullptr);
          (*inputs)["window_to"] = a_.assessed_on.to_string();
          (*inputs)["in_window"] = std::move(in_window);
        }
        return any;
      }
      case Derivation::Test::rate_above: {
        const double max = *fw_.parameter_value(der.max);
        const double pupils = a_.pupils.value_or(0);
        const double rate = pupils > 0 ? static_cast<double>(fv.count) * 100.0 / pupils : (fv.count > 0 ? INFINITY : 0.0);
        if (inputs) {
          (*inputs)[der.count_field] = fv.count;
          (*inputs)["pupils"] = pupils;
          (*inputs)["max_per_100"] = max;
          (*inputs)["per_100"] = std::isfinite(rate) ? json(std::round(rate * 100) / 100) : json("infinite");
        }
        return rate > max;
      }
      case Derivation::Test::checks: {
        auto value = [&](const Derivation::Operand &o) {
          return o.field >= 0 ? o.times * fv.fields[static_cast<std::size_t>(o.field)] : o.value;
        };
        bool all = true;
        for (const auto &c : der.checks) {
          const std::int64_t l = value(c.lhs), r = value(c.rhs);
          bool ok = c.op == ">=" ? l >= r : c.op == ">" ? l > r : c.op == "<=" ? l <= r : c.op == "<" ? l < r : l == r;
          all = all && ok;
        }
        if (inputs)
          for (std::size_t f = 0; f < der.fields.size(); ++f) (*inputs)[der.fields[f]] = fv.fields[f];
        return all;
      }
    }
    return false;
  }

  // Every node's valid evidence in one pass over the index's (node, item) list, without a
  // branch on each item: the valid items are copied to the decision's list in the same
  // order, and valid_before[p] counts those before entry p, so node n's are
  // valid_before[node_items[n]] up to valid_before[node_items[n + 1]]. The others go to
  // work.invalid_items in the same way: entry p's, if invalid, at p - valid_before[p].
  void valid_evidence() {
    const std::size_t pairs = ix_.items.size();
    std::vector<std::uint32_t> &before = d_.work.valid_before;
    std::vector<int> &out = d_.evidence_items;
    before.resize(pairs + 1);
    out.resize(pairs);
    const std::int32_t *dates = ix_.dates.data();
    const int *items = ix_.items.data();
    std::uint32_t *b = before.data();
    int *o = out.data();
    std::vector<int> &invalid = d_.work.invalid_items;
    invalid.resize(pairs);
    int *bad = invalid.data();
    const Counting counting = counting_;  // (not the member: the stores below could change it)
    std::uint32_t k = 0;
    for (std::size_t p = 0; p < pairs; ++p) {
      const int item = items[p];
      const std::int32_t date = dates[item];
      b[p] = k;
      o[k] = item;
      bad[p - k] = item;
      k += counting.counts(date);
    }
    b[pairs] = k;
    out.resize(k);
    valid_before_ = b;
  }

  // A judged node's future_evidence and stale_evidence findings: one for each of its
  // `count` items that do not count, those of the index's items from items[from] on, in
  // their order.
  void invalid_evidence(int node, std::uint32_t from, std::uint32_t count) {
    static constexpr std::string_view code[3] = {{}, "future_evidence", "stale_evidence"};
    static constexpr std::uint8_t form[3] = {0, static_cast<std::uint8_t>(Form::future_evidence),
                                             static_cast<std::uint8_t>(Form::stale_evidence)};
    // what each is dated against: the assessment (future), the window's start (stale)
    const Date against[3] = {Date(), a_.assessed_on, window_start_.value_or(Date())};
    // the ones that do not count, listed by valid_evidence() in the same order
    const int *out = d_.work.invalid_items.data() + (from - valid_before_[from]);
    Finding f;
    f.node = node;
    for (std::uint32_t k = 0; k < count; ++k) {
      const int e = out[k];
      const std::int32_t date = ix_.dates[static_cast<std::size_t>(e)];
      const unsigned standing = date > on_ ? 1 : 2;  // future, stale
      f.code = code[standing];
      f.evidence = e;
      f.detail.form = form[standing];
      f.detail.date1 = date_of(date);
      f.detail.date2 = against[standing];
      d_.findings.push_back(f);
    }
  }

  // Stakeholder groups among a node's valid evidence.
  std::uint8_t groups_of(const NodeResult &r) const {
    std::uint8_t groups = 0;
    for (std::uint32_t k = r.evidence_begin; k < r.evidence_end; ++k)
      groups = static_cast<std::uint8_t>(groups | ix_.groups[static_cast<std::size_t>(d_.evidence_items[k])]);
    return groups;
  }

  // A judgement's findings about its judges: ids they cite that the audit lacks, and
  // judges that disagree. (Out of judge_node's way: most judgements have neither.)
  QMARK_COLD void judges_findings(int node, int ji, const detail::AuditIndex::Judged &j) {
    if (j.unknown)  // (unknown is set only for judges present)
      for (int w = 0; w < judge_count; ++w)
        if (j.unknown & (1u << w))
          for (const std::string &u : a_.judgements[static_cast<std::size_t>(ji)].by[static_cast<std::size_t>(w)].unknown)
            finding("unknown_evidence", node, Severity::should, Form::unknown_evidence, cited_unknown(u)).a = w;
    if (j.disagree) {
      Finding::Detail &x = finding("judgement_disagreement", node, Severity::should, Form::judgement_disagreement);
      int *levels[judge_count] = {&x.a, &x.b, &x.c};
      for (int w = 0; w < judge_count; ++w) {
        if (!(j.present & (1u << w))) continue;
        x.mask = static_cast<std::uint8_t>(x.mask | (1u << w));
        *levels[w] = j.level[static_cast<std::size_t>(w)];
      }
      x.d = j.effective;
    }
  }

  // What a node's facts decide: the lowest level a derivation sets and the lowest it caps
  // at (-1 for none), with the derivations that did.
  struct Facts {
    int set = -1, cap = -1, set_rule = -1, cap_rule = -1;
  };
  QMARK_COLD Facts facts_of(int node) {
    Facts f;
    for (int di : fw_.derivations_of(node)) {
      const Derivation &der = fw_.derivations()[static_cast<std::size_t>(di)];
      const FactValue &fv = a_.facts[static_cast<std::size_t>(di)];
      if (!fv.present) continue;
      if (der.test == Derivation::Test::rate_above && !fw_.parameter_value(der.max)) continue;
      json inputs;
      if (opt_.trace) inputs = {{"fact", der.fact}};
      const bool t = derivation_test(der, fv, opt_.trace ? &inputs : nullptr);
      const auto effect = t ? der.if_true : der.if_false;
      const int lvl = t ? der.true_level : der.false_level;
      if (opt_.trace) {
        inputs["node"] = node_id(node);
        inputs["effect"] = effect == Derivation::Effect::set ? "set " + level_id(node, lvl)
                           : effect == Derivation::Effect::cap ? "cap at " + level_id(node, lvl)
                                                               : std::string("judgement stands");
        trace(der.id, t, std::move(inputs));
      }
      if (effect == Derivation::Effect::set && (f.set < 0 || lvl < f.set)) {
        f.set = lvl;
        f.set_rule = di;
      } else if (effect == Derivation::Effect::cap && (f.cap < 0 || lvl < f.cap)) {
        f.cap = lvl;
        f.cap_rule = di;
      }
    }
    return f;
  }

  QMARK_INLINE void judge_node(int node) {
    NodeResult &r = levels_[node];
    const int ji = judgement_of_[node];
    const detail::AuditIndex::Judged *j = ji >= 0 ? &judged_[ji] : nullptr;
    if (j) {
      r.claimed = j->level[j->effective];
      if (j->unknown | static_cast<std::uint8_t>(j->disagree)) judges_findings(node, ji, *j);
    }
    // Evidence: the effective judge's citations and the items that support the node, in
    // the order of their ids, each once (merged when the audit was read: AuditIndex); the
    // valid ones found by valid_evidence(), the others reported for a judged node.
    const std::uint32_t pb = node_items_[node];
    const std::uint32_t pe = node_items_[node + 1];
    r.evidence_begin = valid_before_[pb];
    r.evidence_end = valid_before_[pe];
    if (j && r.evidence_end - r.evidence_begin != pe - pb)
      invalid_evidence(node, pb, (pe - pb) - (r.evidence_end - r.evidence_begin));
    // Facts outrank claims.
    Facts facts;
    if (!fw_.derivations_of(node).empty()) facts = facts_of(node);
    const int fact_set = facts.set, fact_cap = facts.cap, set_rule = facts.set_rule, cap_rule = facts.cap_rule;
    int level;
    if (fact_set >= 0) {
      level = fact_set;
      r.basis = Basis::fact;
      if (r.claimed >= 0 && r.claimed != fact_set) {
        Finding::Detail &x = finding("fact_overrides_claim", node, Severity::must, Form::fact_decides);
        x.a = r.claimed;
        x.b = fact_set;
        x.c = set_rule;
      }
    } else if (r.claimed >= 0) {
      level = r.claimed;
      r.basis = Basis::judgement;
      const EvidenceRules &er = fw_.evidence_rules();
      if (r.evidence_begin == r.evidence_end) {
        const int top_level = top(node);
        if (er.top_claim_needs_evidence && r.claimed == top_level && top_level > 0) {
          level = std::min(level, top_level - 1);
          Finding::Detail &x = finding("no_evidence", node, Severity::must, Form::top_claim_no_evidence);
          x.a = r.claimed;
          x.b = top_level - 1;
          if (opt_.trace)
            trace("evidence.top_claim_needs_evidence", true,
                  {{"node", node_id(node)}, {"claimed", level_id(node, r.claimed)}, {"valid_evidence", 0}});
        } else {
          finding("no_evidence", node, Severity::should, Form::no_evidence);
        }
      }
      if (er.triangulation && fw_.scale_of(node) == &fw_.scales()[static_cast<std::size_t>(er.tri_scale)] &&
          r.claimed > er.tri_above) {
        bool known = true;
        const double min_groups = amount(er.tri_min_groups, known);
        const int groups = popcount8(groups_of(r));
        if (known && groups < min_groups) {
          level = std::min(level, er.tri_cap);
          Finding::Detail &x = finding("narrow_evidence", node, Severity::must, Form::narrow_evidence);
          x.a = r.claimed;
          x.b = static_cast<int>(min_groups);
          x.c = groups;
          x.d = er.tri_cap;
          if (opt_.trace)
            trace("evidence.triangulation", true,
                  {{"node", node_id(node)}, {"groups", groups}, {"min_groups", min_groups}, {"cap", level_id(node, er.tri_cap)}});
        }
      }
      if (level < r.claimed) r.basis = Basis::capped;
    } else {
      level = 0;
      r.basis = Basis::missing;
      finding("missing_judgement", node, Severity::must, Form::missing_judgement);
    }
    if (fact_cap >= 0 && level > fact_cap) {
      Finding::Detail &x = finding("fact_overrides_claim", node, Severity::must, Form::fact_caps);
      x.a = level;
      x.b = fact_cap;
      x.c = cap_rule;
      level = fact_cap;
      r.basis = Basis::fact;
    }
    r.effective = level;
    lv_.data()[node] = level;
  }

  // Recomputes the levels of aggregate nodes from their children, bottom-up; `lv` holds
  // the levels of the nodes that have their own.
  // (Parents that count, or take no level, keep -1: `lv` starts so.)
  void aggregate(std::vector<int> &lv) const {
    for (const int i : plan_.level_parents)
      if (!own_level(i)) lv[static_cast<std::size_t>(i)] = from_children(i, sh_[static_cast<std::size_t>(i)].aggregate, lv);
  }

  // A parent's level from its children's levels in `lv`, combined as `how` says.
  int from_children(int parent, Aggregate how, const std::vector<int> &lv) const {
    int counts[max_levels] = {};
    int total = 0;
    for (const int *k = fw_.children_begin(parent), *ke = fw_.children_end(parent); k < ke; ++k) {
      const int l = lv[static_cast<std::size_t>(*k)];
      if (l < 0 || l >= max_levels) continue;
      ++counts[l];
      ++total;
    }
    return combine(how, counts, max_levels, total);
  }

  // Counts aggregates: each judgeable leaf is counted in every ancestor that counts. (Each
  // has a level, at most its scale's top: the ancestor's count range has room for it.)
  void count_leaves() {
    const int *leaf = plan_.count_leaf.data();
    const std::uint32_t *at = plan_.count_at.data();
    const int *lv = lv_.data();
    int *values = d_.count_values.data();
    for (std::size_t k = 0, n = plan_.count_at.size(); k < n; ++k) ++values[at[k] + static_cast<std::uint32_t>(lv[leaf[k]])];
  }

  double amount(const Amount &am, bool &known) const {
    if (am.parameter < 0) return am.literal;
    auto v = fw_.parameter_value(am.parameter);
    known = known && v.has_value();
    return v.value_or(0);
  }

  // Whether a condition holds, untraced (condition() below with explain == nullptr, without
  // building any json).
  bool holds(int ci, const std::vector<int> &lv) const {
    const Condition &c = fw_.conditions()[static_cast<std::size_t>(ci)];
    switch (c.op) {
      case Condition::Op::all:
        for (int k : c.children)
          if (!part_holds(k, lv)) return false;
        return true;
      case Condition::Op::any:
        for (int k : c.children)
          if (part_holds(k, lv)) return true;
        return false;
      case Condition::Op::negate: return !part_holds(c.children[0], lv);
      default: return test_holds(ci, c, lv);
    }
  }

  // A part of all/any/not: conditions on levels are tested here, not through holds().
  bool part_holds(int ci, const std::vector<int> &lv) const {
    const Condition &c = fw_.conditions()[static_cast<std::size_t>(ci)];
    if (c.op == Condition::Op::all || c.op == Condition::Op::any || c.op == Condition::Op::negate) return holds(ci, lv);
    return test_holds(ci, c, lv);
  }

  // holds() for the conditions that read levels (no parts).
  bool test_holds(int ci, const Condition &c, const std::vector<int> &lv) const {
    switch (c.op) {
      case Condition::Op::all:
      case Condition::Op::any:
      case Condition::Op::negate: return holds(ci, lv);
      case Condition::Op::always: return true;
      case Condition::Op::limiting_at_least:
        if (counted_ && plan_.counter_of[static_cast<std::size_t>(ci)] >= 0) return counter_holds(plan_.counter_of[static_cast<std::size_t>(ci)]);
        for (int n : fw_.limiting_nodes())
          if (lv[static_cast<std::size_t>(n)] < c.level) return false;
        return true;
      case Condition::Op::node_at_least: return lv[static_cast<std::size_t>(c.node)] >= c.level;
      case Condition::Op::share_at_least:
      case Condition::Op::count_at_least: {
        if (counted_ && plan_.counter_of[static_cast<std::size_t>(ci)] >= 0) return counter_holds(plan_.counter_of[static_cast<std::size_t>(ci)]);
        int at = 0;
        for (int l : fw_.leaves())
          if (c.of_kind < 0 || sh_[static_cast<std::size_t>(l)].kind == c.of_kind) at += lv[static_cast<std::size_t>(l)] >= c.level;
        return at >= plan_.need[static_cast<std::size_t>(ci)];
      }
    }
    return false;
  }

  // Whether counter k's condition holds at its count.
  bool counter_holds(int k) const { return counter_[k].holds(d_.work.counters.data()[k]); }

  bool condition(int ci, const std::vector<int> &lv, json *explain) const {
    if (!explain) return holds(ci, lv);
    const Condition &c = fw_.conditions()[static_cast<std::size_t>(ci)];
    switch (c.op) {
      case Condition::Op::always:
        if (explain) *explain = {{"condition", "always"}, {"result", true}};
        return true;
      case Condition::Op::all:
      case Condition::Op::any: {
        const bool all = c.op == Condition::Op::all;
        bool res = all;
        json parts = explain ? json::array() : json();
        for (int k : c.children) {
          json part;
          const bool v = condition(k, lv, explain ? &part : nullptr);
          if (explain) parts.push_back(std::move(part));
          res = all ? (res && v) : (res || v);
          if (!explain && res != all) break;  // decided: no need to look further
        }
        if (explain) *explain = {{"condition", all ? "all" : "any"}, {"result", res}, {"of", std::move(parts)}};
        return res;
      }
      case Condition::Op::negate: {
        json part;
        const bool v = !condition(c.children[0], lv, explain ? &part : nullptr);
        if (explain) *explain = {{"condition", "not"}, {"result", v}, {"of", std::move(part)}};
        return v;
      }
      case Condition::Op::limiting_at_least: {
        bool ok = true;
        json failing = explain ? json::array() : json();
        for (int n : fw_.limiting_nodes())
          if (lv[static_cast<std::size_t>(n)] < c.level) {
            ok = false;
            if (!explain) break;
            failing.push_back(node_id(n));
          }
        if (explain) {
          const int any_leaf = fw_.leaves().empty() ? -1 : fw_.leaves().front();
          *explain = {{"condition", "limiting_at_least"},
                      {"level", any_leaf >= 0 ? level_id(any_leaf, c.level) : ""},
                      {"failing", std::move(failing)},
                      {"result", ok}};
        }
        return ok;
      }
      case Condition::Op::node_at_least: {
        const int l = lv[static_cast<std::size_t>(c.node)];
        const bool ok = l >= c.level;
        if (explain)
          *explain = {{"condition", "node_at_least"}, {"node", node_id(c.node)}, {"level", level_id(c.node, c.level)},
                      {"effective", l >= 0 ? json(level_id(c.node, l)) : json(nullptr)}, {"result", ok}};
        return ok;
      }
      case Condition::Op::share_at_least:
      case Condition::Op::count_at_least: {
        int at = 0, total = 0, sample = -1;
        for (int l : fw_.leaves()) {
          if (c.of_kind >= 0 && fw_.nodes()[static_cast<std::size_t>(l)].kind != c.of_kind) continue;
          ++total;
          sample = l;
          if (lv[static_cast<std::size_t>(l)] >= c.level) ++at;
        }
        bool known = true;
        const double amt = amount(c.amount, known);
        const bool share = c.op == Condition::Op::share_at_least;
        const double required = required_of(c, amt, total);
        const bool ok = known && is_enough(at, required);
        if (explain) {
          *explain = {{"condition", share ? "share_at_least" : "count_at_least"},
                      {"level", sample >= 0 ? level_id(sample, c.level) : ""},
                      {"at_or_above", at},
                      {"of", total}};
          if (share) (*explain)["ratio"] = known ? json(amt) : json(nullptr);
          (*explain)["required"] = known ? json(required) : json(nullptr);
          (*explain)["result"] = ok;
        }
        return ok;
      }
    }
    return false;
  }

  // from_levels() untraced, without building any json.
  int from_levels_quietly(const OutcomeRule &r, const std::vector<int> &lv) const {
    int counts[max_levels] = {};
    int total = 0, sample = -1;
    for (std::size_t i = 0; i < fw_.nodes().size(); ++i) {
      if (sh_[i].kind != r.of_kind || lv[i] < 0 || lv[i] >= max_levels) continue;
      ++counts[lv[i]];
      ++total;
      sample = static_cast<int>(i);
    }
    return outcome_at(r, lv, combine(r.method, counts, max_levels, total), sample);
  }

  // The level after the rule's cap (the capping node's level, when lower).
  static int capped_level(const OutcomeRule &r, const std::vector<int> &lv, int level) {
    if (level >= 0 && r.cap_by >= 0 && lv[static_cast<std::size_t>(r.cap_by)] >= 0 &&
        lv[static_cast<std::size_t>(r.cap_by)] < level)
      level = lv[static_cast<std::size_t>(r.cap_by)];
    return level;
  }
  // The outcome whose id is the level's on the sample node's scale, or -1.
  int outcome_named(int level, int sample) const {
    int outcome = -1;
    if (level >= 0)
      for (std::size_t o = 0; o < fw_.outcomes().size(); ++o)
        if (fw_.outcomes()[o].id == level_id(sample, level)) outcome = static_cast<int>(o);
    return outcome;
  }
  int outcome_at(const OutcomeRule &r, const std::vector<int> &lv, int level, int sample) const {
    return outcome_named(capped_level(r, lv, level), sample);
  }

  int from_levels(const OutcomeRule &r, const std::vector<int> &lv, json *explain) const {
    if (!explain) return from_levels_quietly(r, lv);
    int counts[max_levels] = {};
    int total = 0, sample = -1;
    json parts = explain ? json::object() : json();
    for (std::size_t i = 0; i < fw_.nodes().size(); ++i) {
      if (fw_.nodes()[i].kind != r.of_kind || lv[i] < 0 || lv[i] >= max_levels) continue;
      ++counts[lv[i]];
      ++total;
      sample = static_cast<int>(i);
      if (explain) parts[fw_.nodes()[i].id] = level_id(static_cast<int>(i), lv[i]);
    }
    const int level = capped_level(r, lv, combine(r.method, counts, max_levels, total));
    const int outcome = outcome_named(level, sample);
    if (explain) {
      *explain = {{"method", r.method == Aggregate::min ? "min" : "upper_median"}, {"levels", std::move(parts)}};
      if (r.cap_by >= 0) {
        const int cap = lv[static_cast<std::size_t>(r.cap_by)];
        (*explain)["cap_by"] = {{"node", node_id(r.cap_by)}, {"level", cap >= 0 ? json(level_id(r.cap_by, cap)) : json(nullptr)}};
      }
      (*explain)["result"] = level >= 0 ? json(level_id(sample, level)) : json(nullptr);
    }
    return outcome;
  }

  // The outcome for a set of effective levels: the first rule that fires (traced).
  int outcome_of(const std::vector<int> &lv, int *fired) {
    const auto &rules = fw_.outcome_rules();
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const OutcomeRule &r = rules[i];
      int outcome;
      if (opt_.trace) {
        json explain;
        outcome = r.outcome < 0 ? from_levels(r, lv, &explain) : (condition(r.when, lv, &explain) ? r.outcome : -1);
        trace(r.id, outcome >= 0 ? json(fw_.outcomes()[static_cast<std::size_t>(outcome)].id) : json(false),
              std::move(explain));
      } else {
        outcome = r.outcome < 0 ? from_levels_quietly(r, lv) : (holds(r.when, lv) ? r.outcome : -1);
      }
      if (outcome >= 0) {
        *fired = static_cast<int>(i);
        return outcome;
      }
    }
    return -1;
  }

  // The outcome for a full set of levels (untraced).
  int outcome_quietly(const std::vector<int> &lv) const {
    for (const OutcomeRule &r : fw_.outcome_rules()) {
      const int outcome = r.outcome < 0 ? from_levels_quietly(r, lv) : (holds(r.when, lv) ? r.outcome : -1);
      if (outcome >= 0) return outcome;
    }
    return -1;
  }

  // Keeps the counters (EvalPlan::counters) in step with a node's level going from `was`
  // to `now`.
  QMARK_INLINE void recount(int node, int was, int now) {
    int *counters = d_.work.counters.data();
    for (std::uint32_t mask = counted_by_[node]; mask; mask &= mask - 1) {
      const int k = __builtin_ctz(mask);
      counters[k] += counter_[k].delta(was, now);
    }
  }

  // Counts the counters' nodes anew, for these levels.
  void count_all(const std::vector<int> &levels) {
    d_.work.counters.resize(plan_.counters.size());
    int *counters = d_.work.counters.data();
    for (std::size_t k = 0; k < plan_.counters.size(); ++k) {
      const detail::EvalPlan::Counter &c = plan_.counters[k];
      int counted = 0;
      for (std::uint32_t at = plan_.counted_begin[k]; at < plan_.counted_begin[k + 1]; ++at)
        counted += c.counts(levels[static_cast<std::size_t>(plan_.counted[at])]);
      counters[k] = counted;
    }
  }

  // Which counter conditions hold (bit k: counter k's), at the counters' counts.
  std::uint32_t holding() const {
    std::uint32_t bits = 0;
    const int *counters = d_.work.counters.data();
    for (std::size_t k = 0; k < plan_.counters.size(); ++k)
      bits |= static_cast<std::uint32_t>(counter_[k].holds(counters[k])) << k;
    return bits;
  }

  // The outcome when the counter conditions in `holding` hold (outcome_by_counters): from
  // the framework's table, or from its rules when it has too many counters for one.
  int outcome_holding(std::uint32_t holding) const {
    return plan_.outcome_by_holding.empty() ? outcome_when(fw_, plan_, holding) : plan_.outcome_by_holding[holding];
  }

  // Sets one node's hypothetical level in `trial` and keeps `agg` (the levels that follow,
  // when the framework has parents whose level follows their children's) and the counters
  // in step: only its ancestors can change.
  QMARK_INLINE void set_trial(int *trial, int node, int level) {
    const int was = trial[node];
    trial[node] = level;
    recount(node, was, level);
    if (!level_aggregates_) return;
    std::vector<int> &agg = d_.work.agg;
    agg[static_cast<std::size_t>(node)] = level;
    for (int p = sh_[static_cast<std::size_t>(node)].parent; p >= 0 && !own_level(p); p = sh_[static_cast<std::size_t>(p)].parent) {
      const Aggregate how = sh_[static_cast<std::size_t>(p)].aggregate;
      if (how != Aggregate::min && how != Aggregate::upper_median) break;  // always -1
      const int now = from_children(p, how, agg);
      if (now == agg[static_cast<std::size_t>(p)]) break;  // nothing above changes either
      recount(p, agg[static_cast<std::size_t>(p)], now);
      agg[static_cast<std::size_t>(p)] = now;
    }
  }

  // The smallest set of nodes whose improvement reaches the next outcome: raise every
  // node that decides its own level to the lowest common level that reaches the target,
  // then drop nodes from the end of the framework order while the target still holds
  // (so ties go to framework order). Levels are raised and dropped one node at a time,
  // the levels that follow and the counters the conditions read kept in step.
  void next_level() {
    if (d_.outcome < 0 || d_.outcome + 1 >= static_cast<int>(fw_.outcomes().size())) return;
    d_.next_target = d_.outcome + 1;
    counted_ = true;
    if (plan_.outcome_by_counters && !level_aggregates_)
      next_level_by_counters();
    else
      next_level_by_levels();
    counted_ = false;
  }

  // next_level() where the outcome follows from the counters alone and no node's level
  // follows others': the search moves only the counters. At step s a node rises from s - 1
  // to s when its own level is below s and its top at least s.
  void next_level_by_counters() {
    count_all(lv_);
    const int *own = lv_.data();  // the candidates' own levels
    std::vector<int> &raisable = d_.work.raised;  // the candidates below their top, in order
    const std::vector<int> &candidates = d_.work.candidates;
    raisable.resize(candidates.size());
    std::size_t raisables = 0;
    std::uint32_t tops = 1;  // bit t: a raisable node's top is t (scales have at most 32 levels)
    for (int c : candidates) {  // (without a branch on each)
      const bool below = own[c] < top(c);
      raisable[raisables] = c;
      raisables += below;
      tops |= std::uint32_t{below} << top(c);
    }
    raisable.resize(raisables);
    const int max_top = 31 - __builtin_clz(tops);
    for (int step = 1; step <= max_top; ++step) {
      // A step to a level no counter counts from changes no counter, nor the outcome.
      if (!(plan_.counter_levels >> step & 1u)) continue;
      for (int c : raisable)
        if (own[c] < step && step <= top(c)) recount(c, step - 1, step);
      std::uint32_t holds_now = holding();
      if (outcome_holding(holds_now) < d_.next_target) continue;
      // Those still needed, last first: each raised node dropped back to its own level
      // unless the target then fails.
      std::vector<int> &needs = d_.next_needs;
      int *counters = d_.work.counters.data();
      for (std::size_t k = raisable.size(); k-- > 0;) {
        const int c = raisable[k];
        const int raised = std::min(step, top(c));
        if (own[c] >= raised) continue;  // not raised by this step
        // what the counter conditions would be after the drop
        std::uint32_t after = holds_now;
        for (std::uint32_t mask = counted_by_[c]; mask; mask &= mask - 1) {
          const int b = __builtin_ctz(mask);
          const std::uint32_t bit = std::uint32_t{1} << b;
          after = (after & ~bit) | (counter_[b].holds(counters[b] + counter_[b].delta(raised, own[c])) ? bit : 0u);
        }
        if (outcome_holding(after) >= d_.next_target) {
          recount(c, raised, own[c]);
          holds_now = after;
        } else {
          needs.push_back(c);
        }
      }
      std::reverse(needs.begin(), needs.end());
      next_level_step_ = step;
      return;
    }
  }

  // next_level() for any framework: each trial's levels, those that follow kept in step.
  void next_level_by_levels() {
    // own: the levels of the nodes that decide their own (-1 for the others)
    std::vector<int> &own = d_.work.own;
    own.assign(lv_.begin(), lv_.end());
    for (int p : plan_.level_parents)
      if (!own_level(p)) own[static_cast<std::size_t>(p)] = -1;
    std::vector<int> &trial = d_.work.trial;
    trial.assign(own.begin(), own.end());
    if (level_aggregates_) {
      d_.work.agg.assign(own.begin(), own.end());
      aggregate(d_.work.agg);
    }
    const std::vector<int> &levels = level_aggregates_ ? d_.work.agg : trial;
    count_all(levels);
    const std::vector<int> &candidates = d_.work.candidates;  // the nodes with their own level, in order
    int max_top = 0;
    for (int c : candidates) max_top = std::max(max_top, top(c));
    std::vector<int> &raised = d_.work.raised;
    int *tr = trial.data();
    const int *ow = own.data();
    for (int step = 1; step <= max_top; ++step) {
      // each step raises from the last: max(own, min(step, top)) only grows
      for (int c : candidates) {
        const int target = std::min(step, top(c));
        if (tr[c] < target) set_trial(tr, c, target);
      }
      if (outcome_quietly(levels) < d_.next_target) continue;
      raised.clear();
      for (int c : candidates)
        if (tr[c] != ow[c]) raised.push_back(c);
      // Those still needed, last first.
      std::vector<int> &needs = d_.next_needs;
      for (std::size_t k = raised.size(); k-- > 0;) {
        const int c = raised[k];
        const int keep = tr[c];
        set_trial(tr, c, ow[c]);
        if (outcome_quietly(levels) >= d_.next_target) continue;
        set_trial(tr, c, keep);
        needs.push_back(c);
      }
      std::reverse(needs.begin(), needs.end());
      next_level_step_ = step;
      return;
    }
  }

  void actions() {
    for (int n : d_.next_needs) d_.actions.push_back(Action{n, std::min(next_level_step_, top(n))});
    if (fw_.actions_for_all_below_top()) {
      for (int l : fw_.leaves()) {
        if (lv_[static_cast<std::size_t>(l)] >= top(l)) continue;
        if (std::find(d_.next_needs.begin(), d_.next_needs.end(), l) != d_.next_needs.end()) continue;
        d_.actions.push_back(Action{l, top(l)});
      }
      std::sort(d_.actions.begin(), d_.actions.end(), [](const Action &x, const Action &y) { return x.node < y.node; });
    }
  }

  void dates() {
    const Lifecycle &lc = fw_.lifecycle();
    if (d_.award && lc.valid_for_months) d_.valid_until = d_.decided_on.add_months(*lc.valid_for_months);
    if (!d_.award && lc.reapply_after_months) d_.reapply_from = d_.decided_on.add_months(*lc.reapply_after_months);
    d_.final = !lc.final_judge.empty() && lc.final_judge == judge_name(a_.judged_by);
  }
};

}  // namespace

void append_finding_message(std::string &s, const Framework &fw, const Decision &d, const Finding &f) {
  const Finding::Detail &x = f.detail;
  const std::string none;
  const std::string &id = f.node >= 0 ? fw.nodes()[static_cast<std::size_t>(f.node)].id : none;
  auto level = [&](int l) -> const std::string & {
    return fw.scale_of(f.node)->levels[static_cast<std::size_t>(l)].id;
  };
  auto rule = [&]() -> const std::string & { return fw.derivations()[static_cast<std::size_t>(x.c)].title; };
  auto check = [&]() -> const std::string & { return fw.audit_checks()[static_cast<std::size_t>(x.c)].title; };
  switch (static_cast<Form>(x.form)) {
    case Form::none: break;
    case Form::unknown_evidence:
      put_all(s, id, ": the ", judge_name(static_cast<Judge>(x.a)), "'s judgement cites evidence \"", d.finding_evidence(f),
              "\", which is not in the audit's evidence list; it does not count");
      break;
    case Form::judgement_disagreement: {
      put_all(s, id, ": ");
      const int levels[judge_count] = {x.a, x.b, x.c};
      bool first = true;
      for (int w = 0; w < judge_count; ++w) {
        if (!(x.mask & (1u << w))) continue;
        if (!first) s.append(", ");
        first = false;
        put_all(s, judge_name(static_cast<Judge>(w)), " judged \"", level(levels[w]), "\"");
      }
      put_all(s, "; the ", judge_name(static_cast<Judge>(x.d)), "'s judgement stands");
      break;
    }
    case Form::future_evidence:
      put_all(s, id, ": evidence \"", d.finding_evidence(f), "\" is dated ", x.date1, ", after the assessment date ", x.date2,
              "; it does not count");
      break;
    case Form::stale_evidence:
      put_all(s, id, ": evidence \"", d.finding_evidence(f), "\" is dated ", x.date1, ", before ", x.date2,
              " (older than the framework's recent window); it does not count");
      break;
    case Form::fact_decides:
      put_all(s, id, ": claimed \"", level(x.a), "\" but the facts decide \"", level(x.b), "\" (", rule(), ")");
      break;
    case Form::top_claim_no_evidence:
      put_all(s, id, ": claimed \"", level(x.a),
              "\" with no valid evidence; a claim at the top of the scale needs evidence, so it counts as \"",
              level(x.b), "\"");
      break;
    case Form::no_evidence: put_all(s, id, ": judged with no valid evidence"); break;
    case Form::narrow_evidence:
      put_all(s, id, ": \"", level(x.a), "\" needs valid evidence from at least ", x.b, " stakeholder groups, found ",
              x.c, "; capped at \"", level(x.d), "\"");
      break;
    case Form::missing_judgement:
      put_all(s, id, ": no judgement and no deciding fact; counted at the lowest level \"", level(0), "\"");
      break;
    case Form::fact_caps:
      put_all(s, id, ": \"", level(x.a), "\" is capped at \"", level(x.b), "\" by the facts (", rule(), ")");
      break;
    case Form::judged_within:
      put_all(s, id, ": no valid evidence dated on or after ", x.date1, " (", check(), ")");
      break;
    case Form::evidence_not_only:
      put_all(s, id, ": the valid evidence is only of kind(s) the framework calls narrow (", check(), ")");
      break;
    case Form::groups_heard: {
      s.append("no valid evidence heard from: ");
      bool first = true;
      for (int g = 0; g < group_count; ++g)
        if (x.mask & (1u << g)) {
          if (!first) s.append(", ");
          first = false;
          s.append(group_name(static_cast<Group>(g)));
        }
      put_all(s, " (", check(), ")");
      break;
    }
    case Form::nodes_judged: put_all(s, id, ": not answered (", check(), ")"); break;
  }
}

std::string finding_message(const Framework &fw, const Decision &d, const Finding &f) {
  std::string s;
  append_finding_message(s, fw, d, f);
  return s;
}

std::string_view detail::intern(std::string_view text) {
  // never freed (nor destroyed at exit): a decision may outlive every framework, and exit
  static std::mutex *lock = new std::mutex;
  static std::set<std::string, std::less<>> *texts = new std::set<std::string, std::less<>>;
  std::lock_guard<std::mutex> hold(*lock);
  auto at = texts->find(text);
  if (at == texts->end()) at = texts->emplace(text).first;
  return *at;
}

std::shared_ptr<const detail::EvalPlan> detail::make_eval_plan(const Framework &fw) {
  auto plan = std::make_shared<EvalPlan>();
  const auto &sh = fw.shapes();
  const std::size_t n = sh.size();
  for (std::size_t i = 0; i < n; ++i)
    if (sh[i].judgeable) {
      const EvidenceRules &er = fw.evidence_rules();
      const bool triangulated =
          er.triangulation && fw.scale_of(static_cast<int>(i)) == &fw.scales()[static_cast<std::size_t>(er.tri_scale)];
      plan->judgeable.push_back({static_cast<int>(i), sh[i].leaf,
                                 fw.derivations_of(static_cast<int>(i)).empty() && !triangulated});
    }
  for (std::size_t i = n; i-- > 0;)
    if (!sh[i].leaf && (sh[i].aggregate == Aggregate::min || sh[i].aggregate == Aggregate::upper_median))
      plan->level_parents.push_back(static_cast<int>(i));
  // counts: each judgeable leaf in every ancestor that counts, sized for the largest scale
  std::vector<std::uint32_t> size(n, 0);
  for (int k : fw.leaves()) {
    const int levels = sh[static_cast<std::size_t>(k)].top + 1;
    for (int a = sh[static_cast<std::size_t>(k)].parent; a >= 0 && levels > 0; a = sh[static_cast<std::size_t>(a)].parent)
      if (sh[static_cast<std::size_t>(a)].aggregate == Aggregate::counts)
        size[static_cast<std::size_t>(a)] = std::max(size[static_cast<std::size_t>(a)], static_cast<std::uint32_t>(levels));
  }
  plan->blank.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    NodeResult &r = plan->blank[i];
    r.basis = Basis::aggregate;
    r.counts_begin = static_cast<std::uint32_t>(plan->count_values);
    plan->count_values += size[i];
    r.counts_end = static_cast<std::uint32_t>(plan->count_values);
  }
  for (int k : fw.leaves())
    for (int a = sh[static_cast<std::size_t>(k)].parent; a >= 0; a = sh[static_cast<std::size_t>(a)].parent)
      if (size[static_cast<std::size_t>(a)] > 0) {
        plan->count_leaf.push_back(k);
        plan->count_at.push_back(plan->blank[static_cast<std::size_t>(a)].counts_begin);
      }
  for (const AuditCheck &c : fw.audit_checks()) plan->check_code.push_back(intern(c.code));
  // what share_at_least and count_at_least need, as the trace's condition() judges it
  const auto &conditions = fw.conditions();
  plan->need.assign(conditions.size(), 0);
  for (std::size_t ci = 0; ci < conditions.size(); ++ci) {
    const Condition &c = conditions[ci];
    if (c.op != Condition::Op::share_at_least && c.op != Condition::Op::count_at_least) continue;
    int total = 0;
    for (int l : fw.leaves()) total += c.of_kind < 0 || sh[static_cast<std::size_t>(l)].kind == c.of_kind;
    const std::optional<double> amt =
        c.amount.parameter < 0 ? std::optional<double>(c.amount.literal) : fw.parameter_value(c.amount.parameter);
    int need = total + 1;
    if (amt)
      for (int at = 0; at <= total && need > total; ++at)
        if (is_enough(at, required_of(c, *amt, total))) need = at;
    plan->need[ci] = need;
  }
  // does every rule's outcome follow from the counters alone? (a condition's parts come
  // before it in the pool: each is judged by then)
  std::vector<char> counted_only(conditions.size(), 0);
  plan->counter_of.assign(conditions.size(), -1);
  plan->counted_by.assign(n, 0);
  plan->counted_begin.push_back(0);
  for (std::size_t ci = 0; ci < conditions.size() && plan->counters.size() < 32; ++ci) {
    const Condition &c = conditions[ci];
    const bool below = c.op == Condition::Op::limiting_at_least;
    if (!below && c.op != Condition::Op::share_at_least && c.op != Condition::Op::count_at_least) continue;
    const auto bit = static_cast<std::uint32_t>(1) << plan->counters.size();
    EvalPlan::Counter counter{below, c.level, 0, plan->need[ci]};
    for (int l : below ? fw.limiting_nodes() : fw.leaves())
      if (below || c.of_kind < 0 || sh[static_cast<std::size_t>(l)].kind == c.of_kind) {
        plan->counted_by[static_cast<std::size_t>(l)] |= bit;
        plan->counted.push_back(l);
        ++counter.total;
      }
    plan->counted_begin.push_back(static_cast<std::uint32_t>(plan->counted.size()));
    plan->counter_of[ci] = static_cast<int>(plan->counters.size());
    plan->counters.push_back(counter);
    if (c.level >= 0 && c.level < 32) plan->counter_levels |= std::uint32_t{1} << c.level;
  }
  for (std::size_t ci = 0; ci < conditions.size(); ++ci) {
    const Condition &c = conditions[ci];
    bool only = plan->counter_of[ci] >= 0 || c.op == Condition::Op::always;
    if (c.op == Condition::Op::all || c.op == Condition::Op::any || c.op == Condition::Op::negate) {
      only = true;
      for (int k : c.children) only = only && k >= 0 && static_cast<std::size_t>(k) < ci && counted_only[static_cast<std::size_t>(k)];
    }
    counted_only[ci] = only;
  }
  plan->outcome_by_counters = true;
  for (const OutcomeRule &r : fw.outcome_rules())
    plan->outcome_by_counters = plan->outcome_by_counters && r.outcome >= 0 && r.when >= 0 &&
                                static_cast<std::size_t>(r.when) < conditions.size() &&
                                counted_only[static_cast<std::size_t>(r.when)];
  // and then, for each combination of counter conditions holding, the outcome
  if (plan->outcome_by_counters && plan->counters.size() <= EvalPlan::max_table_counters &&
      fw.outcomes().size() < 0x7fff) {
    plan->outcome_by_holding.resize(std::size_t{1} << plan->counters.size());
    for (std::size_t holding = 0; holding < plan->outcome_by_holding.size(); ++holding)
      plan->outcome_by_holding[holding] = static_cast<std::int16_t>(outcome_when(fw, *plan, static_cast<std::uint32_t>(holding)));
  }
  return plan;
}

Decision assess(const Framework &fw, const Audit &audit, const AssessOptions &options) {
  Decision d;
  assess(fw, audit, d, options);
  return d;
}

void assess(const Framework &fw, const Audit &audit, Decision &d, const AssessOptions &options) {
  // Reset in place: vectors and strings keep their storage for the next evaluation.
  d.outcome = -1;
  d.award.reset();
  d.decided_by.clear();
  d.final = false;
  // Every node as if it took its level from its children: the engine then writes the
  // nodes that decide their own, and the levels and counts of the others.
  const detail::EvalPlan &plan = fw.eval_plan();
  d.levels.assign(plan.blank.begin(), plan.blank.end());
  d.count_values.assign(plan.count_values, 0);
  d.limiting_failures.clear();
  d.findings.clear();
  d.next_target = -1;
  d.next_needs.clear();
  d.actions.clear();
  d.valid_until.reset();
  d.reapply_from.reset();
  d.trace.clear();
  d.framework_id.assign(fw.id());
  d.framework_version.assign(fw.version());
  d.overlay_id.assign(fw.overlay_id());
  d.overlay_version.assign(fw.overlay_version());
  d.school_id.assign(audit.school_id);
  d.assessed_on = audit.assessed_on;
  d.decided_on = audit.decided_on;
  d.judged_by.assign(judge_name(audit.judged_by));
  // What is read of the audit: its own index, or (an audit made or changed without
  // Audit::reindex) one made here.
  d.evidence_ids.reset();  // (first, so that an index of d's own keeps its storage)
  const detail::AuditIndex *ix = &detail::audit_index(audit);
  if (!ix->fits(audit, fw.nodes().size())) {
    detail::build_index(fw, audit, d.work.index);
    ix = &d.work.index;
  }
  d.evidence_ids = ix->ids;
  d.cited_ids.clear();
  Evaluator(fw, audit, *ix, options, d).run();
}

result<Decision> assess_json(const Framework &fw, std::string_view text, const AssessOptions &options) {
  // Read for assessing only (nothing else sees this audit); anything out of the ordinary
  // goes through the document, which says what is wrong (as Audit::parse does once its
  // text reader, which gives up where this one does, has given up).
  if (const auto audit = detail::read_audit_text(fw, text, false)) return assess(fw, *audit, options);
  auto doc = detail::parse_json(text);
  if (!doc) return std::move(doc).error();
  auto audit = Audit::from_json(fw, std::move(doc).value());
  if (!audit) return std::move(audit).error();
  return assess(fw, audit.value(), options);
}

}  // namespace qmark

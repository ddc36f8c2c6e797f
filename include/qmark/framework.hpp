// qmark/framework.hpp — a framework loaded from `framework/1` data and compiled into a
// dense, immutable form (ids interned to indices). Share one across threads freely.
#pragma once

#include "qmark/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qmark {

using json = nlohmann::json;

/// One level of a scale; scales are ordered lowest first.
struct Level {
  std::string id, label, descriptor;
  std::optional<std::string> award;  ///< award alias ("bronze"), if the level carries one
};

/// The most levels a scale may have (a framework with more is refused when it loads).
inline constexpr std::size_t max_scale_levels = 32;

struct Scale {
  std::string id, title;
  std::vector<Level> levels;
  [[nodiscard]] int find(std::string_view level_id) const noexcept;  ///< -1 when absent
  [[nodiscard]] int top() const noexcept { return static_cast<int>(levels.size()) - 1; }
};

/// How a parent node takes its level from its children.
enum class Aggregate : std::uint8_t { none, counts, min, upper_median };

struct NodeKind {
  std::string id, title;
  bool judgeable = false;
  int scale = -1;  ///< index into Framework::scales(); -1 for kinds without a level
  Aggregate aggregate = Aggregate::none;
};

/// A node of the framework tree (section, strand, standard, element, indicator, area…).
struct Node {
  std::string id, title, statement, source;
  int kind = -1;    ///< index into kinds()
  int parent = -1;  ///< index into nodes(); -1 for a root
  int depth = 0;
  std::vector<int> children;
  bool limiting = false;
  std::string limiting_basis;  ///< e.g. "assumed" when the seed lost the marking
  json evidence_guidance;      ///< stage → list of suggestions (object or null)
  [[nodiscard]] bool leaf() const noexcept { return children.empty(); }
};

/// What assessing reads of a node, packed (Framework::shapes(); derived from the node, its
/// kind and its scale when the framework is compiled).
struct NodeShape {
  int parent = -1;
  std::int16_t kind = -1;
  std::int8_t top = -1;        ///< top level index of its scale, -1 without one
  Aggregate aggregate = Aggregate::none;  ///< its kind's
  bool leaf = true;
  bool judgeable = false;      ///< its kind's
};

struct Parameter {
  std::string name, title, source;
  std::optional<double> value;  ///< nullopt: switched off
};

/// A number in a rule: a literal or a parameter (resolved at load).
struct Amount {
  int parameter = -1;  ///< index into parameters(), or -1 for the literal
  double literal = 0;
};

/// A condition of an outcome rule, compiled. Children index into Framework's pool.
struct Condition {
  enum class Op : std::uint8_t { always, all, any, negate, limiting_at_least, node_at_least,
                                 share_at_least, count_at_least };
  Op op = Op::always;
  std::vector<int> children;  ///< for all / any / negate
  int node = -1;              ///< node_at_least
  int level = -1;             ///< level index on the relevant scale
  int of_kind = -1;           ///< share/count: restrict to leaves of this kind (-1: all)
  Amount amount;              ///< share: ratio; count: count
};

struct OutcomeDef {
  std::string id, title;
  std::optional<std::string> award;
};

struct OutcomeRule {
  std::string id, title, source;
  int outcome = -1;  ///< fixed outcome (index into outcomes()), or -1 for from_levels
  int when = -1;     ///< condition index, for a fixed outcome
  // from_levels
  Aggregate method = Aggregate::none;
  int of_kind = -1;
  int cap_by = -1;  ///< node whose level caps the result, or -1
};

/// A fact → level rule.
struct Derivation {
  enum class Test : std::uint8_t { incidents_in_window, rate_above, checks };
  struct Operand {
    int field = -1;  ///< index into fields, or -1 for a literal
    std::int64_t times = 1;
    std::int64_t value = 0;
  };
  struct Check {
    Operand lhs, rhs;
    std::string op;  ///< ">=", ">", "<=", "<", "=="
  };
  enum class Effect : std::uint8_t { stand, set, cap };
  std::string id, title, source, fact;
  int node = -1;
  Test test = Test::incidents_in_window;
  int window = -1;           ///< parameter: months (incidents_in_window)
  int max = -1;              ///< parameter: rate limit per 100 pupils (rate_above)
  std::string count_field;   ///< rate_above
  std::vector<std::string> fields;  ///< checks: members the fact must have
  std::vector<Check> checks;
  Effect if_true = Effect::stand, if_false = Effect::stand;
  int true_level = -1, false_level = -1;
};

struct EvidenceRules {
  int window = -1;  ///< parameter: months of validity, or -1
  bool top_claim_needs_evidence = false;
  std::string top_claim_source;
  bool triangulation = false;
  int tri_above = -1, tri_cap = -1, tri_scale = -1;
  Amount tri_min_groups;    ///< a parameter or a number
  std::string tri_source;
};

struct Lifecycle {
  json phases;  ///< array of {id, title, source}
  std::string final_judge;  ///< "assessor", … ("" when none)
  bool appeal = false;
  std::optional<int> valid_for_months, reapply_after_months;
};

/// Parses JSON text within qmark's limits (size, nesting). Malformed text gives
/// errc::malformed_json with line and column.
[[nodiscard]] result<json> parse_json(std::string_view text);

/// A framework-level evidence rule that reports findings (never changes a level).
struct AuditCheck {
  enum class Type : std::uint8_t { judged_within, evidence_not_only, groups_heard, nodes_judged };
  std::string id, title, source, code;
  Type type = Type::judged_within;
  bool must = false;              ///< severity
  int of_kind = -1;               ///< judged_within, evidence_not_only
  int window = -1;                ///< parameter (months), judged_within
  std::uint16_t kinds = 0;        ///< evidence kinds bitmask, evidence_not_only
  std::uint8_t groups = 0;        ///< stakeholder groups bitmask, groups_heard
  std::vector<int> nodes;         ///< nodes_judged
};

/// A check of a plan/1 document, compiled from a plan rule's "check".
struct PlanCheck {
  enum class Type : std::uint8_t { text_present, any_text_present, is_true, period_at_least, each_value_has_item,
                                   each_value_referenced, includes_all, latest_date_within,
                                   working_days_deadline, each_item, all_of };
  Type type = Type::text_present;
  std::vector<std::string> members;  ///< JSON Pointers (text_present, any_text_present, dates…)
  std::string member, from, to, items, field, event, done, holidays, where_has;
  std::vector<std::string> text, nonempty;  ///< each_value_has_item / each_item (relative pointers)
  json values;                              ///< array of values to find
  int amount = 0;                           ///< years / months / working days
  int if_none = 0;                          ///< 0 pass, 1 fail, 2 not_applicable
  std::vector<PlanCheck> checks;            ///< all_of
};

struct PlanRule {
  std::string id, title, source;
  bool must = false;
  PlanCheck check;
};

class Framework;
namespace detail {
struct DecisionTexts;  // internal (src/guidance_text.hpp): text the decision writer reuses
struct EvalPlan;       // internal (src/eval_plan.hpp): what assessing walks of a framework
}
using FrameworkPtr = std::shared_ptr<const Framework>;

/// An overlay document (`overlay/1`), parsed but not yet applied to a base.
class Overlay {
 public:
  [[nodiscard]] static result<Overlay> parse(std::string_view json_text);
  [[nodiscard]] static result<Overlay> from_json(const json &doc);
  [[nodiscard]] const std::string &id() const noexcept { return id_; }
  [[nodiscard]] const std::string &version() const noexcept { return version_; }
  [[nodiscard]] const std::string &base() const noexcept { return base_; }
  [[nodiscard]] const json &document() const noexcept { return doc_; }

 private:
  std::string id_, version_, base_;
  json doc_;
};

/// A compiled framework. Immutable once loaded; evaluation never re-reads its JSON.
class Framework {
 public:
  /// Loads and compiles a `framework/1` document. Every problem found is reported:
  /// the first in the error itself, the rest in `error::more`.
  [[nodiscard]] static result<FrameworkPtr> load(std::string_view json_text);
  [[nodiscard]] static result<FrameworkPtr> from_json(const json &doc);
  /// A framework shipped with the library (compiled in as data).
  [[nodiscard]] static result<FrameworkPtr> builtin(std::string_view id);
  /// Ids of the built-in frameworks, sorted.
  [[nodiscard]] static std::vector<std::string> builtin_ids();

  /// This framework with an overlay applied (a new framework; this one is unchanged).
  [[nodiscard]] result<FrameworkPtr> with_overlay(const Overlay &overlay) const;

  [[nodiscard]] const std::string &id() const noexcept { return id_; }
  [[nodiscard]] const std::string &version() const noexcept { return version_; }
  [[nodiscard]] const std::string &title() const noexcept { return title_; }
  [[nodiscard]] const std::string &overlay_id() const noexcept { return overlay_id_; }
  [[nodiscard]] const std::string &overlay_version() const noexcept { return overlay_version_; }
  /// The (overlaid) framework document, as data.
  [[nodiscard]] const json &document() const noexcept { return doc_; }

  [[nodiscard]] const std::vector<Scale> &scales() const noexcept { return scales_; }
  [[nodiscard]] const std::vector<NodeKind> &kinds() const noexcept { return kinds_; }
  /// Nodes in framework order (pre-order over the tree).
  [[nodiscard]] const std::vector<Node> &nodes() const noexcept { return nodes_; }
  [[nodiscard]] const std::vector<Parameter> &parameters() const noexcept { return params_; }
  [[nodiscard]] const std::vector<Derivation> &derivations() const noexcept { return derivations_; }
  [[nodiscard]] const std::vector<Condition> &conditions() const noexcept { return conditions_; }
  [[nodiscard]] const std::vector<OutcomeDef> &outcomes() const noexcept { return outcomes_; }
  [[nodiscard]] const std::vector<OutcomeRule> &outcome_rules() const noexcept { return rules_; }
  [[nodiscard]] const EvidenceRules &evidence_rules() const noexcept { return evidence_rules_; }
  [[nodiscard]] const Lifecycle &lifecycle() const noexcept { return lifecycle_; }
  [[nodiscard]] const std::vector<std::string> &evidence_stages() const noexcept { return stages_; }
  [[nodiscard]] const std::vector<AuditCheck> &audit_checks() const noexcept { return audit_checks_; }
  [[nodiscard]] const std::vector<PlanRule> &plan_rules() const noexcept { return plan_rules_; }
  /// Judgeable leaves in framework order: what outcome rules count.
  [[nodiscard]] const std::vector<int> &leaves() const noexcept { return leaves_; }
  /// Level a limiting node must reach (from the outcome rules; top of scale by default).
  [[nodiscard]] int limiting_level() const noexcept { return limiting_level_; }
  /// Whether every node below the top of its scale gets an action-plan entry.
  [[nodiscard]] bool actions_for_all_below_top() const noexcept { return actions_all_below_top_; }

  /// Limiting nodes, in framework order.
  [[nodiscard]] const std::vector<int> &limiting_nodes() const noexcept { return limiting_nodes_; }
  /// Indices into derivations() of the derivations that decide or cap `node`.
  [[nodiscard]] const std::vector<int> &derivations_of(int node) const noexcept {
    return derivations_of_[static_cast<std::size_t>(node)];
  }
  /// Per node, what assessing reads of it, side by side in memory.
  [[nodiscard]] const std::vector<NodeShape> &shapes() const noexcept { return shapes_; }
  /// A node's children, as a range of indices (the same as nodes()[node].children).
  [[nodiscard]] const int *children_begin(int node) const noexcept {
    return child_list_.data() + child_begin_[static_cast<std::size_t>(node)];
  }
  [[nodiscard]] const int *children_end(int node) const noexcept {
    return child_list_.data() + child_begin_[static_cast<std::size_t>(node) + 1];
  }
  /// A node's own evidence guidance as the decision document writes it (JSON text laid out
  /// from depth 0); empty when it has none.
  [[nodiscard]] const std::string &guidance_text(int node) const noexcept {
    return guidance_text_[static_cast<std::size_t>(node)];
  }
  /// Internal: text the decision writer reuses for this framework (its node and level ids
  /// as JSON), made when it is compiled; null when some could not be made (not UTF-8).
  [[nodiscard]] const detail::DecisionTexts *decision_texts() const noexcept { return decision_texts_.get(); }
  /// Internal: the lists assessing walks, made when the framework is compiled.
  [[nodiscard]] const detail::EvalPlan &eval_plan() const noexcept;
  /// Whether any node kind takes its level from its children (min, upper_median).
  [[nodiscard]] bool has_level_aggregates() const noexcept { return has_level_aggregates_; }

  [[nodiscard]] int find_node(std::string_view id) const noexcept;
  [[nodiscard]] int find_parameter(std::string_view name) const noexcept;
  [[nodiscard]] std::optional<double> parameter_value(int index) const noexcept;
  /// The scale a node is judged on (null for kinds without one). O(1).
  [[nodiscard]] const Scale *scale_of(int node) const noexcept {
    return node < 0 ? nullptr : node_scale_[static_cast<std::size_t>(node)];
  }

  struct Compiler;  // implementation detail

 private:
  std::string id_, version_, title_, overlay_id_, overlay_version_;
  json doc_;
  std::vector<Scale> scales_;
  std::vector<NodeKind> kinds_;
  std::vector<Node> nodes_;
  std::vector<Parameter> params_;
  std::vector<Derivation> derivations_;
  std::vector<Condition> conditions_;
  std::vector<OutcomeDef> outcomes_;
  std::vector<OutcomeRule> rules_;
  EvidenceRules evidence_rules_;
  Lifecycle lifecycle_;
  std::vector<std::string> stages_;
  std::vector<AuditCheck> audit_checks_;
  std::vector<PlanRule> plan_rules_;
  std::vector<int> leaves_;
  int limiting_level_ = -1;
  bool actions_all_below_top_ = false;
  std::vector<std::pair<std::string, int>> node_index_;  // hash table of ids; empty slots: -1
  std::vector<const Scale *> node_scale_;                // by node; points into scales_
  std::vector<int> limiting_nodes_;
  std::vector<std::vector<int>> derivations_of_;
  bool has_level_aggregates_ = false;
  std::vector<NodeShape> shapes_;
  std::vector<std::uint32_t> child_begin_;  // by node, and one past the last: into child_list_
  std::vector<int> child_list_;
  std::vector<std::string> guidance_text_;  // by node
  std::shared_ptr<const detail::DecisionTexts> decision_texts_;
  std::shared_ptr<const detail::EvalPlan> eval_plan_;
};

}  // namespace qmark

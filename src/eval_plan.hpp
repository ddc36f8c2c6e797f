// Internal: what assessing walks of a framework, as lists made once when the framework is
// compiled (framework.cpp calls make_eval_plan, defined with the engine in assess.cpp), so
// that an evaluation visits the nodes that matter rather than testing every node's shape.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "qmark/decision.hpp"
#include "qmark/framework.hpp"

namespace qmark::detail {

struct EvalPlan {
  /// Judgeable nodes in framework order, each with whether it is a leaf (a leaf always
  /// decides its own level; a parent only when judged) and whether it is plain: no
  /// derivation decides it and triangulation does not read its scale, so that a judgement
  /// of it whose judges agree and cite only known ids, with valid evidence only and some,
  /// gives it the level claimed, as judging it in full would.
  struct Judgeable {
    int node = -1;
    bool leaf = false;
    bool plain = false;
  };
  std::vector<Judgeable> judgeable;
  /// Parents whose level follows their children's (min, upper_median), children first
  /// (reverse framework order): the order in which levels are combined.
  std::vector<int> level_parents;
  /// Every node's result before an evaluation, as if it took its level from its children;
  /// the parents that count their leaves with their range of Decision::count_values (the
  /// levels of the largest scale among the judgeable leaves below), `count_values` in all.
  std::vector<NodeResult> blank;
  std::size_t count_values = 0;
  /// Each judgeable leaf with each of its ancestors that count leaves: the leaf, and where
  /// the ancestor's counts are in Decision::count_values.
  std::vector<int> count_leaf;
  std::vector<std::uint32_t> count_at;
  /// What the next-level search keeps count of as it tries levels, so that a condition on
  /// many nodes is tested by one comparison: for limiting_at_least, the limiting nodes
  /// below its level (`below`); for share_at_least and count_at_least, the judgeable leaves
  /// (of its kind) at or above it. At most 32; conditions beyond count their nodes.
  struct Counter {
    bool below = false;
    int level = 0;
    int total = 0;  ///< the nodes it counts among
    /// Its condition holds at a count of `need` or more (share_at_least, count_at_least:
    /// EvalPlan::need); limiting_at_least at a count of 0.
    int need = 0;
    [[nodiscard]] bool holds(int count) const noexcept { return below ? count == 0 : count >= need; }
    /// Whether it counts a node at `at`.
    [[nodiscard]] bool counts(int at) const noexcept { return below ? at < level : at >= level; }
    /// What it gains when a node it counts goes from `was` to `now` (-1, 0 or 1).
    [[nodiscard]] int delta(int was, int now) const noexcept {
      return static_cast<int>(counts(now)) - static_cast<int>(counts(was));
    }
  };
  std::vector<Counter> counters;
  /// Bit L: some counter counts from level L (a node that rises to L may change it).
  std::uint32_t counter_levels = 0;
  /// Per condition: for share_at_least and count_at_least, the count of its nodes at or
  /// above its level at which it holds (its total + 1 when it never does, as when its
  /// amount is unknown).
  std::vector<int> need;
  std::vector<int> counter_of;            ///< per condition: its counter, or -1
  std::vector<std::uint32_t> counted_by;  ///< per node: bit k when counter k counts it
  /// Per counter: the nodes it counts, counted[counted_begin[k]] to counted[counted_begin[k + 1]].
  std::vector<std::uint32_t> counted_begin;
  std::vector<int> counted;
  /// Whether every outcome rule is a fixed outcome whose condition reads only counters
  /// (and always/all/any/not): then the outcome is a function of the counters.
  bool outcome_by_counters = false;
  /// With outcome_by_counters and at most max_table_counters counters: the outcome (-1:
  /// none) for each combination of counter conditions holding, bit k for counter k's
  /// (Counter::holds). Empty otherwise.
  static constexpr std::size_t max_table_counters = 10;
  std::vector<std::int16_t> outcome_by_holding;
  /// Per audit check: its code, interned (Finding::code outlives the framework).
  std::vector<std::string_view> check_code;
};

[[nodiscard]] std::shared_ptr<const EvalPlan> make_eval_plan(const Framework &fw);

/// The same text, kept for as long as the process runs (and followed by a NUL): one copy
/// of each text, however often it is asked for.
[[nodiscard]] std::string_view intern(std::string_view text);

}  // namespace qmark::detail

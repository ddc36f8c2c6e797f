// qmark/decision.hpp — the engine's output for an audit (`decision/1`): the outcome, the
// effective level of every node and why, findings, next-level gaps, actions and a trace.
#pragma once

#include "qmark/audit.hpp"
#include "qmark/framework.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qmark {

/// Why a node has the effective level it has.
enum class Basis : std::uint8_t { judgement, fact, aggregate, capped, missing };
[[nodiscard]] const char *basis_name(Basis b) noexcept;

enum class Severity : std::uint8_t { must, should };

/// Something the engine noticed. Its message is kept as data (what it names: levels,
/// dates, the rule) and written only when asked for (finding_message), so that assessing
/// writes no text.
struct Finding {
  /// fact_overrides_claim, no_evidence, stale_evidence, …: text that lives as long as the
  /// process (the engine's codes are literals; a framework's audit-check codes are kept
  /// once it is loaded) and is followed by a NUL.
  std::string_view code;
  int node = -1;  ///< -1 for a finding about the whole audit
  Severity severity = Severity::should;
  /// The evidence id concerned, as an index into the decision's evidence ids (read it with
  /// Decision::finding_evidence), or -1. An id a judgement cites that is not in the audit's
  /// list (unknown_evidence) is kept after the audit's own ids.
  int evidence = -1;

  /// The message's parameters, read by finding_message (their meaning depends on `form`).
  struct Detail {
    std::uint8_t form = 0;  ///< which message
    std::uint8_t mask = 0;  ///< judges present, or stakeholder groups
    int a = -1, b = -1, c = -1, d = -1;
    Date date1, date2;
  } detail;
};

/// A run of indices held by a Decision (a node's evidence): valid until the Decision is
/// changed or assessed into again.
struct IndexRange {
  const int *first = nullptr, *last = nullptr;
  [[nodiscard]] const int *begin() const noexcept { return first; }
  [[nodiscard]] const int *end() const noexcept { return last; }
  [[nodiscard]] std::size_t size() const noexcept { return static_cast<std::size_t>(last - first); }
  [[nodiscard]] bool empty() const noexcept { return first == last; }
  [[nodiscard]] int operator[](std::size_t i) const noexcept { return first[i]; }
  [[nodiscard]] int back() const noexcept { return last[-1]; }
};

struct NodeResult {
  int claimed = -1;    ///< level claimed by the effective judge, -1 for none
  int effective = -1;  ///< -1 for aggregates without a level of their own (counts)
  Basis basis = Basis::missing;
  /// Its valid evidence, Decision::evidence_items[evidence_begin] up to [evidence_end]
  /// (read it with Decision::evidence_of): item indices in the natural order of their ids.
  std::uint32_t evidence_begin = 0, evidence_end = 0;
  /// For a counts aggregate, its leaves at each level of the leaf scale,
  /// Decision::count_values[counts_begin] up to [counts_end] (Decision::counts_of).
  std::uint32_t counts_begin = 0, counts_end = 0;
};

struct TraceEntry {
  std::string rule;
  json result;
  json inputs;
};

struct Action {
  int node = -1;
  int level = -1;  ///< level the node must reach
};

struct Decision {
  std::string framework_id, framework_version, overlay_id, overlay_version;
  std::string school_id;
  Date assessed_on, decided_on;
  int outcome = -1;  ///< index into Framework::outcomes()
  std::optional<std::string> award;
  std::string decided_by;  ///< id of the outcome rule that fired
  bool final = false;      ///< made by the lifecycle's final judge
  std::string judged_by;
  std::vector<NodeResult> levels;  ///< per node, framework order
  /// The nodes' valid evidence (item indices), each node's a range of this list: read a
  /// node's with evidence_of(). Items of nodes that take their level from their children
  /// may lie between the ranges.
  std::vector<int> evidence_items;
  [[nodiscard]] IndexRange evidence_of(std::size_t node) const noexcept {
    const int *at = evidence_items.data();
    return {at + levels[node].evidence_begin, at + levels[node].evidence_end};
  }
  /// The counts of the nodes that count their leaves, each node's a range of this list:
  /// read a node's with counts_of() (empty for the others).
  std::vector<int> count_values;
  [[nodiscard]] IndexRange counts_of(std::size_t node) const noexcept {
    const int *at = count_values.data();
    return {at + levels[node].counts_begin, at + levels[node].counts_end};
  }
  std::vector<int> limiting_failures;
  std::vector<Finding> findings;
  int next_target = -1;  ///< outcome index, -1 at the top
  std::vector<int> next_needs;
  std::vector<Action> actions;
  std::optional<Date> valid_until, reapply_from;
  std::vector<TraceEntry> trace;
  /// The evidence ids, by index (read them with evidence_id()): the audit's own, shared
  /// with it (so that a decision is written without its audit, and outlives it), then
  /// `cited_ids`, those its judgements cite that its evidence list lacks.
  std::shared_ptr<const EvidenceIds> evidence_ids;
  EvidenceIds cited_ids;
  [[nodiscard]] std::size_t evidence_id_count() const noexcept {
    return (evidence_ids ? evidence_ids->size() : 0) + cited_ids.size();
  }
  [[nodiscard]] std::string_view evidence_id(std::size_t index) const noexcept {
    const std::size_t own = evidence_ids ? evidence_ids->size() : 0;
    return index < own ? (*evidence_ids)[index] : cited_ids[index - own];
  }
  /// The evidence id a finding concerns ("" for none).
  [[nodiscard]] std::string_view finding_evidence(const Finding &f) const noexcept {
    return f.evidence < 0 ? std::string_view() : evidence_id(static_cast<std::size_t>(f.evidence));
  }

  /// Working storage the engine reuses from one evaluation to the next (so that
  /// assessing into the same Decision makes no heap allocation). Not part of the result.
  struct Workspace {
    std::vector<int> levels, own, trial, agg, raised, candidates, counters;
    std::vector<char> own_level;  // per node
    std::vector<std::uint32_t> valid_before;    // per (node, item) of the index: valid ones before it
    std::vector<int> invalid_items;              // per (node, item) of the index: those that do not count
    std::vector<int> in_full;                    // nodes to judge in full
    detail::AuditIndex index;  // for an audit without its own (see Audit::reindex)
  } work;
};

struct AssessOptions {
  bool trace = true;
};

/// Assesses an audit against the framework it was read for. Deterministic; `framework`
/// is only read, so many threads may assess against one framework at once.
[[nodiscard]] Decision assess(const Framework &framework, const Audit &audit, const AssessOptions &options = {});

/// Assesses into `out`, reusing its storage: with the trace off and `out` last used for
/// an audit of the same framework, evaluation makes no heap allocation.
void assess(const Framework &framework, const Audit &audit, Decision &out, const AssessOptions &options = {});

/// Reads and assesses in one call: JSON text in.
[[nodiscard]] result<Decision> assess_json(const Framework &framework, std::string_view audit_json,
                                           const AssessOptions &options = {});

/// The `decision/1` document, members in a fixed order, levels in framework order.
[[nodiscard]] nlohmann::ordered_json to_json(const Framework &framework, const Decision &decision);
/// The document as text: 2-space indented, '\n' line ends, trailing newline. Same input,
/// same bytes.
[[nodiscard]] std::string to_json_text(const Framework &framework, const Decision &decision);
/// An action's title and success criteria, as the decision document and reports give them.
[[nodiscard]] std::string action_title(const Framework &framework, const Action &action);
[[nodiscard]] std::string action_success_criteria(const Framework &framework, const Action &action);

/// A finding's message, as the decision document and reports give it (`framework` is the
/// one `decision`, which holds `finding`, was made with).
[[nodiscard]] std::string finding_message(const Framework &framework, const Decision &decision, const Finding &finding);
/// The same, appended to `out`.
void append_finding_message(std::string &out, const Framework &framework, const Decision &decision,
                            const Finding &finding);

/// A readable summary for a person (the CLI's --format text).
[[nodiscard]] std::string to_text(const Framework &framework, const Decision &decision, bool with_trace = false);

}  // namespace qmark

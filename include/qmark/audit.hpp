// qmark/audit.hpp — one school's `audit/1` submission, read and checked against the
// framework it names (so no judgement is ever silently dropped).
#pragma once

#include "qmark/date.hpp"
#include "qmark/error.hpp"
#include "qmark/framework.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qmark {

/// Who made a judgement, least authoritative first.
enum class Judge : std::uint8_t { self = 0, moderator = 1, assessor = 2 };
inline constexpr int judge_count = 3;
[[nodiscard]] const char *judge_name(Judge j) noexcept;

enum class EvidenceKind : std::uint8_t { document, policy, data, questionnaire, interview, observation,
                                         case_study, minutes, other };
[[nodiscard]] const char *evidence_kind_name(EvidenceKind k) noexcept;

/// Stakeholder groups, as bits of a mask.
enum class Group : std::uint8_t { learners, parents_carers, staff, support_staff, leadership, governors,
                                  community, partner_agencies };
inline constexpr int group_count = 8;
[[nodiscard]] const char *group_name(Group g) noexcept;
[[nodiscard]] std::optional<EvidenceKind> evidence_kind_from(std::string_view name) noexcept;
[[nodiscard]] std::optional<Group> group_from(std::string_view name) noexcept;

struct EvidenceItem {
  std::string id, title, stage;
  EvidenceKind kind = EvidenceKind::other;
  std::uint8_t groups = 0;  ///< bit i set: Group(i) speaks through this item
  Date date;
  std::vector<int> supports;  ///< node indices
};

/// One judge's judgement on a node.
struct JudgeEntry {
  bool present = false;
  int level = -1;                    ///< index on the node's scale
  std::vector<int> evidence;         ///< evidence item indices cited
  std::vector<std::string> unknown;  ///< cited ids that match no item
  std::string comment;
};

struct Judgement {
  int node = -1;
  std::array<JudgeEntry, judge_count> by;  ///< indexed by Judge
  /// The most authoritative judge present (self when none is).
  [[nodiscard]] Judge effective() const noexcept {
    int top = judge_count - 1;
    while (top > 0 && !by[static_cast<std::size_t>(top)].present) --top;
    return static_cast<Judge>(top);
  }
};

/// A fact read for one derivation, in the shape its test needs.
struct FactValue {
  bool present = false;
  std::vector<Date> dates;            ///< incidents_in_window
  std::vector<std::int64_t> fields;   ///< checks (in the derivation's field order)
  std::int64_t count = 0;             ///< rate_above
};

/// Evidence ids by index, one after another in one buffer: an audit's, shared read-only
/// with the decisions made from it (Decision::evidence_ids).
struct EvidenceIds {
  std::string chars;
  std::vector<std::uint32_t> ends;  ///< per id: its end in `chars`
  [[nodiscard]] std::size_t size() const noexcept { return ends.size(); }
  [[nodiscard]] std::string_view operator[](std::size_t index) const noexcept {
    const std::size_t from = index ? ends[index - 1] : 0;
    return {chars.data() + from, ends[index] - from};
  }
  void push_back(std::string_view id) {
    chars.append(id);
    ends.push_back(static_cast<std::uint32_t>(chars.size()));
  }
  void clear() noexcept {
    chars.clear();
    ends.clear();
  }
};

class Audit;
namespace detail {
// Internal (src/audit_text.cpp): reads an ordinary valid audit straight from its text;
// nullopt for anything else, which Audit::parse then reads through the document. Without
// `keep`, what assessing does not read (evidence titles and stages, judgement comments,
// the texts to_json writes back) is checked but not kept: for assess_json, whose audit
// nobody else sees.
std::optional<Audit> read_audit_text(const Framework &framework, std::string_view text, bool keep = true);

// Internal: what assessing reads of an audit, laid out flat and in one place so that an
// evaluation touches a few kilobytes of memory rather than every item's and judgement's
// own allocations. Made from the audit's members when it is read (or by Audit::reindex);
// src/audit.cpp builds it, src/assess.cpp reads it.
struct AuditIndex {
  std::size_t nodes = 0;                  ///< the framework's node count it was made for
  std::vector<std::int32_t> dates;        ///< per evidence item: its date (Date::days())
  std::vector<std::uint8_t> groups;       ///< per evidence item: its stakeholder groups
  std::vector<std::uint8_t> kinds;        ///< per evidence item: its EvidenceKind
  /// The evidence ids (made anew when a decision shares the last ones: see build_index)
  std::shared_ptr<EvidenceIds> ids;
  /// node → its evidence, items[node_items[n]] to items[node_items[n + 1]]: the items the
  /// effective judge cites and those that support the node, in the natural order of their
  /// ids, each once
  std::vector<std::uint32_t> node_items;
  std::vector<int> items;
  struct Judged {
    std::array<std::int8_t, judge_count> level{};  ///< per judge present: the level
    std::uint8_t present = 0;  ///< bit w: judge w gave a judgement
    std::uint8_t unknown = 0;  ///< bit w: judge w cites ids not in the evidence list
    std::uint8_t effective = 0;
    bool disagree = false;  ///< a judge present gave another level than the effective one
  };
  std::vector<Judged> judged;  ///< per judgement
  /// Whether this index was made for `audit` read against a framework of `nodes` nodes
  /// (checked by size: an audit changed in place needs Audit::reindex).
  [[nodiscard]] bool fits(const Audit &audit, std::size_t framework_nodes) const noexcept;
};
struct EvidenceOrder;
/// With `order` (from index_audit given the supports as one list), each node's supporting
/// items are read from it rather than from audit.supported_by.
void build_index(const Framework &framework, const Audit &audit, AuditIndex &out, const EvidenceOrder *order = nullptr);
const AuditIndex &audit_index(const Audit &audit) noexcept;
}  // namespace detail

/// An audit read against a framework. Node references are indices into it.
class Audit {
 public:
  /// Reads an `audit/1` document for `framework` (with its overlay, if any).
  [[nodiscard]] static result<Audit> parse(const Framework &framework, std::string_view json_text);
  [[nodiscard]] static result<Audit> from_json(const Framework &framework, const json &doc);
  /// As above, taking the document's parts it keeps instead of copying them.
  [[nodiscard]] static result<Audit> from_json(const Framework &framework, json &&doc);
  /// The framework id an audit document names, without reading the rest (for routing).
  [[nodiscard]] static result<std::string> framework_of(const json &doc);
  /// The same from an audit's JSON text (errors as parse_json + framework_of give them).
  [[nodiscard]] static result<std::string> framework_of_text(std::string_view json_text);

  /// The document again: known members normalised, unknown ones under "extensions".
  [[nodiscard]] json to_json(const Framework &framework) const;

  /// Works out again what parse and from_json derive from the members read
  /// (judgement_of, evidence_rank, supported_by and what assessing reads): call it after
  /// changing an audit's members, before assessing it. `judgements` must stay in framework
  /// order of node.
  void reindex(const Framework &framework);

  std::string framework_id, overlay_id;
  json school;  ///< the school object as given
  std::string school_id;
  std::optional<double> pupils;
  Date assessed_on, decided_on;
  Judge judged_by = Judge::self;
  std::vector<Judgement> judgements;  ///< in framework order of node
  std::vector<int> judgement_of;      ///< node index → index into judgements, or -1
  std::vector<EvidenceItem> evidence;
  /// evidence index → its place in the natural order of the evidence ids (E2 before E10);
  /// decisions list evidence in this order, whatever the audit's order
  std::vector<int> evidence_rank;
  /// node index → indices of the evidence items whose "supports" name it, in that order
  std::vector<std::vector<int>> supported_by;
  std::vector<FactValue> facts;  ///< per derivation of the framework
  json facts_doc;                ///< the facts object as given (null when absent)
  json extensions;               ///< unknown members (an object)
  bool has_decided_on = false;

 private:
  // The "evidence" and "judgements" members as given, for to_json: as JSON, or (when the
  // audit was read from text without building a document) as their text.
  json source_evidence_, source_judgements_;
  std::string source_evidence_text_, source_judgements_text_;
  detail::AuditIndex index_;
  static result<Audit> read(const Framework &framework, const json &doc, json *owned);
  friend std::optional<Audit> detail::read_audit_text(const Framework &framework, std::string_view text, bool keep);
  friend const detail::AuditIndex &detail::audit_index(const Audit &audit) noexcept;
};

}  // namespace qmark

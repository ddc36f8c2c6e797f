// qmark/audit.hpp — one school's `audit/1` submission, read and checked against the
// framework it names (so no judgement is ever silently dropped).
#pragma once

#include "qmark/date.hpp"
#include "qmark/error.hpp"
#include "qmark/framework.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
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

class Audit;
namespace detail {
// Internal (src/audit_text.cpp): reads an ordinary valid audit straight from its text;
// nullopt for anything else, which Audit::parse then reads through the document.
std::optional<Audit> read_audit_text(const Framework &framework, std::string_view text);
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
  static result<Audit> read(const Framework &framework, const json &doc, json *owned);
  friend std::optional<Audit> detail::read_audit_text(const Framework &framework, std::string_view text);
};

}  // namespace qmark

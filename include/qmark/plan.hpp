// qmark/plan.hpp — a school development plan (`plan/1`) checked against the plan rules a
// framework carries as data, giving `compliance/1`: a verdict and one result per rule.
#pragma once

#include "qmark/date.hpp"
#include "qmark/error.hpp"
#include "qmark/framework.hpp"

#include <string>
#include <vector>

namespace qmark {

/// A plan document, read and checked for shape (dates, types). Whether its content meets
/// the rules is what check_plan decides: a missing text member is a failed rule, not an
/// invalid document.
class Plan {
 public:
  [[nodiscard]] static result<Plan> parse(std::string_view json_text);
  [[nodiscard]] static result<Plan> from_json(const json &doc);

  /// The document again: unknown members under "extensions".
  [[nodiscard]] json to_json() const;

  std::string school_id;
  Date as_of;
  json document;  ///< the plan as given, known members only
  json extensions;
};

enum class RuleOutcome : std::uint8_t { pass, fail, not_applicable };
[[nodiscard]] const char *rule_outcome_name(RuleOutcome r) noexcept;

struct RuleResult {
  std::string id, severity, title, source, message;
  RuleOutcome result = RuleOutcome::fail;
};

struct Compliance {
  std::string framework_id, framework_version, school_id;
  Date as_of;
  bool compliant = false;  ///< every "must" rule passed (or does not apply)
  std::vector<RuleResult> rules;
};

/// Checks a plan against the framework's plan rules (errc::invalid_argument when the
/// framework has none). Deterministic and re-entrant.
[[nodiscard]] result<Compliance> check_plan(const Framework &framework, const Plan &plan);

/// The `compliance/1` document; rules in the framework's order.
[[nodiscard]] nlohmann::ordered_json to_json(const Compliance &compliance);
[[nodiscard]] std::string to_json_text(const Compliance &compliance);
[[nodiscard]] std::string to_text(const Compliance &compliance);

}  // namespace qmark

// Checking plan/1 documents against a framework's plan rules (being written).
#include "qmark/plan.hpp"

#include "json_util.hpp"

namespace qmark {

const char *rule_outcome_name(RuleOutcome r) noexcept {
  switch (r) {
    case RuleOutcome::pass: return "pass";
    case RuleOutcome::fail: return "fail";
    case RuleOutcome::not_applicable: return "not_applicable";
  }
  return "fail";
}

result<Plan> Plan::from_json(const json &doc) {
  if (auto e = detail::check_format(doc, "plan", 1)) return std::move(*e);
  return error(errc::internal, "plan checking is not written yet");
}

result<Plan> Plan::parse(std::string_view text) {
  auto doc = detail::parse_json(text);
  if (!doc) return std::move(doc).error();
  return from_json(doc.value());
}

json Plan::to_json() const { return document; }

result<Compliance> check_plan(const Framework &, const Plan &) {
  return error(errc::internal, "plan checking is not written yet");
}

nlohmann::ordered_json to_json(const Compliance &) { return nlohmann::ordered_json::object(); }
std::string to_json_text(const Compliance &c) { return to_json(c).dump(2) + "\n"; }
std::string to_text(const Compliance &) { return {}; }

}  // namespace qmark

// The C ABI: school development plans (plan/1) and their compliance results.
#include "capi_internal.hpp"

#include <string>

using namespace qmark::capi;

namespace {

qm_status give_compliance(const qmark::Framework &fw, const qmark::Plan &plan, qm_compliance **out) {
  auto compliance = qmark::check_plan(fw, plan);
  if (!compliance) return fail(compliance.error());
  *out = new qm_compliance{std::move(compliance).value()};
  return ok();
}

// The i-th rule result, or nullptr with the last error set.
const qmark::RuleResult *rule(const qm_compliance *compliance, std::size_t i) {
  if (!compliance) return nothing(QM_E_NULL_ARGUMENT, "compliance is NULL");
  const auto &rules = compliance->compliance.rules;
  if (i >= rules.size())
    return nothing(QM_E_OUT_OF_RANGE,
                   "rule index " + std::to_string(i) + " is past the end (" + std::to_string(rules.size()) + " rules)");
  return &rules[i];
}

}  // namespace

extern "C" {

qm_status qm_plan_load_json(const char *json, size_t len, qm_plan **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!json) return fail(QM_E_NULL_ARGUMENT, "json is NULL");
    const std::string_view text = text_of(json, len);
    if (auto e = nul_in(text)) return fail(*e);
    auto plan = qmark::Plan::parse(text);
    if (!plan) return fail(plan.error());
    *out = new qm_plan{std::move(plan).value()};
    return ok();
  } catch (...) {
    return on_exception();
  }
}

void qm_plan_free(qm_plan *plan) { delete plan; }

qm_status qm_plan_to_json(const qm_plan *plan, char **out, size_t *len) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (len) *len = 0;
    if (!plan) return fail(QM_E_NULL_ARGUMENT, "plan is NULL");
    return give_string(plan->plan.to_json().dump(2) + "\n", out, len);
  } catch (...) {
    return on_exception();
  }
}

qm_status qm_check_plan(const qm_framework *framework, const qm_plan *plan, qm_compliance **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!framework) return fail(QM_E_NULL_ARGUMENT, "framework is NULL");
    if (!plan) return fail(QM_E_NULL_ARGUMENT, "plan is NULL");
    return give_compliance(*framework->fw, plan->plan, out);
  } catch (...) {
    return on_exception();
  }
}

qm_status qm_check_plan_json(const qm_framework *framework, const char *plan_json, size_t len,
                             qm_compliance **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!framework) return fail(QM_E_NULL_ARGUMENT, "framework is NULL");
    if (!plan_json) return fail(QM_E_NULL_ARGUMENT, "plan_json is NULL");
    const std::string_view text = text_of(plan_json, len);
    if (auto e = nul_in(text)) return fail(*e);
    auto plan = qmark::Plan::parse(text);
    if (!plan) return fail(plan.error());
    return give_compliance(*framework->fw, plan.value(), out);
  } catch (...) {
    return on_exception();
  }
}

void qm_compliance_free(qm_compliance *compliance) { delete compliance; }

qm_status qm_compliance_to_json(const qm_compliance *compliance, char **out, size_t *len) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (len) *len = 0;
    if (!compliance) return fail(QM_E_NULL_ARGUMENT, "compliance is NULL");
    return give_string(qmark::to_json_text(compliance->compliance), out, len);
  } catch (...) {
    return on_exception();
  }
}

const char *qm_compliance_verdict(const qm_compliance *compliance) {
  try {
    if (!compliance) return nothing(QM_E_NULL_ARGUMENT, "compliance is NULL");
    return compliance->compliance.compliant ? "compliant" : "non_compliant";
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

size_t qm_compliance_rule_count(const qm_compliance *compliance) {
  try {
    if (!compliance) return nothing(QM_E_NULL_ARGUMENT, "compliance is NULL");
    return compliance->compliance.rules.size();
  } catch (...) {
    on_exception();
    return 0;
  }
}

const char *qm_compliance_rule_id(const qm_compliance *compliance, size_t i) {
  try {
    const qmark::RuleResult *r = rule(compliance, i);
    return r ? r->id.c_str() : nullptr;
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

const char *qm_compliance_rule_severity(const qm_compliance *compliance, size_t i) {
  try {
    const qmark::RuleResult *r = rule(compliance, i);
    return r ? r->severity.c_str() : nullptr;
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

const char *qm_compliance_rule_result(const qm_compliance *compliance, size_t i) {
  try {
    const qmark::RuleResult *r = rule(compliance, i);
    return r ? qmark::rule_outcome_name(r->result) : nullptr;
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

const char *qm_compliance_rule_message(const qm_compliance *compliance, size_t i) {
  try {
    const qmark::RuleResult *r = rule(compliance, i);
    return r ? r->message.c_str() : nullptr;
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

}  // extern "C"

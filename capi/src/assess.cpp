// The C ABI: audits, assessment (one audit, or many on several threads) and decisions.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "capi_internal.hpp"

using namespace qmark::capi;

namespace qmark::capi {

qm_decision *make_decision(qmark::FrameworkPtr fw, qmark::Decision &&decision) {
  auto *h = new qm_decision;
  h->fw = std::move(fw);
  h->decision = std::move(decision);
  h->decision.work = {};  // (a handle's decision is read, never assessed into again: its scratch goes now)
  const qmark::Decision &d = h->decision;
  h->assessed_on = d.assessed_on.to_string();
  h->decided_on = d.decided_on.to_string();
  if (d.valid_until) h->valid_until = d.valid_until->to_string();
  if (d.reapply_from) h->reapply_from = d.reapply_from->to_string();
  h->finding_messages.reserve(d.findings.size());
  h->finding_evidence.reserve(d.findings.size());
  for (const qmark::Finding &f : d.findings) {
    h->finding_messages.push_back(qmark::finding_message(*h->fw, d, f));
    h->finding_evidence.emplace_back(d.finding_evidence(f));
  }
  return h;
}

}  // namespace qmark::capi

namespace {

qmark::AssessOptions options_of(const qm_framework &fw) {
  qmark::AssessOptions options;
  options.trace = fw.trace;
  return options;
}

// The node a decision accessor asks about, or a status saying why there is none.
qm_status find_node(const qm_decision *decision, const char *node_id, const char **out, int &node) {
  if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
  *out = nullptr;
  if (!decision) return fail(QM_E_NULL_ARGUMENT, "decision is NULL");
  if (!node_id) return fail(QM_E_NULL_ARGUMENT, "node_id is NULL");
  if (!valid_utf8(node_id)) return fail(QM_E_INVALID_UTF8, "node id is not valid UTF-8");
  node = decision->fw->find_node(node_id);
  if (node < 0)
    return fail(QM_E_UNKNOWN_NODE, "framework \"" + decision->fw->id() + "\" has no node \"" + node_id + "\"");
  return QM_OK;
}

const char *level_id(const qm_decision &d, int node, int level) {
  if (level < 0) return nullptr;
  const qmark::Scale *scale = d.fw->scale_of(node);
  if (!scale || static_cast<std::size_t>(level) >= scale->levels.size()) return nullptr;
  return scale->levels[static_cast<std::size_t>(level)].id.c_str();
}

const char *node_name(const qm_decision &d, int node) {
  return node >= 0 ? d.fw->nodes()[static_cast<std::size_t>(node)].id.c_str() : nullptr;
}

// The i-th finding, or nullptr with the last error set.
const qmark::Finding *finding(const qm_decision *decision, std::size_t i) {
  if (!decision) return nothing(QM_E_NULL_ARGUMENT, "decision is NULL");
  const auto &findings = decision->decision.findings;
  if (i >= findings.size())
    return nothing(QM_E_OUT_OF_RANGE, "finding index " + std::to_string(i) + " is past the end (" +
                                          std::to_string(findings.size()) + " findings)");
  return &findings[i];
}

// A decision accessor's body, run with the decision checked and every exception caught:
// a NULL decision or an exception gives the "nothing" of the result (NULL, 0) with the
// last error set.
template <class F>
auto decision_field(const qm_decision *decision, F field) noexcept -> decltype(field()) {
  try {
    if (!decision) return nothing(QM_E_NULL_ARGUMENT, "decision is NULL");
    return field();
  } catch (...) {
    on_exception();
    return Nothing{};
  }
}

// A finding accessor: the i-th finding given to `field`, or NULL with the last error set.
template <class F>
const char *finding_field(const qm_decision *decision, std::size_t i, F field) noexcept {
  try {
    const qmark::Finding *f = finding(decision, i);
    return f ? field(*f) : nullptr;
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

// A per-node accessor: *out set from the node's index, or a status saying why not.
template <class F>
qm_status node_field(const qm_decision *decision, const char *node_id, const char **out, F field) noexcept {
  try {
    int node = -1;
    if (qm_status s = find_node(decision, node_id, out, node); s != QM_OK) return s;
    *out = field(static_cast<std::size_t>(node));
    return ok();
  } catch (...) {
    return on_exception();
  }
}

// One audit of a batch: its decision or its error, never an exception.
struct BatchItem {
  qm_status status = QM_OK;
  qmark::error error;
};

}  // namespace

extern "C" {

// ---- audits -----------------------------------------------------------------------------

qm_status qm_audit_framework_of_json(const char *json, size_t len, char **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!json) return fail(QM_E_NULL_ARGUMENT, "json is NULL");
    const std::string_view text = text_of(json, len);
    if (auto e = nul_in(text)) return fail(*e);
    auto id = qmark::Audit::framework_of_text(text);
    if (!id) return fail(id.error());
    return give_string(id.value(), out, nullptr);
  } catch (...) {
    return on_exception();
  }
}

qm_status qm_audit_load_json(const qm_framework *framework, const char *json, size_t len, qm_audit **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!framework) return fail(QM_E_NULL_ARGUMENT, "framework is NULL");
    if (!json) return fail(QM_E_NULL_ARGUMENT, "json is NULL");
    const std::string_view text = text_of(json, len);
    if (auto e = nul_in(text)) return fail(*e);
    auto audit = qmark::Audit::parse(*framework->fw, text);
    if (!audit) return fail(audit.error());
    *out = new qm_audit{framework->fw, std::move(audit).value()};
    return ok();
  } catch (...) {
    return on_exception();
  }
}

void qm_audit_free(qm_audit *audit) {
  delete audit;
}

qm_status qm_audit_to_json(const qm_audit *audit, char **out, size_t *len) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (len) *len = 0;
    if (!audit) return fail(QM_E_NULL_ARGUMENT, "audit is NULL");
    return give_string(audit->audit.to_json(*audit->fw).dump(2) + "\n", out, len);
  } catch (...) {
    return on_exception();
  }
}

const char *qm_audit_school_id(const qm_audit *audit) {
  try {
    if (!audit) return nothing(QM_E_NULL_ARGUMENT, "audit is NULL");
    return audit->audit.school_id.c_str();
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

// ---- assessment -------------------------------------------------------------------------

qm_status qm_assess(const qm_framework *framework, const qm_audit *audit, qm_decision **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!framework) return fail(QM_E_NULL_ARGUMENT, "framework is NULL");
    if (!audit) return fail(QM_E_NULL_ARGUMENT, "audit is NULL");
    // An audit holds node indices into the framework it was read against: assessing it
    // against any other would read the wrong nodes.
    if (audit->fw != framework->fw)
      return fail(QM_E_INVALID_ARGUMENT, "the audit was read against another framework (" + audit->fw->id() +
                                             "); read it with qm_audit_load_json against this one");
    *out = make_decision(framework->fw, qmark::assess(*framework->fw, audit->audit, options_of(*framework)));
    return ok();
  } catch (...) {
    return on_exception();
  }
}

qm_status qm_assess_json(const qm_framework *framework, const char *audit_json, size_t len, qm_decision **out) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!framework) return fail(QM_E_NULL_ARGUMENT, "framework is NULL");
    if (!audit_json) return fail(QM_E_NULL_ARGUMENT, "audit_json is NULL");
    const std::string_view text = text_of(audit_json, len);
    if (auto e = nul_in(text)) return fail(*e);
    auto decision = qmark::assess_json(*framework->fw, text, options_of(*framework));
    if (!decision) return fail(decision.error());
    *out = make_decision(framework->fw, std::move(decision).value());
    return ok();
  } catch (...) {
    return on_exception();
  }
}

qm_status qm_assess_batch_json(const qm_framework *framework, const char *const *audit_jsons, const size_t *lens,
                               size_t count, uint32_t threads, qm_decision **decisions, qm_status *statuses,
                               char **messages) {
  // Whatever happens, every slot the caller gave us says something definite.
  auto reset = [&](qm_status status) noexcept {
    for (std::size_t i = 0; i < count; ++i) {
      if (decisions) decisions[i] = nullptr;
      if (statuses) statuses[i] = status;
      if (messages) messages[i] = nullptr;
    }
  };
  try {
    const char *missing = !framework                  ? "framework is NULL"
                          : count > 0 && !audit_jsons ? "audit_jsons is NULL"
                          : count > 0 && !decisions   ? "decisions is NULL"
                                                      : nullptr;
    if (missing) {
      reset(QM_E_NULL_ARGUMENT);
      return fail(QM_E_NULL_ARGUMENT, missing);
    }
    reset(QM_E_INTERNAL);
    if (count == 0) return ok();

    std::vector<BatchItem> items(count);
    const qmark::AssessOptions options = options_of(*framework);
    // Each item is written by exactly one thread; nothing else is shared but `next`.
    auto assess_one = [&](std::size_t i) noexcept {
      BatchItem &item = items[i];
      try {
        if (!audit_jsons[i]) {
          item.status = QM_E_NULL_ARGUMENT;
          item.error = qmark::error(qmark::errc::invalid_argument, "audit_jsons[" + std::to_string(i) + "] is NULL");
          return;
        }
        const std::size_t len = lens ? lens[i] : QM_NUL_TERMINATED;
        const std::string_view text = text_of(audit_jsons[i], len);
        if (auto e = nul_in(text)) {
          item.status = QM_E_MALFORMED_JSON;
          item.error = std::move(*e);
          return;
        }
        auto decision = qmark::assess_json(*framework->fw, text, options);
        if (!decision) {
          item.status = status_of(decision.error());
          item.error = std::move(decision).error();
          return;
        }
        decisions[i] = make_decision(framework->fw, std::move(decision).value());
      } catch (const std::bad_alloc &) {
        item.status = QM_E_OUT_OF_MEMORY;  // no message: making one would allocate
      } catch (...) {
        item.status = QM_E_INTERNAL;
      }
    };
    std::atomic<std::size_t> next{0};
    auto worker = [&]() noexcept {
      for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) assess_one(i);
    };

    std::size_t n = threads ? threads : framework->threads;
    if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
    n = std::min(n, count);
    std::vector<std::thread> pool;
    pool.reserve(n - 1);
    for (std::size_t t = 1; t < n; ++t) {
      try {
        pool.emplace_back(worker);
      } catch (...) {
        break;  // fewer threads than asked for: the ones we have share the work
      }
    }
    worker();
    for (std::thread &t : pool) t.join();

    std::size_t first_failed = count;
    for (std::size_t i = 0; i < count; ++i) {
      if (statuses) statuses[i] = items[i].status;
      if (items[i].status == QM_OK) continue;
      if (first_failed == count) first_failed = i;
      if (messages) {
        try {
          messages[i] =
              dup_string(items[i].error.message.empty() ? qm_status_str(items[i].status) : describe(items[i].error));
        } catch (...) {
          messages[i] = nullptr;  // out of memory: the status still says what happened
        }
      }
    }
    if (first_failed == count) return ok();
    const BatchItem &failed = items[first_failed];
    try {
      qmark::error e = failed.error;
      e.message = "audit " + std::to_string(first_failed) + ": " +
                  (e.message.empty() ? std::string(qm_status_str(failed.status)) : e.message);
      return fail(e, failed.status);
    } catch (...) {
      return fail(failed.status, qm_status_str(failed.status));
    }
  } catch (...) {
    // Only the setup can get here (each audit catches its own, the threads have not
    // started or have all been joined): nothing was assessed.
    const qm_status status = on_exception();
    reset(status);
    return status;
  }
}

// ---- decisions ---------------------------------------------------------------------------

void qm_decision_free(qm_decision *decision) {
  delete decision;
}

qm_status qm_decision_to_json(const qm_decision *decision, char **out, size_t *len) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (len) *len = 0;
    if (!decision) return fail(QM_E_NULL_ARGUMENT, "decision is NULL");
    // The one writer of decision/1 text, so the C ABI gives the C++ API's bytes.
    return give_string(qmark::to_json_text(*decision->fw, decision->decision), out, len);
  } catch (...) {
    return on_exception();
  }
}

qm_status qm_decision_to_text(const qm_decision *decision, int with_trace, char **out, size_t *len) {
  try {
    if (!out) return fail(QM_E_NULL_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (len) *len = 0;
    if (!decision) return fail(QM_E_NULL_ARGUMENT, "decision is NULL");
    return give_string(qmark::to_text(*decision->fw, decision->decision, with_trace != 0), out, len);
  } catch (...) {
    return on_exception();
  }
}

const char *qm_decision_outcome(const qm_decision *decision) {
  return decision_field(decision, [&]() -> const char * {
    const int o = decision->decision.outcome;
    return o >= 0 ? decision->fw->outcomes()[static_cast<std::size_t>(o)].id.c_str() : nullptr;
  });
}

const char *qm_decision_award(const qm_decision *decision) {
  return decision_field(decision, [&]() -> const char * {
    const auto &award = decision->decision.award;
    return award ? award->c_str() : nullptr;
  });
}

const char *qm_decision_decided_by(const qm_decision *decision) {
  return decision_field(decision, [&]() -> const char * { return decision->decision.decided_by.c_str(); });
}

int qm_decision_is_final(const qm_decision *decision) {
  return decision_field(decision, [&]() -> int { return decision->decision.final ? 1 : 0; });
}

const char *qm_decision_framework_id(const qm_decision *decision) {
  return decision_field(decision, [&]() -> const char * { return decision->decision.framework_id.c_str(); });
}

const char *qm_decision_school_id(const qm_decision *decision) {
  return decision_field(decision, [&]() -> const char * { return decision->decision.school_id.c_str(); });
}

const char *qm_decision_assessed_on(const qm_decision *decision) {
  return decision_field(decision, [&]() -> const char * { return decision->assessed_on.c_str(); });
}

const char *qm_decision_decided_on(const qm_decision *decision) {
  return decision_field(decision, [&]() -> const char * { return decision->decided_on.c_str(); });
}

const char *qm_decision_valid_until(const qm_decision *decision) {
  return decision_field(decision, [&]() -> const char * {
    return decision->decision.valid_until ? decision->valid_until.c_str() : nullptr;
  });
}

const char *qm_decision_reapply_from(const qm_decision *decision) {
  return decision_field(decision, [&]() -> const char * {
    return decision->decision.reapply_from ? decision->reapply_from.c_str() : nullptr;
  });
}

size_t qm_decision_limiting_failure_count(const qm_decision *decision) {
  return decision_field(decision, [&]() -> size_t { return decision->decision.limiting_failures.size(); });
}

const char *qm_decision_limiting_failure(const qm_decision *decision, size_t i) {
  return decision_field(decision, [&]() -> const char * {
    const auto &failures = decision->decision.limiting_failures;
    if (i >= failures.size())
      return nothing(QM_E_OUT_OF_RANGE, "limiting failure index " + std::to_string(i) + " is past the end (" +
                                            std::to_string(failures.size()) + " failures)");
    return node_name(*decision, failures[i]);
  });
}

qm_status qm_decision_effective_level(const qm_decision *decision, const char *node_id, const char **level) {
  return node_field(decision, node_id, level, [&](std::size_t node) {
    return level_id(*decision, static_cast<int>(node), decision->decision.levels[node].effective);
  });
}

qm_status qm_decision_claimed_level(const qm_decision *decision, const char *node_id, const char **level) {
  return node_field(decision, node_id, level, [&](std::size_t node) {
    return level_id(*decision, static_cast<int>(node), decision->decision.levels[node].claimed);
  });
}

qm_status qm_decision_basis(const qm_decision *decision, const char *node_id, const char **basis) {
  return node_field(decision, node_id, basis,
                    [&](std::size_t node) { return qmark::basis_name(decision->decision.levels[node].basis); });
}

size_t qm_decision_finding_count(const qm_decision *decision) {
  return decision_field(decision, [&]() -> size_t { return decision->decision.findings.size(); });
}

const char *qm_decision_finding_code(const qm_decision *decision, size_t i) {
  return finding_field(decision, i, [&](const qmark::Finding &f) -> const char * { return f.code.data(); });  // (NUL-terminated)
}

const char *qm_decision_finding_node(const qm_decision *decision, size_t i) {
  return finding_field(decision, i,
                       [&](const qmark::Finding &f) -> const char * { return node_name(*decision, f.node); });
}

const char *qm_decision_finding_severity(const qm_decision *decision, size_t i) {
  return finding_field(decision, i, [&](const qmark::Finding &f) -> const char * {
    return f.severity == qmark::Severity::must ? "must" : "should";
  });
}

const char *qm_decision_finding_message(const qm_decision *decision, size_t i) {
  return finding_field(decision, i, [&](const qmark::Finding &f) -> const char * {
    return decision->finding_messages[static_cast<std::size_t>(&f - decision->decision.findings.data())].c_str();
  });
}

const char *qm_decision_finding_evidence(const qm_decision *decision, size_t i) {
  return finding_field(decision, i, [&](const qmark::Finding &f) -> const char * {
    const std::string &evidence = decision->finding_evidence[static_cast<std::size_t>(&f - decision->decision.findings.data())];
    return !evidence.empty() ? evidence.c_str() : nullptr;
  });
}

const char *qm_decision_next_target(const qm_decision *decision) {
  return decision_field(decision, [&]() -> const char * {
    const int t = decision->decision.next_target;
    return t >= 0 ? decision->fw->outcomes()[static_cast<std::size_t>(t)].id.c_str() : nullptr;
  });
}

size_t qm_decision_next_need_count(const qm_decision *decision) {
  return decision_field(decision, [&]() -> size_t {
    return decision->decision.next_target >= 0 ? decision->decision.next_needs.size() : 0;
  });
}

const char *qm_decision_next_need(const qm_decision *decision, size_t i) {
  try {
    const size_t n = qm_decision_next_need_count(decision);
    if (!decision) return nullptr;
    if (i >= n)
      return nothing(QM_E_OUT_OF_RANGE, "next-level need index " + std::to_string(i) + " is past the end (" +
                                            std::to_string(n) + " needs)");
    return node_name(*decision, decision->decision.next_needs[i]);
  } catch (...) {
    on_exception();
    return nullptr;
  }
}

}  // extern "C"

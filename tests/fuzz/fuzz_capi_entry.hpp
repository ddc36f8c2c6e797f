// The fuzz_capi target's entry point, shared with the test that replays its committed
// corpus and regression files (tests/cpp/test_capi_concurrency.cpp).
//
// Drives the C ABI's JSON entry points with arbitrary bytes: qm_framework_load_json,
// qm_assess_json against every built-in framework (with the length given, and again
// NUL-terminated), and on success qm_decision_to_json and the decision's accessors.
// Invariants, returned as a message ("" when all is well): every call returns QM_OK or
// a negative status; a failed call sets its out-parameter to NULL and leaves a
// non-empty qm_last_error(); a decision's JSON is the same bytes twice.
#pragma once

#include "qmark.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace qfuzz {

/// The built-in frameworks as C handles, made once (and freed at exit).
inline const std::vector<qm_framework *> &capi_builtins() {
  struct Handles {
    std::vector<qm_framework *> list;
    Handles() {
      qm_engine *engine = nullptr;
      if (qm_engine_new(&engine, nullptr) != QM_OK) return;
      for (std::size_t i = 0; i < qm_builtin_framework_count(); ++i) {
        qm_framework *fw = nullptr;
        if (qm_framework_builtin(engine, qm_builtin_framework_id(i), &fw) == QM_OK) list.push_back(fw);
      }
      qm_engine_free(engine);
    }
    ~Handles() {
      for (qm_framework *fw : list) qm_framework_free(fw);
    }
    Handles(const Handles &) = delete;
    Handles &operator=(const Handles &) = delete;
  };
  static const Handles all;
  return all.list;
}

inline std::string capi_failed(const char *call, qm_status st, const void *out) {
  if (st > 0) return std::string(call) + " returned a positive status";
  if (out) return std::string(call) + " failed but left its out-parameter set";
  const char *msg = qm_last_error();
  if (!msg || !*msg) return std::string(call) + " failed with no last error";
  if (qm_last_error_status() != st) return std::string(call) + ": qm_last_error_status() is not the status returned";
  for (std::size_t i = 0; i < qm_last_error_more_count(); ++i)
    if (!qm_last_error_more(i)) return std::string(call) + ": qm_last_error_more(i) is NULL below the count";
  return {};
}

inline std::string capi_decision(qm_decision *d) {
  char *a = nullptr, *b = nullptr;
  std::size_t alen = 0;
  if (qm_decision_to_json(d, &a, &alen) != QM_OK || qm_decision_to_json(d, &b, nullptr) != QM_OK) {
    qm_string_free(a);
    qm_string_free(b);
    return "qm_decision_to_json failed on a decision";
  }
  std::string problem;
  if (alen != std::strlen(a) || std::strcmp(a, b) != 0) problem = "qm_decision_to_json is not stable";
  qm_string_free(a);
  qm_string_free(b);
  char *text = nullptr;
  if (qm_decision_to_text(d, 1, &text, nullptr) == QM_OK) qm_string_free(text);
  (void)qm_decision_outcome(d);
  (void)qm_decision_award(d);
  (void)qm_decision_decided_by(d);
  (void)qm_decision_valid_until(d);
  (void)qm_decision_reapply_from(d);
  for (std::size_t i = 0; i <= qm_decision_limiting_failure_count(d); ++i) (void)qm_decision_limiting_failure(d, i);
  for (std::size_t i = 0; i <= qm_decision_finding_count(d); ++i) {
    (void)qm_decision_finding_code(d, i);
    (void)qm_decision_finding_node(d, i);
    (void)qm_decision_finding_message(d, i);
    (void)qm_decision_finding_evidence(d, i);
  }
  for (std::size_t i = 0; i <= qm_decision_next_need_count(d); ++i) (void)qm_decision_next_need(d, i);
  return problem;
}

inline std::string capi(std::string_view text) {
  std::string problem;
  qm_engine *engine = nullptr;
  if (qm_engine_new(&engine, nullptr) != QM_OK) return "qm_engine_new failed";
  qm_framework *fw = nullptr;
  qm_status st = qm_framework_load_json(engine, text.data(), text.size(), &fw);
  if (st != QM_OK) problem = capi_failed("qm_framework_load_json", st, fw);
  qm_framework_free(fw);
  qm_engine_free(engine);
  if (!problem.empty()) return problem;

  // The same bytes NUL-terminated (a NUL inside them ends the text early).
  const std::string terminated(text);
  for (qm_framework *builtin : capi_builtins()) {
    for (int pass = 0; pass < 2; ++pass) {
      qm_decision *d = nullptr;
      st = pass == 0 ? qm_assess_json(builtin, text.data(), text.size(), &d)
                     : qm_assess_json(builtin, terminated.c_str(), QM_NUL_TERMINATED, &d);
      if (st != QM_OK) problem = capi_failed("qm_assess_json", st, d);
      else problem = capi_decision(d);
      qm_decision_free(d);
      if (!problem.empty()) return problem;
      if (text.find('\0') == std::string_view::npos) break;  // the second pass would be the same
    }
  }
  return {};
}

}  // namespace qfuzz

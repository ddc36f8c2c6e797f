// The fuzz targets' entry points (tests/fuzz/fuzz_*.cpp), shared with the doctest test
// that replays every committed corpus and regression file (tests/cpp/test_fuzz_regressions.cpp).
//
// Each takes arbitrary bytes and drives the public C++ API with them. Crashes,
// sanitizer reports and exceptions escaping the API are findings; so is a broken
// invariant, which each entry returns as a message ("" when all is well):
//   - the same audit assessed twice gives the same bytes (determinism), and the decision
//     written directly (to_json_text) is valid JSON laid out exactly as dump(2) would;
//   - an audit written back (Audit::to_json) reads again and gives the same decision;
//   - a plan written back (Plan::to_json) reads again and gives the same compliance;
//   - Audit::parse (which reads ordinary audits straight from the text) gives what the
//     document reader (parse_json + Audit::from_json) gives: the same error or audit.
#pragma once

#include "qmark/qmark.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qfuzz {

using qmark::json;

/// The built-in frameworks, loaded once.
inline const std::vector<qmark::FrameworkPtr> &builtins() {
  static const std::vector<qmark::FrameworkPtr> all = [] {
    std::vector<qmark::FrameworkPtr> out;
    for (const std::string &id : qmark::Framework::builtin_ids()) {
      auto fw = qmark::Framework::builtin(id);
      if (fw) out.push_back(fw.value());
    }
    return out;
  }();
  return all;
}

inline qmark::FrameworkPtr builtin_or_first(const std::string &id) {
  for (const auto &fw : builtins())
    if (fw->id() == id) return fw;
  return builtins().empty() ? nullptr : builtins().front();
}

/// Assesses a read audit every way the API offers and checks the invariants above.
inline std::string exercise_audit(const qmark::Framework &fw, const qmark::Audit &audit) {
  const qmark::Decision d = qmark::assess(fw, audit);
  const std::string text = qmark::to_json_text(fw, d);
  if (text != qmark::to_json(fw, d).dump(2) + "\n") return "to_json_text is not laid out as dump(2) lays it out";
  (void)qmark::to_text(fw, d, true);
  for (const auto &a : d.actions) {
    (void)qmark::action_title(fw, a);
    (void)qmark::action_success_criteria(fw, a);
  }
  qmark::AssessOptions quiet;
  quiet.trace = false;
  (void)qmark::to_json_text(fw, qmark::assess(fw, audit, quiet));
  if (qmark::to_json_text(fw, qmark::assess(fw, audit)) != text) return "assessing the same audit twice differs";

  const json again = audit.to_json(fw);
  auto reread = qmark::Audit::from_json(fw, again);
  if (!reread) return "the audit written back is refused: " + reread.error().describe() + "\n" + again.dump();
  if (qmark::to_json_text(fw, qmark::assess(fw, reread.value())) != text)
    return "the audit written back gives another decision";
  return {};
}

/// A plausible audit for any framework: every judgeable node judged (levels spread over
/// its scale, or all at the top), one evidence item supporting them all, and a fact
/// of the right shape for every derivation. Then assessed as exercise_audit does.
inline std::string exercise_framework(const qmark::Framework &fw) {
  for (int variant = 0; variant < 2; ++variant) {
    json audit = {{"qmark", "audit/1"},
                  {"framework", fw.id()},
                  {"overlay", fw.overlay_id().empty() ? json(nullptr) : json(fw.overlay_id())},
                  {"school", {{"id", "FUZZ:1"}, {"pupils", 100}}},
                  {"assessed_on", "2026-06-30"},
                  {"judged_by", variant ? "assessor" : "self"},
                  {"judgements", json::object()}};
    json supports = json::array();
    const auto &nodes = fw.nodes();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const qmark::Node &n = nodes[i];
      if (n.kind < 0 || static_cast<std::size_t>(n.kind) >= fw.kinds().size()) continue;
      if (!fw.kinds()[static_cast<std::size_t>(n.kind)].judgeable) continue;
      const qmark::Scale *scale = fw.scale_of(static_cast<int>(i));
      if (!scale || scale->levels.empty()) continue;
      const std::size_t level = variant ? scale->levels.size() - 1 : (i * 7 + 3) % scale->levels.size();
      audit["judgements"][n.id] = scale->levels[level].id;
      supports.push_back(n.id);
    }
    audit["evidence"] = json::array({{{"id", "E1"},
                                      {"kind", "document"},
                                      {"groups", {"staff", "learners", "parents_carers", "governors"}},
                                      {"date", "2026-05-01"},
                                      {"supports", supports}}});
    json facts = json::object();
    for (const qmark::Derivation &der : fw.derivations()) {
      switch (der.test) {
        case qmark::Derivation::Test::incidents_in_window:
          facts[der.fact] = json::array({{{"date", variant ? "2020-01-01" : "2026-03-04"}}});
          break;
        case qmark::Derivation::Test::rate_above:
          facts[der.fact] = {{der.count_field, variant ? 0 : 7}};
          break;
        case qmark::Derivation::Test::checks: {
          json f = json::object();
          for (std::size_t k = 0; k < der.fields.size(); ++k) f[der.fields[k]] = variant ? 1 : static_cast<int>(k * 5 + 2);
          facts[der.fact] = f;
          break;
        }
      }
    }
    audit["facts"] = facts;
    auto a = qmark::Audit::from_json(fw, audit);
    if (!a) continue;  // a framework may be valid yet refuse this audit (e.g. clashing fact names)
    if (std::string problem = exercise_audit(fw, a.value()); !problem.empty()) return problem;
  }
  if (!fw.plan_rules().empty()) {
    auto plan = qmark::Plan::from_json({{"qmark", "plan/1"}, {"school", {{"id", "FUZZ:1"}}}, {"as_of", "2026-10-01"}});
    if (plan) {
      auto c = qmark::check_plan(fw, plan.value());
      if (c) (void)qmark::to_json_text(c.value());
    }
  }
  return {};
}

inline std::string_view as_text(const std::uint8_t *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

/// fuzz_framework: Framework::load, then a plausible audit assessed against the result.
inline std::string framework(std::string_view text) {
  auto fw = qmark::Framework::load(text);
  if (!fw) {
    (void)fw.error().describe();
    return {};
  }
  return exercise_framework(*fw.value());
}

/// fuzz_overlay: Overlay::parse, applied to the built-in it names (or the first one),
/// then a plausible audit assessed against the result.
inline std::string overlay(std::string_view text) {
  auto ov = qmark::Overlay::parse(text);
  if (!ov) return {};
  const qmark::FrameworkPtr base = builtin_or_first(ov.value().base());
  if (!base) return "no built-in framework";
  auto fw = base->with_overlay(ov.value());
  if (!fw) {
    (void)fw.error().describe();
    return {};
  }
  return exercise_framework(*fw.value());
}

/// fuzz_audit: Audit::parse against every built-in framework, assess, write out.
inline std::string audit(std::string_view text) {
  for (const auto &fw : builtins()) {
    auto a = qmark::Audit::parse(*fw, text);
    // Audit::parse reads ordinary audits straight from the text and the rest through the
    // document: the result must be what the document reader alone gives.
    auto doc = qmark::parse_json(text);
    const auto b = doc ? qmark::Audit::from_json(*fw, doc.value()) : qmark::result<qmark::Audit>(doc.error());
    if (a.has_value() != b.has_value()) return fw->id() + ": Audit::parse and the document reader disagree on validity";
    if (!a) {
      if (a.error().describe() != b.error().describe() || a.error().value() != b.error().value() ||
          a.error().more.size() != b.error().more.size())
        return fw->id() + ": Audit::parse and the document reader give different errors: " + a.error().describe() +
               " / " + b.error().describe();
      continue;
    }
    if (a.value().to_json(*fw) != b.value().to_json(*fw))
      return fw->id() + ": Audit::parse and the document reader read different audits";
    const std::string decided = qmark::to_json_text(*fw, qmark::assess(*fw, b.value()));
    if (qmark::to_json_text(*fw, qmark::assess(*fw, a.value())) != decided)
      return fw->id() + ": Audit::parse and the document reader give different decisions";
    // assess_json reads for assessing only (what it does not need is checked, not kept)
    const auto j = qmark::assess_json(*fw, text);
    if (!j || qmark::to_json_text(*fw, j.value()) != decided)
      return fw->id() + ": assess_json and the document reader give different decisions";
    if (std::string problem = exercise_audit(*fw, a.value()); !problem.empty()) return fw->id() + ": " + problem;
  }
  auto d = qmark::assess_json(*builtins().front(), text);
  if (d) (void)qmark::to_json_text(*builtins().front(), d.value());
  return {};
}

/// fuzz_plan: Plan::parse and check_plan against every built-in framework with plan rules.
inline std::string plan(std::string_view text) {
  auto p = qmark::Plan::parse(text);
  if (!p) return {};
  const json again = p.value().to_json();
  auto reread = qmark::Plan::from_json(again);
  if (!reread) return "the plan written back is refused: " + reread.error().describe() + "\n" + again.dump();
  for (const auto &fw : builtins()) {
    if (fw->plan_rules().empty()) continue;
    auto c = qmark::check_plan(*fw, p.value());
    if (!c) return "check_plan failed on a plan that was read: " + c.error().describe();
    const std::string out = qmark::to_json_text(c.value());
    (void)qmark::to_text(c.value());
    auto c2 = qmark::check_plan(*fw, reread.value());
    if (!c2 || qmark::to_json_text(c2.value()) != out) return "the plan written back gives another compliance";
  }
  return {};
}

}  // namespace qfuzz

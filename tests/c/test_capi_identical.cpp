// test_capi_identical.cpp — the C ABI gives byte for byte what the C++ API gives: for
// every examples/audits/*.json (against its framework, and with every example overlay made
// for that framework) qm_decision_to_json equals qmark::to_json_text, and for every
// examples/plans/*.json qm_compliance_to_json equals qmark::to_json_text(Compliance).
//
//   usage: test_capi_identical SOURCE_DIR
#include <qmark.h>
#include <qmark/qmark.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

int passed = 0, failed = 0;

void check(bool ok, const std::string &what) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    std::cerr << "FAILED: " << what << "\n";
  }
}

std::string read(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> json_files(const fs::path &dir) {
  std::vector<fs::path> files;
  for (const auto &entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Owning wrappers for the C handles.
struct Free {
  void operator()(qm_engine *p) const { qm_engine_free(p); }
  void operator()(qm_framework *p) const { qm_framework_free(p); }
  void operator()(qm_decision *p) const { qm_decision_free(p); }
  void operator()(qm_compliance *p) const { qm_compliance_free(p); }
  void operator()(char *p) const { qm_string_free(p); }
};
template <class T>
using Owned = std::unique_ptr<T, Free>;

std::string take(char *s, std::size_t len) {
  Owned<char> owned(s);
  return s ? std::string(s, len) : std::string();
}

// One audit against one framework (C++ and C handles for the same framework).
void compare_decision(const std::string &what, const qmark::Framework &fw, const qm_framework *cfw,
                      const std::string &audit) {
  auto cpp = qmark::assess_json(fw, audit);
  qm_decision *raw = nullptr;
  const qm_status status = qm_assess_json(cfw, audit.data(), audit.size(), &raw);
  Owned<qm_decision> decision(raw);
  if (!cpp) {
    // Both refuse it, with the same code.
    check(status == -static_cast<int>(cpp.error().value()),
          what + ": the C++ API refuses it (" + cpp.error().describe() + ") and so must the C ABI, with the same code");
    return;
  }
  check(status == QM_OK, what + ": qm_assess_json: " + qm_last_error());
  if (status != QM_OK) return;
  char *out = nullptr;
  std::size_t len = 0;
  check(qm_decision_to_json(decision.get(), &out, &len) == QM_OK, what + ": qm_decision_to_json");
  const std::string c_text = take(out, len);
  const std::string cpp_text = qmark::to_json_text(fw, cpp.value());
  check(c_text == cpp_text, what + ": decision JSON differs between the C ABI and the C++ API");
  check(!c_text.empty() && c_text.back() == '\n', what + ": ends in a newline");
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " SOURCE_DIR\n";
    return 2;
  }
  const fs::path root = argv[1];
  qm_engine *raw_engine = nullptr;
  if (qm_engine_new(&raw_engine, nullptr) != QM_OK) return 2;
  Owned<qm_engine> engine(raw_engine);

  std::vector<qmark::Overlay> overlays;
  for (const auto &p : json_files(root / "examples" / "overlays")) {
    auto o = qmark::Overlay::parse(read(p));
    check(bool(o), p.filename().string() + ": overlay parses");
    if (o) overlays.push_back(std::move(o).value());
  }

  int audits = 0;
  for (const auto &p : json_files(root / "examples" / "audits")) {
    const std::string name = p.filename().string(), text = read(p);
    auto doc = qmark::parse_json(text);
    check(bool(doc), name + ": parses");
    if (!doc) continue;
    auto id = qmark::Audit::framework_of(doc.value());
    check(bool(id), name + ": names a framework");
    if (!id) continue;
    auto fw = qmark::Framework::builtin(id.value());
    qm_framework *raw_fw = nullptr;
    const qm_status status = qm_framework_builtin(engine.get(), id.value().c_str(), &raw_fw);
    Owned<qm_framework> cfw(raw_fw);
    if (!fw) {
      check(status == QM_E_UNKNOWN_FRAMEWORK, name + ": unknown framework in both APIs");
      continue;
    }
    check(status == QM_OK, name + ": qm_framework_builtin");
    if (status != QM_OK) continue;
    ++audits;
    compare_decision(name, *fw.value(), cfw.get(), text);

    for (const auto &overlay : overlays) {
      if (overlay.base() != id.value()) continue;
      auto overlaid = fw.value()->with_overlay(overlay);
      check(bool(overlaid), name + " + " + overlay.id() + ": overlay applies");
      if (!overlaid) continue;
      const std::string overlay_text = overlay.document().dump();
      qm_framework *raw_overlaid = nullptr;
      check(qm_framework_with_overlay_json(cfw.get(), overlay_text.data(), overlay_text.size(), &raw_overlaid) ==
                QM_OK,
            name + " + " + overlay.id() + ": qm_framework_with_overlay_json: " + qm_last_error());
      Owned<qm_framework> coverlaid(raw_overlaid);
      if (coverlaid) compare_decision(name + " + " + overlay.id(), *overlaid.value(), coverlaid.get(), text);
    }
  }
  check(audits >= 2, "at least the two Bury example audits were compared");

  // Plans: against the first built-in framework that carries plan rules.
  qmark::FrameworkPtr plan_fw;
  for (const auto &id : qmark::Framework::builtin_ids()) {
    auto fw = qmark::Framework::builtin(id);
    if (fw && !fw.value()->plan_rules().empty()) {
      plan_fw = fw.value();
      break;
    }
  }
  const fs::path plans = root / "examples" / "plans";
  if (plan_fw && fs::exists(plans)) {
    qm_framework *raw_fw = nullptr;
    check(qm_framework_builtin(engine.get(), plan_fw->id().c_str(), &raw_fw) == QM_OK, "plan framework loads");
    Owned<qm_framework> cfw(raw_fw);
    for (const auto &p : json_files(plans)) {
      const std::string name = p.filename().string(), text = read(p);
      auto plan = qmark::Plan::parse(text);
      check(bool(plan), name + ": plan parses");
      if (!plan) continue;
      auto cpp = qmark::check_plan(*plan_fw, plan.value());
      qm_compliance *raw = nullptr;
      const qm_status status = qm_check_plan_json(cfw.get(), text.data(), text.size(), &raw);
      Owned<qm_compliance> compliance(raw);
      check(bool(cpp) == (status == QM_OK), name + ": both APIs agree whether the plan can be checked");
      if (!cpp || status != QM_OK) continue;
      char *out = nullptr;
      std::size_t len = 0;
      check(qm_compliance_to_json(compliance.get(), &out, &len) == QM_OK, name + ": qm_compliance_to_json");
      check(take(out, len) == qmark::to_json_text(cpp.value()), name + ": compliance JSON differs");
      check(std::string(qm_compliance_verdict(compliance.get())) ==
                (cpp.value().compliant ? "compliant" : "non_compliant"),
            name + ": verdict");
    }
  }

  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

// identity_dump.cpp — every output of the engine for a set of audits, written to one
// stream, so that a change meant to make evaluation faster can be checked byte for byte
// against the code before it (bench/identity_check.sh builds and compares).
//
// For each audit (a .json file, or each line of a .jsonl file): a fresh Decision with the
// trace on (to_json_text, to_json().dump(), to_text with the trace), one Decision per
// framework reused from audit to audit with the trace off (to_json_text, to_text, HTML,
// Markdown) and the C ABI's decision accessors (qm_assess_json, findings one by one).
//
//   usage: identity_dump FILE... > out
#include <qmark.h>
#include <qmark/qmark.hpp>
#include <qmark/report.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

namespace {

std::string read(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const char *str(const char *s) { return s ? s : "(null)"; }

struct Frameworks {
  std::map<std::string, qmark::FrameworkPtr> cpp;
  std::map<std::string, qm_framework *> c;
  std::map<std::string, std::unique_ptr<qmark::Decision>> reused;
  qm_engine *engine = nullptr;
};

void one(Frameworks &fws, const std::string &name, const std::string &text, std::ostream &o) {
  o << "=== " << name << "\n";
  auto doc = qmark::json::parse(text, nullptr, false);
  auto fid = qmark::Audit::framework_of(doc);
  if (!fid) {
    o << "no framework\n";
    return;
  }
  auto &fw = fws.cpp[fid.value()];
  if (!fw) {
    auto loaded = qmark::Framework::builtin(fid.value());
    if (!loaded) {
      o << "unknown framework\n";
      return;
    }
    fw = loaded.value();
    qm_framework_builtin(fws.engine, fid.value().c_str(), &fws.c[fid.value()]);
    fws.reused[fid.value()] = std::make_unique<qmark::Decision>();
  }
  auto audit = qmark::Audit::parse(*fw, text);
  if (!audit) {
    o << "invalid: " << audit.error().message << "\n";
    return;
  }
  const qmark::Decision traced = qmark::assess(*fw, audit.value(), qmark::AssessOptions{true});
  o << qmark::to_json_text(*fw, traced) << qmark::to_json(*fw, traced).dump(2) << "\n"
    << qmark::to_text(*fw, traced, true);
  qmark::Decision &d = *fws.reused[fid.value()];
  qmark::assess(*fw, audit.value(), d, qmark::AssessOptions{false});
  o << "--- trace off\n"
    << qmark::to_json_text(*fw, d) << qmark::to_text(*fw, d) << qmark::to_html(*fw, audit.value(), d)
    << qmark::to_markdown(*fw, audit.value(), d);
  // the C ABI
  qm_decision *cd = nullptr;
  if (qm_assess_json(fws.c[fid.value()], text.data(), text.size(), &cd) != QM_OK) {
    o << "C ABI failed\n";
    return;
  }
  o << "--- C ABI " << str(qm_decision_outcome(cd)) << " " << str(qm_decision_decided_by(cd)) << "\n";
  for (size_t i = 0; i < qm_decision_finding_count(cd); ++i)
    o << str(qm_decision_finding_code(cd, i)) << "|" << str(qm_decision_finding_node(cd, i)) << "|"
      << str(qm_decision_finding_severity(cd, i)) << "|" << str(qm_decision_finding_message(cd, i)) << "|"
      << str(qm_decision_finding_evidence(cd, i)) << "\n";
  char *json = nullptr;
  size_t len = 0;
  if (qm_decision_to_json(cd, &json, &len) == QM_OK) o.write(json, static_cast<std::streamsize>(len));
  qm_string_free(json);
  qm_decision_free(cd);
}

}  // namespace

int main(int argc, char **argv) {
  Frameworks fws;
  qm_engine_options opts = QM_ENGINE_OPTIONS_INIT;
  if (qm_engine_new(&fws.engine, &opts) != QM_OK) return 2;
  for (int i = 1; i < argc; ++i) {
    const std::string path = argv[i];
    const std::string text = read(path);
    if (path.size() > 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0) {
      std::istringstream lines(text);
      std::string line;
      for (int n = 1; std::getline(lines, line); ++n)
        if (!line.empty()) one(fws, path + ":" + std::to_string(n), line, std::cout);
    } else {
      one(fws, path, text, std::cout);
    }
  }
  for (auto &[id, f] : fws.c) qm_framework_free(f);
  qm_engine_free(fws.engine);
  return 0;
}

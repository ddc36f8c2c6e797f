// Instruction counts (bench/instructions.sh runs this under valgrind --tool=callgrind):
// the machine's speed does not change them, so they compare builds, and qmark with the
// plain-Python baseline, where timings on a shared VM cannot.
//
//   qmark_instructions e2e FILE.jsonl FRAMEWORK_ID       assess_json (trace off) + to_json_text per
//                                                        line, in end_to_end_one() (as end_to_end/<fw>)
//   qmark_instructions evaluate FILE.jsonl FRAMEWORK_ID  assess into one reused Decision,
//                                                        after a warm-up pass, in evaluate_all_audits()
#include "qmark/qmark.hpp"

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

qmark::AssessOptions quiet() {
  qmark::AssessOptions o;
  o.trace = false;
  return o;
}

// Not inlined: callgrind collects from its name (--toggle-collect='*::end_to_end_one(*'); a
// unique name, since a pattern that also matched a function called inside would switch
// collection off there.
__attribute__((noinline)) std::size_t end_to_end_one(const qmark::Framework &fw, const std::string &line) {
  const auto d = qmark::assess_json(fw, line, quiet());
  if (!d) return 0;
  return qmark::to_json_text(fw, d.value()).size();
}

__attribute__((noinline)) void evaluate_all_audits(const qmark::Framework &fw, const std::vector<qmark::Audit> &audits,
                                            qmark::Decision &d) {
  for (const auto &a : audits) qmark::assess(fw, a, d, quiet());
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 4) {
    std::cerr << "usage: qmark_instructions e2e|evaluate FILE.jsonl FRAMEWORK_ID\n";
    return 2;
  }
  const std::string mode = argv[1];
  auto fw = qmark::Framework::builtin(argv[3]);
  if (!fw) {
    std::cerr << fw.error().describe() << "\n";
    return 1;
  }
  std::ifstream in(argv[2], std::ios::binary);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) lines.push_back(l);
  if (lines.empty()) {
    std::cerr << "no audits in " << argv[2] << "\n";
    return 1;
  }
  if (mode == "e2e") {
    std::size_t out = 0;
    for (const auto &l : lines) out += end_to_end_one(*fw.value(), l);
    std::cout << lines.size() << " audits, " << out << " bytes of decisions\n";
    return out ? 0 : 1;
  }
  std::vector<qmark::Audit> audits;
  for (const auto &l : lines) {
    auto a = qmark::Audit::parse(*fw.value(), l);
    if (!a) {
      std::cerr << a.error().describe() << "\n";
      return 1;
    }
    audits.push_back(std::move(a).value());
  }
  qmark::Decision d;
  for (const auto &a : audits) qmark::assess(*fw.value(), a, d, quiet());  // warm-up: d's storage grows
  evaluate_all_audits(*fw.value(), audits, d);
  std::cout << audits.size() << " audits evaluated\n";
  return 0;
}

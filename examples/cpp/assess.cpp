// assess.cpp — assess one audit with qmark's C++ API and print the outcome.
//
//   usage: assess AUDIT.json [FRAMEWORK]
//
// FRAMEWORK is a built-in framework id (default: bury-iqm). Exit status: 0 when the audit
// was assessed (whatever the outcome), 2 for invalid input, 1 otherwise.
#include <qmark/qmark.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: " << argv[0] << " AUDIT.json [FRAMEWORK]\n";
    return 2;
  }
  const std::string framework_id = argc > 2 ? argv[2] : "bury-iqm";
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << argv[1] << ": cannot open file\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();

  // Fallible calls return qmark::result<T>: a value, or a qmark::error saying what and where.
  auto framework = qmark::Framework::builtin(framework_id);
  if (!framework) {
    std::cerr << "assess: " << framework_id << ": " << framework.error().describe() << "\n";
    return 2;
  }
  const qmark::Framework &fw = *framework.value();
  auto decision = qmark::assess_json(fw, text.str());
  if (!decision) {
    std::cerr << "assess: " << argv[1] << ": " << decision.error().describe() << " ["
              << qmark::errc_name(decision.error().value()) << "]\n";
    return 2;
  }
  const qmark::Decision &d = decision.value();
  std::cout << "framework: " << fw.id() << " " << fw.version() << "\n";
  std::cout << "school: " << d.school_id << "\n";
  std::cout << "outcome: " << (d.outcome >= 0 ? fw.outcomes()[static_cast<std::size_t>(d.outcome)].id : "(none)")
            << "\n";
  std::cout << "award: " << d.award.value_or("(none)") << "\n";
  std::cout << "limiting failures:";
  for (int node : d.limiting_failures) std::cout << " " << fw.nodes()[static_cast<std::size_t>(node)].id;
  std::cout << (d.limiting_failures.empty() ? " (none)" : "") << "\n";
  return 0;
}

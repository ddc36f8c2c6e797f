// qmark — the command-line tool over the library.
// Exit status: 0 success (whatever the outcome), 2 invalid input, 1 anything else.
#include "common.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

using namespace qmark_cli;

int cmd_frameworks() {
  for (const auto &id : qmark::Framework::builtin_ids()) {
    auto fw = qmark::Framework::builtin(id);
    if (!fw) {
      std::cerr << "qmark: built-in framework " << id << " does not load: " << fw.error().describe() << "\n";
      return exit_other;
    }
    std::cout << id << "\t" << fw.value()->version() << "\t" << fw.value()->title() << "\n";
  }
  return 0;
}

void show_node(const qmark::Framework &fw, int i, std::ostream &o) {
  const auto &n = fw.nodes()[static_cast<std::size_t>(i)];
  o << std::string(2 * static_cast<std::size_t>(n.depth), ' ') << n.id << "  " << n.title;
  if (n.limiting) o << "  [limiting" << (n.limiting_basis.empty() ? "" : ", " + n.limiting_basis) << "]";
  o << "\n";
}

int cmd_show(const std::string &id, const std::string &node, const std::string &overlay) {
  auto fw = framework_for(id, overlay);
  if (node.empty()) {
    std::cout << fw->title() << " (" << fw->id() << " " << fw->version() << ")\n";
    for (const auto &s : fw->scales()) {
      std::cout << "scale " << s.id << ":";
      for (const auto &l : s.levels) std::cout << " " << l.id << (l.award ? " (" + *l.award + ")" : "");
      std::cout << "\n";
    }
    for (std::size_t i = 0; i < fw->nodes().size(); ++i) show_node(*fw, static_cast<int>(i), std::cout);
    return 0;
  }
  const int i = fw->find_node(node);
  if (i < 0) {
    std::cerr << "qmark: " << id << ": unknown node \"" << node << "\"\n";
    return exit_invalid;
  }
  const auto &n = fw->nodes()[static_cast<std::size_t>(i)];
  std::cout << n.id << " (" << fw->kinds()[static_cast<std::size_t>(n.kind)].id << ")\n" << n.title << "\n";
  if (!n.statement.empty() && n.statement != n.title) std::cout << n.statement << "\n";
  if (!n.source.empty()) std::cout << "source: " << n.source << "\n";
  if (n.limiting) std::cout << "limiting" << (n.limiting_basis.empty() ? "" : " (" + n.limiting_basis + ")") << "\n";
  if (n.evidence_guidance.is_object())
    for (auto it = n.evidence_guidance.begin(); it != n.evidence_guidance.end(); ++it) {
      std::cout << "evidence (" << it.key() << "):\n";
      for (const auto &line : *it) std::cout << "  - " << line.get<std::string>() << "\n";
    }
  for (int c : n.children) show_node(*fw, c, std::cout);
  return 0;
}

int cmd_validate(const std::vector<std::string> &files, const std::string &overlay) {
  int status = 0;
  for (const auto &file : files) {
    try {
      json doc = parse_doc(file);
      const std::string tag = doc.is_object() && doc.contains("qmark") && doc["qmark"].is_string()
                                  ? doc["qmark"].get<std::string>()
                                  : "";
      const std::string kind = tag.substr(0, tag.find('/'));
      if (kind == "framework") {
        (void)check(file, qmark::Framework::from_json(doc));
      } else if (kind == "overlay") {
        auto o = check(file, qmark::Overlay::from_json(doc));
        auto base = check(file, qmark::Framework::builtin(o.base()));
        (void)check(file, base->with_overlay(o));
      } else if (kind == "plan") {
        (void)check(file, qmark::Plan::from_json(doc));
      } else if (kind == "audit") {
        auto fw = framework_for_audit(file, doc, "", overlay);
        (void)check(file, qmark::Audit::from_json(*fw, doc));
      } else {
        invalid(file, qmark::error(qmark::errc::wrong_format,
                                   "unknown document kind \"" + tag + "\" (framework/1, overlay/1, audit/1, plan/1)", "/qmark"));
      }
      std::cout << file << ": valid " << tag << "\n";
    } catch (const Failure &f) {
      status = std::max(status, f.status);
    }
  }
  return status;
}

// The framework whose plan rules check a plan: named, or the one built-in framework
// that carries plan rules.
qmark::FrameworkPtr plan_framework(const std::string &name) {
  if (!name.empty()) {
    if (name.find('/') != std::string::npos || (name.size() > 5 && name.substr(name.size() - 5) == ".json"))
      return check(name, qmark::Framework::load(read_file(name)));
    return check(name, qmark::Framework::builtin(name));
  }
  std::vector<qmark::FrameworkPtr> with_rules;
  for (const auto &id : qmark::Framework::builtin_ids()) {
    auto fw = check(id, qmark::Framework::builtin(id));
    if (!fw->plan_rules().empty()) with_rules.push_back(fw);
  }
  if (with_rules.size() != 1) {
    std::cerr << "qmark: name the framework whose plan rules to use with --framework\n";
    throw Failure{exit_other};
  }
  return with_rules.front();
}

int cmd_check_plan(const std::string &file, const std::string &framework, const std::string &format) {
  auto plan = check(file, qmark::Plan::from_json(parse_doc(file)));
  auto fw = plan_framework(framework);
  auto compliance = qmark::check_plan(*fw, plan);
  if (!compliance) {
    std::cerr << "qmark: " << compliance.error().describe() << "\n";
    return exit_other;
  }
  if (format == "json") std::cout << qmark::to_json_text(compliance.value());
  else std::cout << qmark::to_text(compliance.value());
  return 0;
}

int cmd_report(const std::string &file, const std::string &overlay, const std::string &html_out) {
  json doc = parse_doc(file);
  auto fw = framework_for_audit(file, doc, "", overlay);
  auto audit = check(file, qmark::Audit::from_json(*fw, doc));
  const auto decision = qmark::assess(*fw, audit);
  // written to a temporary file and renamed, so a failed write never leaves half a report
  write_output(html_out, qmark::to_html(*fw, audit, decision));
  return 0;
}

int cmd_crosswalk(const std::string &file, const std::string &to, const std::string &crosswalk_file,
                  const std::string &overlay) {
  json doc = parse_doc(file);
  const std::string id = check(file, qmark::Audit::framework_of(doc));
  auto source = framework_for_audit(file, doc, "", overlay);
  auto audit = check(file, qmark::Audit::from_json(*source, doc));
  auto target = check(to, qmark::Framework::builtin(to));
  auto cw = crosswalk_file.empty() ? check(to, qmark::Crosswalk::between(id, to))
                                   : check(crosswalk_file, qmark::Crosswalk::parse(read_file(crosswalk_file)));
  auto candidates = check(file, qmark::candidate_evidence(cw, *source, audit, *target));
  std::cout << candidates.dump(2) << "\n";
  return 0;
}

int cmd_assess(const std::string &file, const std::string &overlay, const std::string &framework_file,
               const std::string &format, bool trace) {
  json doc = parse_doc(file);
  auto fw = framework_for_audit(file, doc, framework_file, overlay);
  auto audit = check(file, qmark::Audit::from_json(*fw, doc));
  qmark::AssessOptions opts;
  opts.trace = trace || format == "json";
  const auto decision = qmark::assess(*fw, audit, opts);
  if (format == "json") {
    std::cout << qmark::to_json_text(*fw, decision);
  } else if (format == "md") {
    std::cout << qmark::to_markdown(*fw, audit, decision);
  } else if (format == "html") {
    std::cout << qmark::to_html(*fw, audit, decision);
  } else {
    std::cout << qmark::to_text(*fw, decision, trace);
  }
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  CLI::App app{"qmark — school inclusion and improvement frameworks: assess audits, explain decisions, "
               "write reports and summaries, read spreadsheets and assess portfolios.\n"
               "Exit status: 0 success (whatever the outcome), 2 invalid input, 1 anything else."};
  app.set_version_flag("--version", std::string(qmark::version_string));
  app.require_subcommand(1);
  app.footer("Examples:\n"
             "  qmark frameworks\n"
             "  qmark assess examples/audits/bury-accredited.json --format json\n"
             "  qmark batch audits/ --out results.csv\n"
             "Run 'qmark COMMAND --help' for a command's options and an example.");

  auto *frameworks = app.add_subcommand("frameworks", "List the built-in frameworks (id, version, title).");
  example(frameworks, "  qmark frameworks");

  std::string show_id, show_node_id, overlay, framework_file, format = "text";
  auto *show = app.add_subcommand("show", "Show a framework's tree, or one node with its statement, source and "
                                          "evidence guidance.");
  show->add_option("FRAMEWORK", show_id,
                   "built-in framework id (" + builtin_ids_text() + ") or framework/1 file, e.g. " +
                       example_framework_id())
      ->required();
  show->add_option("NODE", show_node_id, "node id, as 'qmark show FRAMEWORK' lists them");
  show->add_option("--overlay", overlay,
                   "overlay/1 file to apply, e.g. --overlay examples/overlays/bury-la-example.json");
  example(show, "  qmark show " + example_framework_id() + "\n  qmark show " + example_framework_id() + " NODE");

  std::vector<std::string> files;
  auto *validate = app.add_subcommand("validate", "Check documents (framework/1, overlay/1, audit/1, plan/1); goes on "
                                                  "past a bad one.");
  validate->add_option("FILE", files, "documents to check, e.g. examples/audits/*.json")->required();
  validate->add_option("--overlay", overlay,
                       "overlay/1 file to apply to audits' frameworks, e.g. --overlay examples/overlays/bury-la-example.json");
  example(validate, "  qmark validate examples/audits/*.json frameworks/*.json");

  std::string audit_file;
  bool trace = false;
  auto *assess = app.add_subcommand("assess", "Assess an audit and print the decision.");
  assess->add_option("AUDIT", audit_file, "audit/1 file, e.g. examples/audits/bury-accredited.json")->required();
  assess->add_option("--overlay", overlay,
                     "overlay/1 file to apply to the framework, e.g. --overlay examples/overlays/bury-la-example.json");
  assess->add_option("--framework", framework_file,
                     "framework/1 file to use instead of the built-in one, e.g. --framework my-la-framework.json");
  assess->add_option("--format", format, "output format: text (default), json (decision/1), md or html, e.g. --format json")
      ->check(CLI::IsMember({"json", "text", "md", "html"}));
  assess->add_flag("--trace", trace, "include the rule trace, e.g. --trace");
  example(assess, "  qmark assess examples/audits/bury-accredited.json --format json\n"
                  "  qmark assess examples/audits/bury-not-yet-accredited.json --trace");

  std::string plan_file, plan_format = "text", plan_fw;
  auto *check_plan = app.add_subcommand(
      "check-plan", "Check a school development plan (plan/1) against a framework's plan rules (compliance/1).");
  check_plan->add_option("PLAN", plan_file, "plan/1 file, e.g. examples/plans/plan-compliant.json")->required();
  check_plan->add_option("--format", plan_format, "output format: text (default) or json (compliance/1), e.g. --format json")
      ->check(CLI::IsMember({"json", "text"}));
  check_plan->add_option("--framework", plan_fw,
                         "framework id or framework/1 file (default: the built-in framework with plan rules), "
                         "e.g. --framework my-framework.json");
  example(check_plan, "  qmark check-plan examples/plans/plan-compliant.json --format json");

  std::string report_audit, report_html;
  auto *report = app.add_subcommand(
      "report", "Write a self-contained HTML report of an audit's decision for governors and assessors.");
  report->add_option("AUDIT", report_audit, "audit/1 file, e.g. examples/audits/bury-not-yet-accredited.json")->required();
  report->add_option("--html", report_html, "HTML file to write (atomically), e.g. --html report.html")->required();
  report->add_option("--overlay", overlay,
                     "overlay/1 file to apply to the framework, e.g. --overlay examples/overlays/bury-la-example.json");
  example(report, "  qmark report examples/audits/bury-not-yet-accredited.json --html report.html");

  std::string cw_audit, cw_to, cw_file;
  auto *crosswalk = app.add_subcommand(
      "crosswalk", "Offer an audit's evidence to another framework through a crosswalk (gather evidence once).");
  crosswalk->add_option("AUDIT", cw_audit, "audit/1 file, e.g. examples/audits/bury-accredited.json")->required();
  crosswalk->add_option("--to", cw_to, "target framework id (" + builtin_ids_text() + "), e.g. --to FRAMEWORK")
      ->required();
  crosswalk->add_option("--crosswalk", cw_file,
                        "crosswalk/1 file (default: the built-in one joining the two), e.g. --crosswalk my-crosswalk.json");
  crosswalk->add_option("--overlay", overlay,
                        "overlay/1 file for the audit's framework, e.g. --overlay examples/overlays/bury-la-example.json");
  example(crosswalk, "  qmark crosswalk examples/audits/bury-accredited.json --to FRAMEWORK\n"
                     "  (the built-in crosswalks are in frameworks/crosswalks/)");

  const Command summary = add_summary(app);
  const Command import_csv = add_import_csv(app);
  const Command template_cmd = add_template(app);
  const Command batch = add_batch(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e) == 0 ? 0 : exit_invalid;
  }
  try {
    if (*frameworks) return cmd_frameworks();
    if (*show) return cmd_show(show_id, show_node_id, overlay);
    if (*validate) return cmd_validate(files, overlay);
    if (*assess) return cmd_assess(audit_file, overlay, framework_file, format, trace);
    if (*report) return cmd_report(report_audit, overlay, report_html);
    if (*crosswalk) return cmd_crosswalk(cw_audit, cw_to, cw_file, overlay);
    if (*check_plan) return cmd_check_plan(plan_file, plan_fw, plan_format);
    for (const Command *c : {&summary, &import_csv, &template_cmd, &batch})
      if (*c->app) return c->run();
  } catch (const Failure &f) {
    return f.status;
  } catch (const std::exception &e) {
    std::cerr << "qmark: " << e.what() << "\n";
    return exit_other;
  }
  return exit_other;
}

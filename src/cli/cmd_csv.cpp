// qmark import-csv and qmark template: audits kept in spreadsheets.
#include "common.hpp"
#include "qmark/csv.hpp"

#include <iostream>
#include <memory>

namespace qmark_cli {

namespace {

struct ImportOptions {
  std::string judgements, evidence, framework, overlay, school_id, school_name, phase, pupils, assessed_on,
      decided_on, judged_by = "self", facts, out;
};

[[noreturn]] void bad_option(const std::string &option, const std::string &message) {
  std::cerr << "qmark: " << option << ": " << message << "\n";
  throw Failure{exit_invalid};
}

qmark::Date date_option(const std::string &option, const std::string &text) {
  const auto d = qmark::Date::parse(text);
  if (!d) bad_option(option, "\"" + text + "\" is not a calendar date (YYYY-MM-DD)");
  return *d;
}

int run_import(const ImportOptions &o) {
  auto fw = framework_for(o.framework, o.overlay);
  qmark::CsvAuditOptions opt;
  opt.school_id = o.school_id;
  opt.assessed_on = date_option("--assessed-on", o.assessed_on);
  if (!o.decided_on.empty()) opt.decided_on = date_option("--decided-on", o.decided_on);
  opt.judged_by = o.judged_by;
  if (!o.school_name.empty()) opt.school["name"] = o.school_name;
  if (!o.phase.empty()) opt.school["phase"] = o.phase;
  if (!o.pupils.empty()) {
    const auto j = qmark::parse_json(o.pupils);
    if (!j || !j.value().is_number() || j.value().get<double>() < 0)
      bad_option("--pupils", "\"" + o.pupils + "\" is not a number of pupils");
    opt.school["pupils"] = j.value();
  }
  if (!o.facts.empty()) {
    json facts = parse_doc(o.facts);
    if (!facts.is_object())
      invalid(o.facts, qmark::error(qmark::errc::invalid_document, "the facts file must hold a JSON object (an "
                                                                   "audit's \"facts\" member)"));
    opt.facts = std::move(facts);
  }
  opt.judgements_name = o.judgements;
  opt.evidence_name = o.evidence;
  const std::string judgements = read_file(o.judgements);
  const std::string evidence = o.evidence.empty() ? std::string() : read_file(o.evidence);
  auto doc = qmark::audit_from_csv(*fw, judgements, evidence, opt);
  if (!doc) {
    const qmark::error &e = doc.error();
    if (e.value() == qmark::errc::invalid_argument) {
      std::cerr << "qmark: " << e.message << "\n";
      return exit_invalid;
    }
    auto print = [&](const qmark::error &x) {
      const bool facts = x.line == 0 && x.pointer.compare(0, 6, "/facts") == 0 && !o.facts.empty();
      std::cerr << "qmark: " << (facts ? o.facts + ": " : std::string()) << x.message << " [" << qmark::errc_name(x.value()) << "]";
      if (x.line == 0 && !x.pointer.empty()) std::cerr << " (at " << x.pointer << ")";
      std::cerr << "\n";
    };
    print(e);
    for (const auto &m : e.more) print(m);
    std::cerr << "qmark: " << 1 + e.more.size() << " problem" << (e.more.empty() ? "" : "s")
              << " found; nothing written\n";
    return exit_invalid;
  }
  write_output(o.out, doc.value().dump(2) + "\n");
  return 0;
}

struct TemplateOptions {
  std::string framework, overlay, out, evidence_out;
  bool csv = false;
};

int run_template(const TemplateOptions &o) {
  auto fw = framework_for(o.framework, o.overlay);
  write_output(o.out, qmark::judgement_template_csv(*fw));
  if (!o.evidence_out.empty()) write_output(o.evidence_out, qmark::evidence_template_csv());
  return 0;
}

}  // namespace

Command add_import_csv(CLI::App &app) {
  auto o = std::make_shared<ImportOptions>();
  auto *sub = app.add_subcommand(
      "import-csv",
      "Turn a judgement sheet and an evidence sheet (CSV, as saved by a spreadsheet) into an audit/1 document, "
      "checked against the framework before it is written. The judgement sheet has a row per judgement with "
      "columns node, level, evidence (ids separated by spaces or ;), comment and optionally judge (self, "
      "moderator, assessor); the evidence sheet has columns id, kind, title, groups (separated by spaces or ;), "
      "date (YYYY-MM-DD), stage and supports (node ids). Other columns are ignored; rows with no level are "
      "skipped. Problems are reported with the sheet's line number (exit status 2, nothing written).");
  sub->add_option("JUDGEMENTS", o->judgements, "the judgement sheet (CSV), e.g. judgements.csv")->required();
  sub->add_option("--evidence", o->evidence, "the evidence sheet (CSV), e.g. --evidence evidence.csv");
  sub->add_option("--framework", o->framework,
                  "built-in framework id (" + builtin_ids_text() + ") or framework/1 file, e.g. --framework " +
                      example_framework_id())
      ->required();
  sub->add_option("--overlay", o->overlay, "overlay/1 file to apply, e.g. --overlay examples/overlays/bury-la-example.json");
  sub->add_option("--school-id", o->school_id, "the school's id, e.g. --school-id URN:100002")->required();
  sub->add_option("--school-name", o->school_name, "the school's name, e.g. --school-name \"Example High School\"");
  sub->add_option("--phase", o->phase, "the school's phase, e.g. --phase secondary");
  sub->add_option("--pupils", o->pupils, "number of pupils on roll, e.g. --pupils 1150");
  sub->add_option("--assessed-on", o->assessed_on, "date of the assessment, e.g. --assessed-on 2026-06-30")->required();
  sub->add_option("--decided-on", o->decided_on, "date of the decision (default: --assessed-on), e.g. --decided-on 2026-07-15");
  sub->add_option("--judged-by", o->judged_by,
                  "who made judgements whose judge cell is blank: self (default), moderator or assessor, e.g. "
                  "--judged-by assessor")
      ->check(CLI::IsMember({"self", "moderator", "assessor"}));
  sub->add_option("--facts", o->facts,
                  "JSON file holding the audit's facts object (exclusions, off-rolling…), e.g. --facts facts.json");
  sub->add_option("--out", o->out, "audit/1 file to write (atomically; default: standard output), e.g. --out audit.json");
  const std::string fw = example_framework_id();
  example(sub, "  qmark template " + fw + " --csv --out judgements.csv --evidence-out evidence.csv\n" +
                   "  (fill in the sheets, save them as CSV UTF-8)\n" +
                   "  qmark import-csv judgements.csv --evidence evidence.csv --framework " + fw + " \\\n" +
                   "      --school-id URN:100002 --assessed-on 2026-06-30 --out audit.json");
  return Command{sub, [o] { return run_import(*o); }};
}

Command add_template(CLI::App &app) {
  auto o = std::make_shared<TemplateOptions>();
  auto *sub = app.add_subcommand(
      "template",
      "Write an empty judgement sheet for a framework: a header and a row per judgeable node (node, level, "
      "evidence, comment to fill in, and a read-only statement column with the node's statement and the levels "
      "allowed), ready for a spreadsheet and for import-csv.");
  sub->add_option("FRAMEWORK", o->framework,
                  "built-in framework id (" + builtin_ids_text() + ") or framework/1 file, e.g. " +
                      example_framework_id())
      ->required();
  sub->add_flag("--csv", o->csv, "write CSV (the only format so far; required), e.g. --csv")->required();
  sub->add_option("--out", o->out, "file to write (atomically; default: standard output), e.g. --out judgements.csv");
  sub->add_option("--evidence-out", o->evidence_out,
                  "also write an empty evidence sheet (its header), e.g. --evidence-out evidence.csv");
  sub->add_option("--overlay", o->overlay, "overlay/1 file to apply, e.g. --overlay examples/overlays/bury-la-example.json");
  example(sub, "  qmark template " + example_framework_id() + " --csv --out judgements.csv --evidence-out evidence.csv");
  return Command{sub, [o] { return run_template(*o); }};
}

}  // namespace qmark_cli

// decision/1 text: to_json_text writes the decision directly (src/output.cpp), laid out
// and escaped as nlohmann's dump(2) would: read back (to_json) and dumped, it is the same
// bytes — on every example audit of every framework, with the trace on and off, and on
// audits whose strings need escaping. (The fuzz targets check the same on every input
// they read; test_fuzz_regressions.cpp replays their corpora.)
#include "helpers.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

void same_bytes(const qmark::Framework &fw, const qmark::Audit &audit) {
  for (bool trace : {true, false}) {
    qmark::AssessOptions opts;
    opts.trace = trace;
    const qmark::Decision d = qmark::assess(fw, audit, opts);
    CHECK(qmark::to_json_text(fw, d) == qmark::to_json(fw, d).dump(2) + "\n");
  }
}

}  // namespace

TEST_CASE("output: to_json_text is laid out as dump(2) for every example audit, trace on and off") {
  int n = 0;
  for (const auto &e : fs::directory_iterator(qtest::source_dir() + "/examples/audits")) {
    const std::string rel = "examples/audits/" + e.path().filename().string();
    INFO(rel);
    const qmark::json doc = qtest::read_json(rel);
    const auto fw = qtest::builtin(doc["framework"].get<std::string>());
    auto audit = qmark::Audit::from_json(*fw, doc);
    REQUIRE(audit.has_value());
    same_bytes(*fw, audit.value());
    ++n;
  }
  CHECK(n >= 10);
}

TEST_CASE("output: strings that need escaping are written as dump(2) writes them") {
  const auto fw = qtest::builtin("bury-iqm");
  qmark::json doc = qtest::read_json("examples/audits/bury-not-yet-accredited.json");
  doc["school"]["id"] = std::string("URN:\"1\"\\ \b\f\n\r\t\x01\x1f\x7f é — 学校 😀");
  doc["judged_by"] = "self";
  auto audit = qmark::Audit::from_json(*fw, doc);
  REQUIRE(audit.has_value());
  same_bytes(*fw, audit.value());
  const qmark::Decision d = qmark::assess(*fw, audit.value());
  CHECK(qmark::to_json_text(*fw, d).find("\"URN:\\\"1\\\"\\\\ \\b\\f\\n\\r\\t\\u0001\\u001f\x7f é — 学校 😀\"") !=
        std::string::npos);
}

TEST_CASE("output: evidence is listed in the natural order of its ids, whatever the audit's order") {
  const auto fw = qtest::builtin("bury-iqm");
  qmark::json doc = qtest::read_json("examples/audits/bury-accredited.json");
  const std::string in_order = qmark::to_json_text(*fw, qtest::assess(*fw, doc));
  qmark::json reversed = doc;
  std::reverse(reversed["evidence"].begin(), reversed["evidence"].end());
  CHECK(qmark::to_json_text(*fw, qtest::assess(*fw, reversed)) == in_order);
  const auto d = qmark::to_json(*fw, qtest::assess(*fw, reversed));
  const auto ev = d["levels"]["WSA.ETHOS.1"]["evidence"];
  REQUIRE(ev.size() >= 3);
  CHECK(ev[0] == "E1");
  CHECK(ev[1] == "E2");  // E2 before E10: digits compare by value
}

TEST_CASE("audit: reading a document it may take apart gives the same audit as reading a copy") {
  for (const char *rel : {"examples/audits/bury-accredited.json", "examples/audits/kcc-emerging.json",
                          "examples/audits/wales-iqm-gold.json"}) {
    INFO(rel);
    qmark::json doc = qtest::read_json(rel);
    doc["extensions"] = {{"la_ref", "X-1"}};
    doc["evidence"][0]["la_note"] = "kept";
    const auto fw = qtest::builtin(doc["framework"].get<std::string>());
    auto copied = qmark::Audit::from_json(*fw, doc);
    auto moved = qmark::Audit::from_json(*fw, qmark::json(doc));
    REQUIRE(copied.has_value());
    REQUIRE(moved.has_value());
    CHECK(moved.value().to_json(*fw) == copied.value().to_json(*fw));
    CHECK(moved.value().to_json(*fw)["evidence"][0]["la_note"] == "kept");
    CHECK(qmark::to_json_text(*fw, qmark::assess(*fw, moved.value())) ==
          qmark::to_json_text(*fw, qmark::assess(*fw, copied.value())));
  }
}

TEST_CASE("output: text that is not UTF-8 is refused by the writer as nlohmann refuses it") {
  // Parsed JSON is always UTF-8; a document built in memory (a CSV read as Latin-1, say)
  // need not be. Overlong forms, surrogates and truncated sequences are refused too.
  const auto fw = qtest::builtin("bury-iqm");
  for (const std::string &bad : {std::string("caf\xe9"), std::string("\xc0\xaf"), std::string("\xed\xa0\x80"),
                                std::string("\xf4\x90\x80\x80"), std::string("ok\xe2\x82")}) {
    qmark::json doc = qtest::read_json("examples/audits/bury-accredited.json");
    doc["school"]["id"] = bad;
    const qmark::Decision d = qtest::assess(*fw, doc);
    CHECK_THROWS_AS((void)qmark::to_json_text(*fw, d), qmark::json::type_error);
  }
}

TEST_CASE("output: evidence guidance is written from its text rendered at load, or refused if not UTF-8") {
  // A framework's guidance is rendered once when it is compiled and copied into every
  // decision at the depth of its action; guidance made in code that is not UTF-8 cannot be
  // rendered, and the writer refuses it when a decision needs it, as it always has.
  qmark::json doc = qtest::read_json("frameworks/bury-iqm.json");
  const auto fw = qtest::builtin("bury-iqm");
  const qmark::json audit = qtest::read_json("examples/audits/bury-not-yet-accredited.json");
  const qmark::Decision d = qtest::assess(*fw, audit);
  REQUIRE_FALSE(d.actions.empty());
  const std::string text = qmark::to_json_text(*fw, d);
  CHECK(text == qmark::to_json(*fw, d).dump(2) + "\n");
  CHECK(text.find("\"evidence_suggestions\": {\n") != std::string::npos);
  bool changed = false;
  for (auto &element : doc["nodes"])
    if (element.contains("evidence_guidance") && element["evidence_guidance"].is_object())
      for (auto &[stage, list] : element["evidence_guidance"].items())
        if (list.is_array() && !list.empty()) {
          list[0] = std::string("caf\xe9");
          changed = true;
        }
  REQUIRE(changed);
  auto bad = qmark::Framework::from_json(doc);
  REQUIRE(bad.has_value());
  const qmark::Decision d2 = qtest::assess(*bad.value(), audit);
  REQUIRE_FALSE(d2.actions.empty());
  CHECK_THROWS_AS((void)qmark::to_json_text(*bad.value(), d2), qmark::json::type_error);
}

TEST_CASE("output: levels are written from texts made at load, or as ever when an id is not UTF-8") {
  // The node and level ids are written as JSON once, when a framework is compiled, and the
  // "levels" member is put together from them (the bytes the member-by-member writer makes:
  // bench/identity_check.sh compares the two over every generated audit). A node id made in
  // code that is not UTF-8 cannot be rendered: the writer then refuses it, as it always has.
  const auto fw = qtest::builtin("bury-iqm");
  CHECK(fw->decision_texts() != nullptr);
  qmark::json audit = qtest::read_json("examples/audits/bury-not-yet-accredited.json");
  const std::string text = qmark::to_json_text(*fw, qtest::assess(*fw, audit));
  CHECK(text == nlohmann::ordered_json::parse(text).dump(2) + "\n");
  qmark::json doc = qtest::read_json("frameworks/bury-iqm.json");
  const std::string whole = doc.dump();
  // a leaf that nothing else names (so renaming it changes nothing else), not judged
  std::function<qmark::json *(qmark::json &)> unnamed_leaf = [&](qmark::json &nodes) -> qmark::json * {
    for (auto &n : nodes) {
      if (n.contains("children")) {
        if (qmark::json *found = unnamed_leaf(n["children"])) return found;
        continue;
      }
      const std::string quoted = "\"" + n["id"].get<std::string>() + "\"";
      std::size_t uses = 0;
      for (std::size_t at = whole.find(quoted); at != std::string::npos; at = whole.find(quoted, at + 1)) ++uses;
      if (uses == 1) return &n;
    }
    return nullptr;
  };
  qmark::json *leaf = unnamed_leaf(doc["nodes"]);
  REQUIRE(leaf != nullptr);
  audit["judgements"].erase((*leaf)["id"].get<std::string>());
  for (auto &item : audit["evidence"])
    if (item.contains("supports")) {
      auto &sup = item["supports"];
      sup.erase(std::remove(sup.begin(), sup.end(), (*leaf)["id"]), sup.end());
    }
  (*leaf)["id"] = std::string("caf\xe9");
  auto bad = qmark::Framework::from_json(doc);
  REQUIRE(bad.has_value());
  CHECK(bad.value()->decision_texts() == nullptr);
  const qmark::Decision d = qtest::assess(*bad.value(), audit);
  CHECK_THROWS_AS((void)qmark::to_json_text(*bad.value(), d), qmark::json::type_error);
}

// Findings keep their message as data (Finding::Detail) and the writers make the text:
// finding_message gives what decision/1 says. And a Decision assessed into again and again
// (its storage reused, as the zero-allocation path does) says what a fresh one says, audit
// after audit, whichever order they come in.
TEST_CASE("output: finding_message is the document's message; a reused Decision writes what a fresh one does") {
  std::vector<std::pair<std::string, qmark::json>> docs;
  for (const auto &e : fs::directory_iterator(qtest::source_dir() + "/examples/audits"))
    docs.emplace_back(e.path().filename().string(), qtest::read_json("examples/audits/" + e.path().filename().string()));
  std::sort(docs.begin(), docs.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
  qmark::Decision reused;
  int findings = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t k = 0; k < docs.size(); ++k) {
      const auto &[name, doc] = docs[pass == 0 ? k : docs.size() - 1 - k];
      INFO(name);
      const auto fw = qtest::builtin(doc["framework"].get<std::string>());
      auto audit = qmark::Audit::from_json(*fw, doc);
      REQUIRE(audit.has_value());
      qmark::AssessOptions quiet;
      quiet.trace = false;
      const qmark::Decision fresh = qmark::assess(*fw, audit.value(), quiet);
      const nlohmann::ordered_json j = qmark::to_json(*fw, fresh);
      REQUIRE(j["findings"].size() == fresh.findings.size());
      for (std::size_t i = 0; i < fresh.findings.size(); ++i, ++findings)
        CHECK(qmark::finding_message(*fw, fresh, fresh.findings[i]) == j["findings"][i]["message"].get<std::string>());
      qmark::assess(*fw, audit.value(), reused, quiet);
      CHECK(qmark::to_json_text(*fw, reused) == qmark::to_json_text(*fw, fresh));
      CHECK(qmark::to_text(*fw, reused) == qmark::to_text(*fw, fresh));
    }
  }
  CHECK(findings > 0);
}

// A node's valid evidence (Decision::evidence_of), worked out here from the audit's own
// members as SPEC §3.1 words it: the effective judge's citations and the items that support
// the node, each once, dated on or before the assessment and within the framework's recent
// window, in the natural order of their ids. Every judgeable node of every example audit;
// the nodes that take their level from their children list none. And each node that counts
// its leaves holds, per level, its judgeable leaves at that level.
TEST_CASE("assess: evidence_of and counts_of list each node's valid evidence and counts, as the audit says") {
  int listed = 0, checked = 0;
  std::vector<qmark::json> docs;
  for (const auto &e : fs::directory_iterator(qtest::source_dir() + "/examples/audits")) {
    docs.push_back(qtest::read_json("examples/audits/" + e.path().filename().string()));
    // and the same with some items dated after the assessment, some long before it
    qmark::json altered = docs.back();
    const std::string next_year = std::to_string(std::stoi(altered["assessed_on"].get<std::string>().substr(0, 4)) + 1);
    for (std::size_t k = 0; k < altered["evidence"].size(); ++k)
      if (k % 3 == 1) altered["evidence"][k]["date"] = next_year + "-01-15";
      else if (k % 3 == 2) altered["evidence"][k]["date"] = "2001-02-03";
    docs.push_back(std::move(altered));
  }
  int invalid = 0;
  for (const qmark::json &doc : docs) {
    INFO(doc.dump().substr(0, 200));
    const auto fw = qtest::builtin(doc["framework"].get<std::string>());
    auto read = qmark::Audit::from_json(*fw, doc);
    REQUIRE(read.has_value());
    const qmark::Audit &audit = read.value();
    const qmark::Decision d = qmark::assess(*fw, audit);
    std::optional<qmark::Date> from;
    if (fw->evidence_rules().window >= 0)
      if (const auto months = fw->parameter_value(fw->evidence_rules().window))
        from = audit.assessed_on.add_months(-static_cast<int>(std::lround(*months)));
    for (std::size_t n = 0; n < fw->nodes().size(); ++n) {
      std::vector<int> expected;
      const bool own = fw->shapes()[n].judgeable && (fw->shapes()[n].leaf || audit.judgement_of[n] >= 0);
      if (own) {
        if (const int j = audit.judgement_of[n]; j >= 0) {
          const qmark::Judgement &jm = audit.judgements[static_cast<std::size_t>(j)];
          for (int item : jm.by[static_cast<std::size_t>(jm.effective())].evidence) expected.push_back(item);
        }
        for (int item : audit.supported_by[n]) expected.push_back(item);
        auto rank = [&](int item) { return audit.evidence_rank[static_cast<std::size_t>(item)]; };
        std::sort(expected.begin(), expected.end(), [&](int x, int y) { return rank(x) < rank(y); });
        expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
        expected.erase(std::remove_if(expected.begin(), expected.end(),
                                      [&](int item) {
                                        const qmark::Date date = audit.evidence[static_cast<std::size_t>(item)].date;
                                        return audit.assessed_on < date || (from && date < *from);
                                      }),
                       expected.end());
      }
      for (int item : audit.supported_by[n]) invalid += std::find(expected.begin(), expected.end(), item) == expected.end();
      const qmark::IndexRange got = d.evidence_of(n);
      CHECK(std::vector<int>(got.begin(), got.end()) == expected);
      // a node that counts: its judgeable leaves at each level of their scale
      std::vector<int> counts;
      if (fw->shapes()[n].aggregate == qmark::Aggregate::counts)
        for (int l : fw->leaves())
          for (int p = fw->shapes()[static_cast<std::size_t>(l)].parent; p >= 0; p = fw->shapes()[static_cast<std::size_t>(p)].parent)
            if (p == static_cast<int>(n)) {
              const int level = d.levels[static_cast<std::size_t>(l)].effective;
              if (counts.size() < static_cast<std::size_t>(fw->shapes()[static_cast<std::size_t>(l)].top + 1))
                counts.resize(static_cast<std::size_t>(fw->shapes()[static_cast<std::size_t>(l)].top + 1));
              ++counts[static_cast<std::size_t>(level)];
            }
      const qmark::IndexRange counted = d.counts_of(n);
      CHECK(std::vector<int>(counted.begin(), counted.end()) == counts);
      listed += static_cast<int>(got.size());
      ++checked;
    }
  }
  CHECK(listed > 0);
  CHECK(checked > 0);
  CHECK(invalid > 0);  // (the altered audits have items that do not count)
}

// Findings name their code and evidence without owning text (the code interned, the
// evidence an index into the decision's ids): a decision copied, or kept after its
// framework is gone, still reads them — including a framework's own audit-check codes and an
// id a judgement cites that the audit lacks.
TEST_CASE("assess: findings' codes and evidence outlive the framework and survive a copy") {
  qmark::json fw_doc = qtest::read_json("frameworks/wales-school-improvement.json");
  for (auto &check : fw_doc["audit_checks"]) check["code"] = "local_" + check["code"].get<std::string>();
  qmark::json audit_doc = qtest::read_json("examples/audits/wsi-self-evaluation.json");
  std::string judged;  // a judged node: cite an id that is not in the evidence list
  for (auto &[id, value] : audit_doc["judgements"].items()) {
    if (!value.is_object()) value = qmark::json{{"level", value}};
    value["evidence"].push_back("NOT-IN-THE-LIST-" + id);
    judged = id;
    break;
  }
  REQUIRE(!judged.empty());
  for (auto &item : audit_doc["evidence"]) item["date"] = "2001-02-03";  // none recent: the checks fail
  std::optional<qmark::Decision> kept;
  std::string expected;
  {
    auto fw = qmark::Framework::from_json(fw_doc);
    REQUIRE(fw.has_value());
    auto audit = qmark::Audit::from_json(*fw.value(), audit_doc);
    REQUIRE(audit.has_value());
    const qmark::Decision d = qmark::assess(*fw.value(), audit.value());
    expected = qmark::to_json_text(*fw.value(), d);
    kept = d;  // a copy; d and the framework go
  }
  int local = 0, unknown = 0;
  for (const qmark::Finding &f : kept->findings) {
    local += f.code.rfind("local_", 0) == 0;
    if (f.code == "unknown_evidence") {
      ++unknown;
      CHECK(kept->finding_evidence(f) == "NOT-IN-THE-LIST-" + judged);
      CHECK(f.code.data()[f.code.size()] == '\0');
    }
  }
  CHECK(local > 0);
  CHECK(unknown == 1);
  // the same decision again, from a framework loaded anew: the same document
  auto fw = qmark::Framework::from_json(fw_doc);
  REQUIRE(fw.has_value());
  CHECK(qmark::to_json_text(*fw.value(), *kept) == expected);
}

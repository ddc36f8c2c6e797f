// The text reader (src/audit_text.cpp) against the document reader: on every input, the
// same Audit or the same error, whichever reader read it. Inputs: the example audits,
// variants of them (formatting, member order, escapes, unknown members, per-judge
// judgements, …), the bad-input catalogue, the fuzz corpus, and deterministic random
// mutations of the examples.
#include "helpers.hpp"

#include "audit_read.hpp"  // internal: detail::read_audit_text
#include "text_scan.hpp"   // internal: detail::next_special

#include <filesystem>
#include <random>

namespace {

using qmark::json;
namespace fs = std::filesystem;

// (as text: messages quote the input, which may not be UTF-8)
std::string describe(const qmark::error &e) {
  std::string out = std::string(qmark::errc_name(e.value())) + "|" + e.message + "|" + e.pointer + "|" +
                    std::to_string(e.line) + ":" + std::to_string(e.column) + "|more:";
  for (const auto &m : e.more) out += "\n  " + describe(m);
  return out;
}

// Everything an Audit holds, as JSON, so two can be compared (and a difference shown).
json describe(const qmark::Framework &fw, const qmark::Audit &a) {
  json out;
  out["document"] = a.to_json(fw);
  out["framework"] = a.framework_id;
  out["overlay"] = a.overlay_id;
  out["school"] = a.school;
  out["school_id"] = a.school_id;
  out["pupils"] = a.pupils ? json(*a.pupils) : json(nullptr);
  out["assessed_on"] = a.assessed_on.to_string();
  out["decided_on"] = a.decided_on.to_string();
  out["has_decided_on"] = a.has_decided_on;
  out["judged_by"] = qmark::judge_name(a.judged_by);
  for (const auto &j : a.judgements) {
    json by = json::array();
    for (const auto &e : j.by)
      by.push_back({{"present", e.present}, {"level", e.level}, {"evidence", e.evidence}, {"unknown", e.unknown}, {"comment", e.comment}});
    out["judgements"].push_back({{"node", j.node}, {"by", by}});
  }
  out["judgement_of"] = a.judgement_of;
  for (const auto &e : a.evidence)
    out["evidence"].push_back({{"id", e.id}, {"title", e.title}, {"stage", e.stage}, {"kind", static_cast<int>(e.kind)},
                               {"groups", e.groups}, {"date", e.date.to_string()}, {"supports", e.supports}});
  out["evidence_rank"] = a.evidence_rank;
  out["supported_by"] = a.supported_by;
  for (const auto &f : a.facts) {
    json dates = json::array();
    for (const auto &d : f.dates) dates.push_back(d.to_string());
    out["facts"].push_back({{"present", f.present}, {"dates", dates}, {"fields", f.fields}, {"count", f.count}});
  }
  out["facts_doc"] = a.facts_doc;
  out["extensions"] = a.extensions;
  return out;
}

struct Outcome {
  bool read_from_text = false;  // the text reader read it (did not give up)
  bool valid = false;
};

// Reads `text` both ways and checks they agree; says which way it was read.
Outcome compare_readers(const qmark::Framework &fw, const std::string &text, const std::string &what) {
  INFO(what << " against " << fw.id());
  const auto fast = qmark::detail::read_audit_text(fw, text);
  auto doc = qmark::parse_json(text);
  const qmark::result<qmark::Audit> by_document =
      doc ? qmark::Audit::from_json(fw, doc.value()) : qmark::result<qmark::Audit>(doc.error());
  // the framework an audit names, read from the text: as the document says it
  const auto named = qmark::Audit::framework_of_text(text);
  const qmark::result<std::string> named_by_document =
      doc ? qmark::Audit::framework_of(doc.value()) : qmark::result<std::string>(doc.error());
  REQUIRE(named.has_value() == named_by_document.has_value());
  if (named) CHECK(named.value() == named_by_document.value());
  else CHECK(describe(named.error()) == describe(named_by_document.error()));
  const auto parsed = qmark::Audit::parse(fw, text);  // the public way: text reader, else document
  REQUIRE(parsed.has_value() == by_document.has_value());
  if (!by_document) {
    CHECK_FALSE(fast.has_value());
    CHECK(describe(parsed.error()) == describe(by_document.error()));
    return {false, false};
  }
  const json expected = describe(fw, by_document.value());
  CHECK(describe(fw, parsed.value()) == expected);
  // read for assessing only (assess_json): gives up exactly when the full reading does,
  // and decides alike
  const auto for_assessing = qmark::detail::read_audit_text(fw, text, false);
  CHECK(for_assessing.has_value() == fast.has_value());
  const auto by_text = qmark::assess_json(fw, text);
  REQUIRE(by_text.has_value());
  const std::string decided = qmark::to_json_text(fw, qmark::assess(fw, by_document.value()));
  CHECK(qmark::to_json_text(fw, by_text.value()) == decided);
  if (fast) {
    const json got = describe(fw, *fast);
    CHECK_MESSAGE(got == expected, "text reader: " << got.dump() << "\ndocument reader: " << expected.dump());
    CHECK(qmark::to_json_text(fw, qmark::assess(fw, *fast)) == decided);
    CHECK(qmark::to_json_text(fw, qmark::assess(fw, *for_assessing)) == decided);
  }
  return {fast.has_value(), true};
}

std::vector<std::pair<std::string, std::string>> example_audits() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto &entry : fs::directory_iterator(qtest::source_dir() + "/examples/audits"))
    if (entry.path().extension() == ".json")
      out.emplace_back(entry.path().filename().string(), qtest::read("examples/audits/" + entry.path().filename().string()));
  std::sort(out.begin(), out.end());
  REQUIRE(out.size() >= 5);
  return out;
}

qmark::FrameworkPtr framework_for(const json &audit) {
  auto fw = qmark::Framework::builtin(audit.at("framework").get<std::string>());
  REQUIRE(fw.has_value());
  if (audit.contains("overlay") && audit["overlay"].is_string()) {
    auto ov = qmark::Overlay::parse(qtest::read("examples/overlays/" + audit["overlay"].get<std::string>() + ".json"));
    REQUIRE(ov.has_value());
    auto with = fw.value()->with_overlay(ov.value());
    REQUIRE(with.has_value());
    return with.value();
  }
  return fw.value();
}

// Writes a document with its members in reverse order (nlohmann sorts them).
std::string reversed(const json &v) {
  if (v.is_object()) {
    std::vector<std::string> parts;
    for (auto it = v.begin(); it != v.end(); ++it) parts.push_back(json(it.key()).dump() + ":" + reversed(it.value()));
    std::string out = "{";
    for (std::size_t i = parts.size(); i-- > 0;) out += parts[i] + (i ? "," : "");
    return out + "}";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + reversed(v[i]);
    return out + "]";
  }
  return v.dump();
}

}  // namespace

TEST_CASE("text reader: reads every example audit, the same as the document reader") {
  for (const auto &[name, text] : example_audits()) {
    const json doc = json::parse(text);
    const auto fw = framework_for(doc);
    const Outcome o = compare_readers(*fw, text, name);
    CHECK(o.valid);
    CHECK_MESSAGE(o.read_from_text, name << " was not read by the text reader");
    // against the other frameworks: refused alike
    for (const std::string &id : qmark::Framework::builtin_ids())
      if (id != fw->id()) CHECK_FALSE(compare_readers(*qtest::builtin(id), text, name).valid);
  }
}

TEST_CASE("text reader: layouts, member order, escapes, unknown members and judges") {
  for (const auto &[name, text] : example_audits()) {
    const json doc = json::parse(text);
    const auto fw = framework_for(doc);
    auto check_read = [&](const std::string &variant, const std::string &what, bool expect_text_reader = true) {
      const Outcome o = compare_readers(*fw, variant, name + ": " + what);
      CHECK_MESSAGE(o.valid, name << ": " << what);
      if (expect_text_reader) CHECK_MESSAGE(o.read_from_text, name << ": " << what << " not read by the text reader");
    };
    check_read(doc.dump(), "compact");
    check_read(doc.dump(4) + "\n\n", "4 spaces, trailing newlines");
    check_read(" \t\r\n" + reversed(doc), "members in reverse order");

    json v = doc;
    REQUIRE_FALSE(v["evidence"].empty());
    v["evidence"][0]["title"] = "Ysgol Gymraeg – \"llais\" y dysgwyr\n\t\\ / \u00e9 \U0001F600";
    check_read(v.dump(), "escapes and UTF-8 in a title");
    check_read(v.dump(-1, ' ', true), "escapes and \\u escapes (ensure_ascii)");
    v["evidence"][0]["x-source"] = {{"n", -12.5}, {"ok", true}, {"none", nullptr}, {"list", {1, 0, -0.25, "a"}}, {"deep", {{"d", {{"e", json::array()}}}}}};
    v["evidence"][0]["x-count"] = 12345678901234567890u;
    v["extensions"] = {{"vendor", {{"id", 7}}}};
    v["x-unknown-top"] = "kept";
    v["school"]["x-phase"] = {1, 2};
    check_read(v.dump(2), "unknown members everywhere");
    // an exponent: the text reader gives up (a double could overflow), the result is the same
    json e = doc;
    e["evidence"][0]["x-big"] = 1.5e300;
    check_read(e.dump(), "an exponent in an unknown member", false);

    // judges: the audit's own judge, and judgements per judge
    json j = doc;
    j["judged_by"] = "moderator";
    check_read(j.dump(), "judged_by moderator");
    json pj = doc;
    for (auto it = pj["judgements"].begin(); it != pj["judgements"].end(); ++it) {
      if (it.value().is_object() && !it.value().contains("level")) continue;  // per judge already
      const json level = it.value().is_string() ? it.value() : it.value()["level"];
      it.value() = {{"self", it.value()}, {"assessor", {{"level", level}, {"evidence", {"E-none", ""}}, {"x", 1}}}};
    }
    check_read(pj.dump(), "per-judge judgements with unknown citations");
  }
}

TEST_CASE("text reader: anything out of the ordinary goes to the document reader, with its error") {
  const auto examples = example_audits();
  const auto &[name, text] = examples.front();
  const json doc = json::parse(text);
  const auto fw = framework_for(doc);
  const std::string compact = doc.dump();
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"duplicate top-level member", "{\"qmark\":\"audit/1\"," + compact.substr(1)},
      {"trailing text", compact + " x"},
      {"NUL after the document", compact + std::string(1, '\0')},
      {"invalid UTF-8", [&] { json v = doc; v["school"]["name"] = "x"; std::string s = v.dump(); s.replace(s.find("\"x\""), 3, "\"\xC0\xAF\""); return s; }()},
      {"lone surrogate", [&] { json v = doc; v["school"]["name"] = "x"; std::string s = v.dump(); s.replace(s.find("\"x\""), 3, "\"\\udc00\""); return s; }()},
      {"judge's name before \"level\"", [&] {
         json v = doc;
         const json first = v["judgements"].begin().value();
         const std::string level = (first.is_string() ? first : first["level"]).get<std::string>();
         v["judgements"].begin().value() = "PLACEHOLDER";
         std::string s = v.dump();
         s.replace(s.find("\"PLACEHOLDER\""), 13, "{\"self\":\"x\",\"level\":\"" + level + "\"}");
         return s;
       }()},
      {"duplicate evidence id", [&] { json v = doc; v["evidence"].push_back(v["evidence"][0]); return v.dump(); }()},
      {"unknown level", [&] { json v = doc; v["judgements"].begin().value() = "not-a-level"; return v.dump(); }()},
      {"missing evidence", [&] { json v = doc; v.erase("evidence"); return v.dump(); }()},
      {"evidence item not an object", [&] { json v = doc; v["evidence"].push_back(3); return v.dump(); }()},
      {"deep nesting", [&] { std::string s = compact; s.pop_back(); return s + ",\"x\":" + std::string(130, '[') + std::string(130, ']') + "}"; }()},
      {"leading zero", [&] { std::string s = compact; s.pop_back(); return s + ",\"x\":012}"; }()},
  };
  for (const auto &[what, variant] : variants) {
    INFO(what);
    const Outcome o = compare_readers(*fw, variant, what);
    CHECK_FALSE(o.read_from_text);
  }
}

TEST_CASE("text reader: the bad-input catalogue and the fuzz corpus, against every framework") {
  std::vector<std::pair<std::string, std::string>> inputs;
  for (const json &c : qtest::read_json("tests/bad/cases.json"))
    if (c.at("kind") == "audit" && c.contains("text")) inputs.emplace_back(c.at("name").get<std::string>(), c.at("text").get<std::string>());
  for (const char *dir : {"tests/fuzz/corpus/audit", "tests/fuzz/regressions/audit"}) {
    const fs::path p = qtest::source_dir() + "/" + dir;
    if (!fs::exists(p)) continue;
    for (const auto &entry : fs::directory_iterator(p))
      inputs.emplace_back(entry.path().filename().string(), qtest::read(std::string(dir) + "/" + entry.path().filename().string()));
  }
  REQUIRE(inputs.size() > 50);
  for (const auto &[name, text] : inputs)
    for (const std::string &id : qmark::Framework::builtin_ids()) (void)compare_readers(*qtest::builtin(id), text, name);
}

TEST_CASE("text reader: random mutations of the examples read alike") {
  std::mt19937 rng(2026);  // fixed: the same mutations on every run
  const std::string alphabet = "{}[],:\"\\ \n0123456789-.eEtrufalsn\x80\xC3\xA9u";
  int read_from_text = 0, valid = 0, total = 0;
  for (const auto &[name, text] : example_audits()) {
    const auto fw = framework_for(json::parse(text));
    for (int k = 0; k < 150; ++k) {
      std::string m = text;
      const int edits = 1 + static_cast<int>(rng() % 3);
      for (int e = 0; e < edits && !m.empty(); ++e) {
        const std::size_t at = rng() % m.size();
        switch (rng() % 4) {
          case 0: m.erase(at, 1); break;
          case 1: m.insert(m.begin() + static_cast<long>(at), alphabet[rng() % alphabet.size()]); break;
          case 2: m[at] = alphabet[rng() % alphabet.size()]; break;
          default: {  // a line repeated (duplicate members, repeated items)
            const std::size_t b = m.rfind('\n', at), e2 = m.find('\n', at);
            if (b != std::string::npos && e2 != std::string::npos) m.insert(e2, m.substr(b, e2 - b));
          }
        }
      }
      const Outcome o = compare_readers(*fw, m, name + " mutation " + std::to_string(k));
      read_from_text += o.read_from_text;
      valid += o.valid;
      ++total;
    }
  }
  MESSAGE(total << " mutations: " << valid << " valid, " << read_from_text << " read by the text reader");
  CHECK(read_from_text > 0);
  CHECK(valid > read_from_text / 2);
}

namespace {
// natural_less as first written (from the start of both ids), the reference for the one
// that starts at the first difference.
bool natural_less_reference(const std::string &x, const std::string &y) {
  std::size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    const bool dx = x[i] >= '0' && x[i] <= '9', dy = y[j] >= '0' && y[j] <= '9';
    if (dx && dy) {
      std::size_t ie = i, je = j;
      while (ie < x.size() && x[ie] >= '0' && x[ie] <= '9') ++ie;
      while (je < y.size() && y[je] >= '0' && y[je] <= '9') ++je;
      std::size_t is = i, js = j;
      while (is + 1 < ie && x[is] == '0') ++is;
      while (js + 1 < je && y[js] == '0') ++js;
      if (ie - is != je - js) return ie - is < je - js;
      if (const int c = x.compare(is, ie - is, y, js, je - js); c != 0) return c < 0;
      i = ie;
      j = je;
    } else {
      if (x[i] != y[j]) return static_cast<unsigned char>(x[i]) < static_cast<unsigned char>(y[j]);
      ++i;
      ++j;
    }
  }
  if ((i < x.size()) != (j < y.size())) return j < y.size();
  return x < y;
}
}  // namespace

TEST_CASE("natural order of evidence ids: E2 before E10, E01 and E1 apart, same as the reference") {
  using qmark::detail::natural_less;
  CHECK(natural_less("E2", "E10"));
  CHECK_FALSE(natural_less("E10", "E2"));
  CHECK(natural_less("E01", "E1"));  // equal numbers: plain order decides
  CHECK_FALSE(natural_less("E1", "E01"));
  CHECK_FALSE(natural_less("E7", "E7"));
  CHECK(natural_less("E9b", "E10"));
  CHECK(natural_less("a12b3", "a12b20"));
  std::mt19937 rng(7);
  const std::string chars = "0001239aE-";
  auto random_id = [&] {
    std::string s;
    const std::size_t n = rng() % 7;
    for (std::size_t k = 0; k < n; ++k) s += chars[rng() % chars.size()];
    return s;
  };
  for (int k = 0; k < 20000; ++k) {
    std::string x = random_id(), y = k % 3 ? random_id() : x;
    if (k % 5 == 0 && !y.empty()) y.back() = chars[rng() % chars.size()];  // often a shared prefix
    INFO(x << " vs " << y);
    REQUIRE(natural_less(x, y) == natural_less_reference(x, y));
  }
}

// ---------------------------------------------------------------------------------------
// The audit index (what assessing reads, made when the audit is read): an audit changed
// after reading decides as the changed document does once reindexed, and an audit whose
// members no longer match its index is assessed through an index made on the spot.

namespace {

std::string decision_text(const qmark::Framework &fw, const qmark::Audit &a) {
  qmark::AssessOptions o;
  o.trace = true;
  return qmark::to_json_text(fw, qmark::assess(fw, a, o));
}

qmark::Audit read_audit(const qmark::Framework &fw, const qmark::json &doc) {
  auto a = qmark::Audit::parse(fw, doc.dump());
  REQUIRE_MESSAGE(a.has_value(), (a ? std::string() : a.error().describe()));
  return std::move(a).value();
}

}  // namespace

TEST_CASE("audit index: an audit changed in place and reindexed decides as the changed document") {
  for (const char *name : {"examples/audits/bury-accredited.json", "examples/audits/wales-iqm-silver.json"}) {
    CAPTURE(name);
    qmark::json doc = qtest::read_json(name);
    auto fw = qtest::builtin(doc.at("framework").get<std::string>());
    qmark::Audit a = read_audit(*fw, doc);
    // Move every item's date to after the assessment date, and drop a judge's citations:
    // its findings, evidence lists and levels all change.
    REQUIRE_FALSE(a.evidence.empty());
    const std::string before = decision_text(*fw, a);
    const qmark::Date later = a.assessed_on.add_days(10);
    for (std::size_t e = 0; e < a.evidence.size(); e += 2) {
      a.evidence[e].date = later;
      doc["evidence"][e]["date"] = later.to_string();
    }
    a.reindex(*fw);
    const std::string changed = decision_text(*fw, a);
    CHECK(changed != before);
    CHECK(changed == decision_text(*fw, read_audit(*fw, doc)));
  }
}

TEST_CASE("audit index: an audit whose members were replaced is assessed through an index made for them") {
  const qmark::json small = qtest::read_json("examples/audits/bury-not-yet-accredited.json");
  qmark::json big = qtest::read_json("examples/audits/bury-accredited.json");
  qmark::json extra = big["evidence"][0];  // one item more, so that the sizes differ
  extra["id"] = "EXTRA-1";
  big["evidence"].push_back(extra);
  auto fw = qtest::builtin("bury-iqm");
  const qmark::Audit from = read_audit(*fw, big);
  qmark::Audit a = read_audit(*fw, small);
  REQUIRE(from.evidence.size() != a.evidence.size());
  // Every member the engine reads, taken from the other audit; a's index is still small's.
  a.assessed_on = from.assessed_on;
  a.decided_on = from.decided_on;
  a.judged_by = from.judged_by;
  a.judgements = from.judgements;
  a.judgement_of = from.judgement_of;
  a.evidence = from.evidence;
  a.evidence_rank = from.evidence_rank;
  a.supported_by = from.supported_by;
  a.facts = from.facts;
  a.pupils = from.pupils;
  a.school_id = from.school_id;
  const std::string expected = decision_text(*fw, from);
  CHECK(decision_text(*fw, a) == expected);
  // Into a reused Decision too, before and after one with its own index.
  qmark::Decision d;
  qmark::AssessOptions o;
  qmark::assess(*fw, a, d, o);
  CHECK(qmark::to_json_text(*fw, d) == expected);
  qmark::assess(*fw, read_audit(*fw, small), d, o);
  qmark::assess(*fw, a, d, o);
  CHECK(qmark::to_json_text(*fw, d) == expected);
}

// A decision shares its audit's evidence ids rather than copying them: it keeps the ids it
// was made with when the audit's are changed and reindexed, or when the Decision whose own
// index it came from (an audit without a fitting index) is assessed into again.
TEST_CASE("audit index: a decision keeps the evidence ids it was made with") {
  const qmark::json doc = qtest::read_json("examples/audits/bury-accredited.json");
  auto fw = qtest::builtin("bury-iqm");
  qmark::Audit a = read_audit(*fw, doc);
  REQUIRE_FALSE(a.evidence.empty());
  const std::string id0 = a.evidence[0].id;
  const qmark::Decision made = qmark::assess(*fw, a);
  const std::string expected = qmark::to_json_text(*fw, made);
  a.evidence[0].id = "RENAMED-0";
  a.reindex(*fw);
  CHECK(made.evidence_id(0) == id0);
  CHECK(qmark::to_json_text(*fw, made) == expected);
  CHECK(qmark::assess(*fw, a).evidence_id(0) == "RENAMED-0");
  // an audit whose index no longer fits: the Decision's own index, then a copy kept
  a.evidence.push_back(a.evidence[0]);
  a.evidence.back().id = "ONE-MORE";
  qmark::Decision d;
  qmark::assess(*fw, a, d);
  REQUIRE(d.evidence_id_count() == a.evidence.size());
  CHECK(d.evidence_id(a.evidence.size() - 1) == "ONE-MORE");
  const qmark::Decision copy = d;
  a.evidence.back().id = "CHANGED-AGAIN";
  a.evidence.push_back(a.evidence[1]);  // (the sizes differ again: indexed anew into d)
  qmark::assess(*fw, a, d);
  CHECK(d.evidence_id(a.evidence.size() - 2) == "CHANGED-AGAIN");
  CHECK(copy.evidence_id(a.evidence.size() - 2) == "ONE-MORE");
}

TEST_CASE("text scan: next_special finds the first special byte from every offset, at every alignment") {
  // Against the byte-at-a-time definition, over random texts of every length up to 80
  // (16- and 8-byte steps, and the tail), most bytes plain ASCII, some of every special kind.
  std::mt19937 rng(20261203);
  const unsigned char specials[] = {'"', '\\', 0x00, 0x1F, 0x0A, 0x7F, 0x80, 0xC3, 0xFF, 0x20, 0x21, 0x5B, 0x5D};
  for (int round = 0; round < 400; ++round) {
    const std::size_t n = static_cast<std::size_t>(round % 81);
    std::string text(n, 'a');
    for (char &c : text) {
      const auto r = rng() % 100;
      if (r < 4) c = static_cast<char>(specials[rng() % sizeof specials]);
      else if (r < 8) c = static_cast<char>(rng() % 256);
      else c = static_cast<char>('0' + rng() % 60);
    }
    for (std::size_t i = 0; i <= n; ++i) {
      std::size_t expected = i;
      while (expected < n && !qmark::detail::special_in_string(static_cast<unsigned char>(text[expected]))) ++expected;
      REQUIRE_MESSAGE(qmark::detail::next_special(text, i) == expected, "round " << round << " offset " << i);
    }
  }
}

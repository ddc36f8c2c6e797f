// The loader and the generic engine, on frameworks written for the test.
#include "helpers.hpp"

using qmark::json;

namespace {

// A small framework a local authority might author: two areas of three standards,
// one scale, and rules exercising each condition operator.
json custom() {
  return json::parse(R"({
    "qmark": "framework/1", "id": "la-custom", "version": "1", "title": "Custom",
    "scales": [{"id": "s", "levels": [{"id": "low"}, {"id": "mid"}, {"id": "high", "award": "star"}]}],
    "node_kinds": [{"id": "area", "judgeable": false, "aggregate": "min", "scale": "s"},
                   {"id": "std", "judgeable": true, "scale": "s"}],
    "parameters": {"need": {"value": 4, "source": "test"}, "months": {"value": 6}},
    "evidence_rules": {"window_months": "months", "top_claim_needs_evidence": {}},
    "nodes": [
      {"id": "X", "kind": "area", "title": "X", "children": [
        {"id": "X.1", "kind": "std", "statement": "one", "limiting": true},
        {"id": "X.2", "kind": "std", "statement": "two"},
        {"id": "X.3", "kind": "std", "statement": "three"}]},
      {"id": "Y", "kind": "area", "title": "Y", "children": [
        {"id": "Y.1", "kind": "std", "statement": "four"},
        {"id": "Y.2", "kind": "std", "statement": "five"},
        {"id": "Y.3", "kind": "std", "statement": "six"}]}],
    "outcome": {
      "outcomes": [{"id": "none", "award": null}, {"id": "good", "award": "good"}, {"id": "great", "award": "great"}],
      "rules": [
        {"id": "r.great", "outcome": "great", "when": {"all": [
          {"node_at_least": {"node": "Y.1", "level": "high"}},
          {"not": {"any": [{"limiting_at_least": "high"}, {"always": true}]}}]}},
        {"id": "r.great2", "outcome": "great", "when": {"count_at_least": {"level": "high", "count": 6}}},
        {"id": "r.good", "outcome": "good", "when": {"all": [{"limiting_at_least": "high"},
                                                             {"count_at_least": {"level": "mid", "count": "need"}}]}},
        {"id": "r.none", "outcome": "none", "when": {"always": true}}]}
  })");
}

json audit(std::initializer_list<std::pair<const char *, const char *>> levels) {
  json a = {{"qmark", "audit/1"}, {"framework", "la-custom"}, {"school", {{"id", "S"}}},
            {"assessed_on", "2026-01-31"}, {"judgements", json::object()},
            {"evidence", json::array({{{"id", "E"}, {"kind", "observation"}, {"groups", {"staff"}},
                                       {"date", "2025-07-31"}, {"supports", {"X.1", "X.2", "X.3", "Y.1", "Y.2", "Y.3"}}}})}};
  for (const auto &[node, level] : levels) a["judgements"][node] = level;
  return a;
}

}  // namespace

TEST_CASE("every built-in framework loads through the public loader, named as its file") {
  const auto ids = qmark::Framework::builtin_ids();
  REQUIRE_FALSE(ids.empty());
  for (const auto &id : ids) {
    INFO(id);
    auto fw = qmark::Framework::builtin(id);
    REQUIRE_MESSAGE(fw, (fw ? "" : fw.error().describe()));
    CHECK(fw.value()->id() == id);
    auto again = qmark::Framework::load(qtest::read("frameworks/" + id + ".json"));
    REQUIRE(again);
    CHECK(again.value()->nodes().size() == fw.value()->nodes().size());
  }
  auto missing = qmark::Framework::builtin("no-such-framework");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().value() == qmark::errc::unknown_framework);
  CHECK(missing.error().code.category().name() == std::string("qmark"));
}

TEST_CASE("a framework of the user's own runs on the same engine") {
  auto fw = qmark::Framework::from_json(custom());
  REQUIRE_MESSAGE(fw, (fw ? "" : fw.error().describe()));
  const auto &f = *fw.value();

  auto d = qtest::decide(f, audit({{"X.1", "high"}, {"X.2", "mid"}, {"X.3", "mid"}, {"Y.1", "mid"}, {"Y.2", "low"}, {"Y.3", "low"}}));
  CHECK(d["outcome"] == "good");
  CHECK(d["award"] == "good");
  CHECK(d["levels"]["X"]["effective"] == "mid");  // min aggregate
  CHECK(d["levels"]["Y"]["effective"] == "low");
  CHECK(d["levels"]["X"]["basis"] == "aggregate");
  // the next outcome, "great", needs all six at high: five raised
  REQUIRE(d["next_level"].size() == 1);
  CHECK(d["next_level"][0]["target"] == "great");
  CHECK(d["next_level"][0]["needs"].size() == 5);

  d = qtest::decide(f, audit({{"X.1", "mid"}, {"X.2", "mid"}, {"X.3", "mid"}, {"Y.1", "mid"}}));
  CHECK(d["outcome"] == "none");
  CHECK(d["limiting_failures"] == nlohmann::ordered_json::array({"X.1"}));
  CHECK(d["next_level"][0]["needs"] == nlohmann::ordered_json::array({"X.1"}));

  d = qtest::decide(f, audit({{"X.1", "high"}, {"X.2", "high"}, {"X.3", "high"}, {"Y.1", "high"}, {"Y.2", "high"}, {"Y.3", "high"}}));
  CHECK(d["outcome"] == "great");
  CHECK(d["decided_by"] == "r.great2");
  CHECK(d["next_level"].empty());
}

TEST_CASE("the evidence window comes from the framework's parameter") {
  auto fw = qmark::Framework::from_json(custom()).value();
  json a = audit({{"X.1", "high"}});
  a["evidence"][0]["date"] = "2025-07-30";  // one day older than 6 months before 2026-01-31
  auto d = qtest::decide(*fw, a);
  CHECK(d["levels"]["X.1"]["effective"] == "mid");
  CHECK(d["levels"]["X.1"]["basis"] == "capped");
}

TEST_CASE("loading reports every problem, each with its pointer") {
  json doc = custom();
  doc["nodes"][0]["children"][1]["id"] = "X.1";                                   // duplicate
  doc["nodes"][1]["kind"] = "region";                                             // unknown kind
  doc["outcome"]["rules"][2]["when"]["all"][1]["count_at_least"]["count"] = "nope";  // unknown parameter
  auto fw = qmark::Framework::from_json(doc);
  REQUIRE_FALSE(fw);
  std::vector<std::pair<std::string, std::string>> all;
  all.emplace_back(qmark::errc_name(fw.error().value()), fw.error().pointer);
  for (const auto &e : fw.error().more) all.emplace_back(qmark::errc_name(e.value()), e.pointer);
  auto has = [&](const std::string &code, const std::string &ptr) {
    return std::find(all.begin(), all.end(), std::make_pair(code, ptr)) != all.end();
  };
  CHECK(has("duplicate_id", "/nodes/0/children/1/id"));
  CHECK(has("unknown_kind", "/nodes/1/kind"));
  CHECK(has("unknown_parameter", "/outcome/rules/2/when/all/1/count_at_least/count"));
}

TEST_CASE("malformed framework JSON gives line and column") {
  auto fw = qmark::Framework::load("{\n  \"qmark\": \"framework/1\",\n  \"id\": oops\n}");
  REQUIRE_FALSE(fw);
  CHECK(fw.error().value() == qmark::errc::malformed_json);
  CHECK(fw.error().line == 3);
  CHECK(fw.error().column == 9);
}

TEST_CASE("overlays: dropping nodes, adding nodes, and refusing the wrong base") {
  auto base = qmark::Framework::from_json(custom()).value();
  auto overlay = qmark::Overlay::from_json(json::parse(R"({
    "qmark": "overlay/1", "id": "ov", "version": "2", "base": "la-custom",
    "drop": ["Y.3"], "add": [{"parent": "X", "node": {"id": "X.4", "kind": "std", "statement": "seven"}}],
    "parameters": {"need": 3}})"));
  REQUIRE(overlay);
  auto fw = base->with_overlay(overlay.value());
  REQUIRE_MESSAGE(fw, (fw ? "" : fw.error().describe()));
  CHECK(fw.value()->find_node("Y.3") < 0);
  CHECK(fw.value()->find_node("X.4") >= 0);
  CHECK(fw.value()->leaves().size() == 6);
  CHECK(base->find_node("Y.3") >= 0);  // the base is unchanged

  // an audit judging a dropped node is invalid against the overlaid framework
  json judged_dropped = audit({{"Y.3", "high"}});
  judged_dropped["evidence"][0]["supports"] = {"X.1"};
  auto a = qmark::Audit::from_json(*fw.value(), judged_dropped);
  REQUIRE_FALSE(a);
  CHECK(a.error().value() == qmark::errc::unknown_node);
  CHECK(a.error().pointer == "/judgements/Y.3");

  auto other = qmark::Overlay::from_json(json::parse(R"({"qmark": "overlay/1", "id": "o", "version": "1", "base": "elsewhere"})"));
  REQUIRE(other);
  auto bad = base->with_overlay(other.value());
  REQUIRE_FALSE(bad);
  CHECK(bad.error().value() == qmark::errc::overlay_mismatch);
}

// Crosswalks: evidence gathered for one framework offered to another.
#include "helpers.hpp"

using qmark::json;

TEST_CASE("crosswalk: evidence is offered to the mapped nodes of the other framework") {
  auto cw = qmark::Crosswalk::from_json(json::parse(R"({
    "qmark": "crosswalk/1", "id": "t", "version": "1", "from": "bury-iqm", "to": "wales-iqm",
    "mappings": [
      {"from": "WSA.ETHOS.1", "to": "LEAD.1", "relation": "exact", "justification": "test"},
      {"from": "PI.STAKE.6", "to": "WWO.3", "relation": "related", "justification": "test"}]})"));
  REQUIRE(cw);
  auto bury = qtest::builtin("bury-iqm");
  auto wales = qtest::builtin("wales-iqm");
  json a = qtest::read_json("examples/audits/bury-accredited.json");
  auto audit = qmark::Audit::from_json(*bury, a);
  REQUIRE(audit);
  auto out = qmark::candidate_evidence(cw.value(), *bury, audit.value(), *wales);
  REQUIRE_MESSAGE(out, (out ? "" : out.error().describe()));
  const json &items = out.value();
  REQUIRE_FALSE(items.empty());
  bool lead = false, wwo = false;
  for (const auto &item : items) {
    CHECK(item["crosswalk"]["id"] == "t");
    for (const auto &s : item["supports"]) {
      lead = lead || s == "LEAD.1";
      wwo = wwo || s == "WWO.3";
      CHECK((s == "LEAD.1" || s == "WWO.3"));
    }
  }
  CHECK(lead);
  CHECK(wwo);

  // the candidates make valid evidence for a wales-iqm audit
  json target = {{"qmark", "audit/1"}, {"framework", "wales-iqm"}, {"school", a["school"]},
                 {"assessed_on", a["assessed_on"]}, {"judgements", json::object()}, {"evidence", items}};
  CHECK(qmark::Audit::from_json(*wales, target));

  // the same crosswalk read backwards: wales evidence offered to bury
  auto back = qmark::Audit::from_json(*wales, qtest::read_json("examples/audits/wales-iqm-gold.json"));
  REQUIRE(back);
  auto offered = qmark::candidate_evidence(cw.value(), *wales, back.value(), *bury);
  REQUIRE(offered);
  for (const auto &item : offered.value())
    for (const auto &s : item["supports"]) CHECK((s == "WSA.ETHOS.1" || s == "PI.STAKE.6"));

  // a crosswalk naming a node the framework lacks is refused with its pointer
  auto bad = qmark::Crosswalk::from_json(json::parse(R"({
    "qmark": "crosswalk/1", "id": "t", "version": "1", "from": "bury-iqm", "to": "wales-iqm",
    "mappings": [{"from": "WSA.ETHOS.9", "to": "LEAD.1", "relation": "exact", "justification": "x"}]})"));
  REQUIRE(bad);
  auto refused = qmark::candidate_evidence(bad.value(), *bury, audit.value(), *wales);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().value() == qmark::errc::unknown_node);
  CHECK(refused.error().pointer == "/mappings/0/from");
}

TEST_CASE("crosswalk: the built-in crosswalks join bury-iqm to wales-iqm and to kcc-inclusive-practice") {
  for (const char *other : {"wales-iqm", "kcc-inclusive-practice"}) {
    INFO(other);
    auto cw = qmark::Crosswalk::between("bury-iqm", other);
    REQUIRE_MESSAGE(cw, (cw ? "" : cw.error().describe()));
    CHECK(cw.value().check(*qtest::builtin(cw.value().from()), *qtest::builtin(cw.value().to())));
    CHECK(cw.value().mappings().size() >= 10);
    auto bury = qtest::builtin("bury-iqm");
    auto audit = qmark::Audit::from_json(*bury, qtest::read_json("examples/audits/bury-accredited.json"));
    auto out = qmark::candidate_evidence(cw.value(), *bury, audit.value(), *qtest::builtin(other));
    REQUIRE(out);
    CHECK_FALSE(out.value().empty());
  }
}

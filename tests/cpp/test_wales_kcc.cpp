// wales-iqm and kcc-inclusive-practice: their shipped examples and every rule path.
#include "helpers.hpp"

using qmark::json;

namespace {

const qmark::Framework &wales() {
  static const qmark::FrameworkPtr fw = qtest::builtin("wales-iqm");
  return *fw;
}
const qmark::Framework &kcc() {
  static const qmark::FrameworkPtr fw = qtest::builtin("kcc-inclusive-practice");
  return *fw;
}

bool has_finding(const nlohmann::ordered_json &d, const std::string &code, const std::string &node,
                 const std::string &severity = "") {
  for (const auto &f : d["findings"])
    if (f["code"] == code && f["node"] == node && (severity.empty() || f["severity"] == severity)) return true;
  return false;
}

json gold() { return qtest::read_json("examples/audits/wales-iqm-gold.json"); }

}  // namespace

TEST_CASE("wales-iqm: the shipped framework has six elements and 23 indicators") {
  CHECK(wales().leaves().size() == 23);
  int elements = 0;
  for (const auto &n : wales().nodes()) elements += n.parent < 0;
  CHECK(elements == 6);
  CHECK(wales().outcomes().size() == 4);
  CHECK(*wales().outcomes()[1].award == "bronze");
  CHECK(*wales().outcomes()[3].award == "gold");
}

TEST_CASE("wales-iqm: gold, silver, bronze and no award, with their dates") {
  auto d = qtest::decide(wales(), gold());
  CHECK(d["outcome"] == "transforming");
  CHECK(d["award"] == "gold");
  CHECK(d["final"] == true);
  CHECK(d["dates"]["decided_on"] == "2026-07-15");
  CHECK(d["dates"]["valid_until"] == "2029-07-15");
  CHECK(d["dates"]["reapply_from"].is_null());
  CHECK(d["levels"]["LEAD"]["basis"] == "aggregate");
  CHECK(d["levels"]["LEAD"]["effective"] == "transforming");
  CHECK(d["next_level"].empty());

  d = qtest::decide(wales(), qtest::read_json("examples/audits/wales-iqm-silver.json"));
  CHECK(d["outcome"] == "deepening");
  CHECK(d["award"] == "silver");
  CHECK(d["levels"]["IA"]["effective"] == "deepening");
  CHECK(d["next_level"][0]["target"] == "transforming");
  CHECK(d["next_level"][0]["needs"].size() == 5);

  d = qtest::decide(wales(), qtest::read_json("examples/audits/wales-iqm-bronze.json"));
  CHECK(d["outcome"] == "developing");
  CHECK(d["award"] == "bronze");
  CHECK(d["levels"]["NPP.3"]["effective"] == "developing");
  CHECK(d["levels"]["NPP.3"]["basis"] == "fact");
  CHECK(has_finding(d, "fact_overrides_claim", "NPP.3", "must"));

  d = qtest::decide(wales(), qtest::read_json("examples/audits/wales-iqm-no-award.json"));
  CHECK(d["outcome"] == "focusing");
  CHECK(d["award"].is_null());
  CHECK(d["dates"]["valid_until"].is_null());
  CHECK(d["dates"]["reapply_from"] == "2027-07-15");
  CHECK(d["next_level"][0]["needs"] == nlohmann::ordered_json::array({"CT.2"}));
}

TEST_CASE("wales-iqm: renewal and re-application dates at month ends and leap days") {
  json a = gold();
  a["decided_on"] = "2024-02-29";
  a["assessed_on"] = "2024-02-29";
  for (auto &e : a["evidence"]) e["date"] = "2024-01-10";
  auto d = qtest::decide(wales(), a);
  CHECK(d["dates"]["valid_until"] == "2027-02-28");
  a["judgements"]["CT.2"] = "focusing";
  d = qtest::decide(wales(), a);
  CHECK(d["dates"]["reapply_from"] == "2025-02-28");
}

TEST_CASE("wales-iqm: triangulation caps a claim above developing at developing") {
  json a = gold();
  // LEAD.1 keeps only the questionnaire: learners and parents/carers — two groups, still enough
  a["judgements"]["LEAD.1"] = {{"level", "transforming"}, {"evidence", {"LEAD-Q"}}};
  for (auto &e : a["evidence"])
    if (e["id"] == "LEAD-Q" || e["id"] == "LEAD-O") {
      json s = json::array();
      for (const auto &n : e["supports"])
        if (n != "LEAD.1") s.push_back(n);
      e["supports"] = s;
    }
  auto d = qtest::decide(wales(), a);
  CHECK(d["levels"]["LEAD.1"]["effective"] == "transforming");

  // one group only: capped at developing, with its finding
  a["evidence"].push_back({{"id", "ONE"}, {"kind", "interview"}, {"groups", {"staff"}}, {"date", "2026-05-01"}});
  a["judgements"]["LEAD.1"] = {{"level", "transforming"}, {"evidence", {"ONE"}}};
  d = qtest::decide(wales(), a);
  CHECK(d["levels"]["LEAD.1"]["effective"] == "developing");
  CHECK(d["levels"]["LEAD.1"]["basis"] == "capped");
  CHECK(has_finding(d, "narrow_evidence", "LEAD.1", "must"));
  CHECK(d["outcome"] == "developing");  // the element takes its lowest indicator

  // no evidence at all: both caps apply, the lowest wins, each reports its finding
  a["judgements"]["LEAD.1"] = "transforming";
  d = qtest::decide(wales(), a);
  CHECK(d["levels"]["LEAD.1"]["effective"] == "developing");
  CHECK(has_finding(d, "no_evidence", "LEAD.1", "must"));
  CHECK(has_finding(d, "narrow_evidence", "LEAD.1", "must"));

  // a developing claim is never capped by triangulation
  a["judgements"]["LEAD.1"] = {{"level", "developing"}, {"evidence", {"ONE"}}};
  d = qtest::decide(wales(), a);
  CHECK(d["levels"]["LEAD.1"]["effective"] == "developing");
  CHECK(d["levels"]["LEAD.1"]["basis"] == "judgement");
}

TEST_CASE("wales-iqm: an element judgement wins over its lowest indicator") {
  json a = gold();
  a["judgements"]["CT.2"] = "deepening";
  CHECK(qtest::decide(wales(), a)["levels"]["CT"]["effective"] == "deepening");
  // the element's own evidence is what it cites: none means the evidence caps apply
  a["judgements"]["CT"] = {{"assessor", "transforming"}};
  auto d = qtest::decide(wales(), a);
  CHECK(d["levels"]["CT"]["effective"] == "developing");
  CHECK(has_finding(d, "narrow_evidence", "CT", "must"));
  a["judgements"]["CT"] = {{"assessor", {{"level", "transforming"}, {"evidence", {"CT-Q", "CT-O"}}}}};
  d = qtest::decide(wales(), a);
  CHECK(d["levels"]["CT"]["effective"] == "transforming");
  CHECK(d["levels"]["CT"]["basis"] == "judgement");
  CHECK(d["outcome"] == "transforming");
}

TEST_CASE("wales-iqm: the pyramid approach fact caps NPP.3 but never raises it") {
  json a = gold();
  SUBCASE("2 x core == total staff passes") {
    a["facts"]["staff_expertise"] = {{"expert", 1}, {"specialist", 2}, {"core", 24}, {"total_staff", 48}};
    CHECK(qtest::decide(wales(), a)["levels"]["NPP.3"]["effective"] == "transforming");
  }
  SUBCASE("one core short fails") {
    a["facts"]["staff_expertise"] = {{"expert", 1}, {"specialist", 2}, {"core", 23}, {"total_staff", 48}};
    auto d = qtest::decide(wales(), a);
    CHECK(d["levels"]["NPP.3"]["effective"] == "developing");
    CHECK(d["award"] == "bronze");
  }
  SUBCASE("only one specialist fails") {
    a["facts"]["staff_expertise"] = {{"expert", 1}, {"specialist", 1}, {"core", 40}, {"total_staff", 48}};
    CHECK(qtest::decide(wales(), a)["levels"]["NPP.3"]["effective"] == "developing");
  }
  SUBCASE("passing never raises a focusing claim") {
    a["judgements"]["NPP.3"] = "focusing";
    CHECK(qtest::decide(wales(), a)["levels"]["NPP.3"]["effective"] == "focusing");
  }
  SUBCASE("no fact: the judgement stands") {
    a["facts"].erase("staff_expertise");
    CHECK(qtest::decide(wales(), a)["levels"]["NPP.3"]["basis"] == "judgement");
  }
  SUBCASE("a negative count is invalid input") {
    a["facts"]["staff_expertise"]["core"] = -1;
    auto audit = qmark::Audit::from_json(wales(), a);
    REQUIRE_FALSE(audit);
    CHECK(audit.error().value() == qmark::errc::negative_count);
    CHECK(audit.error().pointer == "/facts/staff_expertise/core");
  }
}

TEST_CASE("kcc: each overall level, and the cap at Safeguarding, Health and Wellbeing") {
  auto d = qtest::decide(kcc(), qtest::read_json("examples/audits/kcc-advanced.json"));
  CHECK(d["outcome"] == "advanced");
  CHECK(d["award"].is_null());
  CHECK(d["next_level"].empty());
  // every area below advanced gets an action-plan entry
  REQUIRE(d["actions"].size() == 2);
  CHECK(d["actions"][0]["node"] == "A4");
  CHECK(d["actions"][1]["node"] == "A7");

  d = qtest::decide(kcc(), qtest::read_json("examples/audits/kcc-established.json"));
  CHECK(d["outcome"] == "established");
  CHECK(d["next_level"][0]["needs"] == nlohmann::ordered_json::array({"A1", "A5"}));
  CHECK(d["actions"].size() == 6);

  d = qtest::decide(kcc(), qtest::read_json("examples/audits/kcc-emerging.json"));
  CHECK(d["outcome"] == "emerging");
  CHECK(d["actions"].size() == 9);

  d = qtest::decide(kcc(), qtest::read_json("examples/audits/kcc-capped-by-safeguarding.json"));
  CHECK(d["outcome"] == "emerging");
  CHECK(d["next_level"][0]["needs"] == nlohmann::ordered_json::array({"A5"}));
}

TEST_CASE("kcc: the upper median — with an even number of areas, half is enough") {
  auto overlay = qmark::Overlay::parse(qtest::read("examples/overlays/kcc-drop-deleted-areas.json"));
  REQUIRE(overlay);
  auto fw = kcc().with_overlay(overlay.value());
  REQUIRE(fw);
  CHECK(fw.value()->leaves().size() == 6);
  json a = qtest::read_json("examples/audits/kcc-advanced.json");
  for (const char *dropped : {"A2", "A3", "A4"}) a["judgements"].erase(dropped);
  for (auto &e : a["evidence"]) {
    json s = json::array();
    for (const auto &n : e["supports"])
      if (n != "A2" && n != "A3" && n != "A4") s.push_back(n);
    e["supports"] = s;
  }
  // A1 A5 A6 A7 A8 A9 = adv adv adv est adv adv → advanced; then three established of six
  a["judgements"]["A1"] = "established";
  a["judgements"]["A6"] = "established";
  auto d = qtest::decide(*fw.value(), a);
  CHECK(d["outcome"] == "advanced");  // 3 of 6 advanced reach half
  a["judgements"]["A8"] = "established";
  d = qtest::decide(*fw.value(), a);
  CHECK(d["outcome"] == "established");
  CHECK(d["framework"]["overlay"]["id"] == "kcc-drop-deleted-areas");
}

// ---------------------------------------------------------------------------------------
// wales-school-improvement self-evaluation: the evidence rules reported as findings.

namespace {

const qmark::Framework &wsi() {
  static const qmark::FrameworkPtr fw = qtest::builtin("wales-school-improvement");
  return *fw;
}

json wsi_audit() { return qtest::read_json("examples/audits/wsi-self-evaluation.json"); }

int count_code(const nlohmann::ordered_json &d, const std::string &code) {
  int n = 0;
  for (const auto &f : d["findings"]) n += f["code"] == code;
  return n;
}

}  // namespace

TEST_CASE("wales-school-improvement: 18 sub-areas, 8 factors, 2 national priorities") {
  int sub = 0, factors = 0, np = 0;
  for (const auto &n : wsi().nodes()) {
    const auto &kind = wsi().kinds()[static_cast<std::size_t>(n.kind)].id;
    sub += kind == "sub_area";
    factors += kind == "factor";
    np += kind == "national_priority";
  }
  CHECK(sub == 18);
  CHECK(factors == 8);
  CHECK(np == 2);
  auto d = qtest::decide(wsi(), wsi_audit());
  CHECK(d["outcome"] == "self_evaluation_recorded");
  CHECK(count_code(d, "not_evaluated_in_cycle") == 0);
  CHECK(count_code(d, "narrow_measures") == 0);
  CHECK(count_code(d, "community_not_heard") == 0);
  CHECK(count_code(d, "progress_question_unanswered") == 0);
}

TEST_CASE("wales-school-improvement: each evidence rule reports its should finding") {
  SUBCASE("a sub-area judged only on evidence older than the cycle") {
    json a = wsi_audit();
    a["evidence"].push_back({{"id", "OLD"}, {"kind", "document"}, {"groups", {"leadership"}}, {"date", "2025-06-30"}});
    a["judgements"]["WEI.5"] = {{"level", "secure"}, {"evidence", {"OLD"}}};
    for (auto &e : a["evidence"]) {
      json s = json::array();
      for (const auto &n : e.value("supports", json::array()))
        if (n != "WEI.5") s.push_back(n);
      if (e.contains("supports")) e["supports"] = s;
    }
    auto d = qtest::decide(wsi(), a);
    CHECK(has_finding(d, "not_evaluated_in_cycle", "WEI.5", "should"));
    CHECK(count_code(d, "not_evaluated_in_cycle") == 1);
  }
  SUBCASE("an area evidenced by data alone") {
    json a = wsi_audit();
    for (auto &e : a["evidence"]) e["kind"] = "data";
    auto d = qtest::decide(wsi(), a);
    CHECK(has_finding(d, "narrow_measures", "VL", "should"));
    CHECK(has_finding(d, "narrow_measures", "CLT", "should"));
    CHECK(has_finding(d, "narrow_measures", "WEI", "should"));
  }
  SUBCASE("a group of the school community not heard") {
    json a = wsi_audit();
    for (auto &e : a["evidence"]) {
      json g = json::array();
      for (const auto &x : e["groups"])
        if (x != "support_staff") g.push_back(x);
      if (g.empty()) g.push_back("leadership");
      e["groups"] = g;
    }
    auto d = qtest::decide(wsi(), a);
    REQUIRE(count_code(d, "community_not_heard") == 1);
    for (const auto &f : d["findings"])
      if (f["code"] == "community_not_heard") {
        CHECK(f["node"].is_null());
        CHECK(f["message"].get<std::string>().find("support_staff") != std::string::npos);
      }
  }
  SUBCASE("a group heard only in evidence that does not count") {
    // support staff only in items dated after the assessment: future evidence hears nobody
    json a = wsi_audit();
    bool kept = false;
    for (auto &e : a["evidence"]) {
      bool support = false;
      for (const auto &x : e["groups"]) support = support || x == "support_staff";
      if (!support) continue;
      e["date"] = "2026-09-01";
      kept = true;
    }
    REQUIRE(kept);
    auto d = qtest::decide(wsi(), a);
    REQUIRE(count_code(d, "community_not_heard") == 1);
    for (const auto &f : d["findings"])
      if (f["code"] == "community_not_heard")
        CHECK(f["message"].get<std::string>().find("support_staff") != std::string::npos);
  }
  SUBCASE("a learner-progress question unanswered") {
    json a = wsi_audit();
    a["judgements"].erase("LP.2");
    auto d = qtest::decide(wsi(), a);
    CHECK(has_finding(d, "progress_question_unanswered", "LP.2", "should"));
    CHECK(has_finding(d, "missing_judgement", "LP.2", "must"));
  }
}

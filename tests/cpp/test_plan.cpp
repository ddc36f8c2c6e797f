// School development plan compliance (plan/1 → compliance/1) on the shipped
// wales-school-improvement plan rules.
#include "helpers.hpp"

#include <map>

using qmark::json;

namespace {

const qmark::Framework &wsi() {
  static const qmark::FrameworkPtr fw = qtest::builtin("wales-school-improvement");
  return *fw;
}

json compliant() { return qtest::read_json("examples/plans/plan-compliant.json"); }

qmark::Compliance check(const json &doc) {
  auto plan = qmark::Plan::from_json(doc);
  REQUIRE_MESSAGE(plan, (plan ? "" : plan.error().describe()));
  auto c = qmark::check_plan(wsi(), plan.value());
  REQUIRE_MESSAGE(c, (c ? "" : c.error().describe()));
  return c.value();
}

std::string result_of(const qmark::Compliance &c, const std::string &id) {
  for (const auto &r : c.rules)
    if (r.id == id) return qmark::rule_outcome_name(r.result);
  FAIL("no rule " << id);
  return "";
}

std::vector<std::string> failing_musts(const qmark::Compliance &c) {
  std::vector<std::string> out;
  for (const auto &r : c.rules)
    if (r.severity == "must" && r.result == qmark::RuleOutcome::fail) out.push_back(r.id);
  return out;
}

}  // namespace

TEST_CASE("plan: the compliant example passes every must rule, one result per rule") {
  const auto c = check(compliant());
  CHECK(c.compliant);
  CHECK(c.rules.size() == 16);
  CHECK(failing_musts(c).empty());
  for (const auto &r : c.rules) {
    INFO(r.id);
    CHECK_FALSE(r.message.empty());
    CHECK_FALSE(r.source.empty());
  }
  const auto doc = qmark::to_json(c);
  CHECK(doc["qmark"] == "compliance/1");
  CHECK(doc["verdict"] == "compliant");
}

TEST_CASE("plan: each failing example fails exactly its must rule") {
  const std::map<std::string, std::string> examples = {
      {"covers-3-years", "SDP.COVERS_3_YEARS"},     {"priorities", "SDP.PRIORITIES"},
      {"national-priorities", "SDP.NATIONAL_PRIORITIES"}, {"targets", "SDP.TARGETS"},
      {"professional-learning", "SDP.PROFESSIONAL_LEARNING"}, {"community", "SDP.COMMUNITY"},
      {"resources", "SDP.RESOURCES"},               {"previous-targets", "SDP.PREVIOUS_TARGETS"},
      {"consulted", "SDP.CONSULTED"},               {"annual-revision", "SDP.ANNUAL_REVISION"},
      {"post-inspection", "SDP.POST_INSPECTION"},   {"summary", "SDP.SUMMARY"}};
  for (const auto &[name, rule] : examples) {
    INFO(name);
    const auto c = check(qtest::read_json("examples/plans/plan-fails-" + name + ".json"));
    CHECK_FALSE(c.compliant);
    CHECK(failing_musts(c) == std::vector<std::string>{rule});
    CHECK(qmark::to_json(c)["verdict"] == "non_compliant");
  }
}

TEST_CASE("plan: 20 working days after an inspection, with and without a holiday") {
  json p = compliant();
  p["calendar"]["holidays"] = json::array();
  p["inspection"] = {{"date", "2026-03-02"}};  // a Monday; 20 working days later is Monday 2026-03-30
  p["as_of"] = "2026-04-30";
  SUBCASE("amended on the 20th working day passes") {
    p["inspection"]["amended_on"] = "2026-03-30";
    CHECK(result_of(check(p), "SDP.POST_INSPECTION") == "pass");
  }
  SUBCASE("amended on the 21st working day fails") {
    p["inspection"]["amended_on"] = "2026-03-31";
    CHECK(result_of(check(p), "SDP.POST_INSPECTION") == "fail");
    CHECK_FALSE(check(p).compliant);
  }
  SUBCASE("a holiday in the span moves the deadline one working day") {
    p["calendar"]["holidays"] = {"2026-03-16"};
    p["inspection"]["amended_on"] = "2026-03-31";
    CHECK(result_of(check(p), "SDP.POST_INSPECTION") == "pass");
    p["inspection"]["amended_on"] = "2026-04-01";
    CHECK(result_of(check(p), "SDP.POST_INSPECTION") == "fail");
  }
  SUBCASE("a holiday on a weekend changes nothing") {
    p["calendar"]["holidays"] = {"2026-03-14"};
    p["inspection"]["amended_on"] = "2026-03-31";
    CHECK(result_of(check(p), "SDP.POST_INSPECTION") == "fail");
  }
  SUBCASE("not amended: not applicable before the deadline, failed after it") {
    p["as_of"] = "2026-03-30";
    CHECK(result_of(check(p), "SDP.POST_INSPECTION") == "not_applicable");
    p["as_of"] = "2026-03-31";
    CHECK(result_of(check(p), "SDP.POST_INSPECTION") == "fail");
  }
  SUBCASE("no inspection: not applicable") {
    p.erase("inspection");
    CHECK(result_of(check(p), "SDP.POST_INSPECTION") == "not_applicable");
  }
}

TEST_CASE("plan: revised 12 months ago passes, 12 months and a day fails") {
  json p = compliant();
  p["as_of"] = "2026-10-01";
  p["adopted_on"] = "2025-09-01";
  p["revised_on"] = {"2025-10-01"};
  CHECK(result_of(check(p), "SDP.ANNUAL_REVISION") == "pass");
  p["revised_on"] = {"2025-09-30"};
  CHECK(result_of(check(p), "SDP.ANNUAL_REVISION") == "fail");
  p["revised_on"] = {"2026-10-02"};  // after as_of: not yet
  CHECK(result_of(check(p), "SDP.ANNUAL_REVISION") == "fail");
}

TEST_CASE("plan: a 3-year cover ending one day short fails") {
  json p = compliant();
  p["covers"] = {{"from", "2026-09-01"}, {"to", "2029-08-31"}};
  CHECK(result_of(check(p), "SDP.COVERS_3_YEARS") == "pass");
  p["covers"]["to"] = "2029-08-30";
  CHECK(result_of(check(p), "SDP.COVERS_3_YEARS") == "fail");
  p["covers"] = {{"from", "2024-02-29"}, {"to", "2027-02-27"}};  // leap day start: needs 2027-02-27
  CHECK(result_of(check(p), "SDP.COVERS_3_YEARS") == "pass");
}

TEST_CASE("plan: should rules are reported without changing the verdict") {
  json p = compliant();
  p["summary"]["published_on_website"] = false;
  const auto c = check(p);
  CHECK(c.compliant);
  CHECK(result_of(c, "SDP.SUMMARY_PUBLISHED") == "fail");
}

TEST_CASE("plan: support entries need a provider and a time; none named is not applicable") {
  json p = compliant();
  bool found = false;
  for (auto &pr : p["priorities"])
    for (auto &a : pr["actions"])
      if (a.contains("support")) {
        a["support"].erase("when");
        found = true;
      }
  REQUIRE(found);
  CHECK(result_of(check(p), "SDP.SUPPORT") == "fail");
  for (auto &pr : p["priorities"])
    for (auto &a : pr["actions"]) a.erase("support");
  CHECK(result_of(check(p), "SDP.SUPPORT") == "not_applicable");
}

TEST_CASE("plan: invalid plan documents are refused with a pointer") {
  json p = compliant();
  p["inspection"]["date"] = "2026-02-30";
  auto bad = qmark::Plan::from_json(p);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().value() == qmark::errc::invalid_date);
  CHECK(bad.error().pointer == "/inspection/date");

  p = compliant();
  p["priorities"][0]["year"] = 4;
  bad = qmark::Plan::from_json(p);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().pointer == "/priorities/0/year");

  p = compliant();
  p["qmark"] = "plan/2";
  bad = qmark::Plan::from_json(p);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().value() == qmark::errc::unsupported_version);
}

TEST_CASE("plan: unknown members survive a round trip under extensions") {
  json p = compliant();
  p["mis_id"] = 77;
  auto plan = qmark::Plan::from_json(p);
  REQUIRE(plan);
  const json out = plan.value().to_json();
  CHECK(out["extensions"]["mis_id"] == 77);
  auto again = qmark::Plan::from_json(out);
  REQUIRE(again);
  CHECK(again.value().to_json() == out);
}

TEST_CASE("plan: a framework without plan rules refuses to check plans") {
  auto plan = qmark::Plan::from_json(compliant());
  auto c = qmark::check_plan(*qtest::builtin("bury-iqm"), plan.value());
  REQUIRE_FALSE(c);
  CHECK(c.error().value() == qmark::errc::invalid_argument);
}

// The documented limits (README "Limits"): a document over 64 MiB, or nested deeper
// than 128 levels, is refused with errc::limit_exceeded before it is parsed, rather than
// by exhausting memory or the stack. Inputs are generated in memory. (How fast the
// refusal is belongs to the benchmarks, not to these tests.)
#include "helpers.hpp"

#include <functional>

namespace {

/// Every reader of text the C++ API has, each returning its error code (or ok).
std::vector<std::pair<const char *, std::function<qmark::errc(std::string_view)>>> readers() {
  const auto bury = qtest::builtin("bury-iqm");
  auto code = [](const auto &r) { return r ? qmark::errc::ok : r.error().value(); };
  return {
      {"parse_json", [=](std::string_view t) { return code(qmark::parse_json(t)); }},
      {"Framework::load", [=](std::string_view t) { return code(qmark::Framework::load(t)); }},
      {"Overlay::parse", [=](std::string_view t) { return code(qmark::Overlay::parse(t)); }},
      {"Audit::parse", [=](std::string_view t) { return code(qmark::Audit::parse(*bury, t)); }},
      {"assess_json", [=](std::string_view t) { return code(qmark::assess_json(*bury, t)); }},
      {"Plan::parse", [=](std::string_view t) { return code(qmark::Plan::parse(t)); }},
      {"Crosswalk::parse", [=](std::string_view t) { return code(qmark::Crosswalk::parse(t)); }},
  };
}

void expect_refused(const std::string &text, const char *what) {
  for (const auto &[name, read] : readers()) {
    INFO(what << " through " << name);
    CHECK(qmark::errc_name(read(text)) == std::string("limit_exceeded"));
  }
}

}  // namespace

TEST_CASE("limits: a 65 MiB document is refused with limit_exceeded") {
  // A valid audit padded with whitespace past the limit: only its size is wrong.
  std::string text = qtest::read("examples/audits/bury-accredited.json");
  text.resize(65u * 1024u * 1024u, ' ');
  expect_refused(text, "65 MiB");
  auto e = qmark::parse_json(text);
  REQUIRE(!e);
  CHECK(e.error().message.find("limit") != std::string::npos);
}

TEST_CASE("limits: 100,000-deep nesting is refused with limit_exceeded, with its position") {
  for (const char *open : {"[", "{\"a\":"}) {
    std::string text = "{\"qmark\": \"audit/1\", \"x\": ";
    for (int i = 0; i < 100000; ++i) text += open;
    expect_refused(text, open);
    auto e = qmark::parse_json(text);
    REQUIRE(!e);
    CHECK(e.error().value() == qmark::errc::limit_exceeded);
    CHECK(e.error().line == 1);
    CHECK(e.error().column > 1);
  }
}

TEST_CASE("limits: nesting at the limit is read; brackets inside strings are not nesting") {
  std::string deep;
  for (int i = 0; i < 128; ++i) deep += '[';
  for (int i = 0; i < 128; ++i) deep += ']';
  CHECK(qmark::parse_json(deep).has_value());
  CHECK(qmark::parse_json("[" + deep + "]").error().value() == qmark::errc::limit_exceeded);

  const std::string in_string = "{\"s\": \"" + std::string(100000, '[') + "\\\"" + std::string(100000, '{') + "\"}";
  CHECK(qmark::parse_json(in_string).has_value());
}

TEST_CASE("limits: a document with 200,000 problems is refused, listing the first 1,000") {
  // Each entry is a problem of its own; collecting them must stay linear in time and
  // bounded in memory (it was quadratic: a 150 KB audit took minutes).
  const auto kcc = qtest::builtin("kcc-inclusive-practice");
  qmark::json audit = qtest::read_json("examples/audits/kcc-emerging.json");
  audit["evidence"] = qmark::json::array();
  for (int i = 0; i < 200000; ++i) audit["evidence"].push_back(i);
  const std::string text = audit.dump();
  auto a = qmark::Audit::parse(*kcc, text);
  REQUIRE(!a);
  CHECK(a.error().value() == qmark::errc::invalid_document);
  CHECK(a.error().pointer == "/evidence/0");
  REQUIRE(a.error().more.size() == 1000);  // 999 more listed, then the count of the rest
  CHECK(a.error().more.back().message.find("199000 more problems") != std::string::npos);
}

TEST_CASE("duplicate members are found in objects of any size, nested or not, with their pointer") {
  for (int n : {2, 31, 32, 33, 40, 5000}) {
    INFO(n << " members");
    std::string obj = "{";
    for (int i = 0; i < n; ++i) obj += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    const std::string good = obj + "\"last\": 0}";
    const std::string bad = obj + "\"k" + std::to_string(n - 1) + "\": 0}";
    CHECK(qmark::parse_json("[{\"a\": {}}, " + good + ", " + good + "]").has_value());
    auto e = qmark::parse_json("[{\"a\": {}}, {\"x\": " + bad + "}]");
    REQUIRE(!e);
    CHECK(e.error().value() == qmark::errc::duplicate_id);
    CHECK(e.error().pointer == "/1/x/k" + std::to_string(n - 1));
  }
}

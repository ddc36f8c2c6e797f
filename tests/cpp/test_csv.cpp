// CSV (RFC 4180) reading and writing, audits from spreadsheets, empty judgement sheets.
#include "helpers.hpp"

#include "qmark/csv.hpp"

using qmark::json;

namespace {

std::vector<std::vector<std::string>> fields(std::string_view text) {
  auto r = qmark::parse_csv(text);
  REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().describe()));
  std::vector<std::vector<std::string>> out;
  for (const auto &rec : r.value()) out.push_back(rec.fields);
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

qmark::CsvAuditOptions options() {
  qmark::CsvAuditOptions o;
  o.school_id = "URN:1";
  o.assessed_on = *qmark::Date::parse("2026-06-30");
  o.judgements_name = "j.csv";
  o.evidence_name = "e.csv";
  return o;
}

std::vector<std::string> messages(const qmark::error &e) {
  std::vector<std::string> out{e.message};
  for (const auto &m : e.more) out.push_back(m.message);
  return out;
}

}  // namespace

TEST_CASE("csv: plain records, LF, CRLF and CR line ends, empty fields") {
  CHECK(fields("a,b,c\n1,2,3\n") == Rows{{"a", "b", "c"}, {"1", "2", "3"}});
  CHECK(fields("a,b\r\n1,2\r\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(fields("a,b\r1,2") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(fields("a,,c,\n") == Rows{{"a", "", "c", ""}});
  CHECK(fields("").empty());
  CHECK(fields("x") == Rows{{"x"}});
}

TEST_CASE("csv: quoted fields hold commas, doubled quotes and line breaks") {
  CHECK(fields("\"a,b\",\"say \"\"hi\"\"\",c\n") == Rows{{"a,b", "say \"hi\"", "c"}});
  CHECK(fields("\"line 1\r\nline 2\",x\r\ny,z\r\n") == Rows{{"line 1\r\nline 2", "x"}, {"y", "z"}});
  CHECK(fields("\"\",\"\"\"\"\n") == Rows{{"", "\""}});
  // a quote inside an unquoted field is kept as it is
  CHECK(fields("5\" screen,x\n") == Rows{{"5\" screen", "x"}});
}

TEST_CASE("csv: a byte order mark is skipped; records know their first line") {
  auto r = qmark::parse_csv("\xEF\xBB\xBFnode,level\r\n\"a\nb\",c\r\n\r\nd,e\r\n");
  REQUIRE(r.has_value());
  const auto &recs = r.value();
  REQUIRE(recs.size() == 4);
  CHECK(recs[0].fields == std::vector<std::string>{"node", "level"});
  CHECK(recs[0].line == 1);
  CHECK(recs[1].line == 2);
  CHECK(recs[2].line == 4);
  CHECK(recs[2].blank());
  CHECK(recs[3].line == 5);
}

TEST_CASE("csv: errors carry line and column") {
  auto unterminated = qmark::parse_csv("a,b\nc,\"open\nmore\n");
  REQUIRE_FALSE(unterminated.has_value());
  CHECK(unterminated.error().line == 2);
  CHECK(unterminated.error().column == 3);
  CHECK(unterminated.error().message.find("unterminated") != std::string::npos);

  auto after = qmark::parse_csv("a,\"b\"c\n");
  REQUIRE_FALSE(after.has_value());
  CHECK(after.error().line == 1);
  CHECK(after.error().column == 6);

  auto latin1 = qmark::parse_csv("a,b\nc,\xA3" "5\n");
  REQUIRE_FALSE(latin1.has_value());
  CHECK(latin1.error().line == 2);
  CHECK(latin1.error().message.find("UTF-8") != std::string::npos);
}

TEST_CASE("csv: tables find columns by name, ignoring case and spaces") {
  auto t = qmark::parse_csv_table(" Node ,LEVEL,extra\nX, met ,\n,,\n");
  REQUIRE(t.has_value());
  CHECK(t.value().column("node") == 0);
  CHECK(t.value().column("level") == 1);
  CHECK(t.value().column("comment") == -1);
  REQUIRE(t.value().rows.size() == 1);
  CHECK(t.value().cell(t.value().rows[0], 1) == "met");
  CHECK(t.value().cell(t.value().rows[0], 7).empty());
}

TEST_CASE("csv: writing quotes what needs quoting and reads back the same") {
  CHECK(qmark::csv_field("plain") == "plain");
  CHECK(qmark::csv_field("a,b") == "\"a,b\"");
  CHECK(qmark::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(qmark::csv_field(" padded") == "\" padded\"");
  const std::vector<std::string> row{"a", "b,c", "d\"e", "f\r\ng", "", "ü £"};
  CHECK(qmark::csv_row(row).substr(qmark::csv_row(row).size() - 2) == "\r\n");
  CHECK(fields(qmark::csv_row(row) + qmark::csv_row(row)) == Rows{row, row});
}

TEST_CASE("csv: an audit from sheets equals the JSON audit it was made from") {
  auto fw = qtest::builtin("kcc-inclusive-practice");
  const json audit = qtest::read_json("examples/audits/kcc-established.json");
  std::string judgements = "node,level,evidence,comment\r\n";
  for (auto it = audit["judgements"].begin(); it != audit["judgements"].end(); ++it)
    judgements += qmark::csv_row({it.key(), it.value().get<std::string>(), "", ""});
  std::string evidence = qmark::evidence_template_csv();
  for (const auto &e : audit["evidence"]) {
    std::string groups, supports;
    for (const auto &g : e["groups"]) groups += (groups.empty() ? "" : "; ") + g.get<std::string>();
    for (const auto &s : e["supports"]) supports += (supports.empty() ? "" : " ") + s.get<std::string>();
    evidence += qmark::csv_row({e["id"], e["kind"], e["title"], groups, e["date"], "", supports});
  }
  auto opt = options();
  opt.school_id = audit["school"]["id"];
  opt.school = audit["school"];
  opt.assessed_on = *qmark::Date::parse(audit["assessed_on"].get<std::string>());
  auto doc = qmark::audit_from_csv(*fw, judgements, evidence, opt);
  REQUIRE_MESSAGE(doc.has_value(), (doc ? std::string() : doc.error().describe()));
  const json imported = doc.value();
  CHECK(imported["qmark"] == "audit/1");
  CHECK(imported["school"] == audit["school"]);
  CHECK(qtest::decide(*fw, imported) == qtest::decide(*fw, audit));
}

TEST_CASE("csv: per-judge rows become a judgement keyed by judge") {
  auto fw = qtest::builtin("wales-school-improvement");
  const std::string j = "node,level,judge,comment\nVL.3,strength,self,ours\nVL.3,secure,moderator,\nVL.1,Strength,,\n";
  auto doc = qmark::audit_from_csv(*fw, j, "", options());
  REQUIRE_MESSAGE(doc.has_value(), (doc ? std::string() : doc.error().describe()));
  const json d = doc.value();
  CHECK(d["judgements"]["VL.3"] == json::parse(R"({"self": {"level": "strength", "comment": "ours"}, "moderator": "secure"})"));
  CHECK(d["judgements"]["VL.1"] == "strength");  // a level's label is accepted, any case
  CHECK(d["evidence"] == json::array());
}

TEST_CASE("csv: every bad row is reported with its sheet and line") {
  auto fw = qtest::builtin("bury-iqm");
  const std::string j =
      "node,level,evidence,comment\n"
      "WSA.ETHOS.1,met,E1,\n"            // 2
      "WSA.NOPE,met,,\n"                 // 3
      "WSA.ETHOS.2,mett,,\n"             // 4
      "WSA.ETHOS.3,,E1,evidence only\n"  // 5
      "WSA.ETHOS.1,met,,\n"              // 6: a second self judgement
      "WSA,met,,\n"                      // 7: a section
      "WSA.LEAD.1,met,,,\n";             // 8: fine (an extra empty cell)
  const std::string e =
      "id,kind,title,groups,date,stage,supports\n"
      "E1,policy,P,staff,2026-01-01,pre_visit,\n"  // 2
      "E2,policy,P,staff,01/02/2026,,\n"           // 3
      "E3,leaflet,P,parents,2026-01-01,,\n"        // 4
      "E1,policy,P,staff,2026-01-01,later,X.9\n";  // 5
  auto doc = qmark::audit_from_csv(*fw, j, e, options());
  REQUIRE_FALSE(doc.has_value());
  const auto all = messages(doc.error());
  auto has = [&](const std::string &prefix) {
    return std::any_of(all.begin(), all.end(), [&](const std::string &m) { return m.rfind(prefix, 0) == 0; });
  };
  CHECK(has("j.csv:3: unknown node \"WSA.NOPE\""));
  CHECK(has("j.csv:4: unknown level \"mett\" for WSA.ETHOS.2"));
  CHECK(has("j.csv:5: no level for WSA.ETHOS.3"));
  CHECK(has("j.csv:6: a second judgement of WSA.ETHOS.1 by self (the first is on line 2)"));
  CHECK(has("j.csv:7: WSA is a "));
  CHECK(has("e.csv:3: bad date \"01/02/2026\" for evidence E2"));
  CHECK(has("e.csv:4: unknown kind \"leaflet\" for evidence E3"));
  CHECK(has("e.csv:4: unknown stakeholder group \"parents\" for evidence E3"));
  CHECK(has("e.csv:5: duplicate evidence id \"E1\" (also on line 2)"));
  CHECK(has("e.csv:5: unknown stage \"later\" for evidence E1"));
  CHECK(has("e.csv:5: evidence E1 supports unknown node \"X.9\""));
  CHECK(all.size() == 11);
  CHECK(doc.error().line == 3);
  CHECK(doc.error().pointer == "/judgements/WSA.NOPE");
  CHECK(doc.error().value() == qmark::errc::unknown_node);
}

TEST_CASE("csv: missing columns, bad facts and bad options") {
  auto fw = qtest::builtin("bury-iqm");
  auto no_level = qmark::audit_from_csv(*fw, "node,comment\nWSA.ETHOS.1,x\n", "", options());
  REQUIRE_FALSE(no_level.has_value());
  CHECK(no_level.error().message.rfind("j.csv:1: missing column \"level\"", 0) == 0);

  auto opt = options();
  opt.facts = json::parse(R"({"permanent_exclusions": [{"date": "2026-13-01"}]})");
  auto facts = qmark::audit_from_csv(*fw, "node,level\nWSA.ETHOS.1,met\n", "", opt);
  REQUIRE_FALSE(facts.has_value());
  CHECK(facts.error().value() == qmark::errc::invalid_date);
  CHECK(facts.error().pointer.rfind("/facts/", 0) == 0);

  opt = options();
  opt.judged_by = "inspector";
  auto judge = qmark::audit_from_csv(*fw, "node,level\n", "", opt);
  REQUIRE_FALSE(judge.has_value());
  CHECK(judge.error().value() == qmark::errc::invalid_argument);
}

TEST_CASE("csv: the empty judgement sheet has a row per judgeable node") {
  for (const auto &id : qmark::Framework::builtin_ids()) {
    CAPTURE(id);
    auto fw = qtest::builtin(id);
    const std::string sheet = qmark::judgement_template_csv(*fw);
    CHECK(sheet.rfind("\xEF\xBB\xBFnode,level,evidence,comment,statement\r\n", 0) == 0);
    auto t = qmark::parse_csv_table(sheet);
    REQUIRE(t.has_value());
    std::vector<std::string> expected;
    for (const auto &n : fw->nodes())
      if (fw->kinds()[static_cast<std::size_t>(n.kind)].judgeable) expected.push_back(n.id);
    std::vector<std::string> got;
    for (const auto &row : t.value().rows) {
      got.push_back(t.value().cell(row, 0));
      CHECK(t.value().cell(row, 1).empty());
      CHECK(t.value().cell(row, 4).find("allowed levels: ") != std::string::npos);
    }
    CHECK(got == expected);
    // the blank sheet imports as an audit with no judgements
    auto doc = qmark::audit_from_csv(*fw, sheet, qmark::evidence_template_csv(), options());
    REQUIRE_MESSAGE(doc.has_value(), (doc ? std::string() : doc.error().describe()));
    CHECK(doc.value()["judgements"].empty());
  }
}

"""Spreadsheet audits: `qmark template FRAMEWORK --csv` → a filled sheet → `qmark import-csv`
→ `qmark assess` decides exactly as the JSON audit does; bad rows are reported with the
sheet's line numbers; RFC 4180 details (quotes, embedded line breaks, CRLF, BOM)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import EXAMPLES, framework_doc, load, read_csv, run, write_csv

AUDITS = ["bury-not-yet-accredited.json", "wales-iqm-silver.json", "kcc-established.json",
          "wsi-self-evaluation.json"]
JUDGES = ("self", "moderator", "assessor")


def walk(nodes):
    for n in nodes:
        yield n
        yield from walk(n.get("children", []))


def judgeable_ids(fw: dict):
    kinds = {k["id"]: k for k in fw["node_kinds"]}
    return [n["id"] for n in walk(fw["nodes"]) if kinds[n["kind"]].get("judgeable")]


def rows_for(node: str, value, judged_by: str):
    """The sheet rows (node, level, evidence, comment, judge) for one judgement."""
    if isinstance(value, str):
        return [[node, value, "", "", ""]]
    if "level" in value or not any(j in value for j in JUDGES):
        return [[node, value["level"], "; ".join(value.get("evidence", [])), value.get("comment", ""), ""]]
    rows = []
    for judge in JUDGES:
        if judge in value:
            for r in rows_for(node, value[judge], judged_by):
                r[4] = judge
                rows.append(r)
    return rows


def fill_sheets(audit: dict, template: Path, tmp: Path):
    """Fills the template from the audit's judgements; writes the evidence sheet and facts."""
    sheet = read_csv(template)
    filled = []
    for row in sheet:
        value = audit["judgements"].get(row["node"])
        if value is None:
            filled.append([row["node"], "", "", "", "", row["statement"]])
            continue
        for r in rows_for(row["node"], value, audit.get("judged_by", "self")):
            filled.append(r + [row["statement"]])
    judgements = tmp / "judgements.csv"
    write_csv(judgements, ["node", "level", "evidence", "comment", "judge", "statement"], filled, bom=True)
    evidence = tmp / "evidence.csv"
    write_csv(evidence, ["id", "kind", "title", "groups", "date", "stage", "supports"],
              [[e["id"], e["kind"], e.get("title", ""), " ".join(e["groups"]), e["date"], e.get("stage", ""),
                "; ".join(e.get("supports", []))] for e in audit["evidence"]])
    args = ["--evidence", evidence]
    if "facts" in audit:
        (tmp / "facts.json").write_text(json.dumps(audit["facts"]), encoding="utf-8")
        args += ["--facts", tmp / "facts.json"]
    return judgements, args


@pytest.mark.parametrize("name", AUDITS)
def test_template_filled_imported_assessed_decides_as_the_json_audit(name, tmp_path):
    audit = load(EXAMPLES / "audits" / name)
    fw_id = audit["framework"]
    template = tmp_path / "template.csv"
    r = run(["template", fw_id, "--csv", "--out", template])
    assert r.returncode == 0, r.stderr
    fw = framework_doc(fw_id)
    sheet = read_csv(template)
    assert [row["node"] for row in sheet] == judgeable_ids(fw)
    assert all(row["level"] == "" and "allowed levels" in row["statement"] for row in sheet)
    assert list(sheet[0].keys()) == ["node", "level", "evidence", "comment", "statement"]

    judgements, args = fill_sheets(audit, template, tmp_path)
    school = audit["school"]
    args += ["--framework", fw_id, "--school-id", school["id"], "--assessed-on", audit["assessed_on"],
             "--judged-by", audit.get("judged_by", "self")]
    for key, option in (("name", "--school-name"), ("phase", "--phase"), ("pupils", "--pupils")):
        if key in school:
            args += [option, str(school[key])]
    if "decided_on" in audit:
        args += ["--decided-on", audit["decided_on"]]
    imported = tmp_path / "imported.json"
    r = run(["import-csv", judgements, *args, "--out", imported])
    assert r.returncode == 0, r.stderr
    doc = load(imported)
    assert doc["qmark"] == "audit/1" and list(doc)[0] == "qmark"

    original = run(["assess", EXAMPLES / "audits" / name, "--format", "json"])
    again = run(["assess", imported, "--format", "json"])
    assert original.returncode == 0 and again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(original.stdout)


def test_bad_rows_are_reported_with_their_line_numbers(tmp_path):
    j = tmp_path / "j.csv"
    # line 1 header; 2 fine; 3 unknown node; 4-6 a comment over three lines; 7 unknown level
    j.write_bytes(
        b"node,level,evidence,comment\r\n"
        b"WSA.ETHOS.1,met,E1,\r\n"
        b"WSA.ETHOS.99,met,,\r\n"
        b"WSA.LEAD.1,met,E1,\"three\r\nline\r\ncomment\"\r\n"
        b"WSA.ETHOS.2,mett,,\r\n"
        b"WSA,met,,\r\n")
    e = tmp_path / "e.csv"
    e.write_bytes(
        b"id,kind,title,groups,date,stage,supports\n"
        b"E1,policy,Inclusion policy,staff governors,2026-02-01,pre_visit,WSA.ETHOS.1\n"
        b"E2,document,Minutes,staff,2026-02-30,,\n"
        b"E3,document,Survey,parents,2026-03-01,,\n"
        b"E4,leaflet,Leaflet,staff,2026-03-01,,\n"
        b"E5,document,Plan,staff,2026-03-01,,NOPE.1\n")
    out = tmp_path / "audit.json"
    r = run(["import-csv", j, "--evidence", e, "--framework", "bury-iqm", "--school-id", "URN:1",
             "--assessed-on", "2026-06-30", "--out", out])
    assert r.returncode == 2
    err = r.stderr
    assert f'{j}:7: unknown level "mett" for WSA.ETHOS.2' in err
    assert f'{j}:3: unknown node "WSA.ETHOS.99"' in err
    assert f"{j}:8: WSA is a " in err  # a section takes no judgement
    assert f'{e}:3: bad date "2026-02-30" for evidence E2' in err
    assert f'{e}:4: unknown stakeholder group "parents" for evidence E3' in err
    assert f'{e}:5: unknown kind "leaflet" for evidence E4' in err
    assert f'{e}:6: evidence E5 supports unknown node "NOPE.1"' in err
    assert "[unknown_level]" in err and "[invalid_date]" in err
    assert not out.exists(), "nothing is written when a row is bad"
    assert not list(tmp_path.glob("audit.json.tmp*"))


def test_rfc4180_quotes_line_breaks_crlf_bom_and_extra_columns(tmp_path):
    j = tmp_path / "j.csv"
    # BOM, CRLF records, columns in another order and case, an extra column, a quoted
    # comment with a comma, doubled quotes and a line break; a blank row; evidence ids
    # separated by ";" and spaces; a level written as its label.
    j.write_bytes(
        "\ufeffComment,NODE,notes,Level,evidence\r\n".encode() +
        b"\"Policy agreed, \"\"signed\"\" and\r\npublished\",WSA.ETHOS.1,x,met,E1; E2\r\n"
        b",,,,\r\n"
        b"plain,WSA.ETHOS.2,,Partially met,E2\r\n")
    e = tmp_path / "e.csv"
    e.write_bytes(
        b"id,kind,title,groups,date,stage,supports\r\n"
        b"E1,policy,\"Policy, inclusion\",staff;governors,2026-02-01,pre_visit,\r\n"
        b"E2,minutes,Minutes,\"staff, leadership\",2026-03-01,,WSA.LEAD.1 WSA.LEAD.2")
    r = run(["import-csv", j, "--evidence", e, "--framework", "bury-iqm", "--school-id", "URN:9",
             "--assessed-on", "2026-06-30"])
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["judgements"]["WSA.ETHOS.1"] == {
        "level": "met", "evidence": ["E1", "E2"], "comment": 'Policy agreed, "signed" and\r\npublished'}
    assert doc["judgements"]["WSA.ETHOS.2"] == {"level": "partially_met", "evidence": ["E2"], "comment": "plain"}
    assert len(doc["judgements"]) == 2
    assert doc["evidence"][0] == {"id": "E1", "kind": "policy", "title": "Policy, inclusion",
                                  "groups": ["staff", "governors"], "date": "2026-02-01", "stage": "pre_visit"}
    assert doc["evidence"][1]["groups"] == ["staff", "leadership"]
    assert doc["evidence"][1]["supports"] == ["WSA.LEAD.1", "WSA.LEAD.2"]
    assert doc["school"] == {"id": "URN:9"} and doc["judged_by"] == "self"

    # an unterminated quote is reported where it opened
    (tmp_path / "bad.csv").write_bytes(b"node,level\nWSA.ETHOS.1,met\nWSA.ETHOS.2,\"met\n")
    r = run(["import-csv", tmp_path / "bad.csv", "--framework", "bury-iqm", "--school-id", "URN:9",
             "--assessed-on", "2026-06-30"])
    assert r.returncode == 2
    assert "bad.csv:3: unterminated quoted field" in r.stderr


def test_import_checks_its_options(tmp_path):
    j = tmp_path / "j.csv"
    j.write_text("node,level\nWSA.ETHOS.1,met\n", encoding="utf-8")
    base = ["import-csv", j, "--school-id", "URN:9"]
    r = run([*base, "--framework", "bury-iqm", "--assessed-on", "2026-02-30"])
    assert r.returncode == 2 and "--assessed-on" in r.stderr
    r = run([*base, "--assessed-on", "2026-06-30", "--framework", "nowhere"])
    assert r.returncode == 2 and "unknown_framework" in r.stderr
    r = run(["import-csv", tmp_path / "missing.csv", "--framework", "bury-iqm", "--school-id", "URN:9",
             "--assessed-on", "2026-06-30"])
    assert r.returncode == 1
    (tmp_path / "nolevel.csv").write_text("node,evidence\nWSA.ETHOS.1,E1\n", encoding="utf-8")
    r = run(["import-csv", tmp_path / "nolevel.csv", "--framework", "bury-iqm", "--school-id", "URN:9",
             "--assessed-on", "2026-06-30"])
    assert r.returncode == 2 and 'missing column "level"' in r.stderr

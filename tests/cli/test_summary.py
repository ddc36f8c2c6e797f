"""`qmark summary AUDIT PLAN`: the published summary of a school development plan holds the
four parts the guidance lists (seed 001, "Published summaries"), as HTML and Markdown."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from cli_support import EXAMPLES, framework_doc, load, run

AUDIT = EXAMPLES / "audits" / "wsi-self-evaluation.json"
PLAN = EXAMPLES / "plans" / "plan-compliant.json"
HEADINGS = ["What our self-evaluation found", "Our priorities for improvement", "Support from outside the school",
            "Progress against last year’s priorities"]


class Text(HTMLParser):
    """The page's text, its h2 headings in order, and the text under each h2."""

    def __init__(self):
        super().__init__()
        self.parts, self.h2, self._in_h2, self._skip = [], [], False, 0
        self.sections = {}

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        if self._in_h2:
            self.h2[-1] += data
        elif self.h2:
            self.sections[self.h2[-1]] = self.sections.get(self.h2[-1], "") + data

    def text(self):
        return re.sub(r"\s+", " ", "".join(self.parts))


def walk(nodes):
    for n in nodes:
        yield n
        yield from walk(n.get("children", []))


def expected_content():
    """What each part must quote, from the plan and the decision."""
    plan = load(PLAN)
    decision = json.loads(run(["assess", AUDIT, "--format", "json"]).stdout)
    fw = framework_doc(decision["framework"]["id"])
    scale = {s["id"]: [l["id"] for l in s["levels"]] for s in fw["scales"]}
    kinds = {k["id"]: k for k in fw["node_kinds"]}
    strengths, development = [], []
    for n in walk(fw["nodes"]):
        kind = kinds[n["kind"]]
        if not kind.get("judgeable") or n.get("children"):
            continue
        levels = scale[kind["scale"]]
        eff = decision["levels"][n["id"]]["effective"]
        text = n.get("statement") or n["title"]
        if eff == levels[-1]:
            strengths.append(text)
        elif eff == levels[0]:
            development.append(text)
    top_titles = [n["title"] for n in fw["nodes"]]
    actions = [a for p in plan["priorities"] for a in p["actions"]]
    supported = [a["support"] for a in actions if "support" in a]
    return {
        "overview": [plan["summary"]["self_evaluation_overview"], *top_titles, *strengths, *development],
        "priorities": [plan["summary"]["priorities"], *[p["title"] for p in plan["priorities"]],
                       *[a["title"] for a in actions], *[a["milestone"] for a in actions]],
        "support": [plan["summary"]["external_support"], *[s["provider"] for s in supported],
                    *[s["when"] for s in supported]],
        "progress": [plan["summary"]["progress_report"], plan["previous_targets"]],
    }, strengths, development


def parts(text: str, headings):
    """The text between each heading and the next."""
    idx = [text.index(h) for h in headings]
    assert idx == sorted(idx), "the four parts in order"
    bounds = idx + [len(text)]
    return {name: text[bounds[i]:bounds[i + 1]]
            for i, name in enumerate(["overview", "priorities", "support", "progress"])}


def test_summary_html_and_markdown_hold_the_four_parts(tmp_path):
    html, md = tmp_path / "summary.html", tmp_path / "summary.md"
    r = run(["summary", AUDIT, PLAN, "--html", html, "--md", md])
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    expected, strengths, development = expected_content()
    assert strengths and development

    page = Text()
    page.feed(html.read_text(encoding="utf-8"))
    assert page.h2 == HEADINGS
    names = ["overview", "priorities", "support", "progress"]
    html_parts = {name: re.sub(r"\s+", " ", page.sections[h]) for name, h in zip(names, HEADINGS)}
    for name, text in html_parts.items():
        for want in expected[name]:
            assert re.sub(r"\s+", " ", want) in text, f"{name}: {want!r} missing from the HTML"

    markdown = md.read_text(encoding="utf-8")
    assert re.findall(r"^## (.*)$", markdown, re.M) == HEADINGS
    unescaped = markdown.replace("\\", "")
    for name, text in parts(unescaped, ["## " + h for h in HEADINGS]).items():
        for want in expected[name]:
            assert want in text, f"{name}: {want!r} missing from the Markdown"

    # strengths and areas for development under their own headings
    overview = html_parts["overview"]
    first_area = overview[overview.index("Strengths"):]
    assert first_area.index(strengths[0]) < first_area.index("Areas for development")


def test_summary_html_is_self_contained_accessible_and_printable(tmp_path):
    html = tmp_path / "summary.html"
    assert run(["summary", AUDIT, PLAN, "--html", html]).returncode == 0
    text = html.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in text and '<meta charset="utf-8">' in text
    assert "@media print" in text
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', text), "nothing loaded from the network"
    assert "<script" not in text
    assert re.search(r"<th scope=\"col\">", text) and "<caption>" in text


def test_summary_markdown_on_stdout_by_default(tmp_path):
    md = tmp_path / "s.md"
    assert run(["summary", AUDIT, PLAN, "--md", md]).returncode == 0
    r = run(["summary", AUDIT, PLAN])
    assert r.returncode == 0 and r.stdout == md.read_text(encoding="utf-8")


def test_summary_refuses_a_plan_for_another_school(tmp_path):
    plan = load(PLAN)
    plan["school"]["id"] = "URN:999999"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(plan), encoding="utf-8")
    r = run(["summary", AUDIT, other, "--html", tmp_path / "x.html"])
    assert r.returncode == 2 and "URN:999999" in r.stderr
    assert not (tmp_path / "x.html").exists()


def test_summary_is_generic_over_frameworks(tmp_path):
    """A Bury audit with a plan: its not-met standards are areas for development."""
    audit_path = EXAMPLES / "audits" / "bury-not-yet-accredited.json"
    audit = load(audit_path)
    plan = load(PLAN)
    plan["school"] = {"id": audit["school"]["id"], "name": audit["school"]["name"]}
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(plan), encoding="utf-8")
    r = run(["summary", audit_path, p])
    assert r.returncode == 0, r.stderr
    fw = framework_doc("bury-iqm")
    decision = json.loads(run(["assess", audit_path, "--format", "json"]).stdout)
    for node_id in decision["limiting_failures"]:
        node = next(n for n in walk(fw["nodes"]) if n["id"] == node_id)
        if decision["levels"][node_id]["effective"] == "not_met":
            assert node["statement"] in r.stdout.replace("\\", "")
    for top in fw["nodes"]:
        assert f"### {top['title']}" in r.stdout

"""Markup of the HTML the CLI writes (`qmark report`, `qmark assess --format html`,
`qmark summary`): every element closed and properly nested, images and inline SVG with a
text alternative, unique ids, a language, a title, nothing loaded from the network.

The checker is stdlib only (html.parser). The CLI is $QMARK_BUILD_DIR/qmark (default
/work/main/build/qmark).
"""

from __future__ import annotations

import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import List, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("QMARK_BUILD_DIR", "/work/main/build")) / "qmark"
AUDITS = sorted((ROOT / "examples" / "audits").glob("*.json"))
PLAN = ROOT / "examples" / "plans" / "plan-compliant.json"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Where an element may not appear directly (the HTML content model, the common cases).
ALLOWED_PARENTS = {
    "li": {"ul", "ol", "menu"},
    "tr": {"thead", "tbody", "tfoot", "table"},
    "td": {"tr"},
    "th": {"tr"},
    "thead": {"table"},
    "tbody": {"table"},
    "caption": {"table"},
    "dt": {"dl", "div"},
    "dd": {"dl", "div"},
}
BLOCK_IN_P = {"div", "p", "ul", "ol", "table", "section", "article", "header", "footer", "main", "nav", "h1", "h2",
              "h3", "h4", "h5", "h6", "dl", "blockquote", "pre", "figure"}


class MarkupChecker(HTMLParser):
    """Collects problems: unclosed, misnested or stray elements, images without alt, SVG
    without a title, duplicate ids, missing lang or title, external resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: List[Tuple[str, int]] = []
        self.problems: List[str] = []
        self.ids = set()
        self.svg_titles: List[bool] = []  # per open <svg>: a <title> child seen
        self.html_lang = None
        self.title_text = None
        self._in_title = False
        self.doctype = False

    def where(self) -> str:
        return f"line {self.getpos()[0]}"

    def handle_decl(self, decl: str) -> None:
        if decl.lower() == "doctype html":
            self.doctype = True

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        parent = self.stack[-1][0] if self.stack else None
        if tag in ALLOWED_PARENTS and parent not in ALLOWED_PARENTS[tag]:
            self.problems.append(f"{self.where()}: <{tag}> inside <{parent}>")
        if parent == "p" and tag in BLOCK_IN_P:
            self.problems.append(f"{self.where()}: <{tag}> inside <p> (closes the paragraph)")
        if "id" in a:
            if a["id"] in self.ids:
                self.problems.append(f"{self.where()}: duplicate id {a['id']!r}")
            self.ids.add(a["id"])
        for attr in ("src", "href"):
            v = (a.get(attr) or "").strip().lower()
            if v.startswith(("http:", "https:", "//")):
                self.problems.append(f"{self.where()}: <{tag} {attr}> loads {v} from the network")
        if tag == "img" and not (a.get("alt") is not None or a.get("title")):
            self.problems.append(f"{self.where()}: <img> without alt or title")
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "title" and self.svg_titles:
            self.svg_titles[-1] = True
        if tag == "title" and not self.svg_titles:
            self._in_title = True
            self.title_text = ""
        if tag == "svg":
            self.svg_titles.append(bool(a.get("aria-label") or a.get("title")))
            if a.get("role") != "img" and a.get("aria-hidden") != "true":
                self.problems.append(f"{self.where()}: <svg> without role=\"img\"")
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs) -> None:
        # <x/>: self-closing; fine for void elements and inside SVG (foreign content)
        if tag not in VOID and not self.svg_titles:
            self.problems.append(f"{self.where()}: <{tag}/> is not a void element")
        if tag in ("img", "svg"):
            self.handle_starttag(tag, attrs)
            if tag == "svg":
                self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.problems.append(f"{self.where()}: end tag </{tag}> for a void element")
            return
        if not self.stack:
            self.problems.append(f"{self.where()}: stray </{tag}>")
            return
        open_tag, line = self.stack[-1]
        if open_tag != tag:
            depth = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i][0] == tag), None)
            if depth is None:
                self.problems.append(f"{self.where()}: stray or misnested </{tag}> (inside <{open_tag}>)")
                return
            for inner, inner_line in self.stack[depth + 1:]:
                self.problems.append(f"{self.where()}: <{inner}> opened on line {inner_line} is never closed before "
                                     f"</{tag}> (unclosed or misnested)")
            del self.stack[depth + 1:]
        self.stack.pop()
        if tag == "title":
            self._in_title = False
        if tag == "svg":
            if not self.svg_titles.pop():
                self.problems.append(f"{self.where()}: <svg> without a <title> (text alternative)")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_text += data

    def finish(self) -> List[str]:
        self.close()
        for tag, line in self.stack:
            self.problems.append(f"<{tag}> opened on line {line} is never closed")
        if not self.doctype:
            self.problems.append("no <!DOCTYPE html>")
        if not self.html_lang:
            self.problems.append("<html> without lang")
        if not (self.title_text or "").strip():
            self.problems.append("no <title>")
        return self.problems


def check_markup(html: str) -> List[str]:
    c = MarkupChecker()
    c.feed(html)
    return c.finish()


def qmark(*args) -> subprocess.CompletedProcess:
    if not CLI.exists():
        pytest.fail(f"no qmark CLI at {CLI}: build it, or set QMARK_BUILD_DIR", pytrace=False)
    return subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, timeout=120)


GOOD = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<p>a<br>b</p><svg role="img"><title>chart</title><rect/></svg><img src="x.png" alt="x"></body></html>')


def test_the_checker_passes_good_markup():
    assert check_markup(GOOD) == []


@pytest.mark.parametrize("bad, problem", [
    (GOOD.replace("</p>", ""), "never closed"),
    (GOOD.replace("<p>a<br>b</p>", "<p><b>a</p></b>"), "misnested"),
    (GOOD.replace("<title>chart</title>", ""), "<svg> without a <title>"),
    (GOOD.replace(' alt="x"', ""), "<img> without alt"),
    (GOOD.replace("</body>", "</div></body>"), "stray or misnested </div>"),
    (GOOD.replace('lang="en"', ""), "without lang"),
    (GOOD.replace("x.png", "https://example.org/x.png"), "from the network"),
    (GOOD.replace("<p>a<br>b</p>", "<ul><td>x</td></ul>"), "<td> inside <ul>"),
    (GOOD.replace("<p>a<br>b</p>", '<p id="a"></p><p id="a"></p>'), "duplicate id"),
])
def test_the_checker_finds_problems(bad, problem):
    problems = check_markup(bad)
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize("audit", AUDITS, ids=lambda p: p.stem)
def test_report_markup(audit, tmp_path):
    out = tmp_path / "report.html"
    r = qmark("report", audit, "--html", out)
    assert r.returncode == 0, r.stderr
    assert check_markup(out.read_text(encoding="utf-8")) == []
    r = qmark("assess", audit, "--format", "html")
    assert r.returncode == 0 and check_markup(r.stdout) == []


def test_summary_markup(tmp_path):
    out = tmp_path / "summary.html"
    r = qmark("summary", ROOT / "examples" / "audits" / "wsi-self-evaluation.json", PLAN, "--html", out)
    assert r.returncode == 0, r.stderr
    assert check_markup(out.read_text(encoding="utf-8")) == []

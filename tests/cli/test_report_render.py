"""The HTML report of an example audit of every built-in framework, rendered by headless
Chromium: a screenshot is saved in the build tree ($QMARK_TEST_OUT/report-<name>.png) and
the page Chromium built (--dump-dom) holds the outcome's title, every limiting failure and
the title of every top-level node. The published summary is rendered the same way.
Chromium is required (scripts/deps.sh installs it): without it these tests fail."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cli_support import EXAMPLES, OUT, framework_doc, run

AUDITS = ["bury-not-yet-accredited.json", "wales-iqm-silver.json", "kcc-established.json",
          "wsi-self-evaluation.json"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("chromium is missing: scripts/deps.sh installs it (Debian package chromium)", pytrace=False)


def browse(page: Path, *args: str) -> subprocess.CompletedProcess:
    """Runs headless Chromium on a local page with a fresh profile."""
    with tempfile.TemporaryDirectory(prefix="qmark-chromium-") as profile:
        return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=180)


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(dom: str) -> str:
    t = Text()
    t.feed(dom)
    return re.sub(r"\s+", " ", "".join(t.parts))


def render(html: Path, png: Path, height: int) -> str:
    """Screenshot and page text in one Chromium run; returns the text."""
    png.unlink(missing_ok=True)
    r = browse(html, f"--screenshot={png}", f"--window-size=1280,{height}", "--dump-dom")
    assert r.returncode == 0, r.stderr[-2000:]
    assert png.exists(), f"no screenshot: {r.stderr[-2000:]}"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG screenshot"
    assert len(data) > 20000, "the screenshot shows a page, not a blank window"
    assert "<main>" in r.stdout, "Chromium built the page"
    return page_text(r.stdout)


SUMMARY = ("summary-wsi", ["summary", EXAMPLES / "audits" / "wsi-self-evaluation.json",
                           EXAMPLES / "plans" / "plan-compliant.json", "--html"], 2400)


@pytest.fixture(scope="module")
def rendered():
    """Every page written and rendered (Chromium runs concurrently: each spends most of its
    time starting up)."""
    chromium()
    OUT.mkdir(parents=True, exist_ok=True)
    jobs = [(f"report-{Path(n).stem}", ["report", EXAMPLES / "audits" / n, "--html"], 3000) for n in AUDITS]
    jobs.append(SUMMARY)
    for stem, args, _ in jobs:
        r = run([*args, OUT / f"{stem}.html"])
        assert r.returncode == 0, r.stderr
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {stem: pool.submit(render, OUT / f"{stem}.html", OUT / f"{stem}.png", height)
                   for stem, _, height in jobs}
    return futures


@pytest.mark.parametrize("name", AUDITS)
def test_report_renders_in_chromium(name, rendered):
    text = rendered[f"report-{Path(name).stem}"].result()
    audit = EXAMPLES / "audits" / name
    decision = json.loads(run(["assess", audit, "--format", "json"]).stdout)
    fw = framework_doc(decision["framework"]["id"])
    outcome = next(o for o in fw["outcome"]["outcomes"] if o["id"] == decision["outcome"])
    assert outcome["title"] in text
    for node in decision["limiting_failures"]:
        assert node in text
    for top in fw["nodes"]:
        assert top["title"] in text, top["id"]


def test_summary_renders_in_chromium(rendered):
    text = rendered[SUMMARY[0]].result()
    for heading in ("What our self-evaluation found", "Our priorities for improvement",
                    "Support from outside the school", "Progress against last year’s priorities"):
        assert heading in text

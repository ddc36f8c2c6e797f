"""`qmark batch`: a portfolio of 200 generated audits (3 of them broken) as a directory and
as JSON lines; results and errors CSVs; exit status; progress only on a terminal (tmux);
files written whole or not at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from cli_support import CLI, EXAMPLES, load, read_csv, run

N = 200
BROKEN = {17: "malformed", 98: "unknown_node", 151: "bad_date"}
RESULT_COLUMNS = ["school_id", "framework", "overlay", "assessed_on", "outcome", "award", "decided_by",
                  "limiting_failures", "n_findings", "next_target", "next_needs", "source"]
ERROR_COLUMNS = ["source", "code", "pointer", "line", "column", "message"]


def portfolio():
    """200 audit texts made from the examples, school ids varied; 3 broken, one problem each."""
    examples = [load(p) for p in sorted((EXAMPLES / "audits").glob("*.json"))]
    texts = []
    for i in range(N):
        audit = json.loads(json.dumps(examples[i % len(examples)]))
        audit["school"]["id"] = f"URN:{500000 + i}"
        kind = BROKEN.get(i)
        if kind == "unknown_node":
            audit["judgements"]["NO.SUCH.NODE"] = next(iter(audit["judgements"].values()))
        elif kind == "bad_date":
            audit["assessed_on"] = "2026-02-30"
        text = json.dumps(audit)
        if kind == "malformed":
            text = text[:-40]
        texts.append(text)
    return texts


@pytest.fixture(scope="module")
def audits_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("portfolio")
    for i, text in enumerate(portfolio()):
        (d / f"school-{i:03d}.json").write_text(text, encoding="utf-8")
    (d / "notes.txt").write_text("not an audit", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def audits_jsonl(tmp_path_factory):
    path = tmp_path_factory.mktemp("jsonl") / "portfolio.jsonl"
    lines = []
    for i, text in enumerate(portfolio()):
        lines.append(text.replace("\n", " "))
        if i % 50 == 0:
            lines.append("")  # blank lines are skipped
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def check_outputs(results_path: Path, errors_path: Path, sources):
    rows = read_csv(results_path)
    errors = read_csv(errors_path)
    assert len(rows) == N - len(BROKEN)
    assert len(errors) == len(BROKEN)
    with open(results_path, encoding="utf-8") as f:
        assert f.readline().strip().split(",") == RESULT_COLUMNS
    with open(errors_path, encoding="utf-8") as f:
        assert f.readline().strip().split(",") == ERROR_COLUMNS
    good = [i for i in range(N) if i not in BROKEN]
    assert [r["school_id"] for r in rows] == [f"URN:{500000 + i}" for i in good], "results in input order"
    assert [r["source"] for r in rows] == [sources[i] for i in good]
    assert [e["source"] for e in errors] == [sources[i] for i in sorted(BROKEN)]
    assert [e["code"] for e in errors] == ["malformed_json", "unknown_node", "invalid_date"]
    assert errors[1]["pointer"] == "/judgements/NO.SUCH.NODE"
    assert errors[2]["pointer"] == "/assessed_on"
    assert errors[0]["line"] == "1" and errors[0]["column"]
    for r in rows:
        assert r["framework"] and r["outcome"] and r["decided_by"] and r["assessed_on"]
        assert int(r["n_findings"]) >= 0
    return rows


def test_batch_over_a_directory(audits_dir, tmp_path):
    out = tmp_path / "results.csv"
    r = run(["batch", audits_dir, "--out", out, "--threads", "2"])
    assert r.returncode == 2, r.stderr
    assert r.stdout == ""
    sources = [str(audits_dir / f"school-{i:03d}.json") for i in range(N)]
    rows = check_outputs(out, tmp_path / "results.errors.csv", sources)
    # not a terminal: no progress, only the invalid audits listed
    assert "\r" not in r.stderr and "/200" not in r.stderr
    for i in BROKEN:
        assert f"{sources[i]}: invalid input [" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv", "results.errors.csv"]

    # each row agrees with assessing the audit on its own
    for row in rows[:12]:
        d = json.loads(run(["assess", row["source"], "--format", "json"]).stdout)
        assert row["outcome"] == d["outcome"] and row["award"] == (d["award"] or "")
        assert row["limiting_failures"].split() == d["limiting_failures"]
        assert row["decided_by"] == d["decided_by"]
        nxt = d["next_level"][0] if d["next_level"] else {"target": "", "needs": []}
        assert row["next_target"] == nxt["target"] and row["next_needs"].split() == nxt["needs"]
        assert int(row["n_findings"]) == len(d["findings"])

    # one thread gives the same bytes
    out1 = tmp_path / "one" / "results.csv"
    out1.parent.mkdir()
    r1 = run(["batch", audits_dir, "--out", out1, "--errors", tmp_path / "one" / "bad.csv", "--threads", "1"])
    assert r1.returncode == 2
    assert out1.read_bytes() == out.read_bytes()
    assert (tmp_path / "one" / "bad.csv").exists()


def test_batch_over_json_lines(audits_jsonl, tmp_path):
    out = tmp_path / "results.csv"
    errors = tmp_path / "invalid.csv"
    r = run(["batch", audits_jsonl, "--out", out, "--errors", errors])
    assert r.returncode == 2, r.stderr
    # sources are file:line, counting the blank lines
    sources, line = [], 0
    for i in range(N):
        line += 1
        sources.append(f"{audits_jsonl}:{line}")
        if i % 50 == 0:
            line += 1
    check_outputs(out, errors, sources)


def test_batch_all_valid_exits_0_and_writes_an_empty_error_sheet(tmp_path):
    d = tmp_path / "ok"
    d.mkdir()
    for p in sorted((EXAMPLES / "audits").glob("*.json")):
        shutil.copy(p, d / p.name)
    out = tmp_path / "results.csv"
    r = run(["batch", d, "--out", out])
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert len(read_csv(out)) == len(list(d.iterdir()))
    assert read_csv(tmp_path / "results.errors.csv") == []


def test_batch_leaves_no_partial_results(audits_dir, tmp_path):
    missing = tmp_path / "no" / "such" / "dir" / "results.csv"
    r = run(["batch", audits_dir, "--out", missing])
    assert r.returncode == 1
    assert not (tmp_path / "no").exists()
    r = run(["batch", tmp_path / "nothing-here", "--out", tmp_path / "r.csv"])
    assert r.returncode == 1
    assert not list(tmp_path.iterdir()), "nothing written"


def test_batch_shows_progress_on_a_terminal(audits_dir, tmp_path):
    tmux = shutil.which("tmux")
    assert tmux, "tmux is missing: scripts/deps.sh installs it"
    socket = f"qmark-test-{uuid.uuid4().hex[:8]}"
    out = tmp_path / "results.csv"
    done = tmp_path / "done"
    command = f"'{CLI}' batch '{audits_dir}' --out '{out}' --threads 2; echo $? > '{done}'; sleep 60"
    env = dict(os.environ, TERM="xterm")
    base = [tmux, "-L", socket, "-f", "/dev/null"]
    subprocess.run([*base, "new-session", "-d", "-x", "160", "-y", "40", "-s", "qmark", command], check=True, env=env,
                   timeout=30)
    try:
        deadline = time.monotonic() + 120
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert done.exists(), "the batch did not finish under tmux"
        time.sleep(0.3)
        screen = subprocess.run([*base, "capture-pane", "-p", "-t", "qmark"], capture_output=True, text=True,
                                check=True, env=env, timeout=30).stdout
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True, env=env, timeout=30)
    assert done.read_text().strip() == "2"
    assert "200/200 audits (3 invalid)" in screen, screen
    assert "/200" in screen
    assert len(read_csv(out)) == N - len(BROKEN)

"""The plain-Python bury-iqm baseline (bench/baseline_bury.py) agrees with qmark.

bench/generate.py writes ~200 realistic bury-iqm audits into tmp_path (stale, future and
unknown evidence, missing judgements, per-judge judgements, exclusion and off-rolling
facts inside and outside the window); the baseline and qmark must agree on every one,
and on the shipped examples, on the outcome, the award, the limiting failures and every
standard's effective level. This keeps the baseline honest, so that bench/RESULTS.md
compares qmark with a baseline that computes the same thing.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from qmark_support import EXAMPLE_AUDITS, ROOT, qmark

BENCH = ROOT / "bench"
COUNT = 200


def _baseline():
    spec = importlib.util.spec_from_file_location("baseline_bury", BENCH / "baseline_bury.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _generated(tmp_path: Path):
    out = tmp_path / "data"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), str(out), "--frameworks", "bury-iqm",
                    "--la", str(COUNT), "--national", "0", "--quiet"], check=True, timeout=120)
    lines = (out / "la" / "bury-iqm.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == COUNT
    return [(f"la/bury-iqm.jsonl:{n}", line) for n, line in enumerate(lines, 1)]


def test_generator_is_deterministic(tmp_path):
    runs = []
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(BENCH / "generate.py"), str(tmp_path / name), "--frameworks",
                        "bury-iqm", "--la", "5", "--national", "0", "--quiet"], check=True, timeout=60)
        runs.append((tmp_path / name / "la" / "bury-iqm.jsonl").read_bytes())
    assert runs[0] == runs[1]


def test_baseline_agrees_with_qmark(tmp_path):
    baseline = _baseline()
    rules = baseline.Rules()
    texts = _generated(tmp_path)
    texts += [(p.name, p.read_text(encoding="utf-8")) for p in EXAMPLE_AUDITS if p.name.startswith("bury-")]

    fw = qmark.framework("bury-iqm")
    decisions = fw.assess_many([t for _, t in texts], threads=2, trace=False)
    problems = []
    seen = collections.Counter()
    for (where, text), decision in zip(texts, decisions):
        doc = decision.to_dict()
        seen[doc["outcome"]] += 1
        for level in doc["levels"].values():
            seen[level["basis"]] += 1
        for p in baseline.compare(baseline.decide(json.loads(text), rules), doc, rules):
            problems.append(f"{where}: {p}")
    assert not problems, f"{len(problems)} disagreements, e.g.:\n" + "\n".join(problems[:20])

    # The generated mix exercises every path of the decision (else agreeing means little).
    for what in ("accredited", "not_yet_accredited", "judgement", "capped", "fact", "missing"):
        assert seen[what] > 0, f"no generated audit gave {what!r}: {dict(seen)}"

#!/usr/bin/env python3
"""A plain-Python baseline for the default bury-iqm decision (SPEC §2.1), written the way
an analyst would write it in a notebook: one loop over the standards, dicts and sets.

It decides what matters for an award: the outcome, the award, the limiting failures and
every standard's effective level. (qmark also writes findings, next-level gaps, actions
and a trace; the baseline does not.) Thresholds come from frameworks/bury-iqm.json: the
standards and their order, the scale, the limiting set, recent_months,
overall_met_ratio, offrolling_window_months and internal_exclusion_max_per_100.

    python3 bench/baseline_bury.py decide AUDIT.json          # the baseline's decision
    python3 bench/baseline_bury.py check PATH... [--limit N]  # agree with qmark? (needs
                                                             # PYTHONPATH=<build>/python)

PATH is an audit file, a directory of them, or a JSON lines file; audits of other
frameworks are skipped. check exits 1 on any disagreement. Standard library only
(check imports qmark).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = ROOT / "frameworks" / "bury-iqm.json"
JUDGES = ("assessor", "moderator", "self")  # most authoritative first


def add_months(d: dt.date, months: int) -> dt.date:
    """Keep the day of the month, clamped to the target month (2024-02-29 - 24 months = 2022-02-28)."""
    m = d.year * 12 + d.month - 1 + months
    y, mo = divmod(m, 12)
    return dt.date(y, mo + 1, min(d.day, calendar.monthrange(y, mo + 1)[1]))


class Rules:
    """What the baseline reads from the framework document."""

    def __init__(self, path: Path = FRAMEWORK) -> None:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        params = {k: v.get("value") for k, v in doc["parameters"].items()}
        scale = next(k["scale"] for k in doc["node_kinds"] if k["id"] == "standard")
        self.levels: List[str] = [lv["id"] for s in doc["scales"] if s["id"] == scale for lv in s["levels"]]
        self.rank = {lv: i for i, lv in enumerate(self.levels)}
        self.top = self.levels[-1]                 # "met"
        self.below_top = self.levels[-2]           # "partially_met"
        self.lowest = self.levels[0]               # "not_met"
        self.standards: List[str] = []
        self.limiting: set = set()

        def walk(nodes: List[Dict[str, Any]]) -> None:
            for n in nodes:
                if n.get("children"):
                    walk(n["children"])
                elif n["kind"] == "standard":
                    self.standards.append(n["id"])
                    if n.get("limiting"):
                        self.limiting.add(n["id"])

        walk(doc["nodes"])
        self.recent_months = int(params["recent_months"])
        self.met_ratio = float(params["overall_met_ratio"])
        self.offrolling_months = params.get("offrolling_window_months")
        self.internal_max = params.get("internal_exclusion_max_per_100")
        self.required_met = round(self.met_ratio * len(self.standards), 9)


def decide(audit: Dict[str, Any], rules: Rules) -> Dict[str, Any]:
    """The baseline's decision on one audit (already parsed into Python data)."""
    assessed = dt.date.fromisoformat(audit["assessed_on"])
    window_start = add_months(assessed, -rules.recent_months)
    judged_by = audit.get("judged_by", "self")
    facts = audit.get("facts") or {}

    # Evidence: which items count (dated inside the recent window), and what each supports.
    valid = set()
    supported_by: Dict[str, List[str]] = {}
    for item in audit["evidence"]:
        if window_start <= dt.date.fromisoformat(item["date"]) <= assessed:
            valid.add(item["id"])
        for node in item.get("supports", ()):
            supported_by.setdefault(node, []).append(item["id"])

    # Facts outrank claims: EHW.RES.7 (permanent exclusions in the recent window),
    # EHW.RES.10 (any off-rolling), EHW.RES.9 (only when a limit is set).
    fact_level: Dict[str, str] = {}
    if "permanent_exclusions" in facts:
        recent = any(window_start <= dt.date.fromisoformat(x["date"]) <= assessed
                     for x in facts["permanent_exclusions"])
        fact_level["EHW.RES.7"] = rules.lowest if recent else rules.top
    if "off_rolling" in facts:
        start = add_months(assessed, -int(rules.offrolling_months)) if rules.offrolling_months is not None else None
        any_incident = any(dt.date.fromisoformat(x["date"]) <= assessed
                           and (start is None or start <= dt.date.fromisoformat(x["date"]))
                           for x in facts["off_rolling"])
        fact_level["EHW.RES.10"] = rules.lowest if any_incident else rules.top
    if rules.internal_max is not None and "internal_exclusion" in facts:
        pupils = (audit.get("school") or {}).get("pupils") or 0
        sessions = facts["internal_exclusion"]["sessions"]
        rate = sessions * 100 / pupils if pupils > 0 else (float("inf") if sessions > 0 else 0.0)
        fact_level["EHW.RES.9"] = rules.lowest if rate > rules.internal_max else rules.top

    judgements = audit["judgements"]
    levels: Dict[str, str] = {}
    for std in rules.standards:
        if std in fact_level:
            levels[std] = fact_level[std]
            continue
        j = judgements.get(std)
        if j is None:
            levels[std] = rules.lowest  # missing judgement
            continue
        # the effective judgement: assessor > moderator > self
        if isinstance(j, dict) and "level" not in j:
            who = next(w for w in JUDGES if w in j)
            j = j[who]
        if isinstance(j, str):
            claim, cited = j, []
        else:
            claim, cited = j["level"], j.get("evidence", [])
        has_evidence = any(e in valid for e in cited) or any(e in valid for e in supported_by.get(std, ()))
        if claim == rules.top and not has_evidence:
            claim = rules.below_top  # a top claim needs valid evidence
        levels[std] = claim

    limiting_failures = [s for s in rules.standards if s in rules.limiting and levels[s] != rules.top]
    met = sum(1 for s in rules.standards if levels[s] == rules.top)
    accredited = not limiting_failures and met + 1e-9 >= rules.required_met
    return {
        "outcome": "accredited" if accredited else "not_yet_accredited",
        "award": "accredited" if accredited else None,
        "limiting_failures": limiting_failures,
        "levels": levels,
    }


# ----------------------------------------------------------------------------- checking

def iter_audits(paths: List[Path]) -> Iterator[Tuple[str, str]]:
    """(where, JSON text) of every audit in files, directories and JSON lines files."""
    for p in paths:
        if p.is_dir():
            yield from iter_audits(sorted(x for x in p.rglob("*") if x.suffix in (".json", ".jsonl")))
        elif p.suffix == ".jsonl":
            with open(p, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if line.strip():
                        yield f"{p}:{n}", line
        else:
            yield str(p), p.read_text(encoding="utf-8")


def compare(baseline: Dict[str, Any], decision: Dict[str, Any], rules: Rules) -> List[str]:
    """Differences between the baseline and a qmark decision/1 document ([] when they agree)."""
    out = []
    if baseline["outcome"] != decision["outcome"]:
        out.append(f"outcome: baseline {baseline['outcome']}, qmark {decision['outcome']}")
    if baseline["award"] != decision["award"]:
        out.append(f"award: baseline {baseline['award']}, qmark {decision['award']}")
    if baseline["limiting_failures"] != decision["limiting_failures"]:
        out.append(f"limiting_failures: baseline {baseline['limiting_failures']}, qmark {decision['limiting_failures']}")
    for std in rules.standards:
        q = decision["levels"][std]["effective"]
        if baseline["levels"][std] != q:
            out.append(f"{std}: baseline {baseline['levels'][std]}, qmark {q} ({decision['levels'][std]['basis']})")
    return out


def check(texts: List[Tuple[str, str]], rules: Rules, threads: int = 0) -> List[str]:
    """Runs the baseline and qmark on every bury-iqm audit; returns the disagreements."""
    import qmark  # the Python module (PYTHONPATH=<build>/python)

    fw = qmark.framework("bury-iqm")
    docs = [(where, text, json.loads(text)) for where, text in texts]
    docs = [d for d in docs if d[2].get("framework") == "bury-iqm"]
    decisions = fw.assess_many([t for _, t, _ in docs], threads=threads, trace=False)
    problems = []
    for (where, _, doc), dec in zip(docs, decisions):
        for p in compare(decide(doc, rules), dec.to_dict(), rules):
            problems.append(f"{where}: {p}")
    return problems


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Plain-Python bury-iqm baseline")
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("decide", help="print the baseline's decision on audits")
    d.add_argument("paths", nargs="+", type=Path)
    c = sub.add_parser("check", help="check that the baseline agrees with qmark")
    c.add_argument("paths", nargs="+", type=Path)
    c.add_argument("--limit", type=int, default=0, help="check at most this many audits (0: all)")
    c.add_argument("--threads", type=int, default=0)
    args = ap.parse_args(argv)
    rules = Rules()
    if args.cmd == "decide":
        for where, text in iter_audits(args.paths):
            doc = json.loads(text)
            if doc.get("framework") == "bury-iqm":
                print(json.dumps({"audit": where, **decide(doc, rules)}))
        return 0
    total, problems, chunk = 0, [], []

    def flush() -> None:
        nonlocal total
        if chunk:
            problems.extend(check(chunk, rules, args.threads))
            total += len(chunk)
            chunk.clear()

    for item in iter_audits(args.paths):
        if '"bury-iqm"' not in item[1]:
            continue
        chunk.append(item)
        if len(chunk) == 2000:
            flush()
        if args.limit and total + len(chunk) >= args.limit:
            break
    flush()
    for p in problems[:50]:
        print(p, file=sys.stderr)
    print(f"baseline_bury: {total} bury-iqm audits checked, "
          f"{len({p.split(': ')[0] for p in problems})} disagree with qmark")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

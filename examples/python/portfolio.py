#!/usr/bin/env python3
"""A local authority's portfolio: 150 schools' Bury IQM audits, assessed and summarised.

Generates (deterministically, from a seed) one audit/1 document per school, based on the
shipped examples/audits/*.json: judgements moved up or down a level, evidence dated
earlier or later (some of it stale or after the assessment), exclusions and off-rolling
incidents added. Then it assesses them all on C++ threads, writes

    OUT/portfolio.csv               one row per school (qmark.to_dataframe)
    OUT/audits.jsonl                the generated audits, one JSON document a line
    OUT/outcomes_by_section.png     outcomes, and standards' levels by framework section

and prints the five most common gaps: the standards schools most often need to raise to
reach the next outcome (the nodes in each decision's next_level needs).

    PYTHONPATH=build/python python3 examples/python/portfolio.py --out /tmp/portfolio
"""

from __future__ import annotations

import argparse
import collections
import copy
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any, Dict, List, Optional

import qmark

FRAMEWORK = "bury-iqm"
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_AUDITS = ROOT / "examples" / "audits"
PHASES = ["primary", "secondary", "special", "all_through"]


def base_audits(framework_id: str = FRAMEWORK) -> List[Dict[str, Any]]:
    """The shipped example audits for the framework, the templates for generated schools."""
    out = []
    for path in sorted(EXAMPLE_AUDITS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("framework") == framework_id and not doc.get("overlay"):
            out.append(doc)
    if not out:
        raise SystemExit(f"no example audits for {framework_id} in {EXAMPLE_AUDITS}")
    return out


def _shift(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def _move_level(levels: List[str], level: str, rng: random.Random) -> str:
    """A judgement moved one level down (more often) or up, or left as it is."""
    i = levels.index(level)
    roll = rng.random()
    if roll < 0.10 and i > 0:
        return levels[i - 1]
    if roll < 0.18 and i < len(levels) - 1:
        return levels[i + 1]
    return level


def generate_audits(n: int = 150, seed: int = 2026, framework_id: str = FRAMEWORK) -> List[Dict[str, Any]]:
    """``n`` audits, the same every time for the same seed."""
    rng = random.Random(seed)
    fw = qmark.framework(framework_id)
    levels = {node["id"]: node["levels"] for node in fw.nodes if node["judgeable"]}
    templates = base_audits(framework_id)
    audits = []
    for k in range(n):
        audit = copy.deepcopy(templates[k % len(templates)])
        days = rng.randint(-120, 20)  # assessment date moves; evidence moves with it
        audit["school"] = {
            "id": f"URN:{200001 + k}",
            "name": f"School {k + 1:03d}",
            "phase": rng.choice(PHASES),
            "pupils": rng.randint(90, 1600),
        }
        audit["assessed_on"] = _shift(audit["assessed_on"], days)
        for node, judgement in audit["judgements"].items():
            if isinstance(judgement, str):
                audit["judgements"][node] = _move_level(levels[node], judgement, rng)
            elif "level" in judgement:
                judgement["level"] = _move_level(levels[node], judgement["level"], rng)
        for item in audit["evidence"]:
            jitter = rng.randint(-20, 0)
            roll = rng.random()
            if roll < 0.04:
                jitter = -rng.randint(800, 1000)  # older than the recent window: stale
            elif roll < 0.06:
                jitter = rng.randint(5, 40)  # dated after the assessment
            item["date"] = _shift(item["date"], days + jitter)
        facts = audit.setdefault("facts", {})
        facts["permanent_exclusions"] = [
            {"date": _shift(audit["assessed_on"], -rng.randint(30, 1400))} for _ in range(rng.choice([0, 0, 0, 1, 2]))
        ]
        facts["off_rolling"] = [{"date": _shift(audit["assessed_on"], -rng.randint(30, 700))}] if rng.random() < 0.05 else []
        facts["internal_exclusion"] = {"sessions": rng.randint(0, 40)}
        audits.append(audit)
    return audits


def section_of(fw: qmark.Framework) -> Dict[str, str]:
    """Node id → id of its top-level node (its framework section)."""
    nodes = {n["id"]: n for n in fw.nodes}
    out = {}
    for node in fw.nodes:
        top = node
        while top["parent"] is not None:
            top = nodes[top["parent"]]
        out[node["id"]] = top["id"]
    return out


PALETTE = ["#c0504d", "#f2a314", "#9bbb59"]  # lowest (red) to highest (green)


def _colours(n: int) -> List[str]:
    """``n`` colours from the palette, lowest first, spread from red to green."""
    last = len(PALETTE) - 1
    return [PALETTE[round(i * last / max(1, n - 1))] for i in range(n)]


def draw_chart(fw: qmark.Framework, decisions: List[qmark.Decision], path: Path) -> None:
    """Outcomes across the portfolio, and how the standards of each section were judged."""
    from matplotlib.figure import Figure

    long = qmark.to_dataframe(decisions, long=True)
    leaves = {n["id"]: n["levels"] for n in fw.nodes if n["judgeable"] and not n["children"]}
    long = long[long["node"].isin(leaves)]
    long = long.assign(section=long["node"].map(section_of(fw)))
    scale = next(iter(leaves.values()))
    table = long.groupby(["section", "effective"]).size().unstack(fill_value=0).reindex(columns=scale, fill_value=0)
    sections = [n["id"] for n in fw.nodes if n["parent"] is None]
    table = table.reindex(sections)
    shares = table.div(table.sum(axis=1), axis=0)

    fig = Figure(figsize=(11, 4.8), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 2])
    outcomes = collections.Counter(d.outcome for d in decisions)
    order = [o["id"] for o in fw.outcomes]
    left.bar(order, [outcomes.get(o, 0) for o in order], color=_colours(len(order)))
    left.set_title(f"Outcomes ({len(decisions)} schools)")
    left.set_ylabel("schools")
    bottom = [0.0] * len(sections)
    for level, colour in zip(scale, _colours(len(scale))):
        values = list(shares[level])
        right.barh(sections, values, left=bottom, label=level, color=colour)
        bottom = [b + v for b, v in zip(bottom, values)]
    right.invert_yaxis()
    right.set_xlim(0, 1)
    right.set_xlabel("share of standards (effective level)")
    right.set_title(f"{fw.title}: standards by section")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(scale), fontsize="small")
    fig.savefig(path, dpi=100)


def main(out_dir: Path, n_schools: int = 150, seed: int = 2026, threads: Optional[int] = None,
         framework_id: str = FRAMEWORK) -> Dict[str, Any]:
    """Generates, assesses and summarises the portfolio; returns what it wrote and found."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fw = qmark.framework(framework_id)
    audits = generate_audits(n_schools, seed, framework_id)
    with open(out_dir / "audits.jsonl", "w", encoding="utf-8") as f:
        for audit in audits:
            f.write(json.dumps(audit) + "\n")

    decisions = fw.assess_many(audits, threads=threads)
    frame = qmark.to_dataframe(decisions)
    frame.to_csv(out_dir / "portfolio.csv", index=False)
    draw_chart(fw, decisions, out_dir / "outcomes_by_section.png")

    titles = {n["id"]: n["title"] for n in fw.nodes}
    gaps = collections.Counter(node for d in decisions for step in d.next_level for node in step["needs"])
    outcomes = collections.Counter(d.outcome for d in decisions)
    print(f"{len(decisions)} schools assessed against {fw.title} ({fw.id} {fw.version})")
    for outcome, count in outcomes.most_common():
        print(f"  {outcome}: {count}")
    print("Five most common gaps (standards to raise for the next outcome):")
    for node, count in gaps.most_common(5):
        print(f"  {node:12} {count:4} schools  {titles[node]}")
    print(f"Wrote {out_dir / 'portfolio.csv'}, {out_dir / 'audits.jsonl'} and {out_dir / 'outcomes_by_section.png'}")
    return {
        "decisions": decisions,
        "outcomes": dict(outcomes),
        "gaps": gaps.most_common(5),
        "csv": out_dir / "portfolio.csv",
        "jsonl": out_dir / "audits.jsonl",
        "chart": out_dir / "outcomes_by_section.png",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("portfolio-out"), help="output directory")
    parser.add_argument("--schools", type=int, default=150, help="number of schools (default 150)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--threads", type=int, default=None, help="assessment threads (default: one per core)")
    args = parser.parse_args()
    main(args.out, args.schools, args.seed, args.threads)

#!/usr/bin/env python3
"""Deterministic generator of realistic audit/1 documents for qmark's benchmarks.

    python3 bench/generate.py OUT [--seed 2026] [--la 150] [--national 25000]
                              [--frameworks all] [--national-frameworks bury-iqm]
                              [--national-files]

Writes, for every built-in framework (frameworks/*.json, read as data: nodes, scales,
evidence window, derivations), audits of schools at two scales:

    OUT/la/<framework>/<school>.json     one file per audit (2-space indented, as people
                                         hand them in), 150 per framework by default
    OUT/la/<framework>.jsonl             the same audits, one compact JSON per line
    OUT/national/<framework>.jsonl       25,000 audits (bury-iqm only by default: ~550 MB)
    OUT/national/<framework>/<school>.json  with --national-files
    OUT/manifest.json                    counts, sizes and the mix actually generated

Never commit the output: generate it into the build tree (scripts/bench.sh does).

What is in an audit (the mix is drawn per school from one seeded RNG per audit, so any
audit can be regenerated alone and the output does not depend on --la / --national):
- a school "target" level (most schools apply when they think they are ready) and a
  consistency, so levels mix across the scale and outcomes land on both sides of the
  award rules (bury-iqm: every limiting standard met and at least 80% met);
- who judged (self / moderator / assessor) and per-judge judgements
  ({"self": …, "assessor": …}) that sometimes disagree; bare level strings and objects
  with "level", "evidence" (cited ids, sometimes unknown ones) and "comment";
- missing judgements (draft audits), and standards nobody documented (no evidence);
- evidence items (bury-iqm 60–150, ~22 KB of compact JSON per audit): kinds, stakeholder
  groups, stages, the standards each supports; most dated inside the framework's recent
  window, some stale (older), some in the future (after assessed_on), some exactly on a
  window boundary;
- facts for every derivation the framework has: dated incident lists (permanent
  exclusions inside and outside the window, in the future, on the boundary; off-rolling),
  counts (internal exclusion sessions) and field checks (staff_expertise for the pyramid
  test), present or absent; plus facts no rule reads (attendance), as MIS exports have;
- assessment dates over 2025–2027, a few on 29 February (month arithmetic clamps).

Standard library only.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import os
import random
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS_DIR = ROOT / "frameworks"

KINDS = ["document", "policy", "data", "questionnaire", "interview", "observation", "case_study",
         "minutes", "other"]
KIND_WEIGHTS = [18, 12, 14, 14, 14, 12, 7, 7, 2]
GROUPS = ["learners", "parents_carers", "staff", "support_staff", "leadership", "governors",
          "community", "partner_agencies"]
GROUP_WEIGHTS = [20, 14, 18, 8, 14, 10, 6, 10]
JUDGES = ["self", "moderator", "assessor"]

# Evidence titles, by kind: what schools actually file.
TITLES = {
    "document": ["Self-evaluation form summary", "School development plan {y}", "Inclusion champion's termly report",
                 "Costed provision map", "Prospectus and website statement", "Accessibility plan review",
                 "Curriculum overview for {topic}", "Pupil premium strategy statement"],
    "policy": ["Inclusion policy (reviewed {y})", "Equal opportunities policy", "Behaviour and relationships policy",
               "Safeguarding and child protection policy", "SEND information report", "Anti-bullying policy",
               "Attendance policy", "Exclusions policy and procedure"],
    "data": ["Attendance data by group, {term}", "Progress data for vulnerable groups, {term}",
             "Exclusions and suspensions log", "Internal exclusion log, {term}", "Reading age data, {topic}",
             "Destinations data for leavers", "Behaviour incident analysis, {term}"],
    "questionnaire": ["Learner voice survey: belonging and inclusion", "Parent and carer questionnaire, {term}",
                      "Staff wellbeing survey", "Governor questionnaire on inclusion", "Learner survey on {topic}"],
    "interview": ["Learner focus group on {topic}", "Parent and carer interviews", "Staff interviews: {topic}",
                  "Interview with the senior leadership team and inclusion champion", "Governor interview"],
    "observation": ["Learning walk: {topic}", "Lesson observation notes, {term}", "Playground and lunchtime observation",
                    "Observation of circle time", "Drop-in visits to intervention groups"],
    "case_study": ["Case study: a learner with {topic}", "Case study: managed move and reintegration",
                   "Case study: family support through early help", "Case study: transition plan"],
    "minutes": ["Minutes of the full governing body, {term}", "Minutes of the school council",
                "Minutes of the inclusion working group", "Minutes of the parent forum, {term}"],
    "other": ["Displays and photographs of {topic}", "Newsletter extracts, {term}", "Letters from partner agencies"],
}
TOPICS = ["social, emotional and mental health needs", "speech, language and communication needs", "reading",
          "attendance", "belonging", "transition to secondary school", "restorative practice", "adaptive teaching",
          "extra-curricular clubs", "anti-bullying", "pupil voice", "careers education", "young carers",
          "English as an additional language"]
TERMS = ["autumn term", "spring term", "summer term"]
COMMENTS = [
    "Evidence gathered across the year and reviewed by governors.",
    "Embedded across the school; learners and staff can describe it.",
    "Work has started but is not yet consistent across all phases.",
    "Strong practice in the primary phase; secondary is catching up.",
    "Leaders plan to review this after the next learner voice survey.",
    "Some groups of learners are not yet making the same progress.",
    "Partner agencies confirm the school's account.",
    "The moderator asked for more first-hand evidence here.",
]
PHASES = ["primary", "secondary", "all_through", "special", "pupil_referral_unit", "nursery"]
NAMES_A = ["St Mary's", "Oakfield", "Brookside", "Hillcrest", "Riverside", "Millbrook", "Greenbank", "Holy Trinity",
           "Westfield", "Ashworth", "Heywood", "Kingsway", "Elmwood", "Radcliffe", "Tottington", "Parkside"]
NAMES_B = ["Primary School", "Church of England Primary", "High School", "Academy", "Community School",
           "Junior School", "Infant School", "Learning Centre"]
LAS = ["Bury", "Rochdale", "Bolton", "Oldham", "Salford", "Cardiff", "Swansea", "Kent", "Wigan", "Stockport"]


# --------------------------------------------------------------------------- dates

def add_months(d: dt.date, months: int) -> dt.date:
    """SPEC §3.1: keep the day of the month, clamped to the target month's length."""
    m = d.year * 12 + (d.month - 1) + months
    y, mo = divmod(m, 12)
    mo += 1
    return dt.date(y, mo, min(d.day, calendar.monthrange(y, mo)[1]))


def iso(d: dt.date) -> str:
    return d.isoformat()


# --------------------------------------------------------------------------- frameworks

class FrameworkInfo:
    """What the generator needs from a framework/1 document."""

    def __init__(self, doc: Dict[str, Any]) -> None:
        self.id: str = doc["id"]
        self.params = {k: (v.get("value") if isinstance(v, dict) else v) for k, v in doc.get("parameters", {}).items()}
        self.scales = {s["id"]: [lv["id"] for lv in s["levels"]] for s in doc["scales"]}
        self.kinds = {k["id"]: k for k in doc["node_kinds"]}
        self.nodes: List[Dict[str, Any]] = []  # pre-order: id, kind, parent, children, depth
        self._walk(doc["nodes"], None, 0)
        self.leaves = [n for n in self.nodes if self.judgeable(n) and not n["children"]]
        self.judgeable_parents = [n for n in self.nodes if self.judgeable(n) and n["children"]]
        self.stages: List[str] = doc.get("evidence_stages") or []
        rules = doc.get("evidence_rules") or {}
        window = rules.get("window_months")
        self.window: Optional[int] = None
        if isinstance(window, str):
            v = self.params.get(window)
            self.window = int(v) if v is not None else None
        elif isinstance(window, (int, float)):
            self.window = int(window)
        self.derivations = doc.get("derivations") or []
        # groups of leaves evidence is filed against (strands, elements, areas…)
        self.groups: Dict[str, List[str]] = {}
        for leaf in self.leaves:
            self.groups.setdefault(leaf["parent"] or "", []).append(leaf["id"])

    def _walk(self, nodes: List[Dict[str, Any]], parent: Optional[str], depth: int) -> None:
        for n in nodes:
            entry = {"id": n["id"], "kind": n["kind"], "parent": parent, "depth": depth,
                     "limiting": bool(n.get("limiting")), "children": [c["id"] for c in n.get("children", [])]}
            self.nodes.append(entry)
            self._walk(n.get("children", []), n["id"], depth + 1)

    def judgeable(self, node: Dict[str, Any]) -> bool:
        return bool(self.kinds[node["kind"]].get("judgeable"))

    def levels(self, node: Dict[str, Any]) -> List[str]:
        return self.scales[self.kinds[node["kind"]]["scale"]]

    def param(self, name: Any) -> Optional[float]:
        if isinstance(name, (int, float)):
            return float(name)
        v = self.params.get(name)
        return float(v) if v is not None else None


def load_frameworks(ids: Optional[List[str]] = None) -> List[FrameworkInfo]:
    out = []
    for path in sorted(FRAMEWORKS_DIR.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("qmark", "").startswith("framework/") and (not ids or doc["id"] in ids):
            out.append(FrameworkInfo(doc))
    if ids:
        missing = set(ids) - {f.id for f in out}
        if missing:
            raise SystemExit(f"generate.py: unknown framework(s): {', '.join(sorted(missing))}")
    return out


# --------------------------------------------------------------------------- one audit

# Evidence items per audit, by framework size: bury-iqm (53 standards) gets 60–150.
def evidence_count(rng: random.Random, leaves: int) -> int:
    lo = max(6, round(leaves * 60 / 53))
    hi = max(lo + 4, round(leaves * 150 / 53))
    return round(lo + (hi - lo) * rng.betavariate(2.0, 2.0))


def pick_weighted(rng: random.Random, items: List[str], weights: List[int]) -> str:
    return rng.choices(items, weights)[0]


class Stats:
    """Counts of what was generated, for the manifest."""

    def __init__(self) -> None:
        self.c: Dict[str, int] = {}

    def add(self, key: str, n: int = 1) -> None:
        self.c[key] = self.c.get(key, 0) + n


def make_audit(fw: FrameworkInfo, scale: str, index: int, seed: int, stats: Stats) -> Dict[str, Any]:
    rng = random.Random(f"qmark-bench:{seed}:{fw.id}:{scale}:{index}")
    stats.add("audits")

    # ---- dates: assessments over 2025-09 … 2027-07, a few on 29 February
    if rng.random() < 0.01:
        assessed = rng.choice([dt.date(2024, 2, 29), dt.date(2028, 2, 29)])
        stats.add("assessed_on_29_february")
    else:
        assessed = dt.date(2025, 9, 1) + dt.timedelta(days=rng.randrange(0, 700))
    window = fw.window if fw.window is not None else 36  # dating horizon when the framework sets none
    window_start = add_months(assessed, -window)

    # ---- school profile
    urn = (100000 if scale == "la" else 200000) + index
    la = rng.choice(LAS)
    school = {"id": f"URN:{urn}", "name": f"{rng.choice(NAMES_A)} {rng.choice(NAMES_B)}",
              "phase": rng.choice(PHASES), "pupils": rng.randrange(40, 1900), "local_authority": la}
    judged_by = rng.choices(JUDGES, [65, 15, 20])[0]
    stats.add(f"judged_by_{judged_by}")
    consistency = rng.uniform(0.84, 0.99)
    stale_share = rng.choice([0.0, 0.0, 0.03, 0.06, 0.12, 0.2])
    future_share = rng.choice([0.0, 0.0, 0.0, 0.02, 0.05])

    def school_target(levels: List[str]) -> int:
        top = len(levels) - 1
        # schools apply when they think they are ready: most aim at the top
        weights = [1] * (top + 1)
        weights[top] = 14
        if top >= 1:
            weights[top - 1] = 5
        return rng.choices(range(top + 1), weights)[0]

    targets: Dict[Tuple[str, ...], int] = {}

    def draw_level(levels: List[str], limiting: bool) -> int:
        key = tuple(levels)
        if key not in targets:
            targets[key] = school_target(levels)
        t = targets[key]
        # schools know which standards limit the award and look after those first
        if rng.random() < (consistency ** 0.3 if limiting else consistency):
            return t
        step = -1 if rng.random() < 0.7 else 1
        return min(len(levels) - 1, max(0, t + step))

    # ---- evidence items
    n_items = evidence_count(rng, len(fw.leaves))
    group_ids = list(fw.groups)
    # standards nobody documented (no item supports them; judgements cite nothing valid)
    unlimited = [l["id"] for l in fw.leaves if not l["limiting"]]
    undocumented = set(rng.sample(unlimited, k=min(len(unlimited), rng.choice([0, 0, 0, 0, 1, 2, 3]))))
    stats.add("undocumented_standards", len(undocumented))
    evidence: List[Dict[str, Any]] = []
    supporters: Dict[str, List[str]] = {}
    item_dates: Dict[str, dt.date] = {}
    for k in range(n_items):
        kind = pick_weighted(rng, KINDS, KIND_WEIGHTS)
        title = rng.choice(TITLES[kind]).format(y=assessed.year - rng.randrange(0, 2), topic=rng.choice(TOPICS),
                                                term=rng.choice(TERMS))
        home = rng.choice(group_ids)
        r = rng.random()
        if r < stale_share:  # older than the recent window: does not count
            date = window_start - dt.timedelta(days=rng.randrange(1, 720))
            stats.add("evidence_stale")
        elif r < stale_share + future_share:  # dated after the assessment: does not count
            date = assessed + dt.timedelta(days=rng.randrange(1, 60))
            stats.add("evidence_future")
        elif r < stale_share + future_share + 0.01:  # exactly on a boundary: counts
            date = rng.choice([window_start, assessed])
            stats.add("evidence_on_boundary")
        else:
            span = (assessed - window_start).days
            date = assessed - dt.timedelta(days=int(span * rng.betavariate(1.2, 2.5)))
        groups = rng.sample(GROUPS, k=rng.choices([1, 2, 3], [45, 40, 15])[0]) if rng.random() > 0.01 else []
        groups.sort(key=GROUPS.index)
        item: Dict[str, Any] = {"id": f"E{k + 1:03d}", "kind": kind, "title": title, "groups": groups,
                                "date": iso(date)}
        if fw.stages:
            stage = fw.stages[-1] if (date > assessed - dt.timedelta(days=21) and len(fw.stages) > 1
                                      and rng.random() < 0.8) else fw.stages[0]
            item["stage"] = stage
        # the standards it supports: mostly its own strand, sometimes across
        supports: List[str] = []
        if rng.random() > 0.04:
            pool = fw.groups[home]
            for _ in range(rng.choices([1, 2, 3, 4, 6], [30, 30, 20, 12, 8])[0]):
                sid = rng.choice(pool) if rng.random() < 0.8 else rng.choice(fw.leaves)["id"]
                if sid not in supports and sid not in undocumented:
                    supports.append(sid)
        if supports:
            item["supports"] = supports
        for s in supports:
            supporters.setdefault(s, []).append(item["id"])
        item_dates[item["id"]] = date
        evidence.append(item)
    stats.add("evidence_items", n_items)
    all_ids = [e["id"] for e in evidence]

    def citations(node_id: str) -> List[str]:
        if node_id in undocumented:
            # cites nothing that counts: stale or unknown ids only
            stale = [i for i in all_ids if item_dates[i] < window_start]
            return rng.sample(stale, k=1) if stale and rng.random() < 0.5 else []
        own = supporters.get(node_id, [])
        pool = own if own and rng.random() < 0.7 else all_ids
        ids = rng.sample(pool, k=min(len(pool), rng.randrange(1, 4)))
        if rng.random() < 0.04:
            ids.append(rng.choice(["E999", "SEF-2019", f"E{n_items + rng.randrange(1, 40):03d}", "LEGACY-12"]))
            stats.add("evidence_unknown_citations")
        return ids

    def entry(node: Dict[str, Any], level: int, rich: bool) -> Any:
        levels = fw.levels(node)
        if not rich:
            return levels[level]
        out: Dict[str, Any] = {"level": levels[level]}
        ids = citations(node["id"])
        if ids:
            out["evidence"] = ids
        if rng.random() < 0.6:
            out["comment"] = rng.choice(COMMENTS)
        return out

    # ---- judgements
    missing = set()
    if rng.random() < 0.25:
        missing = set(rng.sample([l["id"] for l in fw.leaves], k=min(len(fw.leaves), rng.randrange(1, 5))))
        stats.add("audits_with_missing_judgements")
        stats.add("missing_judgements", len(missing))
    judgements: Dict[str, Any] = {}
    judged_nodes = [n for n in fw.nodes if fw.judgeable(n) and not n["children"] and n["id"] not in missing]
    judged_nodes += [n for n in fw.judgeable_parents if rng.random() < 0.15]  # e.g. a wales-iqm element judged
    judged_nodes.sort(key=fw.nodes.index)
    per_judge_share = 0.4 if judged_by != "self" else 0.05
    for node in judged_nodes:
        levels = fw.levels(node)
        level = draw_level(levels, node["limiting"])
        rich = rng.random() < 0.45
        if rng.random() < per_judge_share:
            stats.add("per_judge_judgements")
            others = ["self", judged_by] if judged_by != "self" else ["self", "moderator"]
            v: Dict[str, Any] = {}
            self_level = level
            if rng.random() < 0.3:  # the self-evaluation was more generous (or harsher)
                self_level = min(len(levels) - 1, max(0, level + (1 if rng.random() < 0.75 else -1)))
                if self_level != level:
                    stats.add("judgement_disagreements")
            v[others[0]] = entry(node, self_level, rng.random() < 0.4)
            v[others[1]] = entry(node, level, rich)
            judgements[node["id"]] = v
        else:
            judgements[node["id"]] = entry(node, level, rich)

    # ---- facts, one per derivation the framework has (present or absent)
    facts: Dict[str, Any] = {}
    for der in fw.derivations:
        test = der["test"]
        name = der["fact"]
        if test["type"] == "incidents_in_window":
            has_window = fw.param(test.get("window_months")) is not None
            if rng.random() >= (0.65 if has_window else 0.55):
                continue
            incidents = []
            n = 0 if rng.random() < (0.62 if has_window else 0.9) else rng.randrange(1, 4)
            for _ in range(n):
                r = rng.random()
                months = fw.param(test.get("window_months")) or 24
                start = add_months(assessed, -int(round(months)))
                if r < 0.45:
                    d = assessed - dt.timedelta(days=rng.randrange(0, (assessed - start).days + 1))
                    stats.add(f"fact_{name}_inside_window")
                elif r < 0.8:
                    d = start - dt.timedelta(days=rng.randrange(1, 900))
                    stats.add(f"fact_{name}_before_window")
                elif r < 0.9:
                    d = assessed + dt.timedelta(days=rng.randrange(1, 90))
                    stats.add(f"fact_{name}_after_assessment")
                else:
                    d = rng.choice([start, assessed])
                    stats.add(f"fact_{name}_on_boundary")
                incidents.append({"date": iso(d), "note": f"Year {rng.randrange(1, 12)} learner"})
            incidents.sort(key=lambda x: x["date"])
            facts[name] = incidents
            stats.add(f"fact_{name}_present")
        elif test["type"] == "rate_above":
            if rng.random() < 0.4:
                facts[name] = {test["count"]: rng.randrange(0, 60)}
                stats.add(f"fact_{name}_present")
        elif test["type"] == "checks":
            if rng.random() < 0.7:
                total = rng.randrange(12, 120)
                value = {"expert": rng.choices([0, 1, 2, 3], [15, 45, 25, 15])[0],
                         "specialist": rng.choices([0, 1, 2, 3, 5], [5, 20, 35, 25, 15])[0],
                         "core": int(total * rng.uniform(0.3, 0.9)), "total_staff": total}
                facts[name] = {f: value.get(f, rng.randrange(0, 10)) for f in test["fields"]}
                stats.add(f"fact_{name}_present")
    if fw.derivations and rng.random() < 0.5:
        facts["attendance"] = {"overall_pct": round(rng.uniform(88, 97.5), 1),
                               "persistent_absence_pct": round(rng.uniform(5, 25), 1)}

    audit: Dict[str, Any] = {
        "qmark": "audit/1",
        "framework": fw.id,
        "overlay": None,
        "school": school,
        "assessed_on": iso(assessed),
        "judged_by": judged_by,
        "judgements": judgements,
        "evidence": evidence,
    }
    if rng.random() < 0.2:
        audit["decided_on"] = iso(assessed + dt.timedelta(days=rng.randrange(0, 30)))
    if facts:
        audit["facts"] = facts
    return audit


# --------------------------------------------------------------------------- output

def compact(doc: Dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def write_scale(out: Path, scale: str, fw: FrameworkInfo, count: int, seed: int, files: bool,
                manifest: Dict[str, Any]) -> None:
    stats = Stats()
    (out / scale).mkdir(parents=True, exist_ok=True)
    if files:
        (out / scale / fw.id).mkdir(parents=True, exist_ok=True)
    jsonl = out / scale / f"{fw.id}.jsonl"
    total_compact = 0
    with open(jsonl, "w", encoding="utf-8", newline="\n") as lines:
        for i in range(count):
            doc = make_audit(fw, scale, i, seed, stats)
            text = compact(doc)
            total_compact += len(text.encode("utf-8"))
            lines.write(text)
            lines.write("\n")
            if files:
                name = doc["school"]["id"].replace(":", "-") + ".json"
                (out / scale / fw.id / name).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                                                        encoding="utf-8")
    manifest.setdefault(scale, {})[fw.id] = {
        "audits": count,
        "jsonl": str(jsonl.relative_to(out)),
        "files": str((out / scale / fw.id).relative_to(out)) if files else None,
        "jsonl_bytes": jsonl.stat().st_size,
        "mean_audit_bytes_compact": round(total_compact / count) if count else 0,
        "mix": dict(sorted(stats.c.items())),
    }


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="directory to write into (created; generate into the build tree)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--la", type=int, default=150, help="audits per framework at local-authority scale")
    ap.add_argument("--national", type=int, default=25000, help="audits per framework at national scale")
    ap.add_argument("--frameworks", default="all", help="comma-separated ids, or 'all' (local-authority scale)")
    ap.add_argument("--national-frameworks", default="bury-iqm",
                    help="comma-separated ids, 'all' or 'none' (national scale: ~550 MB for bury-iqm)")
    ap.add_argument("--national-files", action="store_true", help="also write national audits as one file each")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    la_ids = None if args.frameworks == "all" else args.frameworks.split(",")
    frameworks = load_frameworks(la_ids)
    if args.national_frameworks == "none" or args.national <= 0:
        national = []
    elif args.national_frameworks == "all":
        national = load_frameworks(None)
    else:
        national = load_frameworks(args.national_frameworks.split(","))

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    manifest: Dict[str, Any] = {"generator": "bench/generate.py", "seed": args.seed}
    for fw in frameworks:
        if args.la > 0:
            write_scale(out, "la", fw, args.la, args.seed, True, manifest)
    for fw in national:
        write_scale(out, "national", fw, args.national, args.seed, args.national_files, manifest)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if not args.quiet:
        for scale in ("la", "national"):
            for fid, m in manifest.get(scale, {}).items():
                print(f"{scale:8} {fid:26} {m['audits']:6} audits  {m['jsonl_bytes'] / 1e6:8.1f} MB  "
                      f"mean {m['mean_audit_bytes_compact'] / 1000:5.1f} KB/audit")
    return 0


if __name__ == "__main__":
    sys.exit(main())

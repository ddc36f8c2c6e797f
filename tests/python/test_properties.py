"""Property tests (hypothesis) of the engine through the Python module (issue 8, item 4).

Audits are the shipped examples (examples/audits/) mutated at random: levels moved a
step, judgements removed, added on unjudged nodes or split between judges, evidence
dropped, added, given other groups or re-dated (stale, valid and future dates, window
boundaries included), facts re-drawn from the framework's own derivations. Node ids,
levels, outcomes, windows and fact shapes are read from the framework
(``Framework.nodes``, ``.outcomes``, ``.document``); evidence kinds, stakeholder groups and
judges from schemas/audit.schema.json. Every built-in framework is a subject, and so is
each shipped overlay on its base.

1. Monotonicity. Raising a judgement (any judge's entry already in the audit, to a higher
   level of the node's scale) or adding valid evidence (a new id, dated inside the
   framework's window and not after ``assessed_on``, from known stakeholder groups,
   supporting framework nodes) never lowers the outcome (by the framework's outcome order,
   ``Framework.outcomes``, lowest first), nor any node's effective level, nor the number of
   leaves counted at or above any level; no limiting failure appears. Changes that may
   legitimately lower an outcome are not generated: a judgement by a judge not yet present
   (a more authoritative judge's lower level wins), a judgement on an unjudged node (a
   judged element replaces the minimum of its indicators) and changed facts (facts outrank
   claims). A new item's id is one nothing cites, so it supports only the nodes it names.
   wales-school-improvement is a subject too: its only outcome
   (``self_evaluation_recorded``) makes the outcome part trivial, but the level part is not.
2. Order independence. ``Decision.to_json()`` is byte for byte the same whatever the order
   of the judgements, of the judges inside a judgement, of the facts, of the groups and
   ``supports`` of each evidence item, of the evidence list and of a fact's incident list
   (the engine lists evidence in the natural order of its ids and incidents by date).
3. Threads. ``assess_many(audits, threads=1)`` and ``threads=2`` give the same bytes, and
   the same as ``assess`` one by one (an invalid audit in the list included, errors="return").
4. Round trip. The Python module reads and writes back framework/1 and overlay/1 documents
   (it has no audit round trip: audits are read, never written back). A document with
   random unknown members at the top level and inside nested objects is read, written
   (``.document``), read again and is equal to the original; the unknown members change no
   decision.

Seed and bounds: every test runs ``derandomize=True`` (the examples are a function of the
test's name, so every run is the same) with ``database=None`` (no example database is read
or written) and no deadline; ``max_examples`` is set per test (EXAMPLES below): 100 per
subject for monotonicity, 40 for each order test, 12 batches of 2-7 audits for threads, 25
documents per framework or overlay for the round trip. The file runs in about 20 seconds on
a 2-core machine (under 30 with a build running beside it). ``--hypothesis-show-statistics``
shows how often a change moved the outcome.
"""

from __future__ import annotations

import calendar
import copy
import datetime
import functools
import json
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from qmark_support import EXAMPLE_AUDITS, ROOT, qmark

_SCHEMA_DEFS = json.loads((ROOT / "schemas" / "audit.schema.json").read_text(encoding="utf-8"))["$defs"]
JUDGES: Tuple[str, ...] = tuple(_SCHEMA_DEFS["judge"]["enum"])  # least to most authoritative
KINDS: Tuple[str, ...] = tuple(_SCHEMA_DEFS["evidence_item"]["properties"]["kind"]["enum"])
GROUPS: Tuple[str, ...] = tuple(_SCHEMA_DEFS["evidence_item"]["properties"]["groups"]["items"]["enum"])

#: (framework id, overlay file in examples/overlays or None): every built-in framework, and
#: each shipped overlay on its base.
SUBJECTS = [("bury-iqm", None), ("bury-iqm", "bury-la-example.json"), ("wales-iqm", None),
            ("kcc-inclusive-practice", None), ("kcc-inclusive-practice", "kcc-drop-deleted-areas.json"),
            ("wales-school-improvement", None)]
SUBJECT_IDS = [fid + (f"+{overlay[:-5]}" if overlay else "") for fid, overlay in SUBJECTS]

#: max_examples per test (and per subject where a test is parametrized by subject).
EXAMPLES = {"monotone": 100, "order": 40, "threads": 12, "round_trip": 25}


def bounded(name: str):
    """Deterministic, bounded hypothesis settings for one of the properties."""
    return settings(max_examples=EXAMPLES[name], derandomize=True, database=None, deadline=None)


# ----------------------------------------------------------------------------- subjects


def add_months(day: datetime.date, months: int) -> datetime.date:
    """SPEC §3.1 month arithmetic: the day of the month is kept, clamped to the month's length."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return datetime.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


class Subject:
    """A framework (possibly overlaid) with what the strategies need from it."""

    def __init__(self, framework_id: str, overlay: Optional[str]) -> None:
        fw = qmark.framework(framework_id)
        if overlay:
            fw = fw.with_overlay(ROOT / "examples" / "overlays" / overlay)
        self.framework = fw
        self.document = fw.document
        self.node_ids = [n["id"] for n in fw.nodes]
        self.levels = {n["id"]: n["levels"] for n in fw.nodes if n["levels"]}
        self.judgeable = [n["id"] for n in fw.nodes if n["judgeable"]]
        self.outcome_rank = {o["id"]: i for i, o in enumerate(fw.outcomes)}
        self.stages = self.document.get("evidence_stages") or []
        window = self.document.get("evidence_rules", {}).get("window_months")
        value = self.document["parameters"][window]["value"] if window else None
        self.window_months = None if value is None else int(round(value))
        # one strategy per fact the derivations read (several derivations may share one)
        self.facts: Dict[str, Dict[str, Any]] = {}
        for der in self.document.get("derivations", []):
            self.facts.setdefault(der["fact"], der["test"])
        shipped = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLE_AUDITS]
        self.examples = [self.fit(a) for a in shipped if a["framework"] == framework_id]
        assert self.examples, f"no example audit for {framework_id}"

    def fit(self, audit: Dict[str, Any]) -> Dict[str, Any]:
        """An example audit made valid for the (overlaid) framework: the overlay named,
        judgements on dropped nodes removed, ``supports`` of dropped nodes left out."""
        known = set(self.node_ids)
        audit["overlay"] = self.framework.overlay_id
        audit["judgements"] = {k: v for k, v in audit["judgements"].items() if k in known}
        for item in audit["evidence"]:
            if "supports" in item:
                item["supports"] = [n for n in item["supports"] if n in known]
        return audit

    def assessed_on(self, audit: Dict[str, Any]) -> datetime.date:
        return datetime.date.fromisoformat(audit["assessed_on"])

    def window_start(self, audit: Dict[str, Any]) -> Optional[datetime.date]:
        if self.window_months is None:
            return None
        return add_months(self.assessed_on(audit), -self.window_months)


@functools.lru_cache(maxsize=None)
def subject(index: int) -> Subject:
    return Subject(*SUBJECTS[index])


by_subject = pytest.mark.parametrize("index", range(len(SUBJECTS)), ids=SUBJECT_IDS)


# ----------------------------------------------------------------------------- strategies


def judge_entries(value: Any) -> List[Optional[str]]:
    """The judges whose entries a judgement value holds (None: the audit's ``judged_by``)."""
    if isinstance(value, dict) and "level" not in value:
        return [j for j in JUDGES if j in value]
    return [None]


def level_of(value: Any, judge: Optional[str]) -> str:
    entry = value[judge] if judge else value
    return entry if isinstance(entry, str) else entry["level"]


def with_level(value: Any, judge: Optional[str], level: str) -> Any:
    """A judgement value with one judge's level replaced (citations and comment kept)."""
    value = copy.deepcopy(value)
    if judge is None:
        return level if isinstance(value, str) else dict(value, level=level)
    entry = value[judge]
    value[judge] = level if isinstance(entry, str) else dict(entry, level=level)
    return value


dates_offset = st.integers(min_value=-1500, max_value=60)  # days from assessed_on
groups = st.lists(st.sampled_from(GROUPS), min_size=1, max_size=3, unique=True)


@st.composite
def a_date(draw, s: Subject, audit: Dict[str, Any]) -> str:
    """Any date around ``assessed_on``: stale, valid or future, window boundaries included."""
    on = s.assessed_on(audit)
    start = s.window_start(audit)
    edges = [on, on + datetime.timedelta(days=1)]
    if start is not None:
        edges += [start, start - datetime.timedelta(days=1)]
    day = draw(st.one_of(st.sampled_from(edges), dates_offset.map(lambda d: on + datetime.timedelta(days=d))))
    return day.isoformat()


@st.composite
def a_fact(draw, s: Subject, audit: Dict[str, Any], test: Dict[str, Any]) -> Any:
    if test["type"] == "incidents_in_window":
        return draw(st.lists(a_date(s, audit).map(lambda d: {"date": d}), max_size=3))
    if test["type"] == "rate_above":
        return {test["count"]: draw(st.integers(min_value=0, max_value=120))}
    assert test["type"] == "checks", test
    return {f: draw(st.integers(min_value=0, max_value=80)) for f in test["fields"]}


def cited_ids(audit: Dict[str, Any]) -> set:
    cited = set()
    for value in audit["judgements"].values():
        for judge in judge_entries(value):
            entry = value[judge] if judge else value
            if isinstance(entry, dict):
                cited.update(entry.get("evidence", []))
    return cited


@st.composite
def new_evidence(draw, s: Subject, audit: Dict[str, Any], valid: bool) -> Dict[str, Any]:
    """A new evidence item with a fresh id nothing cites. ``valid``: dated in the window
    and not after ``assessed_on`` (both ends included), so that it counts; else any date."""
    taken = {e["id"] for e in audit["evidence"]} | cited_ids(audit)
    n = 0
    while f"prop-{n}" in taken:
        n += 1
    if valid:
        on = s.assessed_on(audit)
        start = s.window_start(audit) or on - datetime.timedelta(days=3653)
        days = st.sampled_from([0, (on - start).days]) | st.integers(min_value=0, max_value=(on - start).days)
        date = (start + datetime.timedelta(days=draw(days))).isoformat()
    else:
        date = draw(a_date(s, audit))
    item = {"id": f"prop-{n}", "kind": draw(st.sampled_from(KINDS)), "groups": draw(groups), "date": date,
            "supports": draw(st.lists(st.sampled_from(s.node_ids), min_size=1, max_size=4, unique=True))}
    if s.stages and draw(st.booleans()):
        item["stage"] = draw(st.sampled_from(s.stages))
    return item


def some(draw, items: List[Any], max_size: int) -> List[Any]:
    """A few of the items, or (half of the time) none: audits stay near their example."""
    if not items or not draw(st.booleans()):
        return []
    return draw(st.lists(st.sampled_from(items), min_size=1, max_size=max_size, unique=True))


@st.composite
def audits(draw, s: Subject) -> Dict[str, Any]:
    """A valid audit for the subject: a shipped example, mutated."""
    audit = copy.deepcopy(draw(st.sampled_from(s.examples)))
    audit["judged_by"] = draw(st.sampled_from(JUDGES))
    judgements = audit["judgements"]
    judged = sorted(judgements)
    for node in some(draw, judged, 8):  # a level up or down
        value, levels = judgements[node], s.levels[node]
        judge = draw(st.sampled_from(judge_entries(value)))
        moved = levels.index(level_of(value, judge)) + draw(st.sampled_from([-1, 1]))
        judgements[node] = with_level(value, judge, levels[min(max(moved, 0), len(levels) - 1)])
    for node in some(draw, judged, 4):  # split between judges
        who = draw(st.lists(st.sampled_from(JUDGES), min_size=1, max_size=3, unique=True))
        judgements[node] = {j: draw(st.sampled_from(s.levels[node])) for j in who}
    for node in some(draw, judged, 3):
        del judgements[node]
    for node in some(draw, sorted(set(s.judgeable) - set(judged)), 3):  # e.g. wales-iqm's elements
        judgements[node] = draw(st.sampled_from(s.levels[node]))
    evidence = audit["evidence"]
    for i in some(draw, list(range(len(evidence))), 4):
        evidence[i]["date"] = draw(a_date(s, audit))
    for i in some(draw, list(range(len(evidence))), 4):
        evidence[i]["groups"] = draw(groups)
    dropped = some(draw, list(range(len(evidence))), 6)
    audit["evidence"] = [e for i, e in enumerate(evidence) if i not in dropped]  # citations stay: unknown_evidence
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        audit["evidence"].append(draw(new_evidence(s, audit, valid=False)))
    facts = audit.setdefault("facts", {})
    for name, test in s.facts.items():
        what = draw(st.sampled_from(["as in the example", "absent", "drawn"]))
        if what == "absent":
            facts.pop(name, None)
        elif what == "drawn":
            facts[name] = draw(a_fact(s, audit, test))
    return audit


class Change:
    """A changed audit; shows as what changed (so a falsifying example reads short)."""

    def __init__(self, what: str, audit: Dict[str, Any]) -> None:
        self.what, self.audit = what, audit

    def __repr__(self) -> str:
        return self.what


@st.composite
def monotone_change(draw, s: Subject, audit: Dict[str, Any]) -> Change:
    """The audit with one judge's level raised, or with valid evidence added."""
    raisable = []
    for node, value in sorted(audit["judgements"].items()):
        for judge in judge_entries(value):
            if s.levels[node].index(level_of(value, judge)) + 1 < len(s.levels[node]):
                raisable.append((node, judge))
    audit = copy.deepcopy(audit)
    if raisable and draw(st.booleans()):
        node, judge = draw(st.sampled_from(raisable))
        value = audit["judgements"][node]
        levels = s.levels[node]
        level = draw(st.sampled_from(levels[levels.index(level_of(value, judge)) + 1:]))
        audit["judgements"][node] = with_level(value, judge, level)
        return Change(f"raised {node} ({judge or audit['judged_by']}) from {level_of(value, judge)} to {level}", audit)
    item = draw(new_evidence(s, audit, valid=True))
    audit["evidence"].append(item)
    return Change(f"added evidence {json.dumps(item)}", audit)


# ----------------------------------------------------------------------------- 1. monotonicity


def at_or_above(counts: Dict[str, int]) -> List[int]:
    """Leaves counted at or above each level, lowest level first."""
    values = list(counts.values())
    return [sum(values[i:]) for i in range(len(values))]


def assert_not_lower(s: Subject, before: Dict[str, Any], after: Dict[str, Any], change: str) -> None:
    rank = s.outcome_rank
    assert before["outcome"] in rank and after["outcome"] in rank, (before["outcome"], after["outcome"])
    assert rank[after["outcome"]] >= rank[before["outcome"]], \
        f"{change}: outcome fell from {before['outcome']} to {after['outcome']}"
    for node, old in before["levels"].items():
        new = after["levels"][node]
        if old["effective"] is not None:
            levels = s.levels[node]
            assert levels.index(new["effective"]) >= levels.index(old["effective"]), \
                f"{change}: {node} fell from {old['effective']} to {new['effective']}"
        if "counts" in old:
            assert all(n >= o for n, o in zip(at_or_above(new["counts"]), at_or_above(old["counts"]))), \
                f"{change}: fewer leaves of {node} at or above a level ({old['counts']} -> {new['counts']})"
    appeared = set(after["limiting_failures"]) - set(before["limiting_failures"])
    assert not appeared, f"{change}: new limiting failures {sorted(appeared)}"


@by_subject
@bounded("monotone")
@given(data=st.data())
def test_raising_a_judgement_or_adding_valid_evidence_never_lowers_the_outcome(index, data):
    s = subject(index)
    audit = data.draw(audits(s), label="audit")
    before = s.framework.assess(audit, trace=False).to_dict()
    for _ in range(data.draw(st.integers(min_value=1, max_value=4), label="changes")):
        change = data.draw(monotone_change(s, audit), label="change")
        audit = change.audit
        after = s.framework.assess(audit, trace=False).to_dict()
        assert_not_lower(s, before, after, change.what)
        event(f"{change.what.split()[0]}: {before['outcome']} -> {after['outcome']}")
        before = after


# ----------------------------------------------------------------------------- 2. order independence


def differing(a: Dict[str, Any], b: Dict[str, Any]) -> List[str]:
    """The top-level members in which two decisions differ."""
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def assert_same_decision(s: Subject, audit: Dict[str, Any], reordered: Dict[str, Any]) -> None:
    original, decision = s.framework.assess(audit), s.framework.assess(reordered)
    assert decision.to_json() == original.to_json(), \
        f"the decisions differ in {differing(decision.to_dict(), original.to_dict())}"


def shuffled(data, items: List[Any], label: str) -> List[Any]:
    """The items in an order drawn as a permutation of their indices (which is what a
    falsifying example shows)."""
    order = data.draw(st.permutations(range(len(items))), label=label)
    return [items[i] for i in order]


def reorder_members(data, audit: Dict[str, Any]) -> Dict[str, Any]:
    """The audit with the order of every object's members (judgements, judges, facts) and of
    every item's groups and supports shuffled; the evidence list itself is left alone."""
    out = copy.deepcopy(audit)
    out["judgements"] = dict(shuffled(data, list(out["judgements"].items()), "judgement order"))
    for node, value in out["judgements"].items():
        if judge_entries(value) != [None]:
            out["judgements"][node] = dict(shuffled(data, list(value.items()), f"judges of {node}"))
    for item in out["evidence"]:
        item["groups"] = shuffled(data, item["groups"], f"groups of {item['id']}")
        if "supports" in item:
            item["supports"] = shuffled(data, item["supports"], f"supports of {item['id']}")
    out["facts"] = dict(shuffled(data, list(out["facts"].items()), "fact order"))
    out = dict(shuffled(data, list(out.items()), "member order"))
    return out


def reorder_lists(data, audit: Dict[str, Any]) -> Dict[str, Any]:
    """The audit with its evidence list and every fact's incident list shuffled."""
    out = copy.deepcopy(audit)
    out["evidence"] = shuffled(data, out["evidence"], "evidence order")
    for name, value in out["facts"].items():
        if isinstance(value, list):
            out["facts"][name] = shuffled(data, value, f"{name} order")
    return out


@by_subject
@bounded("order")
@given(data=st.data())
def test_the_decision_does_not_depend_on_member_order(index, data):
    s = subject(index)
    audit = data.draw(audits(s), label="audit")
    assert_same_decision(s, audit, reorder_members(data, audit))


@by_subject
@bounded("order")
@given(data=st.data())
def test_the_decision_does_not_depend_on_the_order_of_evidence_or_incidents(index, data):
    s = subject(index)
    audit = data.draw(audits(s), label="audit")
    assert_same_decision(s, audit, reorder_lists(data, reorder_members(data, audit)))


# ----------------------------------------------------------------------------- 3. threads


@by_subject
@bounded("threads")
@given(data=st.data())
def test_assess_many_gives_the_same_bytes_on_one_thread_and_two(index, data):
    s = subject(index)
    batch = data.draw(st.lists(audits(s), min_size=2, max_size=6), label="audits")
    if data.draw(st.booleans(), label="with an invalid audit"):
        bad = copy.deepcopy(batch[0])
        node = data.draw(st.sampled_from(sorted(s.levels)), label="node of the invalid judgement")
        bad["judgements"][node] = "no-such-level"
        batch.insert(data.draw(st.integers(min_value=0, max_value=len(batch)), label="at"), bad)

    def texts(results):
        return [r.to_json() if isinstance(r, qmark.Decision) else (type(r).__name__, r.code, r.pointer, r.index)
                for r in results]

    one = texts(s.framework.assess_many(batch, threads=1, errors="return"))
    two = texts(s.framework.assess_many(batch, threads=2, errors="return"))
    assert one == two
    single = []
    for i, audit in enumerate(batch):
        try:
            single.append(s.framework.assess(audit).to_json())
        except qmark.QmarkError as e:
            single.append((type(e).__name__, e.code, e.pointer, i))
    assert one == single


# ----------------------------------------------------------------------------- 4. round trip

#: Objects whose members are names, not fields (a new member would be a new parameter,
#: reference list or evidence stage), and conditions (exactly one operator): no unknown
#: member goes in these.
NAME_MAPS = {"parameters", "references", "evidence_guidance"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**63, max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)
unknown_names = st.text(max_size=8).map(lambda t: "x-" + t) | st.just("extensions")


def record_paths(value: Any, path: Tuple[Any, ...] = ()) -> List[Tuple[Any, ...]]:
    """Paths of the objects of a document that are records (may take an unknown member)."""
    found = []
    if isinstance(value, dict):
        if not (path and path[-1] in NAME_MAPS) and "when" not in path:
            found.append(path)
        for k, v in value.items():
            found += record_paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += record_paths(v, path + (i,))
    return found


@st.composite
def extended(draw, document: Dict[str, Any]) -> Dict[str, Any]:
    """The document with unknown members added at the top level and in nested records."""
    out = copy.deepcopy(document)
    paths = record_paths(out)
    nested = st.lists(st.sampled_from(paths[1:]), min_size=1, max_size=6) if paths[1:] else st.just([])
    chosen = [()] + draw(nested, label="nested objects")  # the shipped overlays have no nested record
    for path in chosen:
        target = out
        for key in path:
            target = target[key]
        target[draw(unknown_names, label="member")] = draw(json_values, label="value")
    return out


FRAMEWORK_IDS = ["bury-iqm", "kcc-inclusive-practice", "wales-iqm", "wales-school-improvement"]


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
@bounded("round_trip")
@given(data=st.data())
def test_a_framework_document_round_trips_with_unknown_members(framework_id, data):
    s = subject(SUBJECTS.index((framework_id, None)))
    document = data.draw(extended(s.document), label="framework document")
    written = qmark.load_framework(document).document
    assert written == document
    again = qmark.load_framework(json.dumps(written))
    assert again.document == document
    for audit in s.examples:
        assert again.assess(audit).to_json() == s.framework.assess(audit).to_json()


OVERLAYS = [overlay for _, overlay in SUBJECTS if overlay]


@pytest.mark.parametrize("overlay", OVERLAYS)
@bounded("round_trip")
@given(data=st.data())
def test_an_overlay_document_round_trips_with_unknown_members(overlay, data):
    s = subject(next(i for i, (_, o) in enumerate(SUBJECTS) if o == overlay))
    original = json.loads((ROOT / "examples" / "overlays" / overlay).read_text(encoding="utf-8"))
    document = data.draw(extended(original), label="overlay document")
    written = qmark.load_overlay(document).document
    assert written == document
    again = qmark.load_overlay(json.dumps(written))
    assert again.document == document
    overlaid = qmark.framework(original["base"]).with_overlay(again)
    assert overlaid.document == s.document  # unknown members of the overlay change nothing
    reloaded = qmark.load_framework(json.dumps(overlaid.document))  # and the overlaid framework round trips
    assert reloaded.document == s.document and reloaded.overlay_id == original["id"]
    for audit in s.examples:
        assert reloaded.assess(audit).to_json() == s.framework.assess(audit).to_json()

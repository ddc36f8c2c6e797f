"""The JSON Schemas in schemas/ are valid draft 2020-12 and accept every shipped document.

Every *.json under frameworks/ and examples/ is validated against the schema its
"qmark" tag names (one test case per file). Files under a directory named "bad" are
intentionally broken fixtures and are skipped. Negative cases check that the schemas
reject what SPEC.md §3 calls invalid, so these tests can fail.
"""

import copy
import functools
import json
import re
from pathlib import Path

import jsonschema
import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schemas"
DATA_DIRS = ("frameworks", "examples")
KINDS = ("framework", "overlay", "audit", "decision", "plan", "compliance", "crosswalk")
SCHEMA_BASE = "https://qmark.example/schemas/"
TAG = re.compile(r"^([a-z_]+)/([0-9]+)$")


# --------------------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=None)
def schemas():
    """kind -> schema document, for every kind."""
    return {kind: json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
            for kind in KINDS}


@functools.lru_cache(maxsize=None)
def validator(kind):
    """A validator for `kind` that resolves references between the shipped schemas
    locally (never over the network) and checks "format": "date"."""
    schema = schemas()[kind]
    store = {s["$id"]: s for s in schemas().values()}
    checker = Draft202012Validator.FORMAT_CHECKER
    try:
        from referencing import Registry, Resource  # jsonschema >= 4.18
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return Draft202012Validator(schema, resolver=resolver, format_checker=checker)
    registry = Registry().with_resources(
        (uri, Resource.from_contents(s)) for uri, s in store.items())
    return Draft202012Validator(schema, registry=registry, format_checker=checker)


def errors(kind, document):
    """Readable schema errors, one per line: JSON Pointer and message."""
    found = []
    for error in validator(kind).iter_errors(document):
        pointer = "".join(f"/{part}" for part in error.absolute_path) or "/"
        found.append(f"{pointer}: {error.message}")
    return sorted(found)


def data_files():
    files = []
    for top in DATA_DIRS:
        directory = ROOT / top
        if directory.is_dir():
            files.extend(sorted(directory.rglob("*.json")))
    return files


def in_bad_directory(path):
    return "bad" in path.relative_to(ROOT).parts[:-1]


# --------------------------------------------------------------------------- the schemas


def test_every_schema_is_valid_draft_2020_12():
    for kind in KINDS:
        schema = schemas()[kind]
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", kind
        assert schema["$id"] == f"{SCHEMA_BASE}{kind}.schema.json", kind
        assert schema.get("title"), kind
        assert schema.get("description"), kind


def test_every_schema_checks_its_own_format_tag():
    for kind in KINDS:
        assert schemas()[kind]["properties"]["qmark"]["const"] == f"{kind}/1"
        assert "qmark" in schemas()[kind]["required"]


def test_no_other_schema_files():
    names = sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    assert names == sorted(f"{kind}.schema.json" for kind in KINDS)


# --------------------------------------------------------------------------- shipped documents


DATA_FILES = data_files()  # may be empty: the test is then reported as skipped


@pytest.mark.parametrize("path", DATA_FILES,
                         ids=[p.relative_to(ROOT).as_posix() for p in DATA_FILES])
def test_shipped_document_matches_its_schema(path):
    if in_bad_directory(path):
        pytest.skip("intentionally broken fixture (under a 'bad' directory)")
    rel = path.relative_to(ROOT).as_posix()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        pytest.fail(f"{rel}: not valid JSON: {exc}")
    if not isinstance(document, dict) or "qmark" not in document:
        pytest.fail(f'{rel}: no "qmark" format tag (only fixtures under a "bad" directory may lack one)')
    tag = document["qmark"]
    match = TAG.match(tag) if isinstance(tag, str) else None
    if not match:
        pytest.fail(f'{rel}: malformed "qmark" tag {tag!r}; expected "<kind>/<major>"')
    kind = match.group(1)
    if kind not in KINDS:
        pytest.fail(f"{rel}: no schema for kind {kind!r} in schemas/")
    problems = errors(kind, document)
    assert not problems, f"{rel} does not match {kind}.schema.json:\n" + "\n".join(problems)


# --------------------------------------------------------------------------- reference documents

# Small valid documents of every kind, after SPEC.md §3 and docs/formats.md. The negative
# cases below each break one of them in one place.

FRAMEWORK = {
    "qmark": "framework/1",
    "id": "toy-mark",
    "version": "1.0.0",
    "title": "Toy mark",
    "source": {"seed": "none", "title": "A test framework"},
    "scales": [
        {"id": "toy-judgement", "title": "Judgement",
         "levels": [{"id": "not_met", "label": "Not met"},
                    {"id": "partially_met", "label": "Partially met"},
                    {"id": "met", "label": "Met", "award": None, "descriptor": "All of it."}]},
    ],
    "node_kinds": [
        {"id": "section", "title": "Section", "judgeable": False, "aggregate": "counts"},
        {"id": "standard", "title": "Standard", "judgeable": True, "scale": "toy-judgement",
         "next_level_candidate": True},
    ],
    "nodes": [
        {"id": "S", "kind": "section", "title": "Section",
         "evidence_guidance": {"pre_visit": ["Policies"], "during_visit": ["Learning walk"]},
         "children": [
             {"id": "S.1", "kind": "standard", "statement": "Leaders lead.", "source": "toy, 1",
              "limiting": True, "limiting_basis": "assumed"},
             {"id": "S.2", "kind": "standard", "statement": "No recent exclusions."},
         ]},
    ],
    "parameters": {
        "recent_months": {"value": 24, "title": "Recent", "source": "toy glossary"},
        "overall_met_ratio": {"value": 0.8, "source": "toy"},
        "offrolling_window_months": {"value": None, "source": "toy"},
    },
    "evidence_stages": ["pre_visit", "during_visit"],
    "evidence_rules": {
        "window_months": "recent_months",
        "top_claim_needs_evidence": {"source": "toy"},
        "triangulation": {"above": "partially_met", "min_groups": 2, "cap": "partially_met"},
    },
    "derivations": [
        {"id": "S.2.permanent_exclusions", "node": "S.2", "fact": "permanent_exclusions",
         "test": {"type": "incidents_in_window", "window_months": "recent_months"},
         "if_true": {"set": "not_met"}, "if_false": {"set": "met"}, "source": "toy"},
        {"id": "S.1.pyramid", "node": "S.1", "fact": "staff_expertise",
         "test": {"type": "checks", "fields": ["expert", "core", "total_staff"],
                  "checks": [{"lhs": {"field": "expert"}, "op": ">=", "rhs": {"value": 1}},
                             {"lhs": {"field": "core", "times": 2}, "op": ">=",
                              "rhs": {"field": "total_staff"}}]},
         "if_false": {"cap": "partially_met"}},
        {"id": "S.1.rate", "node": "S.1", "fact": "internal_exclusions",
         "test": {"type": "rate_above", "count": "sessions", "max": "overall_met_ratio"},
         "if_true": {"cap": "partially_met"}, "if_false": None},
    ],
    "outcome": {
        "outcomes": [{"id": "not_yet_accredited", "award": None},
                     {"id": "accredited", "award": "accredited"}],
        "hit_policy": "first",
        "rules": [
            {"id": "toy.accredited", "outcome": "accredited", "title": "Accredited",
             "when": {"all": [{"limiting_at_least": "met"},
                              {"share_at_least": {"level": "met", "ratio": "overall_met_ratio"}},
                              {"not": {"node_at_least": {"node": "S.2", "level": "partially_met"}}},
                              {"any": [{"count_at_least": {"level": "met", "count": 1,
                                                           "of_kind": "standard"}},
                                       {"always": True}]}]}},
            {"id": "toy.not_yet", "outcome": "not_yet_accredited", "when": {"always": True}},
        ],
    },
    "lifecycle": {
        "phases": [{"id": "self_evaluation", "title": "Self-evaluation", "source": "toy"}],
        "final_judge": "assessor", "appeal": True,
        "on_award": {"valid_for_months": 36, "source": "toy"},
        "on_no_award": {"reapply_after_months": 12},
    },
    "glossary": [{"term": "Recent", "definition": "Within the last two years", "source": "toy"}],
    "references": {"aims": {"title": "Core aims", "source": "toy", "items": ["One", "Two"]}},
}

OVERLAY = {
    "qmark": "overlay/1",
    "id": "la-example",
    "version": "1",
    "base": "toy-mark",
    "title": "A local authority's thresholds",
    "parameters": {"overall_met_ratio": 0.75, "offrolling_window_months": None},
    "limiting": ["S.1", "S.2"],
    "drop": ["S.3"],
    "add": [{"parent": "S", "node": {"id": "S.9", "kind": "standard", "statement": "Added."}}],
}

AUDIT = {
    "qmark": "audit/1",
    "framework": "bury-iqm",
    "overlay": None,
    "school": {"id": "URN:100001", "name": "Example Primary", "phase": "primary", "pupils": 420},
    "assessed_on": "2026-06-30",
    "decided_on": "2026-07-01",
    "judged_by": "self",
    "judgements": {
        "WSA.ETHOS.1": {"level": "met", "evidence": ["E1", "E4"], "comment": "Seen in policy."},
        "WSA.ETHOS.2": "partially_met",
        "WSA.ETHOS.3": {"self": "met", "moderator": {"level": "partially_met", "evidence": []},
                        "assessor": {"level": "met"}},
    },
    "evidence": [
        {"id": "E1", "kind": "document", "title": "Inclusion policy",
         "groups": ["staff", "governors"], "date": "2026-02-01", "stage": "pre_visit",
         "supports": ["WSA.ETHOS.1", "WSA.POL.2"]},
        {"id": "E4", "kind": "observation", "groups": [], "date": "2026-06-30"},
    ],
    "facts": {
        "permanent_exclusions": [{"date": "2025-03-04"}],
        "off_rolling": [],
        "staff_expertise": {"expert": 1, "specialist": 3, "core": 30, "total_staff": 48},
        "attendance": {"rate": 0.95},
    },
    "extensions": {"mis": {"batch": 7}},
}

DECISION = {
    "qmark": "decision/1",
    "framework": {"id": "bury-iqm", "version": "1.0.0", "overlay": {"id": "la-example", "version": "1"}},
    "school": {"id": "URN:100001"},
    "assessed_on": "2026-06-30",
    "outcome": "not_yet_accredited",
    "award": None,
    "decided_by": "bury.not_yet_accredited",
    "levels": {
        "WSA": {"basis": "aggregate", "claimed": None, "effective": None,
                "counts": {"not_met": 0, "partially_met": 1, "met": 2}},
        "WSA.ETHOS.1": {"claimed": "met", "effective": "met", "basis": "judgement"},
        "EHW.RES.7": {"claimed": "met", "effective": "not_met", "basis": "fact"},
        "PI.STAKE.6": {"claimed": None, "effective": "not_met", "basis": "missing"},
    },
    "limiting_failures": ["EHW.RES.7"],
    "findings": [
        {"code": "fact_overrides_claim", "node": "EHW.RES.7", "severity": "must", "message": "..."},
        {"code": "unknown_evidence", "node": None, "severity": "should", "message": "..."},
    ],
    "next_level": [{"target": "accredited", "needs": ["EHW.RES.7", "PI.STAKE.6"]}],
    "actions": [
        {"node": "EHW.RES.7", "title": "...", "success_criteria": "...", "level": "met",
         "evidence_suggestions": ["Exclusion records"]},
    ],
    "dates": {"decided_on": "2026-06-30", "valid_until": None, "reapply_from": "2027-06-30"},
    "trace": [{"rule": "EHW.RES.7.permanent_exclusions", "result": True,
               "inputs": {"dates": ["2025-03-04"]}}],
}

PLAN = {
    "qmark": "plan/1",
    "school": {"id": "URN:400001", "name": "Ysgol Enghraifft"},
    "as_of": "2026-09-30",
    "covers": {"from": "2026-09-01", "to": "2029-08-31"},
    "adopted_on": "2026-07-15",
    "revised_on": ["2026-09-20"],
    "priorities": [
        {"year": 1, "title": "Learner progression", "national_priorities": ["NP1"],
         "targets": ["Reading ages"],
         "actions": [{"title": "Reading programme", "milestone": "Dec", "success_criteria": "...",
                      "support": {"provider": "Consortium", "when": "Autumn term"}},
                     {"milestone": "", "support": None}]},
        {"year": 2, "title": "", "national_priorities": []},
    ],
    "targets_statement": "...",
    "professional_learning": None,
    "community": {"pupils_families": "...", "locality": ""},
    "resources": {"current": "..."},
    "consulted": ["headteacher", "pupils", "parents_carers", "staff"],
    "inspection": {"date": "2026-03-02", "amended_on": "2026-03-20"},
    "summary": {"self_evaluation_overview": "...", "published_on_website": True},
    "calendar": {"holidays": ["2026-12-25"]},
}

COMPLIANCE = {
    "qmark": "compliance/1",
    "verdict": "non_compliant",
    "rules": [
        {"id": "SDP.COVERS_3_YEARS", "severity": "must", "result": "pass", "message": "..."},
        {"id": "SDP.PROFESSIONAL_LEARNING", "severity": "must", "result": "fail", "message": "...",
         "source": "001 Annex B"},
        {"id": "SDP.SUPPORT", "severity": "should", "result": "not_applicable", "message": "..."},
    ],
}

CROSSWALK = {
    "qmark": "crosswalk/1",
    "id": "toy-mark--bury-iqm",
    "version": "2026.1",
    "title": "Toy mark to Bury",
    "from": "toy-mark",
    "to": "bury-iqm",
    "source": "made by hand for the test",
    "mappings": [
        {"from": "S.1", "to": "WSA.ETHOS.1", "relation": "exact",
         "justification": "Toy S.1 'Leaders lead.' and Bury WSA.ETHOS.1 'Leaders drive a culture "
                          "that promotes inclusion.' both ask leaders to lead."},
        {"from": "S.2", "to": "EHW.RES.7", "relation": "related",
         "justification": "Toy S.2 'No recent exclusions.' and Bury EHW.RES.7 'There are no recent "
                          "incidents of permanent exclusions.' overlap."},
    ],
}

REFERENCE = {"framework": FRAMEWORK, "overlay": OVERLAY, "audit": AUDIT,
             "decision": DECISION, "plan": PLAN, "compliance": COMPLIANCE,
             "crosswalk": CROSSWALK}


@pytest.mark.parametrize("kind", KINDS)
def test_reference_document_is_valid(kind):
    assert errors(kind, REFERENCE[kind]) == []


def test_minimal_plan_needs_only_tag_and_school():
    assert errors("plan", {"qmark": "plan/1", "school": {"id": "URN:1"}}) == []


def test_unknown_members_are_legal_where_round_trips_keep_them():
    framework = copy.deepcopy(FRAMEWORK)
    framework["x_local_note"] = "kept under extensions"
    framework["extensions"] = {"older": True}
    framework["nodes"][0]["children"][0]["x_rag"] = "green"
    assert errors("framework", framework) == []
    audit = copy.deepcopy(AUDIT)
    audit["x_submitted_by"] = "MIS"
    audit["evidence"][0]["url"] = "https://example.org/policy.pdf"
    assert errors("audit", audit) == []


# --------------------------------------------------------------------------- negative cases


def _set(path, value):
    def mutate(doc):
        *parents, last = path
        for key in parents:
            doc = doc[key]
        doc[last] = value
    return mutate


def _delete(path):
    def mutate(doc):
        *parents, last = path
        for key in parents:
            doc = doc[key]
        del doc[last]
    return mutate


INVALID = [
    ("audit", "no school.id", _delete(["school", "id"])),
    ("audit", "unknown evidence kind", _set(["evidence", 0, "kind"], "photograph")),
    ("audit", "unknown stakeholder group", _set(["evidence", 0, "groups"], ["pupils"])),
    ("audit", "evidence item without date", _delete(["evidence", 1, "date"])),
    ("audit", "malformed date", _set(["assessed_on"], "30/06/2026")),
    ("audit", "impossible date", _set(["assessed_on"], "2026-02-30")),
    ("audit", "unknown judge", _set(["judgements", "WSA.ETHOS.3", "parent"], "met")),
    ("audit", "judgement object without level", _set(["judgements", "WSA.ETHOS.1"], {"comment": "x"})),
    ("audit", "negative staff count", _set(["facts", "staff_expertise", "core"], -1)),
    ("audit", "incident without date", _set(["facts", "off_rolling"], [{"pupil": "P1"}])),
    ("audit", "unknown judged_by", _set(["judged_by"], "inspector")),
    ("audit", "other major version", _set(["qmark"], "audit/2")),
    ("audit", "evidence not an array", _set(["evidence"], {})),
    ("decision", "unknown basis", _set(["levels", "WSA.ETHOS.1", "basis"], "guess")),
    ("decision", "unknown finding severity", _set(["findings", 0, "severity"], "could")),
    ("decision", "overlay without version", _set(["framework", "overlay"], {"id": "la-example"})),
    ("decision", "no dates", _delete(["dates"])),
    ("framework", "no outcome", _delete(["outcome"])),
    ("framework", "judgeable kind without scale", _delete(["node_kinds", 1, "scale"])),
    ("framework", "bad framework id", _set(["id"], "Bury IQM")),
    ("framework", "child node without kind", _delete(["nodes", 0, "children", 1, "kind"])),
    ("framework", "condition with two operators",
     _set(["outcome", "rules", 1, "when"], {"always": True, "all": []})),
    ("framework", "misspelt condition operator",
     _set(["outcome", "rules", 1, "when"], {"allways": True})),
    ("framework", "unknown derivation test", _set(["derivations", 0, "test", "type"], "sometimes")),
    ("framework", "effect that sets and caps", _set(["derivations", 0, "if_true"],
                                                     {"set": "met", "cap": "met"})),
    ("overlay", "added node without kind", _delete(["add", 0, "node", "kind"])),
    ("overlay", "no base", _delete(["base"])),
    ("plan", "priority year out of range", _set(["priorities", 0, "year"], 4)),
    ("plan", "unknown consultee", _set(["consulted"], ["inspectors"])),
    ("compliance", "unknown verdict", _set(["verdict"], "mostly_compliant")),
    ("compliance", "unknown rule result", _set(["rules", 0, "result"], "skipped")),
    ("crosswalk", "unknown relation", _set(["mappings", 0, "relation"], "partial")),
    ("crosswalk", "mapping without justification", _delete(["mappings", 1, "justification"])),
    ("crosswalk", "blank justification", _set(["mappings", 1, "justification"], "  ")),
    ("crosswalk", "mapping without target node", _delete(["mappings", 0, "to"])),
    ("crosswalk", "no target framework", _delete(["to"])),
    ("crosswalk", "bad crosswalk id", _set(["id"], "Bury to Wales")),
    ("crosswalk", "mappings not an array", _set(["mappings"], {})),
]


@pytest.mark.parametrize("kind,why,mutate", INVALID, ids=[f"{k}: {w}" for k, w, _ in INVALID])
def test_schema_rejects(kind, why, mutate):
    document = copy.deepcopy(REFERENCE[kind])
    assert errors(kind, document) == [], "the reference document must be valid"
    mutate(document)
    assert errors(kind, document), f"{kind}.schema.json accepted a document with {why}"

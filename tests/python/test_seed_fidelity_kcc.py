"""Seed fidelity for the built-in `kcc-inclusive-practice` framework (seed 003).

Every area title, statement, prompt, level descriptor, outcome measure, reference
item, indicator title, phase title and glossary entry that
frameworks/kcc-inclusive-practice.json ships must occur in the seed text, and the
framework must have the shape SPEC.md §2.3 fixes. Whitespace is normalised on both
sides (every run of whitespace becomes one space) because the seed's tabs, line breaks
and doubled spaces are layout, not content.

Seed 003 is a draft: its editing notes ("DELETE?", "Definition…", "Paragraph to
include:") are not framework content and must not be shipped as such. The only place
"DELETE?" may appear in the framework is the fixed `draft_note` of the three areas the
draft marks, which says so; the overlay examples/overlays/kcc-drop-deleted-areas.json
drops exactly those areas.

The seeds are found at <repo>/../shared/seeds, or in the directory named by
the QMARK_SEEDS environment variable when it is set.
"""

import re

import pytest

from seed_support import REPO_ROOT, load_json, norm, read_seed, require_seed, seeds_dir

FRAMEWORK_PATH = REPO_ROOT / "frameworks" / "kcc-inclusive-practice.json"
OVERLAY_PATH = REPO_ROOT / "examples" / "overlays" / "kcc-drop-deleted-areas.json"
SEED_NAME = "003_6b8a23bf82ea7849.txt"

SEED_PATH = seeds_dir() / SEED_NAME

# SPEC.md §2.3: the nine areas in the seed's own numbering. Titles are the seed's
# headings (the seed writes area 1 with a serial comma, which SPEC's list drops).
AREA_TITLES = {
    "A1": "Leadership, Governance, and Structure",
    "A2": "Use of Resources",
    "A3": "Structure and Governance",
    "A4": "Data and Analysis",
    "A5": "Safeguarding, Health and Wellbeing",
    "A6": "Performance (Teaching and Learning), Data and Analysis",
    "A7": "Pupils (attitudes/values/personal development)",
    "A8": "Parents / Carers",
    "A9": "Wider Community (including collaborative work)",
}
MARKED_DELETE = ["A2", "A3", "A4"]
DRAFT_NOTE = "Marked \"DELETE?\" in the draft seed; kept in the base framework, an overlay may drop it"
LEVELS = [
    ("emerging", "Emerging", "Developing Practice"),
    ("established", "Established", "Good Practice"),
    ("advanced", "Advanced", "Best Practice"),
]
# Editing notes of the draft; "Definition" with an ellipsis in either spelling.
EDITING_NOTES = ("DELETE?", "Definition\u2026", "Definition...", "Paragraph to include")



_load = load_json


FRAMEWORK = _load(FRAMEWORK_PATH)
OVERLAY = _load(OVERLAY_PATH)
SEED_TEXT = read_seed(SEED_PATH)

AREAS = FRAMEWORK["nodes"]
SCALE = next(s for s in FRAMEWORK["scales"] if s["id"] == "kcc-practice")
SCALE_LEVELS = SCALE["levels"]
GLOSSARY = FRAMEWORK.get("glossary", [])
REFERENCES = FRAMEWORK.get("references", {})
OUTCOME_MEASURES = REFERENCES["outcome_measures"]["items"]
INDICATORS = FRAMEWORK.get("indicators", [])
PHASES = FRAMEWORK.get("lifecycle", {}).get("phases", [])

# (id, label, text) for every area title, statement and prompt.
AREA_TEXTS = [
    (f"{a['id']}.{field}", a[field]) for a in AREAS for field in ("title", "statement") if field in a
] + [(f"{a['id']}.prompts[{i}]", p) for a in AREAS for i, p in enumerate(a.get("prompts", []))]

LEVEL_TEXTS = [
    (f"{lv['id']}.{field}", lv[field])
    for lv in SCALE_LEVELS
    for field in ("label", "practice", "question", "descriptor")
    if field in lv
]

REFERENCE_ITEMS = [
    (f"{name}[{i}]", item) for name, ref in REFERENCES.items() for i, item in enumerate(ref["items"])
]


def _strings(value, path=""):
    """Every string in a JSON value, with its JSON Pointer; `draft_note` values are
    notes about the seed, not content, and are checked on their own."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}/{i}")
    elif isinstance(value, dict):
        for k, v in value.items():
            if k == "draft_note":
                continue
            yield from _strings(v, f"{path}/{k}")


SHIPPED_STRINGS = list(_strings(FRAMEWORK))
SOURCES = [(p, s) for p, s in SHIPPED_STRINGS if p.endswith("/source")]


@pytest.fixture(scope="module")
def seed():
    return require_seed(SEED_TEXT, SEED_PATH)


# --- every shipped text occurs in the seed ---------------------------------------------


@pytest.mark.parametrize("label,text", AREA_TEXTS, ids=[t[0] for t in AREA_TEXTS])
def test_area_text_in_seed(seed, label, text):
    assert text and text == text.strip()
    assert norm(text) in seed, f"{label} not in seed: {text!r}"


@pytest.mark.parametrize("area", AREAS, ids=[a["id"] for a in AREAS])
def test_area_heading_carries_seed_number(seed, area):
    number = area["id"][1:]
    assert f"{number}. {norm(area['title'])}" in seed, f"{area['id']}: heading '{number}. …' not in seed"


@pytest.mark.parametrize("label,text", LEVEL_TEXTS, ids=[t[0] for t in LEVEL_TEXTS])
def test_level_text_in_seed(seed, label, text):
    assert text and text == text.strip()
    assert norm(text) in seed, f"{label} not in seed: {text!r}"


@pytest.mark.parametrize("lv", SCALE_LEVELS, ids=[lv["id"] for lv in SCALE_LEVELS])
def test_level_descriptor_is_whitespace_collapsed(lv):
    assert lv["descriptor"] == norm(lv["descriptor"])


@pytest.mark.parametrize("label,item", REFERENCE_ITEMS, ids=[r[0] for r in REFERENCE_ITEMS])
def test_reference_item_in_seed(seed, label, item):
    assert item and item == item.strip() and item == norm(item)
    assert not item.startswith("\u00b7"), "bullet character left in"
    assert norm(item) in seed, f"{label} not in seed: {item!r}"


@pytest.mark.parametrize("ind", INDICATORS, ids=[i["id"] for i in INDICATORS])
def test_indicator_title_in_seed_and_measures(seed, ind):
    assert norm(ind["title"]) in seed
    assert any(ind["title"] in m for m in OUTCOME_MEASURES), f"{ind['id']}: not from an outcome measure"
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", ind["id"])
    assert ind["direction"] in ("up", "down")
    assert ind["source"].startswith("003")


@pytest.mark.parametrize("phase", PHASES, ids=[p["id"] for p in PHASES])
def test_phase_title_in_seed(seed, phase):
    assert norm(phase["title"]) in seed


def test_glossary_entries_in_seed(seed):
    # The draft defines no terms (every "Definition…" is an empty placeholder), so the
    # glossary may be empty; any entry shipped must come from the seed.
    for entry in GLOSSARY:
        assert norm(entry["term"]) in seed, entry["term"]
        assert entry["definition"].strip(), f"{entry['term']}: empty definition"
        assert norm(entry["definition"]) in seed, f"definition of {entry['term']!r} not in seed"


@pytest.mark.parametrize("path,source", SOURCES, ids=[p for p, _ in SOURCES])
def test_quoted_source_passages_in_seed(seed, path, source):
    """Passages a source quotes in '…' are the seed's words."""
    for quoted in re.findall(r"'([^']+)'", source):
        if quoted in ("DELETE?",):
            continue
        assert norm(quoted) in seed, f"{path}: quoted passage not in seed: {quoted!r}"


# --- the draft's editing notes are not content -----------------------------------------


@pytest.mark.parametrize("note", EDITING_NOTES)
def test_editing_notes_not_shipped(note):
    offending = [p for p, s in SHIPPED_STRINGS if note.lower() in s.lower()]
    assert not offending, f"{note!r} shipped at {offending}"


def test_editing_notes_are_in_the_seed(seed):
    # Guards the test above: the notes it looks for are really in the draft.
    assert "DELETE?" in seed and "Definition\u2026" in seed and "Paragraph to include:" in seed


def test_draft_notes_only_on_marked_areas():
    noted = [a["id"] for a in AREAS if "draft_note" in a]
    assert noted == MARKED_DELETE
    for a in AREAS:
        if a["id"] in MARKED_DELETE:
            assert a["draft_note"] == DRAFT_NOTE


def test_delete_marks_follow_areas_2_3_4(seed):
    """Each "DELETE?" in the draft comes straight after the heading of area 2, 4 or 3."""
    marked = re.findall(r"([1-9])\. [^.]*? DELETE\?", seed)
    assert sorted(marked) == ["2", "3", "4"]


# --- shape fixed by SPEC §2.3 ------------------------------------------------------


def test_identity():
    assert FRAMEWORK["qmark"] == "framework/1"
    assert FRAMEWORK["id"] == "kcc-inclusive-practice"
    assert FRAMEWORK["version"] == "2026.1"
    assert FRAMEWORK["source"]["seed"] == SEED_NAME


def test_nine_areas_in_seed_numbering():
    assert [a["id"] for a in AREAS] == [f"A{i}" for i in range(1, 10)]
    assert {a["id"]: a["title"] for a in AREAS} == AREA_TITLES
    for a in AREAS:
        assert a["kind"] == "area" and not a.get("children")
        # the draft gives no descriptive text for any area, so the statement is the title
        assert a["statement"] == a["title"] or a.get("prompts")


def test_area_kind():
    assert FRAMEWORK["node_kinds"] == [
        {"id": "area", "title": FRAMEWORK["node_kinds"][0]["title"], "judgeable": True, "scale": "kcc-practice"}
    ]


def test_three_levels():
    got = [(lv["id"], lv["label"], lv["practice"]) for lv in SCALE_LEVELS]
    assert got == LEVELS
    for lv in SCALE_LEVELS:
        assert "award" not in lv or lv["award"] is None
        assert lv["descriptor"]


def test_outcome_rule():
    outcome = FRAMEWORK["outcome"]
    assert [o["id"] for o in outcome["outcomes"]] == [lv[0] for lv in LEVELS]
    assert all(o["award"] is None for o in outcome["outcomes"])
    assert outcome["hit_policy"] == "first"
    assert len(outcome["rules"]) == 1
    rule = outcome["rules"][0]
    assert rule["id"] == "kcc.overall"
    assert rule["from_levels"] == {"method": "upper_median", "of_kind": "area", "cap_by": "A5"}
    assert "a school may be assessed to be in different categories for different themes" in rule["source"]
    assert "overall assessment decision" in rule["source"]


def test_actions_for_all_below_top():
    assert FRAMEWORK["actions"]["for_all_below_top"] is True
    assert "opportunities for improvement" in FRAMEWORK["actions"]["source"]


def test_lifecycle_phases():
    assert [p["id"] for p in PHASES] == ["self_evaluation", "action_plan", "continuous_improvement"]


def test_outcome_measures():
    assert len(OUTCOME_MEASURES) == 8
    for wanted in ("Fewer exclusions", "Improved attendance", "Improved attainment, reduction in attainment gaps"):
        assert wanted in OUTCOME_MEASURES


def test_indicators_cover_every_outcome_measure():
    ids = [i["id"] for i in INDICATORS]
    assert len(ids) == len(set(ids))
    for m in OUTCOME_MEASURES:
        assert any(i["title"] in m for i in INDICATORS), f"no indicator for {m!r}"
    by_id = {i["id"]: i for i in INDICATORS}
    assert by_id["exclusions"]["direction"] == "down"
    assert by_id["attendance"]["direction"] == "up"
    assert by_id["attainment_gaps"]["direction"] == "down"


def test_no_parameters_or_derivations():
    assert FRAMEWORK.get("parameters", {}) == {}
    assert FRAMEWORK.get("derivations", []) == []
    assert "evidence_stages" not in FRAMEWORK  # the seed has no evidence lists


# --- the overlay ----------------------------------------------------------------------


def test_overlay_drops_exactly_the_marked_areas():
    assert OVERLAY["qmark"] == "overlay/1"
    assert OVERLAY["id"] == "kcc-drop-deleted-areas"
    assert OVERLAY["version"] == "2026.1"
    assert OVERLAY["base"] == FRAMEWORK["id"]
    assert OVERLAY["drop"] == MARKED_DELETE
    assert set(OVERLAY) <= {"qmark", "id", "version", "base", "title", "source", "drop"}
    remaining = [a["id"] for a in AREAS if a["id"] not in OVERLAY["drop"]]
    assert remaining == ["A1", "A5", "A6", "A7", "A8", "A9"]
    assert "A5" in remaining  # the overall rule's cap must survive the overlay

"""Seed fidelity for the built-in `wales-iqm` framework (seeds 000 and 002).

Every element title, indicator statement, level descriptor, lifecycle phase, core
aim, key driver and glossary entry that frameworks/wales-iqm.json ships must occur
in seed 000 once the extraction damage listed in seeds/README.md is repaired; every
SEF aim and National Purpose statement must occur in seed 002. The tree must have
the shape SPEC.md §2.2 fixes. Whitespace is normalised on both sides (every run of
whitespace becomes one space) because the seeds' tabs, line breaks and doubled
spaces are layout, not content.

The seeds are found at <repo>/../shared/seeds, or in the directory named by the
QMARK_SEEDS environment variable when it is set.
"""

import re

import pytest

from seed_support import REPO_ROOT, load_json, norm, seeds_dir

FRAMEWORK_PATH = REPO_ROOT / "frameworks" / "wales-iqm.json"
SEED_000 = "000_7e907f3a9c8f6479.txt"
SEED_002 = "002_298fcbcd7fda32dd.txt"



# SPEC.md §2.2: elements in the order of "Six elements for effective working".
SPEC_ELEMENTS = [("LEAD", 5), ("WWO", 5), ("NPP", 3), ("IS", 3), ("IA", 5), ("CT", 2)]
SPEC_LEVELS = [
    ("focusing", "Focusing", None),
    ("developing", "Developing", "bronze"),
    ("deepening", "Deepening", "silver"),
    ("transforming", "Transforming", "gold"),
]
SPEC_PHASES = [
    "self_evaluation",
    "moderation_of_self_evaluation",
    "action_planning",
    "application_for_assessment",
    "external_moderation",
    "award",
]



def repair(text):
    """Undo the extraction damage seeds/README.md lists for seed 000.

    - the ligature "ti" came out as "=" ("Equali=es"), as a run of "6" between
      letters ("situa6ons", "substan66ve") and, in headings, as ";" between letters
      ("Interven;on", "Prac;ce"); a ";" followed by a space ("life;") is punctuation;
    - the ligatures "tt" and "ft" were lost: "seeng" = setting, "afain" = attain,
      "aler" = after;
    - a hyphen came out doubled as "-" + U+2010 ("Self-‐Evaluation", "whole-‐school"),
      once with a line break after it ("whole-‐\\nschool"): one "-", no space.
    """
    text = re.sub("-\u2010\\s*", "-", text)
    text = text.replace("=", "ti")
    text = re.sub(r"(?<=[A-Za-z])6+(?=[A-Za-z])", "ti", text)
    text = re.sub(r"(?<=[A-Za-z]);(?=[A-Za-z])", "ti", text)
    for damaged, repaired in (("seeng", "setting"), ("afain", "attain"), ("aler", "after")):
        text = text.replace(damaged, repaired)
    return text


def _read_seed(name):
    path = seeds_dir() / name
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


FRAMEWORK = load_json(FRAMEWORK_PATH)

_RAW_000 = _read_seed(SEED_000)
_RAW_002 = _read_seed(SEED_002)
SEED_000_TEXT = None if _RAW_000 is None else norm(repair(_RAW_000))
SEED_002_TEXT = None if _RAW_002 is None else norm(_RAW_002)

ELEMENTS = list(FRAMEWORK["nodes"])
INDICATORS = [c for e in ELEMENTS for c in e.get("children", [])]
LEVELS = FRAMEWORK["scales"][0]["levels"]
PHASES = FRAMEWORK["lifecycle"]["phases"]
REFS = FRAMEWORK["references"]
CORE_AIMS = REFS["core_aims"]["items"]
SEF_AIMS = REFS["sef_aims"]["items"]
NATIONAL_PURPOSE = REFS["national_purpose"]["items"]
KEY_DRIVERS = REFS.get("key_drivers", {}).get("items", [])
GLOSSARY = FRAMEWORK.get("glossary", [])
BY_ID = {n["id"]: n for n in ELEMENTS + INDICATORS}

# Separators that end a list item in the seed but are not part of the item.
LIST_TAIL = re.compile(r"(;|; and|\.|,)$")


@pytest.fixture(scope="module")
def seed000():
    if SEED_000_TEXT is None:
        pytest.fail(f"seed not found: {seeds_dir() / SEED_000} (set QMARK_SEEDS to the seeds directory)")
    return SEED_000_TEXT


@pytest.fixture(scope="module")
def seed002():
    if SEED_002_TEXT is None:
        pytest.fail(f"seed not found: {seeds_dir() / SEED_002} (set QMARK_SEEDS to the seeds directory)")
    return SEED_002_TEXT


def _clean(text):
    return bool(text) and text == text.strip() and "  " not in text and "\t" not in text


# --- the repairs themselves --------------------------------------------------------


@pytest.mark.parametrize(
    "damaged,repaired",
    [
        ("Equali=es", "Equalities"),
        ("substan66ve", "substantive"),
        ("situa6ons", "situations"),
        ("Ac6on", "Action"),
        ("Interven;on", "Intervention"),
        ("Prac;ce", "Practice"),
        ("learning seeng; including", "learning setting; including"),
        ("empowered to afain, achieve", "empowered to attain, achieve"),
        ("Re-\u2010apply aler 12 months", "Re-apply after 12 months"),
        ("in whole-\u2010\nschool approaches", "in whole-school approaches"),
        ("6\u00a0 Award of Quality Mark", "6\u00a0 Award of Quality Mark"),
        ("in life; have", "in life; have"),
    ],
)
def test_repair(damaged, repaired):
    assert repair(damaged) == repaired


def test_repaired_seed_has_no_damage_left(seed000):
    assert "=" not in seed000
    assert not re.search(r"[A-Za-z][6;][A-Za-z]", seed000)
    assert "\u2010" not in seed000
    for damaged in ("seeng", "afain", "aler "):
        assert damaged not in seed000


# --- every shipped text occurs in the seed ---------------------------------------------


@pytest.mark.parametrize("ind", INDICATORS, ids=[n["id"] for n in INDICATORS])
def test_indicator_statement_in_seed(seed000, ind):
    assert _clean(ind["statement"])
    assert ind["title"] == ind["statement"]
    assert ("• " + ind["statement"]) in seed000, f"{ind['id']}: statement not a seed bullet"
    for damage in ("=", "seeng", "afain", "aler "):
        assert damage not in ind["statement"]


@pytest.mark.parametrize("element", ELEMENTS, ids=[n["id"] for n in ELEMENTS])
def test_element_title_in_seed(seed000, element):
    assert _clean(element["title"])
    assert ("– " + element["title"]) in seed000, f"{element['id']}: not in the six elements list"


def test_elements_in_seed_order(seed000):
    listing = "Six elements for effective working: " + " ".join("– " + e["title"] for e in ELEMENTS)
    assert listing in seed000


def test_indicators_in_seed_order(seed000):
    pos = seed000.find("Six elements for effective working")
    assert pos >= 0
    for element in ELEMENTS:
        for ind in element["children"]:
            found = seed000.find("• " + ind["statement"], pos)
            assert found >= 0, f"{ind['id']} out of seed order"
            pos = found + 1


@pytest.mark.parametrize("element", ELEMENTS, ids=[n["id"] for n in ELEMENTS])
def test_element_slide_lists_exactly_its_indicators(seed000, element):
    # The element's slide: from its heading to the next slide's heading, all its
    # bullets and nothing else.
    titles = [e["title"] for e in ELEMENTS]
    i = titles.index(element["title"])
    start = seed000.lower().find(element["title"].lower() + " • ", seed000.find("Curriculum and Teaching"))
    assert start >= 0, f"{element['id']}: slide heading not found"
    if i + 1 < len(titles):
        end = seed000.lower().find(titles[i + 1].lower() + " • ", start)
    else:
        end = seed000.find("Phased Approach", start)
    slide = seed000[start:end]
    if element["id"] == "NPP":
        slide = slide[: slide.find("Pyramid Approach")]
    bullets = [b.strip() for b in slide.split("• ")[1:]]
    assert bullets == [c["statement"] for c in element["children"]]


def test_pyramid_in_seed(seed000):
    npp3 = BY_ID["NPP.3"]
    assert npp3["pyramid"] == "Expert (one) / Specialist (Some) / Core Knowledge (Many)"
    assert "Pyramid Approach " + npp3["pyramid"].replace(" / ", " ") in seed000
    assert "pyramid approach" in npp3["statement"]


@pytest.mark.parametrize("level", LEVELS, ids=[lv["id"] for lv in LEVELS])
def test_level_descriptor_in_seed(seed000, level):
    assert level["label"] in seed000
    descriptor = level["descriptor"]
    assert descriptor == descriptor.strip()
    for cell in descriptor.split("\n"):
        assert _clean(cell)
        assert cell in seed000, f"{level['id']}: {cell!r} not in seed"
    assert norm(descriptor) in seed000, f"{level['id']}: descriptor cells not contiguous in seed"
    assert level["source"].startswith("000: Inclusion Quality Mark: Outcomes")


def test_level_descriptors_in_seed_order(seed000):
    start = seed000.find("Inclusion Quality Mark: Outcomes")
    assert start >= 0
    whole = " ".join(norm(lv["descriptor"]) for lv in LEVELS)
    # the four descriptors together are the whole outcomes table, in order
    end = seed000.find("The Pilot", start)
    table = seed000[start:end]
    assert table.endswith(whole + " "), "descriptors do not cover the outcomes table in order"


@pytest.mark.parametrize("phase", PHASES, ids=[p["id"] for p in PHASES])
def test_phase_in_seed(seed000, phase):
    n = PHASES.index(phase) + 1
    assert _clean(phase["title"])
    # the numbered "Phase Action" slide and the bulleted one
    assert f"{n} {phase['title']}" in seed000
    assert f"• {phase['title']}" in seed000
    for detail in phase.get("details", []):
        assert f"• {detail}" in seed000
    assert phase["source"] == f"000: Phased Approach, phase {n}"


@pytest.mark.parametrize("index,aim", list(enumerate(CORE_AIMS)), ids=[f"core_aim_{i + 1}" for i in range(len(CORE_AIMS))])
def test_core_aim_in_seed(seed000, index, aim):
    assert _clean(aim) and not LIST_TAIL.search(aim)
    assert not aim.startswith("All children and young people")
    start = seed000.find("Seven Core Aims All children and young people:")
    assert start >= 0
    found = seed000.find("• " + aim, start)
    assert found >= 0, f"core aim not in seed: {aim!r}"


def test_core_aims_in_seed_order(seed000):
    listing = "Seven Core Aims All children and young people: " + " ".join(
        f"• {aim};" if i < len(CORE_AIMS) - 1 else f"• {aim}" for i, aim in enumerate(CORE_AIMS)
    )
    assert listing in seed000


@pytest.mark.parametrize("driver", KEY_DRIVERS, ids=[f"key_driver_{i + 1}" for i in range(len(KEY_DRIVERS))])
def test_key_driver_in_seed(seed000, driver):
    assert _clean(driver)
    assert "• " + driver in seed000


@pytest.mark.parametrize("item", SEF_AIMS, ids=[f"sef_aim_{i + 1}" for i in range(len(SEF_AIMS))])
def test_sef_aim_in_seed(seed002, item):
    assert _clean(item) and not LIST_TAIL.search(item)
    start = seed002.find("Aims and objectives")
    end = seed002.find("These aims and objectives will be achieved")
    assert 0 <= start < end
    assert ("· " + item) in seed002[start:end], f"SEF aim not in seed 002: {item!r}"


def test_sef_aims_complete_and_in_order(seed002):
    start = seed002.find("Aims and objectives")
    end = seed002.find("These aims and objectives will be achieved")
    section = seed002[start:end]
    assert section.count("· ") == len(SEF_AIMS)
    pos = 0
    for item in SEF_AIMS:
        found = section.find(item, pos)
        assert found >= 0, f"out of seed order: {item!r}"
        pos = found + 1


@pytest.mark.parametrize("item", NATIONAL_PURPOSE, ids=[f"national_purpose_{i + 1}" for i in range(len(NATIONAL_PURPOSE))])
def test_national_purpose_in_seed(seed002, item):
    assert _clean(item) and not LIST_TAIL.search(item)
    annex = seed002[seed002.find("Annex 1 National Purpose for Schools"):]
    assert annex.startswith("Annex 1")
    assert ("· " + item) in annex, f"National Purpose statement not in annex 1: {item!r}"


def test_national_purpose_complete_and_in_order(seed002):
    annex = seed002[seed002.find("Annex 1 National Purpose for Schools"):]
    assert annex.count("· ") == len(NATIONAL_PURPOSE)
    pos = 0
    for item in NATIONAL_PURPOSE:
        found = annex.find(item, pos)
        assert found >= 0
        pos = found + 1


@pytest.mark.parametrize("entry", GLOSSARY, ids=[g["term"] for g in GLOSSARY])
def test_glossary_entry_in_seed(seed000, entry):
    assert entry["term"].lower() in seed000.lower()
    assert entry["definition"] == entry["definition"].strip()
    assert norm(entry["definition"]) in seed000
    assert entry["source"].startswith("000: ")


@pytest.mark.parametrize(
    "where,source",
    [
        ("on_award", FRAMEWORK["lifecycle"]["on_award"]["source"]),
        ("on_no_award", FRAMEWORK["lifecycle"]["on_no_award"]["source"]),
        ("final_judge", FRAMEWORK["lifecycle"].get("final_judge_source", "000: External assessor – decision final")),
        ("appeal", FRAMEWORK["lifecycle"].get("appeal_source", "000: Right to Appeal")),
    ],
)
def test_lifecycle_sources_quote_seed(seed000, where, source):
    assert source.startswith("000: ")
    assert "• " + source[len("000: "):] in seed000, f"{where}: {source!r}"


# --- shape fixed by SPEC §2.2 ------------------------------------------------------


def test_identity():
    assert FRAMEWORK["qmark"] == "framework/1"
    assert FRAMEWORK["id"] == "wales-iqm"
    assert FRAMEWORK["version"] == "2026.1"
    assert FRAMEWORK["source"]["seed"] == SEED_000


def test_counts():
    assert len(ELEMENTS) == 6
    assert len(INDICATORS) == 23
    assert [len(e["children"]) for e in ELEMENTS] == [5, 5, 3, 3, 5, 2]
    assert len(LEVELS) == 4
    assert len(CORE_AIMS) == 7
    assert len(PHASES) == 6


def test_elements_match_spec():
    assert [(e["id"], len(e["children"])) for e in ELEMENTS] == SPEC_ELEMENTS
    assert all(e["kind"] == "element" for e in ELEMENTS)


@pytest.mark.parametrize("element", ELEMENTS, ids=[n["id"] for n in ELEMENTS])
def test_indicator_numbering(element):
    ids = [c["id"] for c in element["children"]]
    assert ids == [f"{element['id']}.{i}" for i in range(1, len(ids) + 1)]
    for i, c in enumerate(element["children"], 1):
        assert c["kind"] == "indicator" and not c.get("children")
        assert c["source"].startswith("000: ") and c["source"].endswith(f", bullet {i}")


def test_ids_unique():
    ids = [n["id"] for n in ELEMENTS + INDICATORS]
    assert len(ids) == len(set(ids))


def test_scale():
    scale = FRAMEWORK["scales"]
    assert [s["id"] for s in scale] == ["iqm-outcome"]
    assert [(lv["id"], lv["label"], lv.get("award")) for lv in LEVELS] == SPEC_LEVELS


def test_node_kinds():
    kinds = {k["id"]: k for k in FRAMEWORK["node_kinds"]}
    assert kinds["element"]["judgeable"] is True
    assert kinds["element"]["scale"] == "iqm-outcome"
    assert kinds["element"]["aggregate"] == "min"
    assert kinds["indicator"]["judgeable"] is True
    assert kinds["indicator"]["scale"] == "iqm-outcome"


def test_parameters_and_evidence_rules():
    params = FRAMEWORK["parameters"]
    assert params["triangulation_min_groups"]["value"] == 2
    assert params["pyramid_min_expert"]["value"] == 1
    assert params["pyramid_min_specialist"]["value"] == 2
    rules = FRAMEWORK["evidence_rules"]
    assert "window_months" not in rules
    assert "top_claim_needs_evidence" in rules
    tri = rules["triangulation"]
    assert (tri["scale"], tri["above"], tri["cap"], tri["min_groups"]) == (
        "iqm-outcome",
        "developing",
        "developing",
        "triangulation_min_groups",
    )


def test_pyramid_derivation():
    (der,) = FRAMEWORK["derivations"]
    assert (der["id"], der["node"], der["fact"]) == ("derive.NPP.3.pyramid", "NPP.3", "staff_expertise")
    assert der["test"] == {
        "type": "checks",
        "fields": ["expert", "specialist", "core", "total_staff"],
        "checks": [
            {"lhs": {"field": "expert"}, "op": ">=", "rhs": {"value": 1}},
            {"lhs": {"field": "specialist"}, "op": ">=", "rhs": {"value": 2}},
            {"lhs": {"field": "core", "times": 2}, "op": ">=", "rhs": {"field": "total_staff"}},
        ],
    }
    assert not der.get("if_true")
    assert der["if_false"] == {"cap": "developing"}
    params = FRAMEWORK["parameters"]
    assert der["test"]["checks"][0]["rhs"]["value"] == params["pyramid_min_expert"]["value"]
    assert der["test"]["checks"][1]["rhs"]["value"] == params["pyramid_min_specialist"]["value"]


def test_outcome():
    out = FRAMEWORK["outcome"]
    assert [(o["id"], o["award"]) for o in out["outcomes"]] == [(i, a) for i, _, a in SPEC_LEVELS]
    assert out["hit_policy"] == "first"
    (rule,) = out["rules"]
    assert rule["id"] == "wales-iqm.award"
    assert rule["from_levels"] == {"method": "min", "of_kind": "element"}


def test_lifecycle():
    life = FRAMEWORK["lifecycle"]
    assert [p["id"] for p in PHASES] == SPEC_PHASES
    assert life["final_judge"] == "assessor"
    assert life["appeal"] is True
    assert life["on_award"]["valid_for_months"] == 36
    assert life["on_no_award"]["reapply_after_months"] == 12


def test_references():
    assert set(REFS) >= {"core_aims", "sef_aims", "national_purpose"}
    assert REFS["core_aims"]["title"] == "Seven Core Aims"
    assert REFS["national_purpose"]["title"] == "National Purpose for Schools"
    assert REFS["national_purpose"]["source"] == "002 Annex 1"
    assert REFS["sef_aims"]["source"].startswith("002")
    assert len(NATIONAL_PURPOSE) == 7
    assert len(SEF_AIMS) == 10

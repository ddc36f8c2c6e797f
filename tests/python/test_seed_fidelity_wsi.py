"""Seed fidelity for the built-in `wales-school-improvement` framework (seed 001).

Every statement, title, reference item and glossary entry that
frameworks/wales-school-improvement.json ships must occur in the seed text, the
tree must have the shape SPEC.md §2.4 fixes, the plan rules must be exactly
SPEC's school development plan table, and every passage a rule quotes as its
source (text between straight single quotes) must be in the seed. Whitespace is
normalised on both sides (every run of whitespace, including the seed's
no-break spaces, becomes one space). Quotes are compared exactly: the seed
mostly uses curly quotes and apostrophes, with a few straight ones, and the
framework keeps whichever the seed has at that place.

The seeds are found at <repo>/../shared/seeds, or in the directory named by
the QMARK_SEEDS environment variable when it is set.
"""

import re

import pytest

from seed_support import REPO_ROOT, load_json, norm, read_seed, require_seed, seeds_dir

FRAMEWORK_PATH = REPO_ROOT / "frameworks" / "wales-school-improvement.json"
SEED_NAME = "001_877d408e63aca718.txt"

SEED_PATH = seeds_dir() / SEED_NAME

# SPEC.md §2.4: areas in the order of the seed's "standard self-evaluation cycle".
AREAS = [
    ("VL", "Vision and leadership", 6),
    ("CLT", "Curriculum, learning and teaching", 7),
    ("WEI", "Well-being, equity and inclusion", 5),
]

# SPEC.md §2.4, school development plan compliance table, in order.
PLAN_RULES = [
    ("SDP.COVERS_3_YEARS", "must"),
    ("SDP.PRIORITIES", "must"),
    ("SDP.NATIONAL_PRIORITIES", "must"),
    ("SDP.TARGETS", "must"),
    ("SDP.PROFESSIONAL_LEARNING", "must"),
    ("SDP.COMMUNITY", "must"),
    ("SDP.RESOURCES", "must"),
    ("SDP.PREVIOUS_TARGETS", "must"),
    ("SDP.CONSULTED", "must"),
    ("SDP.ANNUAL_REVISION", "must"),
    ("SDP.POST_INSPECTION", "must"),
    ("SDP.SUMMARY", "must"),
    ("SDP.SUMMARY_PUBLISHED", "should"),
    ("SDP.SUMMARY_CONTENTS", "should"),
    ("SDP.ACTIONS", "should"),
    ("SDP.SUPPORT", "should"),
]

AUDIT_CHECKS = [
    ("SE.COVERAGE", "judged_within", "not_evaluated_in_cycle"),
    ("SE.NOT_DATA_ONLY", "evidence_not_only", "narrow_measures"),
    ("SE.COMMUNITY_HEARD", "groups_heard", "community_not_heard"),
    ("SE.PROGRESS_QUESTIONS", "nodes_judged", "progress_question_unanswered"),
]

# docs/formats.md, plan_rules: the check types and the members each may name.
CHECK_TYPES = {
    "text_present", "any_text_present", "is_true", "period_at_least", "each_value_has_item",
    "each_value_referenced", "includes_all", "latest_date_within", "working_days_deadline",
    "each_item", "all_of",
}
# SPEC.md §3.3: the members of a plan/1 document.
PLAN_MEMBERS = {
    "as_of": None,
    "covers": {"from", "to"},
    "adopted_on": None,
    "revised_on": None,
    "priorities": None,
    "targets_statement": None,
    "professional_learning": None,
    "community": {"pupils_families", "locality"},
    "resources": {"current", "next_two_years"},
    "previous_targets": None,
    "consulted": None,
    "inspection": {"date", "amended_on"},
    "summary": {"self_evaluation_overview", "priorities", "external_support", "progress_report",
                "published_on_website"},
    "calendar": {"holidays"},
}
PRIORITY_MEMBERS = {"year", "title", "national_priorities", "targets", "actions"}
ACTION_MEMBERS = {"title", "milestone", "success_criteria", "support", "support/provider", "support/when"}

QUOTE = re.compile(r"'([^']*)'")



def _load_framework():
    return load_json(FRAMEWORK_PATH)


FRAMEWORK = _load_framework()
SEED_TEXT = read_seed(SEED_PATH)
TOP = FRAMEWORK["nodes"]
BY_ID = {n["id"]: n for n in TOP}
AREA_NODES = [n for n in TOP if n["kind"] == "area"]
SUB_AREAS = [c for a in AREA_NODES for c in a.get("children", [])]
FACTORS = BY_ID["CF"]["children"] if "CF" in BY_ID else []
NPS = BY_ID["NP"]["children"] if "NP" in BY_ID else []
QUESTIONS = BY_ID["LP"]["children"] if "LP" in BY_ID else []
LEAVES = SUB_AREAS + FACTORS + NPS + QUESTIONS
GLOSSARY = FRAMEWORK.get("glossary", [])
REFERENCE_ITEMS = [
    (name, i, item)
    for name, ref in FRAMEWORK.get("references", {}).items()
    for i, item in enumerate(ref["items"])
]


def _all_sources(value, at=""):
    """Every string under a member called "source", with its JSON Pointer."""
    found = []
    if isinstance(value, dict):
        for key, sub in value.items():
            here = f"{at}/{key}"
            if key == "source" and isinstance(sub, str):
                found.append((here, sub))
            else:
                found.extend(_all_sources(sub, here))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            found.extend(_all_sources(sub, f"{at}/{i}"))
    return found


SOURCES = _all_sources(FRAMEWORK)


@pytest.fixture(scope="module")
def seed():
    return require_seed(SEED_TEXT, SEED_PATH)


# --- every shipped text occurs in the seed ---------------------------------------------


@pytest.mark.parametrize("node", LEAVES, ids=[n["id"] for n in LEAVES])
def test_statement_in_seed(seed, node):
    statement = node["statement"]
    assert statement and statement == statement.strip()
    assert not statement.startswith("\u2022"), "bullet character left in"
    assert norm(statement) in seed, f"{node['id']}: statement not in seed"


@pytest.mark.parametrize("node", LEAVES, ids=[n["id"] for n in LEAVES])
def test_title_is_start_of_statement(seed, node):
    # A sub-area's, national priority's or question's title is its statement (or, for a
    # two-sentence statement, its first sentence); a contributory factor's title is the
    # factor's opening words, which serve as its heading.
    title = node["title"]
    assert title and title == title.strip()
    assert node["statement"].startswith(title), f"{node['id']}: title is not the start of the statement"
    assert norm(title) in seed


def test_area_titles_in_seed(seed):
    for node in AREA_NODES:
        assert norm(node["title"]) + ":" in seed, node["id"]


def test_group_titles_in_seed(seed):
    # Group headings are capitalised; the seed uses them in running text.
    for gid in ("CF", "NP", "LP"):
        assert norm(BY_ID[gid]["title"]).lower() in seed.lower(), gid


@pytest.mark.parametrize(
    "name,index,item", REFERENCE_ITEMS, ids=[f"{n}[{i}]" for n, i, _ in REFERENCE_ITEMS]
)
def test_reference_item_in_seed(seed, name, index, item):
    assert item and item == item.strip()
    assert not item.startswith("\u2022"), "bullet character left in"
    assert norm(item) in seed, f"{name}[{index}] not in seed: {item!r}"


def test_reference_lists_in_seed_order(seed):
    for name, ref in FRAMEWORK.get("references", {}).items():
        pos = 0
        for item in ref["items"]:
            found = seed.find(norm(item), pos)
            assert found >= 0, f"{name}: {item!r} out of seed order"
            pos = found + 1


def test_peer_working_principles_shipped():
    refs = FRAMEWORK.get("references", {})
    for name in ("peer_working_purpose", "peer_working_is", "peer_working_is_not",
                 "peer_working_principles", "peer_working_behaviours"):
        assert refs.get(name, {}).get("items"), name
        assert "Annex C" in refs[name]["source"], name


@pytest.mark.parametrize("entry", GLOSSARY, ids=[g["term"] for g in GLOSSARY])
def test_glossary_entry_in_seed(seed, entry):
    assert norm(entry["term"]) in seed
    assert entry["definition"] == entry["definition"].strip()
    assert norm(entry["definition"]) in seed, f"definition of {entry['term']!r} not in seed"
    assert entry.get("source", "").startswith("001")


def test_sub_areas_in_seed_order(seed):
    pos = seed.find("A school’s standard self-evaluation cycle should include coverage of the following areas")
    assert pos >= 0
    for area in AREA_NODES:
        found = seed.find(norm(area["title"]) + ":", pos)
        assert found >= 0, f"{area['id']} out of seed order"
        pos = found + 1
        for node in area["children"]:
            found = seed.find(norm(node["statement"]), pos)
            assert found >= 0, f"{node['id']} out of seed order"
            pos = found + 1


def test_factors_in_seed_order(seed):
    pos = seed.find("Successful curriculum realisation will be supported by schools:")
    assert pos >= 0
    for i, node in enumerate(FACTORS, 1):
        found = seed.find(f"{i}. {norm(node['statement'])}", pos)
        assert found >= 0, f"{node['id']} out of seed order"
        pos = found + 1


def test_national_priorities_are_the_statutory_list(seed):
    pos = seed.find("all governing bodies must also take account of the following national priorities")
    assert pos >= 0
    for node in NPS:
        found = seed.find(norm(node["statement"]), pos)
        assert found >= 0, node["id"]
        pos = found + 1


def test_progress_questions_in_seed(seed):
    for i, node in enumerate(QUESTIONS, 1):
        assert seed.count(f"{i}. {norm(node['statement'])}") == 2, node["id"]


# --- sources ---------------------------------------------------------------------------


@pytest.mark.parametrize("pointer,source", SOURCES, ids=[p for p, _ in SOURCES])
def test_quoted_passages_in_seed(seed, pointer, source):
    assert source.strip(), f"{pointer}: empty source"
    assert source.count("'") % 2 == 0, f"{pointer}: unbalanced straight quotes in {source!r}"
    for quoted in QUOTE.findall(source):
        pos = 0
        for piece in quoted.split("…"):
            piece = norm(piece)
            if not piece:
                continue
            found = seed.find(piece, pos)
            assert found >= 0, f"{pointer}: quoted passage not in seed: {piece!r}"
            pos = found + len(piece)


def test_every_node_has_a_source():
    def walk(nodes):
        for n in nodes:
            yield n
            yield from walk(n.get("children", []))
    for node in walk(TOP):
        assert node.get("source", "").startswith("001"), node["id"]


def test_every_rule_and_check_has_a_source():
    for rule in FRAMEWORK["plan_rules"]:
        assert rule.get("source", "").strip(), rule["id"]
        assert QUOTE.search(rule["source"]), f"{rule['id']}: source quotes no seed passage"
        assert rule.get("title", "").strip(), rule["id"]
    for check in FRAMEWORK["audit_checks"]:
        assert check.get("source", "").strip(), check["id"]
        assert QUOTE.search(check["source"]), f"{check['id']}: source quotes no seed passage"
        assert check.get("title", "").strip(), check["id"]
    for rule in FRAMEWORK["outcome"]["rules"]:
        assert rule.get("source", "").strip(), rule["id"]
    for name, param in FRAMEWORK["parameters"].items():
        assert param.get("source", "").strip(), name


# --- shape fixed by SPEC §2.4 ------------------------------------------------------


def test_identity():
    assert FRAMEWORK["qmark"] == "framework/1"
    assert FRAMEWORK["id"] == "wales-school-improvement"
    assert FRAMEWORK["source"]["seed"] == SEED_NAME


def test_top_level_order():
    assert [n["id"] for n in TOP] == ["VL", "CLT", "WEI", "CF", "NP", "LP"]
    assert [n["kind"] for n in TOP] == [
        "area", "area", "area", "factor_group", "priority_group", "question_group"]


def test_counts():
    assert len(AREA_NODES) == 3
    assert len(SUB_AREAS) == 18
    assert len(FACTORS) == 8
    assert len(NPS) == 2
    assert len(QUESTIONS) == 2


def test_areas_match_spec():
    got = [(a["id"], a["title"], [c["id"] for c in a["children"]]) for a in AREA_NODES]
    want = [(aid, title, [f"{aid}.{i}" for i in range(1, n + 1)]) for aid, title, n in AREAS]
    assert got == want


def test_leaf_ids_and_kinds():
    assert [n["id"] for n in FACTORS] == [f"CF{i}" for i in range(1, 9)]
    assert [n["id"] for n in NPS] == ["NP1", "NP2"]
    assert [n["id"] for n in QUESTIONS] == ["LP.1", "LP.2"]
    for nodes, kind in ((SUB_AREAS, "sub_area"), (FACTORS, "factor"),
                        (NPS, "national_priority"), (QUESTIONS, "progress_question")):
        for n in nodes:
            assert n["kind"] == kind and not n.get("children"), n["id"]


def test_ids_unique():
    ids = [n["id"] for n in TOP + LEAVES]
    assert len(ids) == len(set(ids))


def test_scale_and_kinds():
    (scale,) = FRAMEWORK["scales"]
    assert scale["id"] == "se-finding"
    assert [(lv["id"], lv["label"]) for lv in scale["levels"]] == [
        ("area_for_development", "Area for development"), ("secure", "Secure"), ("strength", "Strength")]
    kinds = {k["id"]: k for k in FRAMEWORK["node_kinds"]}
    for kid in ("area", "factor_group", "priority_group", "question_group"):
        assert kinds[kid]["judgeable"] is False and kinds[kid]["aggregate"] == "counts", kid
    for kid in ("sub_area", "factor", "national_priority", "progress_question"):
        assert kinds[kid]["judgeable"] is True and kinds[kid]["scale"] == "se-finding", kid


def test_cycle_parameter():
    assert FRAMEWORK["parameters"]["cycle_months"]["value"] == 12
    assert "at least annually" in FRAMEWORK["parameters"]["cycle_months"]["source"]


def test_audit_checks():
    got = [(c["id"], c["type"], c["code"]) for c in FRAMEWORK["audit_checks"]]
    assert got == AUDIT_CHECKS
    by_id = {c["id"]: c for c in FRAMEWORK["audit_checks"]}
    assert all(c["severity"] == "should" for c in by_id.values())
    assert by_id["SE.COVERAGE"]["of_kind"] == "sub_area"
    assert by_id["SE.COVERAGE"]["window_months"] == "cycle_months"
    assert by_id["SE.NOT_DATA_ONLY"]["of_kind"] == "area"
    assert by_id["SE.NOT_DATA_ONLY"]["kinds"] == ["data"]
    assert set(by_id["SE.COMMUNITY_HEARD"]["groups"]) == {
        "learners", "staff", "support_staff", "governors", "parents_carers"}
    assert by_id["SE.PROGRESS_QUESTIONS"]["nodes"] == ["LP.1", "LP.2"]


def test_outcome_makes_no_award():
    outcome = FRAMEWORK["outcome"]
    assert outcome["outcomes"] == [
        {"id": "self_evaluation_recorded", "award": None, "title": "Self-evaluation recorded"}]
    assert [(r["id"], r["outcome"], r["when"]) for r in outcome["rules"]] == [
        ("wsi.recorded", "self_evaluation_recorded", {"always": True})]


def test_plan_rules_are_spec_table():
    assert [(r["id"], r["severity"]) for r in FRAMEWORK["plan_rules"]] == PLAN_RULES


def test_plan_rules_match_spec_file_when_present():
    spec = REPO_ROOT.parent / "shared" / "SPEC.md"
    if not spec.is_file():
        pytest.skip(f"no {spec}")
    text = spec.read_text(encoding="utf-8")
    section = text[text.index("### 2.4"):text.index("### 2.5")]
    rows = re.findall(r"^\| `(SDP\.[A-Z0-9_]+)` \| (must|should) \|", section, re.M)
    assert rows == PLAN_RULES


def _check_pointers(check, at):
    """The JSON Pointers a check names, with where it names them."""
    assert check["type"] in CHECK_TYPES, f"{at}: unknown check type {check['type']!r}"
    out = []
    for key in ("member", "from", "to", "items", "event", "done", "holidays"):
        if key in check:
            out.append((f"{at}/{key}", check[key]))
    for key in ("members", "dates"):
        for i, p in enumerate(check.get(key, [])):
            out.append((f"{at}/{key}/{i}", p))
    for i, sub in enumerate(check.get("checks", [])):
        out.extend(_check_pointers(sub, f"{at}/checks/{i}"))
    return out


def _all_checks(check):
    yield check
    for sub in check.get("checks", []):
        yield from _all_checks(sub)


@pytest.mark.parametrize("rule", FRAMEWORK["plan_rules"], ids=[r["id"] for r in FRAMEWORK["plan_rules"]])
def test_plan_rule_checks_name_plan_members(rule):
    for at, pointer in _check_pointers(rule["check"], rule["id"]):
        parts = pointer.split("/")
        assert parts[0] == "" and parts[1] in PLAN_MEMBERS, f"{at}: {pointer!r} is not a plan/1 member"
        inner = PLAN_MEMBERS[parts[1]]
        if len(parts) > 2 and inner is not None:
            assert parts[2] in inner, f"{at}: {pointer!r} is not a plan/1 member"
        if parts[1] == "priorities" and len(parts) > 2:
            assert parts[2] == "*" and parts[3] in PRIORITY_MEMBERS and len(parts) == 4, pointer
    for check in _all_checks(rule["check"]):
        items = check.get("items", "")
        members = PRIORITY_MEMBERS if items == "/priorities" else ACTION_MEMBERS
        for key in ("text", "nonempty"):
            for rel in check.get(key, []):
                assert rel in members, f"{rule['id']}: {rel!r} is not a member of the items of {items}"
        if "field" in check:
            assert check["field"] in PRIORITY_MEMBERS, rule["id"]
        if "where" in check:
            assert check["where"]["has"] in members, rule["id"]

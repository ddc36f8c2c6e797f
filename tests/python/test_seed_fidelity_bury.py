"""Seed fidelity for the built-in `bury-iqm` framework (seed 004).

Every statement, heading, evidence line and glossary entry that
frameworks/bury-iqm.json ships must occur in the seed text, and the tree must
have the shape SPEC.md §2.1 fixes. Whitespace is normalised on both sides
(every run of whitespace becomes one space) because the seed's tabs, line
breaks and doubled spaces are layout, not content.

The seeds are found at <repo>/../shared/seeds, or in the directory named by
the QMARK_SEEDS environment variable when it is set.
"""

import re

import pytest

from seed_support import REPO_ROOT, load_json, norm, read_seed, require_seed, seeds_dir

FRAMEWORK_PATH = REPO_ROOT / "frameworks" / "bury-iqm.json"
SEED_NAME = "004_d75febef32d1d801.txt"

SEED_PATH = seeds_dir() / SEED_NAME

# SPEC.md §2.1: sections in seed order, each with its strands and standard counts.
SPEC_TABLE = [
    ("WSA", [("ETHOS", 3), ("LEAD", 4), ("CPD", 1), ("PCP", 1), ("DIFF", 2), ("POL", 3)]),
    ("IL", [("CURR", 6), ("PROG", 5), ("TRANS", 1)]),
    ("EHW", [("RES", 12), ("BEL", 2)]),
    ("PI", [("WSA", 3), ("STAKE", 8), ("COMM", 2)]),
]

LIMITING = {
    "WSA.ETHOS.1",
    "WSA.LEAD.3",
    "WSA.POL.1",
    "EHW.RES.1",
    "EHW.RES.7",
    "EHW.RES.10",
    "PI.STAKE.6",
}

GLOSSARY_TERMS = [
    "Co-production",
    "Graduated approach",
    "Inclusion champion",
    "Inclusive Quality First Teaching",
    "Internal exclusion",
    "Off-rolling",
    "Participation",
    "Permanent exclusion",
    "Person centred planning",
    "Progress",
    "Recent",
    "Stakeholders",
    "Whole school community",
]



def _load_framework():
    return load_json(FRAMEWORK_PATH)


FRAMEWORK = _load_framework()
SEED_TEXT = read_seed(SEED_PATH)

SECTIONS = [n for n in FRAMEWORK["nodes"]]
STRANDS = [st for s in SECTIONS for st in s.get("children", [])]
STANDARDS = [c for st in STRANDS for c in st.get("children", [])]
GLOSSARY = FRAMEWORK.get("glossary", [])

EVIDENCE_LINES = [
    (section["id"], stage, i, line)
    for section in SECTIONS
    for stage, lines in section.get("evidence_guidance", {}).items()
    for i, line in enumerate(lines)
]


@pytest.fixture(scope="module")
def seed():
    return require_seed(SEED_TEXT, SEED_PATH)


# --- every shipped text occurs in the seed ---------------------------------------------


@pytest.mark.parametrize("std", STANDARDS, ids=[s["id"] for s in STANDARDS])
def test_standard_statement_in_seed(seed, std):
    assert std["statement"] == std["statement"].strip()
    assert norm(std["statement"]) in seed, f"{std['id']}: statement not in seed"


@pytest.mark.parametrize("std", STANDARDS, ids=[s["id"] for s in STANDARDS])
def test_standard_title_is_statement(seed, std):
    assert std["title"] == std["statement"]
    assert norm(std["title"]) in seed


@pytest.mark.parametrize("node", SECTIONS + STRANDS, ids=[n["id"] for n in SECTIONS + STRANDS])
def test_heading_in_seed(seed, node):
    assert node["title"] == node["title"].strip()
    assert norm(node["title"]) in seed, f"{node['id']}: heading not in seed"


@pytest.mark.parametrize(
    "section_id,stage,index,line",
    EVIDENCE_LINES,
    ids=[f"{s}.{stage}[{i}]" for s, stage, i, _ in EVIDENCE_LINES],
)
def test_evidence_line_in_seed(seed, section_id, stage, index, line):
    assert line and line == line.strip()
    assert not line.startswith("\u00b7"), "bullet character left in"
    assert norm(line) in seed, f"{section_id} {stage}[{index}] not in seed: {line!r}"


@pytest.mark.parametrize("entry", GLOSSARY, ids=[g["term"] for g in GLOSSARY])
def test_glossary_entry_in_seed(seed, entry):
    assert norm(entry["term"]) in seed
    assert entry["definition"] == entry["definition"].strip()
    assert norm(entry["definition"]) in seed, f"definition of {entry['term']!r} not in seed"
    assert entry["source"] == "004: Glossary of terms and definitions"


def test_standards_in_seed_order(seed):
    pos = 0
    for std in STANDARDS:
        found = seed.find(norm(std["statement"]), pos)
        assert found >= 0, f"{std['id']} out of seed order"
        pos = found + 1


def test_glossary_in_seed_order(seed):
    pos = seed.find("Glossary of terms and definitions")
    assert pos >= 0
    for entry in GLOSSARY:
        found = seed.find(norm(entry["definition"]), pos)
        assert found >= 0, f"{entry['term']} out of seed order"
        pos = found + 1


def test_limiting_note_quotes_seed(seed):
    quote = "Please note: standards highlighted in green are limiting judgements for accreditation"
    assert quote in seed
    assert quote in FRAMEWORK["limiting_note"]


# --- shape fixed by SPEC §2.1 ------------------------------------------------------


def test_counts():
    assert len(SECTIONS) == 4
    assert len(STRANDS) == 14
    assert len(STANDARDS) == 53
    assert len(GLOSSARY) == 13


def test_kinds():
    assert all(n["kind"] == "section" for n in SECTIONS)
    assert all(n["kind"] == "strand" for n in STRANDS)
    assert all(n["kind"] == "standard" and not n.get("children") for n in STANDARDS)


def test_glossary_terms():
    assert [g["term"] for g in GLOSSARY] == GLOSSARY_TERMS


def test_sections_and_strands_match_spec_table():
    got = [
        (s["id"], [(st["id"], len(st.get("children", []))) for st in s.get("children", [])])
        for s in SECTIONS
    ]
    want = [
        (sec, [(f"{sec}.{code}", n) for code, n in strands]) for sec, strands in SPEC_TABLE
    ]
    assert got == want


@pytest.mark.parametrize("strand", STRANDS, ids=[s["id"] for s in STRANDS])
def test_standard_numbering(strand):
    ids = [c["id"] for c in strand.get("children", [])]
    assert ids == [f"{strand['id']}.{i}" for i in range(1, len(ids) + 1)]
    for c in strand.get("children", []):
        assert re.fullmatch(r"[A-Z]+\.[A-Z]+\.[1-9][0-9]*", c["id"])


def test_ids_unique():
    ids = [n["id"] for n in SECTIONS + STRANDS + STANDARDS]
    assert len(ids) == len(set(ids))


def test_limiting_set():
    limiting = {s["id"] for s in STANDARDS if s.get("limiting")}
    assert limiting == LIMITING
    for s in STANDARDS:
        if s["id"] in LIMITING:
            assert s["limiting"] is True
            assert s["limiting_basis"] == "assumed"
        else:
            assert "limiting_basis" not in s


def test_spec_examples():
    by_id = {s["id"]: s["statement"] for s in STANDARDS}
    assert by_id["WSA.ETHOS.1"] == "Leaders drive a culture that promotes inclusion."
    assert by_id["EHW.RES.7"] == "There are no recent incidents of permanent exclusions."
    assert by_id["EHW.RES.10"] == "There are no incidents of off-rolling."
    assert by_id["PI.STAKE.6"] == "Learners say that they feel fully included."


def test_every_section_has_both_evidence_lists():
    assert FRAMEWORK["evidence_stages"] == ["pre_visit", "during_visit"]
    for s in SECTIONS:
        guidance = s.get("evidence_guidance", {})
        assert set(guidance) == {"pre_visit", "during_visit"}, s["id"]
        assert guidance["pre_visit"] and guidance["during_visit"], s["id"]

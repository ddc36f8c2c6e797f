"""The crosswalks under frameworks/crosswalks/ (SPEC.md §2.5) are sound data.

For every crosswalk/1 file: its "from" and "to" frameworks are shipped under frameworks/,
every mapping names nodes those frameworks have, the relation is "exact" or "related",
no (from, to) pair appears twice, every justification quotes both statements it joins
word for word (a node's "statement", or its "title" when it has none, inside single
quotes), and the mappings are sorted by the from node's framework order, then the to
node's. The crosswalks SPEC.md requires are shipped. Standard library and pytest only.
"""

import functools
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK_DIR = ROOT / "frameworks"
CROSSWALK_DIR = FRAMEWORK_DIR / "crosswalks"
RELATIONS = {"exact", "related"}
REQUIRED = (("bury-iqm", "wales-iqm"), ("bury-iqm", "kcc-inclusive-practice"))


# --------------------------------------------------------------------------- helpers


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def frameworks():
    """framework id -> framework document, for every framework/1 file under frameworks/."""
    found = {}
    for path in sorted(FRAMEWORK_DIR.glob("*.json")):
        document = load(path)
        if isinstance(document, dict) and document.get("qmark") == "framework/1":
            found[document["id"]] = document
    return found


@functools.lru_cache(maxsize=None)
def framework_nodes(framework_id):
    """node id -> (position in framework order, quoted text) for one framework.

    Framework order is the order of the tree read depth first, parents before children,
    as the nodes appear in the file. The quoted text is the node's statement, or its
    title when it has no statement."""
    nodes = {}

    def walk(children):
        for node in children:
            text = node.get("statement") or node.get("title")
            nodes[node["id"]] = (len(nodes), text)
            walk(node.get("children", []))

    walk(frameworks()[framework_id]["nodes"])
    return nodes


def crosswalk_files():
    return sorted(CROSSWALK_DIR.glob("*.json")) if CROSSWALK_DIR.is_dir() else []


CROSSWALK_FILES = crosswalk_files()
IDS = [p.name for p in CROSSWALK_FILES]


@functools.lru_cache(maxsize=None)
def crosswalk(path):
    return load(path)


def mappings(path):
    return crosswalk(path).get("mappings", [])


def known_nodes(path):
    """The mappings of a crosswalk whose frameworks and nodes exist, with the node data."""
    document = crosswalk(path)
    source, target = document["from"], document["to"]
    if source not in frameworks() or target not in frameworks():
        pytest.skip("frameworks missing (reported by test_frameworks_exist)")
    return framework_nodes(source), framework_nodes(target)


# --------------------------------------------------------------------------- the files


def test_required_crosswalks_are_shipped():
    shipped = {(crosswalk(p).get("from"), crosswalk(p).get("to")) for p in CROSSWALK_FILES}
    for source, target in REQUIRED:
        assert (source, target) in shipped or (target, source) in shipped, \
            f"no crosswalk joins {source} and {target}"
        path = CROSSWALK_DIR / f"{source}--{target}.json"
        assert path.is_file(), f"{path.relative_to(ROOT)} is missing"


@pytest.mark.parametrize("path", CROSSWALK_FILES, ids=IDS)
def test_header(path):
    document = crosswalk(path)
    assert document.get("qmark") == "crosswalk/1"
    assert document.get("id") == path.stem, "a shipped crosswalk's id is its file name"
    assert document.get("id") == f"{document.get('from')}--{document.get('to')}"
    for member in ("version", "title", "source"):
        assert isinstance(document.get(member), str) and document[member].strip(), member
    assert isinstance(document.get("mappings"), list) and document["mappings"], "no mappings"


@pytest.mark.parametrize("path", CROSSWALK_FILES, ids=IDS)
def test_frameworks_exist(path):
    document = crosswalk(path)
    known = sorted(frameworks())
    for end in ("from", "to"):
        assert document[end] in known, \
            f'"{end}": no framework {document[end]!r} under frameworks/'
    assert document["from"] != document["to"]


@pytest.mark.parametrize("path", CROSSWALK_FILES, ids=IDS)
def test_mappings_name_existing_nodes(path):
    source_nodes, target_nodes = known_nodes(path)
    document = crosswalk(path)
    bad = []
    for i, mapping in enumerate(mappings(path)):
        if mapping.get("from") not in source_nodes:
            bad.append(f"/mappings/{i}/from: {document['from']} has no node {mapping.get('from')!r}")
        if mapping.get("to") not in target_nodes:
            bad.append(f"/mappings/{i}/to: {document['to']} has no node {mapping.get('to')!r}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", CROSSWALK_FILES, ids=IDS)
def test_relations(path):
    bad = [f"/mappings/{i}: {m.get('relation')!r}" for i, m in enumerate(mappings(path))
           if m.get("relation") not in RELATIONS]
    assert not bad, "relation must be exact or related:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", CROSSWALK_FILES, ids=IDS)
def test_no_duplicate_pairs(path):
    seen, duplicates = set(), []
    for mapping in mappings(path):
        pair = (mapping.get("from"), mapping.get("to"))
        if pair in seen:
            duplicates.append(f"{pair[0]} -> {pair[1]}")
        seen.add(pair)
    assert not duplicates, "pairs mapped more than once:\n" + "\n".join(duplicates)


@pytest.mark.parametrize("path", CROSSWALK_FILES, ids=IDS)
def test_justifications_quote_both_statements(path):
    source_nodes, target_nodes = known_nodes(path)
    bad = []
    for i, mapping in enumerate(mappings(path)):
        justification = mapping.get("justification")
        if not isinstance(justification, str) or not justification.strip():
            bad.append(f"/mappings/{i}: empty justification")
            continue
        for end, nodes in (("from", source_nodes), ("to", target_nodes)):
            node = mapping.get(end)
            if node not in nodes:
                continue  # reported by test_mappings_name_existing_nodes
            text = nodes[node][1]
            if f"'{text}'" not in justification:
                bad.append(f"/mappings/{i}: does not quote {node} '{text}'")
        # a reason besides the two quotations (and the node ids around them)
        rest = justification
        for end, nodes in (("from", source_nodes), ("to", target_nodes)):
            if mapping.get(end) in nodes:
                rest = rest.replace(f"'{nodes[mapping[end]][1]}'", "")
        words = [w.strip(".,;:!?()\"'’") for w in rest.split()]
        if len([w for w in words if w.isalpha()]) < 8:
            bad.append(f"/mappings/{i}: no reason besides the quotations")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", CROSSWALK_FILES, ids=IDS)
def test_mappings_are_in_framework_order(path):
    source_nodes, target_nodes = known_nodes(path)
    keys = [(source_nodes[m["from"]][0], target_nodes[m["to"]][0]) for m in mappings(path)
            if m.get("from") in source_nodes and m.get("to") in target_nodes]
    for i in range(1, len(keys)):
        assert keys[i - 1] < keys[i], (
            f"/mappings/{i} is out of order (sort by the from node's framework order, "
            "then the to node's)")


# --------------------------------------------------------------------------- the checks can fail


def test_framework_order_is_tree_order():
    source_nodes = framework_nodes("bury-iqm")
    assert source_nodes["WSA.ETHOS.1"][0] < source_nodes["WSA.ETHOS.2"][0] < source_nodes["PI.COMM.2"][0]
    assert source_nodes["EHW.RES.9"][0] < source_nodes["EHW.RES.10"][0]  # not string order


def test_quoted_text_falls_back_to_title():
    # KCC areas carry a statement; an element of wales-iqm has only a title
    assert framework_nodes("wales-iqm")["LEAD"][1] == "Leadership"
    assert framework_nodes("bury-iqm")["WSA.ETHOS.1"][1] == "Leaders drive a culture that promotes inclusion."

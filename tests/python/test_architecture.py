"""SPEC §5: the engine knows no framework.

No framework id, node id, level id, parameter name, outcome or rule id, and no
fractional threshold from the framework data appears in engine code (include/, src/,
capi/, bindings/) as a string or number literal; nor does a framework or node id as a
word inside a literal (help text and messages take their ids from the data).
"""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE_DIRS = ["include", "src", "capi", "bindings"]
SOURCE_SUFFIXES = {".h", ".hpp", ".c", ".cc", ".cpp", ".in", ".py", ".pyi"}


def framework_documents():
    docs = []
    for path in sorted((ROOT / "frameworks").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("qmark", "").startswith("framework/"):
            docs.append(doc)
    return docs


def walk_nodes(nodes):
    for node in nodes:
        yield node
        yield from walk_nodes(node.get("children", []))


def forbidden_names():
    names = set()
    for doc in framework_documents():
        names.add(doc["id"])
        names.update(n["id"] for n in walk_nodes(doc["nodes"]))
        names.update(doc.get("parameters", {}).keys())
        for scale in doc.get("scales", []):
            names.add(scale["id"])
            names.update(level["id"] for level in scale["levels"])
        names.update(k["id"] for k in doc.get("node_kinds", []))
        names.update(o["id"] for o in doc["outcome"].get("outcomes", []))
        names.update(r["id"] for r in doc["outcome"].get("rules", []))
        names.update(d["id"] for d in doc.get("derivations", []))
        names.update(d["fact"] for d in doc.get("derivations", []))
    return names


def forbidden_numbers():
    numbers = set()
    for doc in framework_documents():
        for p in doc.get("parameters", {}).values():
            v = p.get("value")
            if isinstance(v, float) and not v.is_integer():
                numbers.add(repr(v))
    return numbers


def engine_files():
    for d in ENGINE_DIRS:
        base = ROOT / d
        if base.exists():
            for path in sorted(base.rglob("*")):
                if path.is_file() and path.suffix in SOURCE_SUFFIXES:
                    yield path


def framework_and_node_ids():
    ids = set()
    for doc in framework_documents():
        ids.add(doc["id"])
        ids.update(n["id"] for n in walk_nodes(doc["nodes"]))
    return ids


STRING_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')
NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
# A word inside a literal, as ids are spelt (letters, digits, '_', and '.' or '-' inside).
WORD = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")


def test_there_is_framework_data_to_check():
    assert len(framework_documents()) >= 1
    assert "bury-iqm" in forbidden_names()
    assert "EHW.RES.7" in forbidden_names()


@pytest.mark.parametrize("path", list(engine_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_engine_file_names_no_framework(path):
    names = forbidden_names()
    ids = framework_and_node_ids()
    numbers = forbidden_numbers()
    text = path.read_text(encoding="utf-8", errors="replace")
    problems = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in STRING_LITERAL.finditer(line):
            literal = m.group(1) if m.group(1) is not None else m.group(2)
            if literal in names:
                problems.append(f"{lineno}: string literal {literal!r} is framework data")
            for word in WORD.findall(literal):
                if word != literal and word in ids:
                    problems.append(f"{lineno}: string literal {literal!r} names {word!r}, framework data "
                                    "(help and messages take ids from the data)")
        for m in NUMBER.finditer(line):
            if m.group(0) in numbers or repr(float(m.group(0))) in numbers:
                problems.append(f"{lineno}: number {m.group(0)} is a framework threshold")
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_the_scanner_sees_a_framework_literal():
    line = 'if (id == "EHW.RES.7" && ratio == 0.8) return "met";'
    literals = [m.group(1) for m in STRING_LITERAL.finditer(line)]
    assert "EHW.RES.7" in literals and "EHW.RES.7" in forbidden_names()
    help_text = '"built-in framework id, e.g. bury-iqm"'
    words = WORD.findall(STRING_LITERAL.search(help_text).group(1))
    assert "bury-iqm" in words and "bury-iqm" in framework_and_node_ids()
    assert any(n.group(0) == "0.8" for n in NUMBER.finditer(line)) and "0.8" in forbidden_numbers()

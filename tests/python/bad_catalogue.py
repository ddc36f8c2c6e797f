"""The bad-input catalogue (tests/bad/cases.json, described in tests/bad/README.md) as
inputs: each case's bytes, built from its text, its hex, a repeated pattern or an example
document with a JSON Patch applied. Shared by the Python-module and C ABI tests; the
C++ tests read the same file (tests/cpp/test_bad_input.cpp)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "tests" / "bad" / "cases.json"


def patched(document, patch):
    """Applies JSON Patch add / remove / replace operations (RFC 6902)."""
    doc = copy.deepcopy(document)
    for op in patch:
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in op["path"].split("/")[1:]]
        parent = doc
        for token in tokens[:-1]:
            parent = parent[int(token)] if isinstance(parent, list) else parent[token]
        last = tokens[-1]
        if isinstance(parent, list):
            index = len(parent) if last == "-" else int(last)
            if op["op"] == "add":
                parent.insert(index, op["value"])
            elif op["op"] == "remove":
                del parent[index]
            else:
                parent[index] = op["value"]
        elif op["op"] == "remove":
            del parent[last]
        else:
            parent[last] = op["value"]
    return doc


def case_input(case):
    if "text" in case:
        return case["text"].encode()
    if "text_hex" in case:
        return bytes.fromhex(re.sub(r"\s", "", case["text_hex"]))
    if "text_repeat" in case:
        return "".join(p if isinstance(p, str) else p[0] * p[1] for p in case["text_repeat"]).encode()
    base = json.loads((ROOT / case["base"]).read_text(encoding="utf-8"))
    return patched(base, case.get("patch", []))


def catalogue():
    cases = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    return [c for c in cases if not c.get("known_bug") and not c.get("crashes")]

"""qmark._qmark.dumps: the compiled writer of plain data that qmark uses for dict sources.

It must give, byte for byte, json.dumps(obj, ensure_ascii=False, allow_nan=False).encode()
(what qmark passes to the engine for a dict), and None, with no error, for anything it
does not write itself, so that json.dumps (with default= for dates, and its errors) can
still handle those.
"""

from __future__ import annotations

import collections
import datetime
import decimal
import enum
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, List, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmark_support import ROOT, qmark

BENCH = ROOT / "bench"
EXAMPLE_DOCUMENTS = sorted((ROOT / "examples").rglob("*.json"))


def expected(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False).encode("utf-8")


def dumps(obj: Any) -> Any:
    return qmark._qmark.dumps(obj)


def assert_same(obj: Any) -> None:
    got = dumps(obj)
    assert got is not None, f"fell back on plain data: {obj!r:.200}"
    assert got == expected(obj)


# ----------------------------------------------------------------------------- byte identity


@pytest.mark.parametrize("path", EXAMPLE_DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_example_documents(path):
    assert_same(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def generated_audits(tmp_path_factory) -> List[Tuple[str, str]]:
    """Audits bench/generate.py writes (every framework), and the benchmark's own set when
    $QMARK_BENCH_DATA names one."""
    out = tmp_path_factory.mktemp("bench") / "data"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), str(out), "--la", "25", "--national", "0",
                    "--quiet"], check=True, timeout=120)
    files = sorted((out / "la").glob("*.jsonl"))
    if os.environ.get("QMARK_BENCH_DATA"):
        files += sorted((Path(os.environ["QMARK_BENCH_DATA"]) / "la").glob("*.jsonl"))
    lines = [(f"{p.name}:{n}", line) for p in files
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]
    assert len(lines) >= 100
    return lines


def test_generated_audits(generated_audits):
    for name, line in generated_audits:
        audit = json.loads(line)
        assert dumps(audit) == expected(audit), name


CONTROL = "".join(chr(c) for c in range(0x20))

EDGE_STRINGS = [
    "", "a", '"', "\\", '\\"', "\x7f", "é", "中文", "😀", "\U0010ffff", "\u2028\u2029", "\ufeff", "\x00",
    CONTROL, CONTROL[::-1], "a" * 7 + '"', "a" * 8 + "\\", "a" * 9 + "\n", "é" * 5 + "\t" + "😀" * 3,
    "x" * 1000 + "\x1f" + "y" * 1000, "plain ascii text, long enough for several words", "\\u0041",
    "</script>", "'single'", "€uro\x00ne\x01",
] + [chr(c) for c in range(0x20)] + [f"ab{chr(c)}cd" for c in range(0x20)]

EDGE_VALUES = [
    {}, [], (), "", 0, -1, 1, True, False, None, 0.0, -0.0, 1.0, 0.1, 1e-7, 1e16, 1e300, -1e300, 5e-324,
    1.7976931348623157e308, 123456789012345678.0, 2.5, 1 / 3, 2 ** 63 - 1, -(2 ** 63), 2 ** 63, -(2 ** 63) - 1,
    2 ** 64, 10 ** 30, -(10 ** 30), 10 ** 1000, [True, 1, False, 0, 1.0, None],
    ((1, 2), (), ((),), [(3,)]), {"a": {"b": {"c": [[], {}, ""]}}}, {"": ""}, [[[[[]]]]],
    {"k": (1, [2, {"t": (None,)}])}, {"dup": 1, "order": 2, "b": 3, "a": 4},
]


@pytest.mark.parametrize("value", EDGE_STRINGS, ids=lambda s: repr(s)[:40])
def test_strings_as_values_and_keys(value):
    assert_same(value)
    assert_same({value: value, "k": [value, value]})


@pytest.mark.parametrize("value", EDGE_VALUES, ids=lambda v: repr(v)[:40])
def test_values(value):
    assert_same(value)
    assert_same({"v": value, "l": [value]})


def test_nesting_deeper_than_the_reader_accepts():
    deep: Any = "end"
    for i in range(150):
        deep = [deep] if i % 2 else {"d": deep}
    assert_same(deep)


def test_output_larger_than_the_first_buffer():
    big = {f"key{i}": ["x" * 100, i, i / 7, {"n": None}] for i in range(5000)}
    assert len(expected(big)) > 1 << 19
    assert_same(big)


# Plain JSON data with everything json.dumps may refuse mixed in (nan, infinities, lone
# surrogates): dumps gives json.dumps's bytes, or None exactly where json.dumps (or the
# UTF-8 encoding of its text) fails.
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(-2 ** 70, 2 ** 70)
           | st.floats(allow_nan=False, allow_infinity=False)
           | st.text() | st.text(st.characters(max_codepoint=0x7f)) | st.text(st.sampled_from(CONTROL + '"\\é😀a')))
WITH_FAILURES = SCALARS | st.floats() | st.text(st.characters(blacklist_categories=()))


def trees(leaves):
    return st.recursive(leaves, lambda children: st.lists(children, max_size=6)
                        | st.lists(children, max_size=4).map(tuple)
                        | st.dictionaries(st.text(max_size=8) | st.sampled_from(["a", "\n", '"']), children,
                                          max_size=6), max_leaves=40)


@settings(max_examples=300, deadline=None)
@given(trees(SCALARS))
def test_hypothesis_plain_trees(tree):
    assert_same(tree)


@settings(max_examples=300, deadline=None)
@given(trees(WITH_FAILURES))
def test_hypothesis_trees_with_values_json_refuses(tree):
    try:
        want = expected(tree)
    except (ValueError, UnicodeEncodeError):
        want = None
    assert dumps(tree) == want


# ----------------------------------------------------------------------------- fallback


class Color(enum.IntEnum):
    RED = 1


class Name(str):
    pass


class Items(list):
    pass


class Number(float):
    pass


def cycle_list() -> List[Any]:
    out: List[Any] = [1]
    out.append(out)
    return out


def cycle_dict() -> Any:
    out: Any = {"a": 1}
    out["self"] = {"inner": out}
    return out


def nested(depth: int, make: Callable[[Any], Any]) -> Any:
    out: Any = 0
    for _ in range(depth):
        out = make(out)
    return out


FALLBACK = {
    "OrderedDict": collections.OrderedDict(a=1),
    "defaultdict": collections.defaultdict(list, a=[1]),
    "IntEnum value": {"a": Color.RED},
    "str subclass value": {"a": Name("x")},
    "str subclass key": {Name("k"): 1},
    "list subclass": {"a": Items([1])},
    "float subclass": {"a": Number(1.5)},
    "IntEnum after True": {"a": [True, Color.RED]},
    "int key": {1: "a"},
    "float key": {1.5: "a"},
    "None key": {None: "a"},
    "bool key": {True: "a"},
    "tuple key": {(1, 2): "a"},
    "nan": {"a": float("nan")},
    "inf": {"a": [float("inf")]},
    "-inf": {"a": -math.inf},
    "lone surrogate value": {"a": "x\ud800y"},
    "lone surrogate key": {"\udfff": 1},
    "lone surrogate top": "\ud83d",
    "list 100,000 deep": nested(100_000, lambda x: [x]),
    "dict 100,000 deep": nested(100_000, lambda x: {"d": x}),
    "tuple 100,000 deep": nested(100_000, lambda x: (x,)),
    "cycle list": cycle_list(),
    "cycle dict": cycle_dict(),
    "date": {"assessed_on": datetime.date(2026, 6, 30)},
    "datetime": {"at": [datetime.datetime(2026, 6, 30, 12, 0)]},
    "set": {"a": {1, 2}},
    "bytes": {"a": b"x"},
    "Decimal": {"a": decimal.Decimal("1.5")},
    "object": {"a": object()},
    "int past the digit limit": {"a": 10 ** 5000},
    "plain data, then a date last": {"a": [1, "x", {"b": None}], "z": datetime.date(2026, 1, 1)},
}


@pytest.mark.parametrize("value", FALLBACK.values(), ids=FALLBACK.keys())
def test_fallback_returns_none_without_an_error(value):
    assert dumps(value) is None


def test_fallback_leaves_no_error_behind():
    # A pending Python error would surface in the next call that checks for one.
    for value in FALLBACK.values():
        assert dumps(value) is None
        assert dumps({"ok": [1]}) == b'{"ok": [1]}'
        assert json.loads("[1]") == [1]

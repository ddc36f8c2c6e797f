"""qmark._qmark.dumps: the compiled writer of plain data that qmark uses for dict sources.

It must give, byte for byte, json.dumps(obj, ensure_ascii=False, allow_nan=False).encode()
(what qmark passed to the engine for a dict before it existed), and None, with no error,
for anything it does not write itself, so that json.dumps (with default= for dates, and its
errors) still handles those. Through the public API nothing may change but the speed.
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

from qmark_support import EXAMPLE_AUDITS, ROOT, example_audit, qmark, variant

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


# ----------------------------------------------------------------------------- public API


def outcome(call: Callable[[], Any]) -> Tuple[Any, ...]:
    """What a call gives: its decision's (or compliance's) JSON, or its error's type and text."""
    try:
        result = call()
    except Exception as e:  # noqa: BLE001 - the error itself is compared
        return (type(e), str(e), getattr(e, "pointer", None))
    return ("ok", result.to_json())


def old_text(source: Any) -> str:
    """The text qmark passed to the engine for a dict before dumps existed."""
    from qmark._api import _json_default
    return json.dumps(source, ensure_ascii=False, allow_nan=False, default=_json_default)


def test_read_source_writes_plain_dicts_natively():
    from qmark._api import _read_source
    audit = example_audit()
    text = _read_source(audit, "audit")
    assert isinstance(text, bytes) and text == old_text(audit).encode()
    dated = variant(audit, assessed_on=datetime.date(2026, 6, 30))
    assert _read_source(dated, "audit") == old_text(dated)  # json.dumps, default=


@pytest.mark.parametrize("path", EXAMPLE_AUDITS, ids=lambda p: p.name)
def test_assess_dict_is_assess_text(path):
    text = path.read_text(encoding="utf-8")
    audit = json.loads(text)
    fw = qmark.framework(audit["framework"])
    for trace in (True, False):
        assert fw.assess(audit, trace=trace).to_json() == fw.assess(text, trace=trace).to_json()
        assert qmark.assess(audit, trace=trace).to_json() == qmark.assess(text, trace=trace).to_json()
    assert [d.to_json() for d in fw.assess_many([audit, text], threads=1)] == [fw.assess(text).to_json()] * 2


def test_other_documents_as_dicts():
    overlay_path = ROOT / "examples" / "overlays" / "bury-la-example.json"
    overlay = json.loads(overlay_path.read_text(encoding="utf-8"))
    assert qmark.load_overlay(overlay) == qmark.load_overlay(overlay_path)
    fw = qmark.framework("bury-iqm")
    assert fw.with_overlay(overlay).assess(example_audit()) == fw.with_overlay(overlay_path).assess(example_audit())
    framework_doc = fw.document
    assert qmark.load_framework(framework_doc) == qmark.load_framework(json.dumps(framework_doc))
    plan_path = ROOT / "examples" / "plans" / "plan-compliant.json"
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    for framework_id in qmark.frameworks():
        plan_fw = qmark.framework(framework_id)
        assert outcome(lambda: plan_fw.check_plan(plan)) == outcome(lambda: plan_fw.check_plan(plan_path))


BASE = example_audit()
THROUGH_JSON_DUMPS = {
    "date (default=)": variant(BASE, assessed_on=datetime.date(2026, 6, 30)),
    "OrderedDict": collections.OrderedDict(BASE),
    "nan": variant(BASE, extra=float("nan")),
    "infinity": variant(BASE, extra=[math.inf]),
    "set": variant(BASE, extra={1}),
    "int key": variant(BASE, extra={1: "a"}),
    "lone surrogate": variant(BASE, school={"id": "URN:\ud800"}),
    "cycle": variant(BASE, extra=cycle_list()),
    "100,000 deep": variant(BASE, extra=nested(100_000, lambda x: [x])),
    "IntEnum": variant(BASE, extra=Color.RED),
    "str subclass": variant(BASE, school={"id": Name("URN:1")}),
    "object": variant(BASE, extra=object()),
}
PLAIN_BUT_INVALID = {
    "bad date": variant(BASE, assessed_on="2026-02-30"),
    "too deep for the reader": variant(BASE, extra=nested(150, lambda x: [x])),
    "wrong type": variant(BASE, judgements=[]),
    "non-ASCII school id": variant(BASE, school={"id": "Ysgol Gymraeg Brynsiencyn – 😀"}),
    "control characters": variant(BASE, school={"id": CONTROL}),
}


def old_outcome(audit: Any, assess_text: Callable[[str], Any]) -> Tuple[Any, ...]:
    """What an assess call gave for a dict before dumps existed: assess_text of json.dumps's
    text, or the InvalidArgumentError _read_source made of json.dumps's error."""
    try:
        text = old_text(audit)
    except (TypeError, ValueError) as e:
        return (qmark.InvalidArgumentError, f"the audit is not JSON data: {e}", None)
    except RecursionError as e:
        return (RecursionError, str(e), None)
    return outcome(lambda: assess_text(text))


def old_module_assess(text: str) -> Any:
    fw = qmark.framework(qmark._qmark.audit_framework(text))
    return qmark.Decision(fw, fw._native.assess(text, True))


@pytest.mark.parametrize("audit", list(THROUGH_JSON_DUMPS.values()) + list(PLAIN_BUT_INVALID.values()),
                         ids=list(THROUGH_JSON_DUMPS) + list(PLAIN_BUT_INVALID))
def test_assess_behaves_as_before(audit):
    fw = qmark.framework("bury-iqm")
    old_assess = lambda text: qmark.Decision(fw, fw._native.assess(text, True))  # noqa: E731
    assert outcome(lambda: fw.assess(audit)) == old_outcome(audit, old_assess)
    assert outcome(lambda: qmark.assess(audit)) == old_outcome(audit, old_module_assess)


def test_nan_still_raises_invalid_argument_with_json_message():
    with pytest.raises(qmark.InvalidArgumentError) as e:
        qmark.framework("bury-iqm").assess(THROUGH_JSON_DUMPS["nan"])
    assert str(e.value) == "the audit is not JSON data: Out of range float values are not JSON compliant"


def test_assess_many_with_dicts_that_fall_back():
    fw = qmark.framework("bury-iqm")
    audits = [BASE, THROUGH_JSON_DUMPS["date (default=)"], THROUGH_JSON_DUMPS["nan"], PLAIN_BUT_INVALID["bad date"]]
    results = fw.assess_many(audits, threads=1, errors="return")
    assert results[0] == fw.assess(json.dumps(BASE))
    assert results[1] == fw.assess(old_text(THROUGH_JSON_DUMPS["date (default=)"]))
    assert isinstance(results[2], qmark.InvalidArgumentError) and results[2].index == 2
    assert isinstance(results[3], qmark.QmarkError) and results[3].index == 3
    assert str(results[3]) == "audit 3: " + outcome(lambda: fw.assess(old_text(PLAIN_BUT_INVALID["bad date"])))[1]

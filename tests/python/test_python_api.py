"""The qmark Python API (SPEC §4.3): frameworks, overlays, assessment, decisions, batch
assessment, plan checking, reprs and docstrings."""

import datetime
import inspect
import json
import re
import threading
from pathlib import Path

import pytest

from qmark_support import EXAMPLE_AUDITS, EXAMPLE_OVERLAYS, ROOT, empty_audit, example_audit, qmark, variant

NOT_YET = ROOT / "examples" / "audits" / "bury-not-yet-accredited.json"
ACCREDITED = ROOT / "examples" / "audits" / "bury-accredited.json"
LA_OVERLAY = ROOT / "examples" / "overlays" / "bury-la-example.json"


def bury():
    return qmark.framework("bury-iqm")


# ----------------------------------------------------------------------------- module


def test_version_comes_from_the_build():
    cmake = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    expected = re.search(r"project\(\s*qmark\s+VERSION\s+([0-9.]+)", cmake).group(1)
    assert qmark.__version__ == expected
    assert qmark._qmark.__version__ == expected


def test_frameworks_lists_the_built_in_ids_sorted():
    ids = qmark.frameworks()
    assert ids == sorted(ids)
    shipped = {json.loads(p.read_text(encoding="utf-8"))["id"] for p in (ROOT / "frameworks").glob("*.json")}
    assert set(ids) == shipped
    assert "bury-iqm" in ids


@pytest.mark.parametrize("framework_id", ["bury-iqm", "kcc-inclusive-practice", "wales-iqm"])
def test_framework_returns_a_built_in(framework_id):
    fw = qmark.framework(framework_id)
    assert isinstance(fw, qmark.Framework)
    assert fw.id == framework_id
    assert fw.version and fw.title
    assert fw.overlay_id is None and fw.overlay_version is None and fw.overlay is None
    assert fw.document["id"] == framework_id
    assert repr(fw) == f"<Framework {framework_id} {fw.version}>"
    assert fw == qmark.framework(framework_id) and hash(fw) == hash(qmark.framework(framework_id))


def test_framework_rejects_an_unknown_id_and_a_non_string():
    with pytest.raises(qmark.UnknownFrameworkError) as e:
        qmark.framework("no-such-framework")
    assert e.value.code == "unknown_framework"
    assert "bury-iqm" in e.value.message  # the message lists what is built in
    with pytest.raises(TypeError):
        qmark.framework(42)


def test_framework_nodes_and_outcomes():
    fw = bury()
    nodes = fw.nodes
    ids = [n["id"] for n in nodes]
    assert ids[0] == "WSA" and "EHW.RES.7" in ids and len(ids) == len(set(ids))
    by_id = {n["id"]: n for n in nodes}
    standard = by_id["EHW.RES.7"]
    assert standard["parent"] == "EHW.RES" and standard["judgeable"] and not standard["children"]
    assert standard["levels"] == ["not_met", "partially_met", "met"]
    assert standard["limiting"] is True
    assert by_id["WSA"]["parent"] is None and by_id["WSA"]["depth"] == 0
    assert by_id["WSA"]["aggregate"] == "counts" and "WSA.ETHOS" in by_id["WSA"]["children"]
    assert sum(1 for n in nodes if n["judgeable"]) == 53
    assert [o["id"] for o in fw.outcomes] == ["not_yet_accredited", "accredited"]
    assert fw.outcomes[1]["award"] == "accredited"


# ----------------------------------------------------------------------------- loading


def test_load_framework_from_path_dict_json_text_and_bytes():
    document = bury().document
    text = json.dumps(document)
    path = ROOT / "frameworks" / "bury-iqm.json"
    for source in (path, str(path), document, text, text.encode(), "\n  " + text):
        fw = qmark.load_framework(source)
        assert fw.id == "bury-iqm"
        assert fw == bury()


def test_load_framework_reports_every_problem():
    document = bury().document
    document["nodes"][0]["id"] = document["nodes"][1]["id"]  # duplicate id
    document["scales"][0]["levels"][0]["id"] = document["scales"][0]["levels"][1]["id"]
    with pytest.raises(qmark.QmarkError) as e:
        qmark.load_framework(document)
    assert e.value.more, "loading reports every problem: the rest are in .more"
    assert all(isinstance(m, qmark.QmarkError) for m in e.value.more)


def test_load_framework_wrong_argument_types():
    with pytest.raises(TypeError):
        qmark.load_framework(3.5)
    with pytest.raises(qmark.InvalidArgumentError):
        qmark.load_framework({"qmark": "framework/1", "x": {1, 2}})  # a set is not JSON data


def test_load_overlay_and_with_overlay():
    overlay = qmark.load_overlay(LA_OVERLAY)
    assert isinstance(overlay, qmark.Overlay)
    assert overlay.id == "bury-la-example" and overlay.version == "2026.1" and overlay.base == "bury-iqm"
    assert overlay.document["qmark"] == "overlay/1"
    assert repr(overlay) == "<Overlay bury-la-example 2026.1 base=bury-iqm>"
    assert qmark.load_overlay(overlay) is overlay
    assert qmark.load_overlay(str(LA_OVERLAY)) == overlay
    assert qmark.load_overlay(overlay.document) == overlay
    assert hash(qmark.load_overlay(LA_OVERLAY.read_text())) == hash(overlay)

    base = bury()
    fw = base.with_overlay(overlay)
    assert fw.id == "bury-iqm" and fw.overlay_id == "bury-la-example" and fw.overlay_version == "2026.1"
    assert fw.overlay == overlay
    assert base.overlay_id is None, "with_overlay leaves the base unchanged"
    assert repr(fw) == f"<Framework bury-iqm {fw.version} overlay=bury-la-example>"
    assert fw != base
    assert fw.document["overlay_applied"]["id"] == "bury-la-example"
    assert "IL.PROG.3" in [n["id"] for n in fw.nodes if n["limiting"]]
    # any source load_overlay reads works too
    assert base.with_overlay(LA_OVERLAY) == fw
    with pytest.raises(qmark.OverlayMismatchError):
        fw.with_overlay(overlay)  # already has one
    with pytest.raises(qmark.OverlayMismatchError):
        qmark.framework("wales-iqm").with_overlay(overlay)  # made for another framework


def test_constructors_refuse_other_objects():
    with pytest.raises(TypeError):
        qmark.Framework("bury-iqm")
    with pytest.raises(TypeError):
        qmark.Overlay({})
    with pytest.raises(TypeError):
        qmark.Decision("not a framework", "{}")


# ----------------------------------------------------------------------------- assessing


def test_assess_accepts_dict_json_text_str_path_and_pathlib_path():
    fw = bury()
    expected = fw.assess(NOT_YET)
    for source in (str(NOT_YET), NOT_YET.read_text(encoding="utf-8"), NOT_YET.read_bytes(), example_audit()):
        assert fw.assess(source) == expected


def test_decision_attributes():
    d = bury().assess(NOT_YET)
    doc = d.to_dict()
    assert isinstance(d, qmark.Decision)
    assert d.framework == bury()
    assert d.framework_id == "bury-iqm" and d.framework_version == doc["framework"]["version"]
    assert d.overlay_id is None
    assert d.school_id == "URN:100002"
    assert d.assessed_on == datetime.date(2026, 6, 30)
    assert d.judged_by == "self"
    assert d.outcome == "not_yet_accredited" and d.award is None
    assert d.decided_by == doc["decided_by"] and isinstance(d.final, bool)
    assert d.limiting_failures == ["EHW.RES.7", "PI.STAKE.6"]
    level = d.levels["EHW.RES.7"]
    assert level["claimed"] == "met" and level["effective"] == "not_met" and level["basis"] == "fact"
    assert list(d.levels) == [n["id"] for n in d.framework.nodes]
    assert any(f["code"] == "fact_overrides_claim" and f["node"] == "EHW.RES.7" for f in d.findings)
    assert d.next_level == [{"target": "accredited", "needs": ["EHW.RES.7", "PI.STAKE.6"], "reachable": True}]
    assert [a["node"] for a in d.actions] == ["EHW.RES.7", "PI.STAKE.6"]
    assert d.dates == {"decided_on": "2026-06-30", "valid_until": None, "reapply_from": None}
    assert d.trace and {"rule", "result", "inputs"} <= set(d.trace[0])
    assert repr(d) == "<Decision bury-iqm URN:100002 not_yet_accredited award=None>"


def test_decision_to_dict_and_to_json():
    d = bury().assess(ACCREDITED)
    text = d.to_json()
    assert text.endswith("}\n") and text.startswith('{\n  "qmark": "decision/1"')
    assert d.to_dict() == json.loads(text)
    first = d.to_dict()
    first["outcome"] = "changed"
    assert d.to_dict()["outcome"] == "accredited", "to_dict gives a fresh copy"
    assert repr(d) == "<Decision bury-iqm URN:100001 accredited award=accredited>"
    assert d == bury().assess(ACCREDITED) and hash(d) == hash(bury().assess(ACCREDITED))
    assert d != bury().assess(NOT_YET)
    assert qmark.Decision(d.framework, text) == d


def test_assess_without_trace():
    d = bury().assess(NOT_YET, trace=False)
    assert d.trace == []
    assert d.outcome == bury().assess(NOT_YET).outcome


def test_assess_with_an_overlay():
    fw = bury().with_overlay(LA_OVERLAY)
    audit = variant(example_audit(), overlay="bury-la-example")
    d = fw.assess(audit)
    assert d.overlay_id == "bury-la-example"
    assert d.to_dict()["framework"]["overlay"] == {"id": "bury-la-example", "version": "2026.1"}
    assert qmark.assess(audit, overlay=LA_OVERLAY) == d
    assert qmark.assess(audit, overlay=qmark.load_overlay(LA_OVERLAY)) == d
    with pytest.raises(qmark.OverlayMismatchError):
        bury().assess(audit)  # the audit names an overlay the framework does not have


def test_module_level_assess_routes_by_the_audit_framework():
    for path in EXAMPLE_AUDITS:
        d = qmark.assess(path)
        assert d == qmark.framework(d.framework_id).assess(path)
    d = qmark.assess(empty_audit("kcc-inclusive-practice"))
    assert d.framework_id == "kcc-inclusive-practice" and d.school_id == "URN:999999"


@pytest.mark.parametrize("framework_id", ["bury-iqm", "kcc-inclusive-practice", "wales-iqm"])
def test_empty_audits_decide_from_missing_judgements(framework_id):
    d = qmark.framework(framework_id).assess(empty_audit(framework_id))
    assert d.outcome == qmark.framework(framework_id).outcomes[0]["id"]
    assert any(f["code"] == "missing_judgement" for f in d.findings)
    assert all(v["basis"] in ("missing", "aggregate", "fact") for v in d.levels.values())


def test_audit_errors_carry_code_and_pointer():
    fw = bury()
    audit = example_audit()
    audit["judgements"]["NO.SUCH.NODE"] = "met"
    with pytest.raises(qmark.UnknownNodeError) as e:
        fw.assess(audit)
    assert e.value.code == "unknown_node" and e.value.pointer == "/judgements/NO.SUCH.NODE"
    assert str(e.value).endswith("(at /judgements/NO.SUCH.NODE)")
    with pytest.raises(qmark.IoError) as e:
        fw.assess(ROOT / "no-such-audit.json")
    assert isinstance(e.value, OSError) and e.value.code == "io_error"
    with pytest.raises(qmark.IoError):
        fw.assess("no-such-audit.json")
    with pytest.raises(TypeError):
        fw.assess(None)


# ----------------------------------------------------------------------------- batches


def portfolio(n=24):
    """Audits that differ: schools, judgements moved, an exclusion or not."""
    audits = []
    base = [example_audit(p.name) for p in EXAMPLE_AUDITS if example_audit(p.name)["framework"] == "bury-iqm"]
    for k in range(n):
        audit = variant(base[k % len(base)], school={"id": f"URN:{300000 + k}"})
        node = sorted(audit["judgements"])[k % len(audit["judgements"])]
        audit["judgements"][node] = ["not_met", "partially_met", "met"][k % 3]
        if k % 4 == 0:
            audit["facts"]["permanent_exclusions"] = [{"date": "2025-09-01"}]
        audits.append(audit)
    return audits


@pytest.mark.parametrize("threads", [1, 2, None])
def test_assess_many_equals_assess(threads):
    fw = bury()
    audits = portfolio()
    one_by_one = [fw.assess(a) for a in audits]
    batch = fw.assess_many(audits, threads=threads)
    assert [d.to_json() for d in batch] == [d.to_json() for d in one_by_one]
    assert len({d.outcome for d in batch}) == 2, "the portfolio has both outcomes"
    assert fw.assess_many([], threads=threads) == []


def test_assess_many_mixed_sources_and_iterables():
    fw = bury()
    sources = [NOT_YET, str(ACCREDITED), NOT_YET.read_text(), example_audit("bury-accredited.json")]
    batch = fw.assess_many(iter(sources), threads=2)
    assert [d.school_id for d in batch] == ["URN:100002", "URN:100001", "URN:100002", "URN:100001"]


def test_assess_many_errors_raise_or_return():
    fw = bury()
    bad = variant(example_audit(), assessed_on="2026-02-30")
    audits = [NOT_YET, bad, ACCREDITED, "missing-file.json"]
    with pytest.raises(qmark.InvalidDateError) as e:
        fw.assess_many(audits, threads=2)
    assert e.value.index == 1 and str(e.value).startswith("audit 1: ")
    results = fw.assess_many(audits, threads=2, errors="return")
    assert isinstance(results[0], qmark.Decision) and isinstance(results[2], qmark.Decision)
    assert isinstance(results[1], qmark.InvalidDateError) and results[1].pointer == "/assessed_on"
    assert isinstance(results[3], qmark.IoError) and results[3].index == 3
    with pytest.raises(qmark.IoError) as e:
        fw.assess_many([NOT_YET, "missing-file.json"])
    assert e.value.index == 1
    with pytest.raises(ValueError):
        fw.assess_many(audits, errors="ignore")
    with pytest.raises(qmark.InvalidArgumentError):
        fw.assess_many([NOT_YET], threads=-1)
    with pytest.raises(TypeError):
        fw.assess_many([NOT_YET], threads=1.5)


@pytest.mark.parametrize("threads", [1, 2, 3, 8])
def test_assess_many_results_come_back_in_order_however_they_finish(threads):
    # Results are turned into Python objects in order while the other threads still work:
    # a long batch of valid and invalid audits (str and bytes), cheap and dear ones mixed.
    fw = bury()
    good = [json.dumps(a) for a in portfolio()]
    bad = json.dumps(variant(example_audit(), assessed_on="2026-02-30"))
    texts = []
    for k in range(240):
        t = good[k % len(good)] if k % 7 else bad
        texts.append(t.encode() if k % 3 == 0 else t)
    expected = []
    for t in texts:
        try:
            expected.append(fw.assess(t).to_json())
        except qmark.QmarkError as e:
            expected.append((type(e), e.pointer))
    results = fw.assess_many(texts, threads=threads, errors="return")
    got = [r.to_json() if isinstance(r, qmark.Decision) else (type(r), r.pointer) for r in results]
    assert got == expected
    assert [r.index for r in results if not isinstance(r, qmark.Decision)] == list(range(0, 240, 7))
    with pytest.raises(TypeError):
        fw._native.assess_many([texts[1], 42], threads, False)


def test_a_decision_writes_its_text_when_first_needed():
    # Assessing keeps the engine's decision; its decision/1 text is written once, on first use,
    # and is the text the command line prints.
    fw = bury()
    text = NOT_YET.read_text()
    for d in (fw.assess(text), fw.assess_many([text], threads=1)[0], qmark.assess(text)):
        assert not isinstance(d._source, str)
        assert d.outcome == "not_yet_accredited"
        assert isinstance(d._source, str)
        assert d.to_json() == fw.assess(text).to_json()
    d = fw.assess(text, trace=False)
    del fw
    import gc
    gc.collect()
    assert json.loads(d.to_json())["trace"] == []


def test_assess_many_releases_the_gil():
    # While a long batch runs in C++, another Python thread keeps running.
    fw = bury()
    audits = [NOT_YET.read_text()] * 1500
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        before = len(ticks)
        fw.assess_many(audits, threads=1)
        during = len(ticks) - before
    finally:
        done.set()
        t.join()
    assert during > 5, "the ticker thread ran while assess_many worked"


def test_frameworks_are_shared_between_python_threads():
    fw = bury()
    expected = fw.assess(NOT_YET).to_json()
    out = []

    def work():
        out.extend(fw.assess(NOT_YET).to_json() for _ in range(20))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [expected] * 80


# ----------------------------------------------------------------------------- plans


def minimal_plan():
    return {"qmark": "plan/1", "school": {"id": "URN:100001"}, "as_of": "2026-09-01",
            "covers": {"from": "2026-09-01", "to": "2029-08-31"}, "priorities": []}


@pytest.mark.parametrize("framework_id", ["wales-school-improvement", "bury-iqm"])
def test_check_plan_returns_compliance_or_raises_a_qmark_error(framework_id):
    # check_plan is being written on the C++ side: today it may refuse; either way the
    # result is a Compliance or a QmarkError subclass, never anything else.
    if framework_id not in qmark.frameworks():
        pytest.fail(f"{framework_id} is not built in")
    fw = qmark.framework(framework_id)
    try:
        result = fw.check_plan(minimal_plan())
    except qmark.QmarkError as e:
        assert type(e) is not qmark.QmarkError and e.code in qmark.ERROR_CLASSES
        assert e.message
    else:
        assert isinstance(result, qmark.Compliance)
        assert isinstance(result.compliant, bool)
        assert result.to_dict() == json.loads(result.to_json())
        assert result.framework is fw
        assert repr(result).startswith("<Compliance ")


def test_check_plan_rejects_what_is_not_a_plan():
    fw = bury()
    with pytest.raises(qmark.WrongFormatError):
        fw.check_plan(example_audit())
    with pytest.raises(qmark.MalformedJsonError):
        fw.check_plan("{")


def test_compliance_reads_its_document():
    fw = qmark.framework("bury-iqm")
    text = json.dumps({"qmark": "compliance/1", "school": {"id": "URN:1"}, "verdict": "compliant",
                       "rules": [{"id": "r1", "severity": "must", "result": "pass", "message": "ok"}]}, indent=2)
    c = qmark.Compliance(fw, text, True)
    assert c.compliant is True and c.verdict == "compliant" and c.school_id == "URN:1"
    assert c.rules[0]["id"] == "r1" and c.framework is fw
    assert c.to_json() == text and c.to_dict() == json.loads(text)
    assert repr(c) == "<Compliance bury-iqm URN:1 compliant compliant=True>"
    assert c == qmark.Compliance(fw, text, True) and hash(c) == hash(qmark.Compliance(fw, text, True))


# ----------------------------------------------------------------------------- docs


def public_callables():
    for name in qmark.__all__:
        obj = getattr(qmark, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            yield f"qmark.{name}", obj
            if inspect.isclass(obj):
                for member, value in vars(obj).items():
                    if not member.startswith("_") or member == "__init__":
                        yield f"qmark.{name}.{member}", value
    for name in ("profile", "profile_values"):
        yield f"qmark.plot.{name}", getattr(qmark.plot, name)


def test_every_public_function_class_and_member_has_a_docstring():
    missing = [name for name, obj in public_callables() if not (getattr(obj, "__doc__", None) or "").strip()]
    assert not missing, f"no docstring: {missing}"
    assert qmark.__doc__ and qmark.plot.__doc__


def test_every_binding_has_a_docstring():
    native = qmark._qmark
    assert native.__doc__
    missing = []
    for name in dir(native):
        if name.startswith("_"):
            continue
        obj = getattr(native, name)
        members = [(name, obj)]
        if inspect.isclass(obj):
            members += [(f"{name}.{m}", v) for m, v in vars(obj).items() if not m.startswith("_")]
        for full, value in members:
            doc = (getattr(value, "__doc__", None) or "").strip()
            # pybind11 puts the signature first; the docstring proper follows it
            body = doc.split("\n", 1)[1].strip() if doc.startswith(full.split(".")[-1] + "(") else doc
            if not body:
                missing.append(full)
    assert not missing, f"bindings without a docstring: {missing}"


def test_examples_exist():
    assert EXAMPLE_AUDITS and EXAMPLE_OVERLAYS
    assert Path(qmark.__file__).name == "__init__.py"

"""Frameworks, overlays, decisions, compliance results and errors pickle, so they travel
to worker processes: round trips in this process, in a multiprocessing "spawn" child and
in a fresh interpreter that has never loaded them."""

import json
import multiprocessing
import os
import pickle
import subprocess
import sys

import pytest

import qmark_support
from qmark_support import ROOT, example_audit, qmark

NOT_YET = ROOT / "examples" / "audits" / "bury-not-yet-accredited.json"
ACCREDITED = ROOT / "examples" / "audits" / "bury-accredited.json"
LA_OVERLAY = ROOT / "examples" / "overlays" / "bury-la-example.json"


def round_trip(obj):
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


@pytest.mark.parametrize("framework_id", ["bury-iqm", "kcc-inclusive-practice", "wales-iqm"])
def test_built_in_framework_round_trip(framework_id):
    fw = qmark.framework(framework_id)
    copy = round_trip(fw)
    assert isinstance(copy, qmark.Framework)
    assert copy == fw and copy.id == fw.id and copy.version == fw.version
    assert copy.nodes == fw.nodes
    audit = qmark_support.empty_audit(framework_id)
    assert copy.assess(audit).to_json() == fw.assess(audit).to_json()


def test_framework_pickles_as_document_and_overlay():
    fw = qmark.framework("bury-iqm").with_overlay(LA_OVERLAY)
    reduced = fw.__reduce__()
    document, overlay = reduced[1]
    assert json.loads(document)["id"] == "bury-iqm" and "overlay_applied" not in json.loads(document)
    assert json.loads(overlay)["id"] == "bury-la-example"
    copy = round_trip(fw)
    assert copy == fw and copy.overlay_id == "bury-la-example" and copy.overlay == fw.overlay
    audit = dict(example_audit(), overlay="bury-la-example")
    assert copy.assess(audit) == fw.assess(audit)


def test_loaded_framework_round_trip():
    fw = qmark.load_framework(ROOT / "frameworks" / "bury-iqm.json")
    assert round_trip(fw) == fw


def test_unpickled_frameworks_are_shared():
    fw = qmark.framework("bury-iqm")
    decisions = fw.assess_many([NOT_YET, ACCREDITED])
    first, second = round_trip(decisions[0]), round_trip(decisions[1])
    assert first.framework is second.framework, "unpickling compiles a framework once per process"
    both = round_trip(decisions)
    assert both[0].framework is both[1].framework


def test_overlay_round_trip():
    overlay = qmark.load_overlay(LA_OVERLAY)
    copy = round_trip(overlay)
    assert copy == overlay and copy.id == overlay.id and copy.document == overlay.document


def test_decision_round_trip():
    d = qmark.framework("bury-iqm").assess(NOT_YET)
    copy = round_trip(d)
    assert copy == d and copy.to_json() == d.to_json() and repr(copy) == repr(d)
    assert copy.framework == d.framework
    assert copy.levels == d.levels and copy.limiting_failures == d.limiting_failures


def test_compliance_round_trip():
    fw = qmark.framework("bury-iqm")
    c = qmark.Compliance(fw, '{"qmark": "compliance/1", "verdict": "compliant", "rules": []}\n', True)
    copy = round_trip(c)
    assert copy == c and copy.compliant and copy.framework == fw


def test_native_objects_pickle_too():
    native = qmark._qmark.Framework.builtin("bury-iqm")
    copy = round_trip(native)
    assert copy.document_json() == native.document_json()
    overlay = qmark._qmark.Overlay.parse(LA_OVERLAY.read_bytes())
    assert round_trip(overlay).document_json() == overlay.document_json()
    with_overlay = native.with_overlay(overlay)
    assert round_trip(with_overlay).overlay_id == "bury-la-example"
    assert round_trip(with_overlay).document_json() == with_overlay.document_json()


def test_round_trip_through_a_spawned_process():
    fw = qmark.framework("bury-iqm").with_overlay(LA_OVERLAY)
    audit = dict(example_audit(), overlay="bury-la-example")
    decisions = fw.assess_many([audit, dict(audit, school={"id": "URN:2"})])
    payload = pickle.dumps((fw, decisions, audit))
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        out = pool.apply_async(qmark_support.child_round_trip, (payload,)).get(timeout=120)
    assert out["pid"] != os.getpid()
    assert out["texts"] == [d.to_json() for d in decisions]
    assert out["same_framework"]
    assert out["framework"] == fw
    assert out["again"] == decisions[0], "the child's decision came back equal"


def test_unpickling_in_a_fresh_interpreter(tmp_path):
    fw = qmark.framework("bury-iqm")
    d = fw.assess(NOT_YET)
    path = tmp_path / "decision.pickle"
    path.write_bytes(pickle.dumps({"decision": d, "framework": fw.with_overlay(LA_OVERLAY)}))
    script = (
        "import pickle, sys\n"
        "data = pickle.load(open(sys.argv[1], 'rb'))\n"
        "d, fw = data['decision'], data['framework']\n"
        "print(repr(d)); print(repr(fw))\n"
        "sys.stdout.write(d.to_json())\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                            timeout=120, env=dict(os.environ), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first, second, rest = result.stdout.split("\n", 2)
    assert first == repr(d)
    assert second == f"<Framework bury-iqm {fw.version} overlay=bury-la-example>"
    assert rest == d.to_json()

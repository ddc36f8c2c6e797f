"""Decisions from Python are the CLI's decisions, byte for byte: for every example audit
(with and without each overlay made for its framework), Decision.to_json() is what
`$QMARK_BUILD_DIR/qmark assess FILE --format json` prints and Decision.to_dict() is its
json.loads. Invalid combinations fail the same way in both."""

import json
import subprocess

import pytest

from qmark_support import EXAMPLE_AUDITS, EXAMPLE_OVERLAYS, ROOT, cli, qmark

EXAMPLE_PLANS = sorted((ROOT / "examples" / "plans").glob("*.json"))


def run_cli(*args):
    return subprocess.run([str(cli()), *map(str, args)], capture_output=True, text=True, timeout=60)


def framework_of(path):
    return json.loads(path.read_text(encoding="utf-8"))["framework"]


def overlay_cases():
    cases = []
    for audit in EXAMPLE_AUDITS:
        for overlay in EXAMPLE_OVERLAYS:
            if json.loads(overlay.read_text(encoding="utf-8"))["base"] == framework_of(audit):
                cases.append((audit, overlay))
    return cases


def test_there_are_examples_for_every_built_in_framework_with_outcomes():
    assert EXAMPLE_AUDITS
    assert {framework_of(p) for p in EXAMPLE_AUDITS} >= {"bury-iqm"}


@pytest.mark.parametrize("audit", EXAMPLE_AUDITS, ids=lambda p: p.name)
def test_python_decision_is_the_cli_decision(audit):
    result = run_cli("assess", audit, "--format", "json")
    assert result.returncode == 0, result.stderr
    fw = qmark.framework(framework_of(audit))
    for decision in (fw.assess(audit), qmark.assess(audit), fw.assess_many([audit], threads=1)[0]):
        assert decision.to_json() == result.stdout
        assert decision.to_dict() == json.loads(result.stdout)
    assert fw.assess(json.loads(audit.read_text(encoding="utf-8"))).to_json() == result.stdout


@pytest.mark.parametrize("audit,overlay", overlay_cases(), ids=lambda p: p.stem)
def test_python_decision_with_overlay_is_the_cli_decision(audit, overlay):
    result = run_cli("assess", audit, "--overlay", overlay, "--format", "json")
    fw = qmark.framework(framework_of(audit)).with_overlay(overlay)
    if result.returncode == 0:
        decision = fw.assess(audit)
        assert decision.to_json() == result.stdout
        assert decision.to_dict() == json.loads(result.stdout)
        assert qmark.assess(audit, overlay=overlay).to_json() == result.stdout
    else:
        # the audit judges a node the overlay drops, say: both refuse it alike
        assert result.returncode == 2, result.stderr
        with pytest.raises(qmark.QmarkError) as e:
            fw.assess(audit)
        assert f"[{e.value.code}]" in result.stderr
        if e.value.pointer:
            assert e.value.pointer in result.stderr


@pytest.mark.parametrize("plan", EXAMPLE_PLANS, ids=lambda p: p.name)
def test_plan_checks_agree_with_the_cli(plan):
    # Plan checking is young: wherever the CLI succeeds, Python gives the same document;
    # wherever it does not, Python raises a QmarkError.
    result = run_cli("check-plan", plan, "--format", "json")
    candidates = [f for f in qmark.frameworks() if qmark.framework(f).document.get("plan_rules")]
    if result.returncode == 0:
        assert candidates, "the CLI checked the plan against a framework with plan rules"
        compliance = qmark.framework(candidates[0]).check_plan(plan)
        assert compliance.to_json() == result.stdout
        assert compliance.to_dict() == json.loads(result.stdout)
        assert compliance.compliant == (compliance.verdict == "compliant")
    else:
        with pytest.raises(qmark.QmarkError):
            qmark.framework(candidates[0] if candidates else "bury-iqm").check_plan(plan)

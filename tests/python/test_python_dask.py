"""The Dask example: a JSON-lines portfolio assessed on a LocalCluster of two worker
processes gives the decisions assess_many gives here (frameworks go out and decisions
come back by pickling). Kept small and bounded by timeouts."""

import importlib.util
import json

import pytest

from qmark_support import EXAMPLES_PYTHON, qmark


def load_example(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES_PYTHON / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# distributed 2022.12 with tornado 6.2 on Python 3.11: a deprecation inside tornado's
# IOLoop setup, not in qmark or the example.
@pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")
def test_dask_example_gives_the_assess_many_decisions(tmp_path, capsys):
    import distributed  # noqa: F401  (a test dependency: the test fails when it is missing)

    portfolio = load_example("portfolio")
    dask_portfolio = load_example("dask_portfolio")
    audits = portfolio.generate_audits(16, seed=11)
    kcc = {"qmark": "audit/1", "framework": "kcc-inclusive-practice", "school": {"id": "URN:K1"},
           "assessed_on": "2026-06-30", "judgements": {}, "evidence": []}
    lines = [json.dumps(a) for a in audits[:8]] + [json.dumps(kcc)] + [json.dumps(a) for a in audits[8:]]
    lines.append(json.dumps(dict(audits[0], assessed_on="2026-02-30")))  # invalid: travels back as an error
    lines.append(json.dumps(dict(kcc, framework="no-such-framework")))
    path = tmp_path / "portfolio.jsonl"
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")

    results = dask_portfolio.main(path, n_workers=2, chunk_size=5, timeout=120)
    out = capsys.readouterr().out
    assert "on 2 worker processes" in out and "17 decided, 2 invalid" in out

    expected = qmark.framework("bury-iqm").assess_many(audits, threads=2)
    decisions = [r for r in results if isinstance(r, qmark.Decision)]
    bury = [d for d in decisions if d.framework_id == "bury-iqm"]
    assert [d.to_json() for d in bury] == [d.to_json() for d in expected]
    assert bury == expected
    assert all(d.framework == qmark.framework("bury-iqm") for d in bury)
    assert results[8] == qmark.framework("kcc-inclusive-practice").assess(kcc)
    assert isinstance(results[-2], qmark.InvalidDateError) and results[-2].pointer == "/assessed_on"
    assert isinstance(results[-1], qmark.UnknownFrameworkError)

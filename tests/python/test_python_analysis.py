"""Analysis helpers: qmark.to_dataframe (pandas) and qmark.plot.profile (matplotlib), the
portfolio example, and that `import qmark` imports neither pandas nor matplotlib."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from qmark_support import EXAMPLE_AUDITS, EXAMPLES_PYTHON, ROOT, empty_audit, qmark

NOT_YET = ROOT / "examples" / "audits" / "bury-not-yet-accredited.json"
LA_OVERLAY = ROOT / "examples" / "overlays" / "bury-la-example.json"
PNG = b"\x89PNG\r\n\x1a\n"


def load_example(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES_PYTHON / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def example_decisions():
    return [qmark.assess(p) for p in EXAMPLE_AUDITS]


def test_import_qmark_imports_neither_pandas_nor_matplotlib():
    script = ("import sys, qmark, qmark.plot\n"
              "print(sorted(m for m in ('pandas', 'matplotlib', 'numpy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# ----------------------------------------------------------------------------- to_dataframe


def test_to_dataframe_one_row_per_decision():
    import pandas as pd

    decisions = example_decisions()
    decisions.append(qmark.framework("bury-iqm").with_overlay(LA_OVERLAY).assess(
        dict(json.loads(NOT_YET.read_text()), overlay="bury-la-example")))
    frame = qmark.to_dataframe(decisions)
    assert isinstance(frame, pd.DataFrame)
    assert frame.shape == (len(decisions), len(qmark._frames.WIDE_COLUMNS))
    assert list(frame.columns) == qmark._frames.WIDE_COLUMNS
    assert {"school_id", "framework", "overlay", "assessed_on", "outcome", "award", "limiting_failures",
            "n_findings"} <= set(frame.columns)
    for row, d in zip(frame.itertuples(index=False), decisions):
        assert row.school_id == d.school_id and row.framework == d.framework_id
        assert row.outcome == d.outcome
        assert row.limiting_failures == " ".join(d.limiting_failures)
        assert row.n_findings == len(d.findings)
        assert row.assessed_on == pd.Timestamp(d.assessed_on)
        assert (row.award if isinstance(row.award, str) else None) == d.award
    assert frame["overlay"].iloc[-1] == "bury-la-example" and frame["overlay"].iloc[0] is None
    assert str(frame["assessed_on"].dtype).startswith("datetime64")
    assert frame["n_findings"].dtype == "int64"
    row = frame[frame["school_id"] == "URN:100002"].iloc[0]
    assert row["limiting_failures"] == "EHW.RES.7 PI.STAKE.6" and row["next_needs"] == "EHW.RES.7 PI.STAKE.6"


def test_to_dataframe_long_one_row_per_node_level():
    decisions = example_decisions()
    frame = qmark.to_dataframe(decisions, long=True)
    assert list(frame.columns) == qmark._frames.LONG_COLUMNS
    assert {"school_id", "framework", "node", "claimed", "effective", "basis"} <= set(frame.columns)
    assert len(frame) == sum(len(d.levels) for d in decisions)
    one = frame[(frame["school_id"] == "URN:100002") & (frame["node"] == "EHW.RES.7")]
    assert len(one) == 1
    assert one.iloc[0][["claimed", "effective", "basis"]].tolist() == ["met", "not_met", "fact"]
    assert set(frame["basis"]) <= {"judgement", "fact", "aggregate", "capped", "missing"}


def test_to_dataframe_empty_and_wrong_input():
    assert qmark.to_dataframe([]).shape == (0, len(qmark._frames.WIDE_COLUMNS))
    assert qmark.to_dataframe([], long=True).shape == (0, len(qmark._frames.LONG_COLUMNS))
    with pytest.raises(TypeError):
        qmark.to_dataframe([{"outcome": "x"}])


def test_to_dataframe_without_pandas_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(ImportError, match="needs pandas"):
        qmark.to_dataframe(example_decisions())


# ----------------------------------------------------------------------------- plot


@pytest.fixture
def agg():
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


def test_profile_writes_a_chart(tmp_path, agg):
    d = qmark.framework("bury-iqm").assess(NOT_YET)
    ax = qmark.plot.profile(d)
    assert ax.name == "polar"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["WSA", "IL", "EHW", "PI"]
    assert ax.get_title() == "URN:100002: not_yet_accredited"
    path = tmp_path / "profile.png"
    ax.figure.savefig(path)
    assert path.read_bytes().startswith(PNG)


def test_profile_values_follow_the_decision():
    d = qmark.framework("bury-iqm").assess(NOT_YET)
    values = dict((node, (value, top)) for node, _, value, top in qmark.plot.profile_values(d))
    counts = d.levels["EHW"]["counts"]
    assert values["EHW"] == (counts["met"] / sum(counts.values()), 1.0)
    for framework_id in ("kcc-inclusive-practice", "wales-iqm"):
        empty = qmark.framework(framework_id).assess(empty_audit(framework_id))
        for node, title, value, top in qmark.plot.profile_values(empty):
            assert value == 0 and top >= 1 and title


def test_profile_on_given_axes_and_other_frameworks(tmp_path, agg):
    from matplotlib.figure import Figure

    fig = Figure()
    axes = [fig.add_subplot(1, len(EXAMPLE_AUDITS), i + 1, projection="polar") for i in range(len(EXAMPLE_AUDITS))]
    for ax, d in zip(axes, example_decisions()):
        assert qmark.plot.profile(d, ax=ax, color="tab:green", title=d.school_id) is ax
        assert ax.get_title() == d.school_id
    fig.savefig(tmp_path / "all.png")
    assert (tmp_path / "all.png").read_bytes().startswith(PNG)
    with pytest.raises(ValueError, match="polar"):
        qmark.plot.profile(example_decisions()[0], ax=Figure().add_subplot())
    with pytest.raises(TypeError):
        qmark.plot.profile({"levels": {}})


def test_plot_without_matplotlib_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match="needs matplotlib"):
        qmark.plot.profile(example_decisions()[0])


# ----------------------------------------------------------------------------- portfolio example


def test_portfolio_example_writes_csv_chart_and_gaps(tmp_path, capsys, agg):
    import pandas as pd

    portfolio = load_example("portfolio")
    first = portfolio.generate_audits(150, seed=7)
    assert first == portfolio.generate_audits(150, seed=7), "generation is deterministic"
    assert len({a["school"]["id"] for a in first}) == 150

    result = portfolio.main(tmp_path / "out", n_schools=150, seed=2026, threads=2)
    out = capsys.readouterr().out
    assert "150 schools assessed" in out and "Five most common gaps" in out
    assert result["chart"].read_bytes().startswith(PNG)
    frame = pd.read_csv(result["csv"])
    assert len(frame) == 150 and {"school_id", "outcome", "limiting_failures"} <= set(frame.columns)
    assert len(result["gaps"]) == 5 and all(node in out for node, _ in result["gaps"])
    assert len(result["outcomes"]) >= 2, "the portfolio has schools with each outcome"
    lines = result["jsonl"].read_text().splitlines()
    assert len(lines) == 150
    fw = qmark.framework("bury-iqm")
    assert [d.to_json() for d in fw.assess_many(lines[:10])] == [d.to_json() for d in result["decisions"][:10]]


def test_portfolio_example_runs_as_a_script(tmp_path):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES_PYTHON / "portfolio.py"), "--out", str(tmp_path), "--schools", "20"],
        capture_output=True, text=True, timeout=120, env=dict(os.environ, MPLBACKEND="Agg"))
    assert result.returncode == 0, result.stderr
    assert "20 schools assessed" in result.stdout
    assert (tmp_path / "outcomes_by_section.png").read_bytes().startswith(PNG)
    assert (tmp_path / "portfolio.csv").exists()

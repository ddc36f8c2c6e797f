"""Shared helpers of the Python-module tests (tests/python/test_python_*.py).

The qmark package must be importable (PYTHONPATH=$QMARK_BUILD_DIR/python, as
scripts/test.sh sets it). When it is not, every test that uses it FAILS with a message
saying so; nothing is skipped, and the other test files still run.
"""

from __future__ import annotations

import copy
import json
import os
import pickle
import sys
from pathlib import Path
from typing import Any, Dict

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_AUDITS = sorted((ROOT / "examples" / "audits").glob("*.json"))
EXAMPLE_OVERLAYS = sorted((ROOT / "examples" / "overlays").glob("*.json"))
EXAMPLES_PYTHON = ROOT / "examples" / "python"


class _Missing:
    """Stands in for the qmark module when it cannot be imported: any use fails the test."""

    def __init__(self, error: BaseException) -> None:
        self._error = error

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # pytest's collection probes objects (__test__ …)
            raise AttributeError(name)
        pytest.fail(
            f"the qmark Python module is not importable ({self._error!r}). Build it "
            "(cmake --build <build>) and run with PYTHONPATH=<build>/python QMARK_BUILD_DIR=<build>.",
            pytrace=False)


try:
    import qmark  # noqa: F401
    import qmark._qmark  # noqa: F401
except ImportError as error:  # not built: fail, do not skip
    qmark = _Missing(error)  # type: ignore[assignment]


def build_dir() -> Path:
    """$QMARK_BUILD_DIR: the CMake build the tests run against."""
    value = os.environ.get("QMARK_BUILD_DIR")
    if not value:
        pytest.fail("QMARK_BUILD_DIR is not set (scripts/test.sh sets it to the CMake build directory)",
                    pytrace=False)
    return Path(value)


def cli() -> Path:
    """The qmark command-line tool of the build."""
    path = build_dir() / "qmark"
    if not path.exists():
        pytest.fail(f"{path} does not exist: build the CLI (QMARK_BUILD_CLI=ON)", pytrace=False)
    return path


def example_audit(name: str = "bury-not-yet-accredited.json") -> Dict[str, Any]:
    """A shipped example audit, as data."""
    return json.loads((ROOT / "examples" / "audits" / name).read_text(encoding="utf-8"))


def empty_audit(framework_id: str, school_id: str = "URN:999999") -> Dict[str, Any]:
    """The smallest valid audit for a framework: nothing judged, no evidence."""
    return {"qmark": "audit/1", "framework": framework_id, "school": {"id": school_id},
            "assessed_on": "2026-06-30", "judgements": {}, "evidence": []}


def variant(audit: Dict[str, Any], **changes: Any) -> Dict[str, Any]:
    """A deep copy of an audit with top-level members replaced."""
    out = copy.deepcopy(audit)
    out.update(changes)
    return out


def child_round_trip(payload: bytes) -> Dict[str, Any]:
    """Runs in a spawned process: unpickles a framework and decisions, re-assesses, and
    sends everything back pickled (see test_python_pickle.py)."""
    framework, decisions, audit = pickle.loads(payload)
    again = framework.assess(audit)
    return {
        "texts": [d.to_json() for d in decisions],
        "again": again,
        "framework": framework,
        "same_framework": all(d.framework is decisions[0].framework for d in decisions),
        "executable": sys.executable,
        "pid": os.getpid(),
    }

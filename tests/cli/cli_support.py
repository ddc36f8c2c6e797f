"""Shared helpers of the command-line tests in tests/cli/test_*.py (run by ctest).

Environment: QMARK_CLI (the qmark executable), QMARK_SOURCE_DIR (the repository) and
QMARK_TEST_OUT (a directory in the build tree for files worth keeping, e.g. screenshots).
Without ctest: QMARK_CLI defaults to $QMARK_BUILD_DIR/qmark (default /work/main/build).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path
from typing import Dict, List, Sequence

ROOT = Path(os.environ.get("QMARK_SOURCE_DIR") or Path(__file__).resolve().parents[2])
BUILD = Path(os.environ.get("QMARK_BUILD_DIR", "/work/main/build"))
CLI = os.environ.get("QMARK_CLI") or str(BUILD / "qmark")
OUT = Path(os.environ.get("QMARK_TEST_OUT") or (BUILD / "tests" / "cli-output"))
EXAMPLES = ROOT / "examples"


def run(args: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    """Runs the qmark CLI; text output; never raises on a non-zero exit."""
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, timeout=300, **kwargs)


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def framework_doc(framework_id: str) -> dict:
    for path in sorted((ROOT / "frameworks").glob("*.json")):
        doc = load(path)
        if doc.get("id") == framework_id:
            return doc
    raise AssertionError(f"no framework document for {framework_id}")


def read_csv(path: Path) -> List[Dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], *, bom: bool = False,
              line_end: str = "\r\n") -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=line_end)
    w.writerow(header)
    w.writerows(rows)
    Path(path).write_text(("\ufeff" if bom else "") + buf.getvalue(), encoding="utf-8", newline="")

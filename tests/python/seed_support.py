"""Shared by the seed-fidelity tests (tests/python/test_seed_fidelity_*.py): where the
repository and the seeds are, reading JSON, and the whitespace normalisation every
comparison with a seed uses.

The seeds are found at <repo>/../shared/seeds, or in the directory named by the
QMARK_SEEDS environment variable when it is set.
"""

import json
import os
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def seeds_dir():
    env = os.environ.get("QMARK_SEEDS")
    if env:
        return Path(env)
    return REPO_ROOT.parent / "shared" / "seeds"


def norm(text):
    """Every run of whitespace (tabs, line breaks, no-break spaces) becomes one space."""
    return re.sub(r"\s+", " ", text).strip()


def load_json(path):
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def read_seed(path):
    """The seed's text, normalised; None when the file is not there."""
    if not path.is_file():
        return None
    return norm(path.read_text(encoding="utf-8"))


def require_seed(text, path):
    """For a test's seed fixture: the text, or a failure saying where the seed was looked for."""
    if text is None:
        pytest.fail(f"seed not found: {path} (set QMARK_SEEDS to the seeds directory)")
    return text

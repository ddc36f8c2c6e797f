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

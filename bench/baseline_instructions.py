"""The plain-Python baseline over the first N audits of a JSON lines file, for counting its
instructions (bench/instructions.sh runs it with N and with 0 and takes the difference, so the
interpreter's start and the reading of the file drop out).

  baseline_instructions.py loaded|e2e FILE.jsonl N
    loaded: decide() on audits already parsed (json.loads is done for every mode, before)
    e2e:    json.loads + decide + json.dumps per audit
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import baseline_bury  # noqa: E402

mode, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rules = baseline_bury.Rules()
lines = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line]
dicts = [json.loads(line) for line in lines]
if mode == "loaded":
    for d in dicts[:n]:
        baseline_bury.decide(d, rules)
else:
    for line in lines[:n]:
        json.dumps(baseline_bury.decide(json.loads(line), rules))

#!/usr/bin/env python3
"""qmark against the plain-Python baseline (bench/baseline_bury.py), per core.

    python3 bench/compare_baseline.py DATA_DIR --cpp CPP.json [--python PY.json] [--json OUT.json] [--quick]

Over the bury-iqm local-authority set (the 150 audits the C++ benchmarks cycle through,
so that both sides see the same audits):
  loaded audits   baseline: decide() on Python dicts already parsed, vs qmark: the C++
                  benchmark evaluate/bury-iqm/trace:0 (a loaded Audit, Decision reused)
  end to end      baseline: json.loads + decide() + json.dumps of its result, vs qmark:
                  the C++ benchmark end_to_end/bury-iqm/trace:0 (assess_json + to_json_text),
                  the C++ benchmark assess_json/bury-iqm (JSON text → Decision, no
                  document written: closer to the baseline's small output), and Python
                  Framework.assess(JSON string) (from bench_python.py's --json)
Per core means CPU time of one thread: the baseline's is time.process_time, the C++
benchmarks' is Google Benchmark's cpu_time (median of the repetitions where there are
some). qmark's decision is the larger piece of work (findings, next-level gaps, actions);
the baseline decides only outcome, award, limiting failures and levels.

With --paired BENCH (the qmark_bench program) the comparison is also made in rounds that
alternate the two, a C++ run then a baseline run a few seconds apart, both held to the same
core (the rounds take the cores in turn), and each round's ratio is reported: this
machine's speed drifts from minute to minute (up to 2.6×), and the host sometimes runs one
core ~1.5× slower than the other for minutes, which moves figures taken minutes apart or
on different cores, but hardly two taken seconds apart on the same core.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
import baseline_bury  # noqa: E402
from summarise import core_for_round, cpu_us as cpp_cpu_us, load_cpp, on_core, run_cpp, spread  # noqa: E402

def per_audit_cpu(fn, items: List[Any], repeats: int, min_seconds: float) -> float:
    """Median over repeats of CPU seconds per item, each repeat looping for min_seconds."""
    for x in items[:50]:
        fn(x)
    t0 = time.process_time()
    for x in items:
        fn(x)
    one = max(time.process_time() - t0, 1e-6)
    loops = max(1, int(min_seconds / one))
    out = []
    for _ in range(repeats):
        c0 = time.process_time()
        for _ in range(loops):
            for x in items:
                fn(x)
        out.append((time.process_time() - c0) / (loops * len(items)))
    return statistics.median(out) * 1e6


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--cpp", type=Path, required=True, help="qmark_bench --benchmark_out JSON")
    ap.add_argument("--python", type=Path, help="bench_python.py --json output")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--paired", type=Path, metavar="BENCH", help="qmark_bench: also compare in alternating rounds")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)

    rules = baseline_bury.Rules()
    texts = [l for l in (args.data / "la" / "bury-iqm.jsonl").read_text(encoding="utf-8").splitlines() if l]
    docs = [json.loads(t) for t in texts]
    mean_bytes = sum(len(t.encode()) for t in texts) / len(texts)
    repeats, min_s = (3, 0.5) if args.quick else (5, 2.0)

    base_loaded = per_audit_cpu(lambda d: baseline_bury.decide(d, rules), docs, repeats, min_s)
    base_e2e = per_audit_cpu(lambda t: json.dumps(baseline_bury.decide(json.loads(t), rules)), texts, repeats, min_s)

    cpp = load_cpp(args.cpp)
    q_loaded = cpp_cpu_us(cpp, "evaluate/bury-iqm/trace:0")
    q_e2e = cpp_cpu_us(cpp, "end_to_end/bury-iqm/trace:0")
    q_read = cpp_cpu_us(cpp, "assess_json/bury-iqm")
    q_py = None
    if args.python and args.python.exists():
        py = json.loads(args.python.read_text())
        q_py = py["results"].get("assess(JSON string)", {}).get("cpu_us")

    rows = [
        ("loaded audits", "baseline decide(dict)", base_loaded, "qmark C++ evaluate (trace off)", q_loaded, 50.0),
        ("end to end", "json.loads + decide + json.dumps", base_e2e, "qmark C++ assess_json + to_json_text", q_e2e, 2.0),
        ("end to end", "json.loads + decide + json.dumps", base_e2e, "qmark C++ assess_json (no document)", q_read, 2.0),
        ("end to end", "json.loads + decide + json.dumps", base_e2e, "qmark Python assess(JSON string)", q_py, 2.0),
    ]
    print(f"qmark vs the plain-Python baseline, bury-iqm, per core (CPU µs per audit; {len(texts)} audits, "
          f"{mean_bytes / 1000:.1f} KB mean)")
    print(f"{'what':14} {'baseline':34} {'µs':>8}   {'qmark':38} {'µs':>8} {'speed-up':>9} {'target':>7}")
    out = []
    for what, bname, b, qname, q, target in rows:
        ratio = b / q if q else None
        print(f"{what:14} {bname:34} {b:8.1f}   {qname:38} {q if q else float('nan'):8.1f} "
              f"{(f'{ratio:.1f}x' if ratio else 'n/a'):>9} {f'>={target:g}x':>7}")
        out.append({"what": what, "baseline": bname, "baseline_cpu_us": b, "qmark": qname, "qmark_cpu_us": q,
                    "speedup": ratio, "target": target})
    result: Dict[str, Any] = {"audits": len(texts), "mean_bytes": mean_bytes, "rows": out}
    if args.paired:
        result["paired"] = paired(args, rules, docs, texts)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


PAIRED = {  # ratio name → (C++ benchmark, baseline measure)
    "loaded": ("evaluate/bury-iqm/trace:0", "loaded"),
    "e2e_document": ("end_to_end/bury-iqm/trace:0", "e2e"),
    "e2e_no_document": ("assess_json/bury-iqm", "e2e"),
}


def paired(args: Any, rules: Any, docs: List[Any], texts: List[str]) -> Dict[str, Any]:
    """Rounds of: the three C++ benchmarks, then the two baseline measures (about 2 s each)."""
    rounds = 2 if args.quick else args.rounds
    names = sorted({b for b, _ in PAIRED.values()})
    pattern = "^(" + "|".join(names) + ")(/repeats:[0-9]+)?$"  # (plain names: nothing to escape)
    out: List[Dict[str, Any]] = []
    for k in range(rounds):
        cpu = core_for_round(k)  # both sides on the same core; the rounds take the cores in turn
        with on_core(cpu):
            cpp = run_cpp(args.paired, args.data, pattern)
            base = {"loaded": per_audit_cpu(lambda d: baseline_bury.decide(d, rules), docs, 1, 1.0),
                    "e2e": per_audit_cpu(lambda t: json.dumps(baseline_bury.decide(json.loads(t), rules)), texts, 1, 1.0)}
        row = {"round": k + 1, "cpu": cpu, "baseline_cpu_us": base}
        for ratio, (bench, measure) in PAIRED.items():
            q = cpp_cpu_us(cpp, bench)
            row[ratio] = {"qmark_cpu_us": q, "speedup": base[measure] / q if q else None}
        out.append(row)
        print(f"paired round {k + 1} (CPU {cpu}): " + ", ".join(f"{r} {row[r]['speedup']:.2f}x" for r in PAIRED), flush=True)
    summary = {ratio: spread([r[ratio]["speedup"] for r in out if r[ratio]["speedup"]]) for ratio in PAIRED}
    return {"rounds": out, "summary": summary}


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmarks of qmark's Python module over the generated audits (timeit-based).

    PYTHONPATH=<build>/python python3 bench/bench_python.py DATA_DIR [--json OUT.json] [--quick]

Measures, trace off (as the C++ end-to-end and batch benchmarks):
  assess(dict)            Framework.assess on a parsed audit (written by _qmark.dumps inside)
  assess(JSON string)     Framework.assess on the audit's JSON text
  assess_many threads=1   Framework.assess_many on the 2,000 JSON strings the C++ batch uses
  assess_many threads=2
over the bury-iqm local-authority set (150 audits, cycled) and the first 2,000 national
audits, and prints a table: per audit wall and CPU time, audits/s, MB/s of input. CPU time
(time.process_time: all the process's threads) is what "per core" comparisons use; it
stays meaningful when other work shares the machine. --json writes the figures for
bench/summarise.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

BATCH = 2000


def read_lines(path: Path, limit: int = 0) -> List[str]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(line.rstrip("\n"))
                if limit and len(out) >= limit:
                    break
    return out


def measure(fn: Callable[[], Any], audits_per_call: int, repeats: int, min_seconds: float) -> Dict[str, float]:
    """Runs fn enough times per repeat to last min_seconds; per-audit median of the repeats."""
    fn()  # warm up
    n, t0 = 1, time.perf_counter()
    fn()
    one = max(time.perf_counter() - t0, 1e-6)
    n = max(1, int(min_seconds / one))
    walls, cpus = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            fn()
        walls.append((time.perf_counter() - w0) / (n * audits_per_call))
        cpus.append((time.process_time() - c0) / (n * audits_per_call))
    return {"wall_us": statistics.median(walls) * 1e6, "cpu_us": statistics.median(cpus) * 1e6,
            "wall_min_us": min(walls) * 1e6, "calls": n, "repeats": repeats}


def main(argv: List[str] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="directory bench/generate.py wrote")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--quick", action="store_true", help="shorter runs (for smoke tests)")
    args = ap.parse_args(argv)

    import qmark

    fw = qmark.framework("bury-iqm")
    la = read_lines(args.data / "la" / "bury-iqm.jsonl")
    national = args.data / "national" / "bury-iqm.jsonl"
    batch = read_lines(national, BATCH) if national.exists() else []
    if len(batch) < BATCH:
        batch = [la[i % len(la)] for i in range(BATCH)]
    dicts = [json.loads(t) for t in la]
    la_bytes = sum(len(t.encode()) for t in la) / len(la)
    batch_bytes = sum(len(t.encode()) for t in batch) / len(batch)
    repeats, min_s = (3, 0.2) if args.quick else (5, 1.0)

    def cycle(items: List[Any], call: Callable[[Any], Any]) -> Callable[[], None]:
        def run() -> None:
            for x in items:
                call(x)
        return run

    results: Dict[str, Dict[str, Any]] = {}
    results["assess(dict)"] = {**measure(cycle(dicts, lambda d: fw.assess(d, trace=False)), len(dicts), repeats, min_s),
                               "bytes": la_bytes, "threads": 1}
    results["assess(JSON string)"] = {**measure(cycle(la, lambda t: fw.assess(t, trace=False)), len(la), repeats, min_s),
                                      "bytes": la_bytes, "threads": 1}
    for threads in (1, 2):
        r = measure(lambda: fw.assess_many(batch, threads=threads, trace=False), len(batch), max(3, repeats - 2),
                    0.0)
        results[f"assess_many(JSON strings, threads={threads})"] = {**r, "bytes": batch_bytes, "threads": threads}

    print(f"qmark {qmark.__version__ if hasattr(qmark, '__version__') else ''} Python benchmarks, bury-iqm, trace off "
          f"({len(la)} local-authority audits cycled; batches of {len(batch)}; {la_bytes / 1000:.1f} KB/audit)")
    print(f"{'benchmark':40} {'wall µs/audit':>14} {'CPU µs/audit':>13} {'audits/s':>10} {'MB/s':>8}")
    for name, r in results.items():
        per_s = 1e6 / r["wall_us"]
        print(f"{name:40} {r['wall_us']:14.1f} {r['cpu_us']:13.1f} {per_s:10.0f} {per_s * r['bytes'] / 1e6:8.1f}")
    if args.json:
        args.json.write_text(json.dumps({"python": sys.version.split()[0], "batch_audits": len(batch),
                                         "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

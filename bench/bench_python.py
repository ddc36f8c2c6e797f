#!/usr/bin/env python3
"""Benchmarks of qmark's Python module over the generated audits (timeit-based).

    PYTHONPATH=<build>/python python3 bench/bench_python.py DATA_DIR [--json OUT.json] [--quick]

Measures, trace off (as the C++ end-to-end and batch benchmarks):
  assess(dict)            Framework.assess on a parsed audit (written by _qmark.dumps inside);
                          the Decision's text is written only when first used, so also
  assess(dict) + to_json()  the same with the decision/1 text written (what the C++
                          end-to-end benchmark does)
  assess(JSON string)     Framework.assess on the audit's JSON text
  assess_many threads=1   Framework.assess_many on the 2,000 JSON strings the C++ batch uses
  assess_many threads=2
over the bury-iqm local-authority set (150 audits, cycled) and the first 2,000 national
audits, and prints a table: per audit wall and CPU time, audits/s, MB/s of input. CPU time
(time.process_time: all the process's threads) is what "per core" comparisons use; it
stays meaningful when other work shares the machine. --json writes the figures for
bench/summarise.py.

With --paired BENCH (the qmark_bench program), the Python calls are also timed in rounds
that alternate them with the C++ benchmarks they are compared with (end_to_end/bury-iqm,
batch/bury-iqm on 1 and 2 threads), seconds apart, and each round's ratio is reported: the
machine's speed drifts between minutes, which moves figures taken minutes apart. A round's
1-thread figures, of both sides, are taken on the same core (the rounds take the cores in
turn): the host sometimes runs one core ~1.5× slower than the other for minutes.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent))
from summarise import core_for_round, cpu_us, find, on_core, run_cpp, spread  # noqa: E402

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
    faults0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            fn()
        walls.append((time.perf_counter() - w0) / (n * audits_per_call))
        cpus.append((time.process_time() - c0) / (n * audits_per_call))
    # Page faults in the timed calls (the process's, all threads'), per audit: memory the
    # allocator gave back to the system and took again. Each costs ~13 µs on the VM of
    # 2026-12-04 (bench/RESULTS.md), so a figure with faults is partly the allocator's.
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults0
    return {"wall_us": statistics.median(walls) * 1e6, "cpu_us": statistics.median(cpus) * 1e6,
            "wall_min_us": min(walls) * 1e6, "calls": n, "repeats": repeats,
            "faults_per_audit": faults / (repeats * n * audits_per_call)}


def main(argv: List[str] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="directory bench/generate.py wrote")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--quick", action="store_true", help="shorter runs (for smoke tests)")
    ap.add_argument("--paired", type=Path, metavar="BENCH", help="qmark_bench: also compare in alternating rounds")
    ap.add_argument("--rounds", type=int, default=5)
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
    results["assess(dict) + to_json()"] = {
        **measure(cycle(dicts, lambda d: fw.assess(d, trace=False).to_json()), len(dicts), repeats, min_s),
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
    out: Dict[str, Any] = {"python": sys.version.split()[0], "batch_audits": len(batch), "results": results}
    if args.paired:
        out["paired"] = paired(args, fw, dicts, batch)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


def paired(args: Any, fw: Any, dicts: List[Any], batch: List[str]) -> Dict[str, Any]:
    """Rounds of: the C++ end-to-end and batch benchmarks, then the Python calls they are
    compared with. Ratios: Python CPU per audit / C++ CPU per audit (assess(dict) with its
    decision/1 text written against end_to_end; assess_many on 1 thread against batch on 1),
    and wall time per audit on 2 threads."""
    rounds = 2 if args.quick else args.rounds
    one = "^(end_to_end/bury-iqm/trace:0(/repeats:[0-9]+)?|batch/bury-iqm/threads:1/process_time/real_time)$"
    two = "^batch/bury-iqm/threads:2/process_time/real_time$"
    rows = []
    for k in range(rounds):
        # the 1-thread figures of both sides on the same core (the rounds take the cores in
        # turn); the 2-thread ones on both
        cpu = core_for_round(k)
        with on_core(cpu):
            cpp = run_cpp(args.paired, args.data, one)
            d = measure(lambda: [fw.assess(x, trace=False).to_json() for x in dicts], len(dicts), 1, 1.0)
            m1 = measure(lambda: fw.assess_many(batch, threads=1, trace=False), len(batch), 1, 0.0)
        cpp.update(run_cpp(args.paired, args.data, two))
        m2 = measure(lambda: fw.assess_many(batch, threads=2, trace=False), len(batch), 1, 0.0)
        e2e = cpu_us(cpp, "end_to_end/bury-iqm/trace:0")
        # batch: wall time per audit (the benchmark counts audits; on 1 thread it is CPU time too)
        b1, b2 = (1e6 / find(cpp, f"batch/bury-iqm/threads:{t}/real_time")["items_per_second"] for t in (1, 2))
        row = {"round": k + 1, "cpu": cpu, "cpp_end_to_end_cpu_us": e2e, "cpp_batch1_us": b1, "cpp_batch2_wall_us": b2,
               "dict_cpu_us": d["cpu_us"], "dict_faults_per_audit": d["faults_per_audit"],
               "many1_cpu_us": m1["cpu_us"], "many2_wall_us": m2["wall_us"],
               "dict_ratio": d["cpu_us"] / e2e, "many1_ratio": m1["cpu_us"] / b1, "many2_ratio": m2["wall_us"] / b2}
        rows.append(row)
        print(f"paired round {k + 1} (CPU {cpu}): assess(dict) {row['dict_ratio']:.2f}x end_to_end, assess_many "
              f"{row['many1_ratio']:.2f}x batch (1 thread), {row['many2_ratio']:.2f}x (2 threads)", flush=True)
    summary = {key: spread([r[key] for r in rows]) for key in ("dict_ratio", "many1_ratio", "many2_ratio")}
    return {"rounds": rows, "summary": summary}


if __name__ == "__main__":
    sys.exit(main())

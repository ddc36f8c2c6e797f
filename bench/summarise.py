#!/usr/bin/env python3
"""Turns the benchmark outputs of scripts/bench.sh into the markdown of bench/RESULTS.md.

    python3 bench/summarise.py RESULTS_DIR [--update bench/RESULTS.md]

RESULTS_DIR holds what scripts/bench.sh wrote: machine.json, cpp.json (qmark_bench
--benchmark_out), python.json (bench_python.py --json), baseline.json
(compare_baseline.py --json) and stream.json (the batch memory run). Prints the figures
and the targets (met / missed, with the number) as markdown; --update replaces the text
between the <!-- figures:begin --> and <!-- figures:end --> markers of the given file.

Per core figures use CPU time (one thread's), which other work on the machine disturbs
little; scaling figures (2 threads against 1) need wall time and a quiet machine: the
load average at the start of the C++ run is printed beside them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

UNITS = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}
FRAMEWORKS = ["bury-iqm", "wales-iqm", "kcc-inclusive-practice", "wales-school-improvement"]
BEGIN, END = "<!-- figures:begin -->", "<!-- figures:end -->"


def load_cpp(path: Path) -> Dict[str, Dict[str, Any]]:
    """Google Benchmark JSON → {name: run}, names without "/repeats:N" (the median
    aggregate stands for a repeated benchmark), times converted to µs (cpu_us, real_us)."""
    doc = json.loads(Path(path).read_text())
    out: Dict[str, Dict[str, Any]] = {}
    for b in doc.get("benchmarks", []):
        name = re.sub(r"/repeats:\d+", "", b.get("run_name", b["name"]))
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") != "median":
                continue
        elif name in out:  # a repetition: the median aggregate replaces it
            continue
        r = dict(b)
        scale = UNITS[b.get("time_unit", "ns")]
        r["cpu_us"] = b["cpu_time"] * scale
        r["real_us"] = b["real_time"] * scale
        out[name] = r
    out["__context__"] = doc.get("context", {})
    return out


def run_cpp(bench: Path, data: Path, pattern: str) -> Dict[str, Dict[str, Any]]:
    """One run of qmark_bench (the benchmarks matching `pattern`, 0.3 s each), as load_cpp
    reads it: what the paired rounds of compare_baseline.py and bench_python.py time."""
    with tempfile.TemporaryDirectory() as tmp:
        res = Path(tmp) / "cpp.json"
        subprocess.run([str(bench), f"--benchmark_filter={pattern}", "--benchmark_min_time=0.3",
                        f"--benchmark_out={res}", "--benchmark_out_format=json"],
                       env=dict(os.environ, QMARK_BENCH_DATA=str(data)), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return load_cpp(res)


@contextlib.contextmanager
def on_core(cpu: Optional[int]) -> Iterator[None]:
    """Holds this thread, and the threads and processes it starts, to one core while inside
    (cpu None: as it was). The paired rounds run both sides of a comparison on the same core:
    the host sometimes runs one of the VM's cores ~1.5× slower than the other for minutes
    (bench/RESULTS.md), and a round that timed qmark on one core and the baseline on the
    other would compare the cores."""
    before = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    if cpu is None or cpu not in before:
        yield
        return
    os.sched_setaffinity(0, {cpu})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def core_for_round(k: int) -> Optional[int]:
    """The core round k runs on: the cores this process may use, in turn."""
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    return cores[k % len(cores)] if cores else None


def spread(values: List[float]) -> Dict[str, float]:
    """The median, least and greatest of some rounds' figures (paired_range writes them)."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def scaling_rounds(d: Path) -> Dict[str, List[float]]:
    """2 threads against 1 from the scaling rounds (mt-*.json: each a run of the end_to_end_mt
    and batch benchmarks, their 1- and 2-thread forms timed back to back)."""
    out: Dict[str, List[float]] = {"end_to_end": [], "batch": []}
    for f in sorted(d.glob("mt-*.json")):
        cpp = load_cpp(f)
        for key, one, two in (("end_to_end", "end_to_end_mt/bury-iqm/trace:0/real_time/threads:1",
                               "end_to_end_mt/bury-iqm/trace:0/real_time/threads:2"),
                              ("batch", "batch/bury-iqm/threads:1/real_time", "batch/bury-iqm/threads:2/real_time")):
            r1, r2 = find(cpp, one), find(cpp, two)
            if r1 and r2:
                out[key].append(r2["items_per_second"] / r1["items_per_second"])
    return out


def paired_range(r: Dict[str, float], spec: str) -> str:
    return f"{r['median']:{spec}}× ({r['min']:{spec}}–{r['max']:{spec}}×)"


def cpu_us(cpp: Dict[str, Dict[str, Any]], name: str) -> Optional[float]:
    r = find(cpp, name)
    return r["cpu_us"] if r else None


def find(cpp: Dict[str, Dict[str, Any]], name: str) -> Optional[Dict[str, Any]]:
    """The run called `name`, ignoring Google Benchmark's "/process_time" and "/real_time"
    suffixes (they follow the options the benchmark was registered with)."""
    if name in cpp:
        return cpp[name]
    strip = lambda n: re.sub(r"/(process_time|real_time)(?=/|$)", "", n)
    want = strip(name)
    return next((r for n, r in cpp.items() if strip(n) == want), None)


def fmt(v: Optional[float], spec: str = ".1f", suffix: str = "") -> str:
    return "n/a" if v is None else f"{v:{spec}}{suffix}"


def status(ok: Optional[bool]) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**missed**")


def read_json(path: Path) -> Optional[Dict[str, Any]]:
    return json.loads(path.read_text()) if path.exists() else None


def summarise(d: Path) -> str:
    machine = read_json(d / "machine.json") or {}
    cpp = load_cpp(d / "cpp.json") if (d / "cpp.json").exists() else {}
    ctx = cpp.get("__context__", {})
    py = read_json(d / "python.json")
    base = read_json(d / "baseline.json")
    stream = read_json(d / "stream.json")
    lines: List[str] = []
    add = lines.append

    load = ctx.get("load_avg") or machine.get("load_avg")
    ncpu = ctx.get("num_cpus") or machine.get("nproc")
    # Other work during the run: the machine's busy CPU time less the run's own (the load
    # average counts the benchmarks themselves, so it cannot tell). Without that figure,
    # fall back on the load average at the start of the C++ run.
    other = machine.get("run_other_cpu_s")
    wall = machine.get("run_wall_s")
    other_cores = other / wall if other is not None and wall else None
    if other_cores is not None:
        busy = other_cores > 0.25
    else:
        busy = bool(load and ncpu and load[0] > 0.5 * ncpu)
    add(f"Run: {machine.get('date', ctx.get('date', '?'))}; tree: `{machine.get('git', '?')}`.")
    end_load = machine.get("load_avg_end")
    add(f"Machine: {machine.get('nproc', '?')} CPUs ({machine.get('cpu_model', '?')}), "
        f"{machine.get('ram_gb', '?')} GB RAM, {machine.get('os', '?')}, {machine.get('compiler', '?')}"
        f"{', flags ' + machine['flags'] if machine.get('flags') else ''}; "
        f"load average (1, 5, 15 min) at the start of the C++ run: "
        f"{', '.join(f'{x:.2f}' for x in load) if load else '?'}"
        f"{'; at the end of the run: ' + ', '.join(f'{x:.2f}' for x in end_load) if end_load else ''}.")
    if other_cores is not None:
        add(f"Other work during the run: {other:.0f} s of CPU time over the run's {wall:.0f} s "
            f"({other_cores:.2f} of a core on average; the run itself used {machine.get('run_own_cpu_s', 0):.0f} s).")
    if busy:
        add("")
        add(f"> **The machine was busy** (other work: "
            f"{f'{other_cores:.2f} of a core on average' if other_cores is not None else f'load average {load[0]:.1f}'}"
            f" on {ncpu} CPUs). "
            "CPU-time figures (per core) stand; wall-clock figures, and so the 2-thread scaling, do not: "
            "re-run `scripts/bench.sh` on a quiet machine for those.")
    add("")

    # ---------------------------------------------------------------- C++ figures
    if cpp:
        add("#### C++ (qmark_bench; per call: CPU time of the benchmark thread, wall time)")
        add("")
        add("| benchmark | CPU µs | wall µs | items/s (CPU) | MB/s of input (CPU) | allocs/eval | page faults/item "
            "| peak RSS MB |")
        add("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, r in cpp.items():
            if name.startswith("__"):
                continue
            ips = r.get("items_per_second")
            bps = r.get("bytes_per_second")
            extra = ""
            if "p50_us" in r:
                extra = f" (p50 {r['p50_us']:.2f}, p90 {r['p90_us']:.2f}, p99 {r['p99_us']:.2f} µs)"
            mbps = "" if not bps else f"{bps / 1e6:.1f}"
            if name.startswith("decision_json/") and bps:
                mbps = f"{bps / 1e6:.1f} (output)"
            if "out_bytes" in r:
                extra = f" ({r['out_bytes'] / 1000:.1f} KB out per decision)"
            allocs = r.get("allocs_per_eval")
            faults = r.get("faults_per_item")
            add(f"| `{name}`{extra} | {r['cpu_us']:.2f} | {r['real_us']:.2f} | {fmt(ips, ',.0f')} | {mbps} | "
                f"{'' if allocs is None else f'{allocs:.1f}'} | {'' if faults is None else f'{faults:.2f}'} "
                f"| {fmt(r.get('peak_rss_MB'), '.0f')} |")
        add("")
        add("items/s and MB/s use CPU time, except for `end_to_end_mt` and `batch` (wall time, all threads; "
            "their CPU µs is all threads' CPU time per call). MB/s is of JSON input, except "
            "`decision_json` (output). Page faults are the benchmark thread's in its timed loop "
            "(`batch`: the process's), per item. A run's peak RSS is the process's peak so far (the benchmark "
            "program holds the data sets it has loaded).")
        add("")

    # ---------------------------------------------------------------- Python
    if py:
        add(f"#### Python (bench_python.py, bury-iqm, trace off, Python {py.get('python', '?')})")
        add("")
        add("| benchmark | wall µs/audit | CPU µs/audit | audits/s (wall) | MB/s (wall) | page faults/audit |")
        add("|---|---:|---:|---:|---:|---:|")
        for name, r in py["results"].items():
            per_s = 1e6 / r["wall_us"]
            faults = f"{r['faults_per_audit']:.2f}" if "faults_per_audit" in r else ""
            add(f"| `{name}` | {r['wall_us']:.1f} | {r['cpu_us']:.1f} | {per_s:,.0f} | {per_s * r['bytes'] / 1e6:.1f} "
                f"| {faults} |")
        add("")

    # ---------------------------------------------------------------- baseline
    if base:
        add(f"#### Against the plain-Python baseline (compare_baseline.py, CPU µs per audit, {base['audits']} "
            f"bury-iqm audits, {base['mean_bytes'] / 1000:.1f} KB mean)")
        add("")
        add("| | baseline | µs | qmark | µs | qmark speed-up |")
        add("|---|---|---:|---|---:|---:|")
        for r in base["rows"]:
            add(f"| {r['what']} | {r['baseline']} | {r['baseline_cpu_us']:.1f} | {r['qmark']} | "
                f"{fmt(r['qmark_cpu_us'])} | {fmt(r['speedup'], '.2f', '×')} |")
        add("")
        if base.get("paired"):
            pr = base["paired"]
            add(f"Paired, in {len(pr['rounds'])} rounds that alternate a C++ run and a baseline run seconds "
                "apart, both on the round's core (each round's speed-up, so that the machine's drift between "
                "minutes, and a core the host runs slower, cancel):")
            add("")
            add("| round | CPU | baseline loaded µs | qmark evaluate µs | speed-up | baseline end to end µs | "
                "qmark with document µs | speed-up | qmark without document µs | speed-up |")
            add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for r in pr["rounds"]:
                b = r["baseline_cpu_us"]
                add(f"| {r['round']} | {r.get('cpu', '')} | {b['loaded']:.1f} | {fmt(r['loaded']['qmark_cpu_us'], '.2f')} | "
                    f"{fmt(r['loaded']['speedup'], '.1f', '×')} | {b['e2e']:.1f} | "
                    f"{fmt(r['e2e_document']['qmark_cpu_us'])} | {fmt(r['e2e_document']['speedup'], '.2f', '×')} | "
                    f"{fmt(r['e2e_no_document']['qmark_cpu_us'])} | {fmt(r['e2e_no_document']['speedup'], '.2f', '×')} |")
            sm = pr["summary"]
            add("")
            add("Median (min–max) of the rounds: loaded " + paired_range(sm["loaded"], ".1f") + ", end to end with the "
                "decision document " + paired_range(sm["e2e_document"], ".2f") + ", without it " +
                paired_range(sm["e2e_no_document"], ".2f") + ".")
            add("")

    # ---------------------------------------------------------------- stream
    if stream:
        add(f"#### Streaming batch memory ({stream.get('tool', '?')})")
        add("")
        add(f"`{stream.get('command', '?')}`: {stream.get('audits', '?')} audits "
            f"({stream.get('input_mb', 0):.0f} MB of JSON lines) in {stream.get('elapsed_s', 0):.1f} s wall, "
            f"{stream.get('cpu_s', 0):.1f} s CPU; peak RSS **{stream.get('max_rss_mb', 0):.1f} MB** "
            f"(`/usr/bin/time -v`); exit status {stream.get('exit_status', '?')}, "
            f"{stream.get('rows', '?')} result rows. {stream.get('note', '')}")
        small = stream.get("small")
        if small:
            add("")
            add(f"The same command over {small['audits']} audits ({small['input_mb']:.1f} MB): peak RSS "
                f"{small['max_rss_mb']:.1f} MB, so memory does not grow with the number of audits.")
        add("")

    # ---------------------------------------------------------------- targets
    add("#### Targets")
    add("")
    add("| target | figure | status |")
    add("|---|---|---|")
    ev = cpp.get("evaluate/bury-iqm/trace:0")
    lat = cpp.get("evaluate_latency/bury-iqm")
    one = cpp.get("evaluate_one/bury-iqm")
    if ev:
        p50 = lat.get("p50_us") if lat else None
        allocs = ev.get("allocs_per_eval")
        add(f"| evaluate a loaded bury-iqm audit, trace off: ≤ 2 µs median | {ev['cpu_us']:.2f} µs CPU "
            f"(median of 5 runs' means); per-call p50 {fmt(p50, '.2f')} µs | {status(ev['cpu_us'] <= 2.0)} |")
        same = f"; {one['allocs_per_eval']:.2f} when the same audit is assessed again and again" if one else ""
        add(f"| … with no heap allocation per evaluation in steady state | {fmt(allocs, '.1f')} allocations "
            f"per evaluation over the 150 audits{same} | {status(allocs is not None and allocs < 0.01)} |")
    e2e = cpp.get("end_to_end/bury-iqm/trace:0")
    if e2e:
        mbs = e2e["bytes_per_second"] / 1e6
        others = ", ".join(f"{f} {cpp[f'end_to_end/{f}/trace:0']['bytes_per_second'] / 1e6:.0f}"
                           for f in FRAMEWORKS[1:] if f"end_to_end/{f}/trace:0" in cpp)
        kb = e2e["bytes_per_second"] * e2e["cpu_us"] / 1e9
        add(f"| end to end, JSON in → decision JSON out: ≥ 100 MB/s per core | bury-iqm {mbs:.1f} MB/s "
            f"({e2e['cpu_us']:.0f} µs CPU per {kb:.0f} KB audit); {others} MB/s | {status(mbs >= 100)} |")
    mt1 = find(cpp, "end_to_end_mt/bury-iqm/trace:0/real_time/threads:1")
    mt2 = find(cpp, "end_to_end_mt/bury-iqm/trace:0/real_time/threads:2")
    b1, b2 = find(cpp, "batch/bury-iqm/threads:1/real_time"), find(cpp, "batch/bury-iqm/threads:2/real_time")
    if mt1 and mt2:
        s_mt = mt2["items_per_second"] / mt1["items_per_second"]
        s_b = b2["items_per_second"] / b1["items_per_second"] if b1 and b2 else None
        note = " (machine busy: not a valid measurement)" if busy else ""
        rounds = {k: (spread(v), len(v)) for k, v in scaling_rounds(d).items() if v}
        if rounds:
            note += "; in rounds that time 1 and 2 threads back to back, median (min–max): " + "; ".join(
                f"{k} {paired_range(r, '.2f')[:-1]}, {n} rounds)" for k, (r, n) in rounds.items())
        # sets of runs ~0.1 s apart (the scaling benchmark): one thread on each core, then two
        sets = {}
        for k in ("end_to_end", "batch"):
            r = next((v for n, v in cpp.items() if n.startswith(f"scaling/bury-iqm/{k}/")), None)
            if r and "ratio_median" in r:
                sets[k] = ({"median": r["ratio_median"], "min": r["ratio_min"], "max": r["ratio_max"]},
                           int(r.get("sets", r.get("pairs", 0))), r.get("vs_faster_core_median"),
                           r.get("core_speed_median"))
        if sets:
            note += ("; **judged:** in sets of runs back to back (~0.1 s apart: one thread on CPU 0, one on CPU 1, "
                     "two sharing the work), two threads against the mean of the two cores, median (min–max): " +
                     "; ".join(f"{k} {paired_range(r, '.2f')[:-1]}, {n} sets; against the faster core "
                               f"{fmt(f, '.2f', '×')}; the slower core took {fmt(c, '.2f', '×')} the faster's time)"
                               for k, (r, n, f, c) in sets.items()))
        probes = [json.loads((d / f"cores-{w}.json").read_text()) for w in ("before", "after")
                  if (d / f"cores-{w}.json").exists()]
        if probes:
            note += ("; the host withheld a core (a computation sharing nothing, 1.15× slower or more on 2 "
                     "threads than on 1) in " + " and ".join(
                         f"{p['windows_over_1_15']} of {p['windows']}" for p in probes) +
                     " ~3 ms windows, before the C++ run and after the rounds" +
                     ("; that computation's slower core against its faster: " + " and ".join(
                         f"{p['core_speed_ratio']:.2f}×" for p in probes if "core_speed_ratio" in p)
                      if any("core_speed_ratio" in p for p in probes) else ""))
        # The sets decide: they time each core alone beside the two threads, so that neither a
        # spell nor a slower core counts against the code. (The rounds and the end_to_end_mt /
        # batch figures above time one thread on whichever core it lands on, and
        # end_to_end_mt splits the work in halves, which the slower core holds back.)
        decided = [r["median"] for r, _, _, _ in sets.values()]
        if not decided:
            decided = [r["median"] for r, _ in rounds.values()]
        ok = all(x >= 1.8 for x in decided) if decided else (s_mt >= 1.8 and (s_b is None or s_b >= 1.8))
        add(f"| end to end, 2 threads ≥ 1.8× one thread | end_to_end ×2 threads: {s_mt:.2f}×; "
            f"assess_many batch: {fmt(s_b, '.2f', '×')}{note} | "
            f"{'n/a (busy machine)' if busy else status(ok)} |")
    if stream:
        rss = stream.get("max_rss_mb")
        add(f"| `qmark batch` over 25,000 audits (JSON lines): peak RSS ≤ 200 MB | {rss:.1f} MB "
            f"({stream.get('tool', '?')}) | {status(rss is not None and rss <= 200)} |")
    loads = [(f, cpp.get(f"framework_load/{f}")) for f in FRAMEWORKS]
    loads = [(f, r) for f, r in loads if r]
    if loads:
        worst = max(r["cpu_us"] for _, r in loads) / 1000
        add("| framework load and compile ≤ 5 ms each | " +
            ", ".join(f"{f} {r['cpu_us'] / 1000:.2f}" for f, r in loads) + " ms CPU | " + status(worst <= 5) + " |")
    if py and b1:
        r1 = py["results"].get("assess_many(JSON strings, threads=1)")
        r2 = py["results"].get("assess_many(JSON strings, threads=2)")
        # per audit: the C++ batch of N audits on 1 thread runs on the calling thread, so its CPU time is whole
        c1_cpu = b1["cpu_us"] / int(ctx.get("qmark_batch_audits", 2000))
        ratio1 = r1["cpu_us"] / c1_cpu if r1 else None
        ratio2 = None
        if r2 and b2:
            ratio2 = r2["wall_us"] / (b2["real_us"] / int(ctx.get("qmark_batch_audits", 2000)))
        like = r1["cpu_us"] / e2e["cpu_us"] if r1 and e2e else None
        psm = (py.get("paired") or {}).get("summary")
        if psm:  # the rounds' medians decide: figures taken seconds apart
            ok = psm["many1_ratio"]["median"] <= 1.3 and psm["many2_ratio"]["median"] <= 1.3
            rounds = (f"; paired rounds: 1 thread {paired_range(psm['many1_ratio'], '.2f')}, 2 threads "
                      f"{paired_range(psm['many2_ratio'], '.2f')}")
        else:
            ok, rounds = ratio1 is not None and ratio1 <= 1.3, ""
        add(f"| Python assess_many on JSON strings within 1.3× of the C++ batch | 1 thread: {fmt(ratio1, '.2f', '×')} "
            f"(CPU {fmt(r1['cpu_us'] if r1 else None)} vs {c1_cpu:.1f} µs/audit); 2 threads: {fmt(ratio2, '.2f', '×')} "
            f"(wall{', busy machine' if busy else ''}){rounds}. The Python call also writes each decision/1 text; "
            f"against C++ assess_json + to_json_text (end_to_end): {fmt(like, '.2f', '×')} | {status(ok)} |")
    if py and e2e:
        rd = py["results"].get("assess(dict) + to_json()") or py["results"].get("assess(dict)")
        ratio = rd["cpu_us"] / e2e["cpu_us"] if rd else None
        psm = (py.get("paired") or {}).get("summary")
        ok = (psm["dict_ratio"]["median"] if psm else (ratio if ratio is not None else 99)) <= 2.0
        rounds = f"; paired rounds {paired_range(psm['dict_ratio'], '.2f')}" if psm else ""
        add(f"| Python assess(dict) within 2× of C++ end to end (both writing decision/1) | {fmt(ratio, '.2f', '×')} (CPU {fmt(rd['cpu_us'] if rd else None)} "
            f"vs {e2e['cpu_us']:.1f} µs/audit){rounds} | {status(ok)} |")
    if base:
        rows = base["rows"]
        by = {r["qmark"]: r for r in rows}
        loaded = rows[0]
        sm = base.get("paired", {}).get("summary", {})
        # the paired rounds' median, when there are rounds: the figure the machine's drift moves least
        loaded_x = sm["loaded"]["median"] if sm else loaded["speedup"]
        add(f"| ≥ 50× the plain-Python baseline on loaded audits (per core) | {fmt(loaded['speedup'], '.1f', '×')} "
            f"({loaded['baseline_cpu_us']:.1f} vs {fmt(loaded['qmark_cpu_us'], '.2f')} µs)"
            + (f"; paired rounds {paired_range(sm['loaded'], '.1f')}" if sm else "") + " | "
            f"{status(loaded_x is not None and loaded_x >= 50)} |")
        e = by.get("qmark C++ assess_json + to_json_text")
        nodoc = by.get("qmark C++ assess_json (no document)")
        p = by.get("qmark Python assess(JSON string)")
        add(f"| ≥ 2× the baseline end to end (per core) | C++ with the decision document "
            f"{fmt(e['speedup'] if e else None, '.2f', '×')} ({e['baseline_cpu_us']:.0f} vs "
            f"{fmt(e['qmark_cpu_us'] if e else None, '.0f')} µs); C++ without it "
            f"{fmt(nodoc['speedup'] if nodoc else None, '.2f', '×')}; Python assess(JSON string) "
            f"{fmt(p['speedup'] if p else None, '.2f', '×')}"
            + (f"; paired rounds: with the document {paired_range(sm['e2e_document'], '.2f')}, without it "
               f"{paired_range(sm['e2e_no_document'], '.2f')}" if sm else "") + " | "
            f"{status((sm['e2e_document']['median'] if sm else (e['speedup'] if e else None) or 0) >= 2)} |")
    add("")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", type=Path)
    ap.add_argument("--update", type=Path, help=f"replace the text between {BEGIN} and {END} in this file")
    args = ap.parse_args(argv)
    text = summarise(args.results)
    (args.results / "summary.md").write_text(text + "\n")
    print(text)
    if args.update:
        doc = args.update.read_text(encoding="utf-8")
        if BEGIN not in doc or END not in doc:
            print(f"summarise.py: {args.update} has no {BEGIN} … {END} markers; not updated", file=sys.stderr)
            return 1
        head, rest = doc.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        args.update.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Assess a JSON-lines portfolio of audits on a Dask cluster of worker processes.

Each line of the input is one audit/1 document (any built-in framework). The frameworks
are loaded once here and scattered to every worker; the audits go out in chunks and each
worker assesses its chunk with Framework.assess_many. Frameworks and decisions travel
between the processes by pickling (a Framework pickles as its document and overlay, a
Decision as its decision JSON and its framework). Prints a summary.

    PYTHONPATH=build/python python3 examples/python/portfolio.py --out /tmp/pf
    PYTHONPATH=build/python python3 examples/python/dask_portfolio.py /tmp/pf/audits.jsonl --workers 2
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import time
from pathlib import Path
from typing import Any, Dict, List, Union

import qmark

Result = Union[qmark.Decision, qmark.QmarkError]


def read_portfolio(path: Union[str, Path]) -> List[str]:
    """The audits of a JSON-lines file, one JSON text per non-blank line."""
    with open(path, encoding="utf-8") as f:
        return [line for line in (raw.strip() for raw in f) if line]


def assess_on_cluster(audits: List[str], n_workers: int = 2, chunk_size: int = 25,
                      timeout: float = 120) -> List[Result]:
    """Assesses the audits on a LocalCluster of ``n_workers`` worker processes.

    Returns, in input order, a Decision for each audit or the QmarkError it raised (an
    audit naming an unknown framework included).
    """
    from dask.distributed import Client, LocalCluster

    results: List[Any] = [None] * len(audits)
    by_framework: Dict[str, List[int]] = collections.defaultdict(list)
    for i, text in enumerate(audits):
        try:
            by_framework[json.loads(text)["framework"]].append(i)
        except (ValueError, KeyError, TypeError):
            by_framework[""].append(i)  # not an audit: assessing it reports why

    with LocalCluster(n_workers=n_workers, processes=True, threads_per_worker=1, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster, timeout=timeout) as client:
        futures = []
        for framework_id, indices in by_framework.items():
            try:
                fw = qmark.framework(framework_id)
            except qmark.QmarkError as e:
                for i in indices:
                    results[i] = e
                continue
            # One copy of the framework per worker, not one per task.
            [remote_fw] = client.scatter([fw], broadcast=True, hash=False)
            for start in range(0, len(indices), chunk_size):
                chunk = indices[start:start + chunk_size]
                future = client.submit(qmark.Framework.assess_many, remote_fw, [audits[i] for i in chunk], 1,
                                       errors="return", pure=False)
                futures.append((chunk, future))
        for chunk, future in futures:
            for i, result in zip(chunk, future.result(timeout=timeout)):
                results[i] = result
    return results


def summarise(results: List[Result]) -> Dict[str, Any]:
    """Counts per framework and outcome, and the most frequent limiting failures."""
    decisions = [r for r in results if isinstance(r, qmark.Decision)]
    return {
        "audits": len(results),
        "decisions": len(decisions),
        "invalid": len(results) - len(decisions),
        "outcomes": collections.Counter((d.framework_id, d.outcome) for d in decisions),
        "limiting_failures": collections.Counter(n for d in decisions for n in d.limiting_failures),
    }


def main(path: Union[str, Path], n_workers: int = 2, chunk_size: int = 25, timeout: float = 120) -> List[Result]:
    """Assesses the portfolio at ``path`` on ``n_workers`` processes and prints a summary."""
    audits = read_portfolio(path)
    started = time.perf_counter()
    results = assess_on_cluster(audits, n_workers, chunk_size, timeout)
    seconds = time.perf_counter() - started
    summary = summarise(results)
    print(f"{summary['audits']} audits from {path}: {summary['decisions']} decided, {summary['invalid']} invalid, "
          f"on {n_workers} worker processes in {seconds:.1f} s")
    for (framework_id, outcome), count in sorted(summary["outcomes"].items()):
        print(f"  {framework_id:26} {outcome:28} {count:5}")
    if summary["limiting_failures"]:
        print("Most frequent limiting failures:")
        for node, count in summary["limiting_failures"].most_common(5):
            print(f"  {node:12} {count:5}")
    for i, r in enumerate(results):
        if isinstance(r, qmark.QmarkError):
            print(f"  line {i + 1}: [{r.code}] {r}")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portfolio", type=Path, help="JSON-lines file of audit/1 documents")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--chunk-size", type=int, default=25, help="audits per task (default 25)")
    args = parser.parse_args()
    main(args.portfolio, args.workers, args.chunk_size)

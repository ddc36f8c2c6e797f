#!/usr/bin/env bash
# Profiles one of qmark_bench's benchmarks and prints its hotspots (self and inclusive
# shares of the samples), with perf when the kernel allows it, else with callgrind.
#
#   bash bench/profile.sh [FILTER] [BUILD_DIR]
#     FILTER     a --benchmark_filter regex (default: ^evaluate/bury-iqm/trace:0(/repeats:N)?$;
#                a benchmark registered with repetitions is named …/repeats:N)
#     BUILD_DIR  default: build-bench (built by scripts/bench.sh, data generated)
#   e.g.  bash bench/profile.sh '^end_to_end/bury-iqm/trace:1$'
#
# Needs linux-perf (or valgrind): apt-get install linux-perf valgrind. qmark_bench loads a data
# set on first use, so a filtered run spends little outside the benchmark's own loop (perf
# samples the whole process; callgrind collects inside the benchmark functions only).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
filter="${1:-^evaluate/bury-iqm/trace:0(/repeats:[0-9]+)?\$}"
build="${2:-$root/build-bench}"
bench="$build/bench/qmark_bench"
export QMARK_BENCH_DATA="${QMARK_BENCH_DATA:-$build/bench-data}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if command -v perf >/dev/null && perf record -o "$tmp/probe.data" -q true 2>/dev/null; then
  perf record -o "$tmp/perf.data" -F 1999 -g --call-graph dwarf,16384 -q \
    "$bench" --benchmark_filter="$filter" --benchmark_min_time=2 >/dev/null 2>&1
  echo "## self (perf, cycles; $filter)"
  perf report -i "$tmp/perf.data" --no-children --sort symbol -g none --percent-limit 0.8 --stdio 2>/dev/null |
    grep '%' | sed -E 's/ +$//' | cut -c1-150
  echo
  echo "## inclusive (children)"
  perf report -i "$tmp/perf.data" --children --sort symbol -g none --percent-limit 2.5 --stdio 2>/dev/null |
    grep '%' | grep -v '0x0000\|0xffff\|_start\|libc_start\|main$' | sed -E 's/ +$//' | cut -c1-150
else
  # callgrind: instruction counts (slow, but independent of other work on the machine).
  # Only the benchmark's own loop is collected, not the loading of the data.
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" --toggle-collect='*benchmark*State*' \
    "$bench" --benchmark_filter="$filter" --benchmark_min_time=0.01 >/dev/null 2>&1
  echo "## inclusive and self (callgrind, instructions; $filter)"
  callgrind_annotate --inclusive=yes "$tmp/cg.out" 2>/dev/null | head -45
fi

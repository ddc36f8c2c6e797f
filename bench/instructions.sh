#!/usr/bin/env bash
# Instructions per audit (valgrind --tool=callgrind), for qmark end to end and evaluation on
# every framework's 150 local-authority audits, and for the plain-Python baseline on bury-iqm.
# Needs build-bench/ with its generated audits (bash scripts/bench.sh makes both).
#   bash bench/instructions.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QMARK_BENCH_BUILD_DIR:-$root/build-bench}"
data="$build/bench-data/la"
cmake --build "$build" --target qmark_instructions >/dev/null
prog="$build/bench/qmark_instructions"
count() {  # count TOGGLE COMMAND...: instructions collected
  valgrind --tool=callgrind --callgrind-out-file=/dev/null ${1:+--toggle-collect="$1"} "${@:2}" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
n_of() { grep -c . "$1"; }
printf '%-26s %14s %14s\n' framework "e2e/audit" "evaluate/audit"
for fw in bury-iqm wales-iqm kcc-inclusive-practice wales-school-improvement; do
  file="$data/$fw.jsonl"
  n="$(n_of "$file")"
  e2e="$(count '*::end_to_end_one(*' "$prog" e2e "$file" "$fw")"
  ev="$(count '*::evaluate_all_audits(*' "$prog" evaluate "$file" "$fw")"
  printf '%-26s %14d %14d\n' "$fw" $((e2e / n)) $((ev / n))
done
file="$data/bury-iqm.jsonl"
n="$(n_of "$file")"
for mode in loaded e2e; do
  with="$(count '' /usr/bin/python3 "$root/bench/baseline_instructions.py" "$mode" "$file" "$n")"
  without="$(count '' /usr/bin/python3 "$root/bench/baseline_instructions.py" "$mode" "$file" 0)"
  printf 'baseline %-17s %14d\n' "$mode" $(((with - without) / n))
done

#!/usr/bin/env bash
# Runs one libFuzzer target for a given time (tests/fuzz/README.md).
#
#   scripts/fuzz.sh TARGET SECONDS     # TARGET: framework|overlay|audit|plan|capi (or fuzz_…)
#
# Builds the targets in build-fuzz/ (QMARK_FUZZ=ON, clang-14; override the directory with
# QMARK_FUZZ_BUILD_DIR), then fuzzes with the target's dictionary (tests/fuzz/dict) and
# committed corpus (tests/fuzz/corpus/TARGET, read only). New inputs go to a scratch
# directory (build-fuzz/runs/TARGET-DATE/); at the end the new inputs no larger than
# QMARK_FUZZ_KEEP_BYTES (default 4096) are minimised into the committed corpus with
# libFuzzer's -merge=1, which keeps only those that add coverage (QMARK_FUZZ_MERGE=0 skips
# this). A crash leaves its input in the scratch directory's artifacts/; keep it as a
# regression test under tests/fuzz/regressions/TARGET/.
# Needs: apt-get install clang-14 libclang-rt-14-dev
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# --merge TARGET RUN_DIR MAX_LEN: merges a run's new inputs into the committed corpus.
# Only inputs of at most QMARK_FUZZ_KEEP_BYTES (default 2048) are considered; libFuzzer's
# -merge=1 keeps those that add coverage to the committed corpus, and of those at most
# QMARK_FUZZ_KEEP_FILES (default 40), the largest (the richest documents), are added: the committed corpus
# stays small, and the full run's corpus stays in RUN_DIR/new.
if [ "${1:-}" = --merge ]; then
  name=$2 run=$3 max_len=$4
  corpus="$root/tests/fuzz/corpus/$name"
  bin=${QMARK_FUZZ_BIN:-$root/build-fuzz/tests/fuzz/fuzz_$name}
  rm -rf "$run/small" "$run/merged"
  mkdir -p "$run/small" "$run/merged"
  find "$run/new" -type f -size -"$((${QMARK_FUZZ_KEEP_BYTES:-2048} + 1))"c -exec cp {} "$run/small/" \;
  cp -p "$corpus"/* "$run/merged/"
  "$bin" -merge=1 -max_len="$max_len" -timeout=10 "$run/merged" "$run/small" >"$run/merge.log" 2>&1 ||
    { echo "fuzz_$name: merge failed, see $run/merge.log" >&2; exit 1; }
  added=0
  while IFS= read -r f; do
    [ -e "$corpus/$(basename "$f")" ] && continue
    [ "$added" -lt "${QMARK_FUZZ_KEEP_FILES:-40}" ] || break
    cp "$f" "$corpus/"
    added=$((added + 1))
  done < <(find "$run/merged" -type f -printf '%s %p\n' | sort -rn | cut -d' ' -f2-)
  echo "fuzz_$name: added $added inputs to tests/fuzz/corpus/$name ($(find "$corpus" -type f | wc -l) files, $(du -sk "$corpus" | cut -f1) KiB)" >&2
  exit 0
fi

if [ $# -lt 2 ]; then
  echo "usage: $0 framework|overlay|audit|plan|capi SECONDS [libFuzzer flags…]" >&2
  exit 2
fi
name=${1#fuzz_}
seconds=$2
shift 2
case "$name" in
  framework) max_len=65536 dict=framework ;;
  overlay) max_len=4096 dict=overlay ;;
  audit) max_len=16384 dict=audit ;;
  plan) max_len=16384 dict=plan ;;
  capi) max_len=16384 dict=capi ;;
  *)
    echo "unknown fuzz target '$name'" >&2
    exit 2
    ;;
esac
command -v clang++-14 >/dev/null || { echo "needs clang-14 (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 1; }
build="${QMARK_FUZZ_BUILD_DIR:-$root/build-fuzz}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DQMARK_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" \
    "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g" -DQMARK_BUILD_TESTS=OFF -DQMARK_BUILD_CLI=OFF \
    -DQMARK_BUILD_PYTHON=OFF -DQMARK_BUILD_EXAMPLES=OFF -DQMARK_INSTALL=OFF >/dev/null
fi
cmake --build "$build" --target "fuzz_$name" --parallel "$(nproc)"

corpus="$root/tests/fuzz/corpus/$name"
run="$build/runs/$name-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run/new" "$run/artifacts" "$corpus"
log="$run/fuzz.log"
echo "fuzz_$name: ${seconds}s, log in $log" >&2
status=0
# halt_on_error: any sanitizer report is a crash; detect_leaks: a leak is a finding too.
ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:print_stacktrace=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -dict="$root/tests/fuzz/dict/$dict.dict" -artifact_prefix="$run/artifacts/" -print_final_stats=1 \
  "$@" "$run/new" "$corpus" >"$log" 2>&1 || status=$?

# The figures for tests/fuzz/README.md.
done_line=$(grep -E '^#[0-9]+ +(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
new_units=$(sed -n 's/^stat::new_units_added: *//p' "$log")
rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
echo "fuzz_$name: exit $status; ${execs:-?} executions, ${rate:-?} exec/s, ${new_units:-?} new units, peak RSS ${rss:-?} MB" >&2
echo "fuzz_$name: last status: $done_line" >&2
if ls "$run/artifacts/"* >/dev/null 2>&1; then
  echo "fuzz_$name: FINDINGS in $run/artifacts:" >&2
  ls -l "$run/artifacts" >&2
  grep -m1 -E 'ERROR: |runtime error|invariant broken|terminate called|Assertion' "$log" >&2 || true
  status=1
fi

if [ "$status" -eq 0 ] && [ "${QMARK_FUZZ_MERGE:-1}" != 0 ]; then
  QMARK_FUZZ_BIN="$build/tests/fuzz/fuzz_$name" bash "$root/scripts/fuzz.sh" --merge "$name" "$run" "$max_len" || status=1
fi
exit "$status"

#!/usr/bin/env bash
# Builds qmark with sanitizers and runs the C++ and C test suite (ctest) under them.
#
#   scripts/sanitize.sh address   # ASan + UBSan (-fno-sanitize-recover=all), in build-asan/
#   scripts/sanitize.sh thread    # TSan, in build-tsan/
#
# Uses the CMakePresets.json presets asan / tsan (RelWithDebInfo at -O1 with asserts on,
# no Python module, no install rules: the install-and-consume test builds programs
# outside this build that are not instrumented). Any sanitizer report fails the run.
# Extra arguments go to ctest (e.g. -R cpp_unit_tests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in
  address) preset=asan ;;
  thread) preset=tsan ;;
  *)
    echo "usage: $0 address|thread [ctest arguments…]" >&2
    exit 2
    ;;
esac
shift
bash "$root/scripts/deps.sh"
cd "$root"
start=$(date +%s)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --parallel "$(nproc)"
built=$(date +%s)
export ASAN_OPTIONS="halt_on_error=1:print_stacktrace=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
status=0
ctest --preset "$preset" --parallel "$(nproc)" "$@" || status=$?
end=$(date +%s)
echo "qmark: $preset: build $((built - start)) s, tests $((end - built)) s" >&2
exit "$status"

#!/usr/bin/env bash
# Builds qmark and runs every test: C++ (doctest via ctest), the CLI and C ABI tests
# (ctest), and the Python tests (pytest). Exits non-zero if any test failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/build.sh" || exit 1
build="${QMARK_BUILD_DIR:-$root/build}"
status=0
(cd "$build" && ctest --output-on-failure --parallel "$(nproc)") || status=1
PYTHONPATH="$build/python${PYTHONPATH:+:$PYTHONPATH}" QMARK_BUILD_DIR="$build" \
  /usr/bin/python3 -m pytest -q -p no:cacheprovider "$root/tests/python" || status=1
if [ "$status" -ne 0 ]; then echo "qmark: some tests FAILED" >&2; fi
exit "$status"
